/// A failure to report as `Error: <message>` with exit status 1, without a usage dump.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        description = message
    }
}
