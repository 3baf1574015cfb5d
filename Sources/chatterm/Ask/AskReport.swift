/// Where `ask` says what it is doing: one plain line per step on stderr, which `--quiet` leaves
/// out, and one line per problem, which it never does.
struct AskReport: Sendable {
    let quiet: Bool

    /// A step or the final figures: "connecting…", "retry 1/3 in 0.5 s: empty stream", "done …".
    func progress(_ line: String) {
        if !quiet { StandardOutput.problem(line) }
    }

    /// Why the reply failed, stopped early or was not saved.
    func problem(_ line: String) {
        StandardOutput.problem(line)
    }
}
