/// Why a text is not a valid fault, thrown by ``DemoFault/init(parsing:)``.
///
/// Its ``description`` names the text, says what is wrong with it and lists the valid kinds, for example:
/// `invalid fault 'status:200': status takes NNN between 400 and 599, got 200 (syntax KIND[:ARG][@N]; kinds: …)`.
public struct DemoFaultParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that was parsed.
    public var text: String
    /// What is wrong with it, such as `unknown kind 'foo'`.
    public var problem: String

    /// An error for `text` with `problem`.
    public init(text: String, problem: String) {
        self.text = text
        self.problem = problem
    }

    /// The text, the problem and the valid kinds, on one line.
    public var description: String {
        "invalid fault '\(text)': \(problem) (syntax KIND[:ARG][@N]; kinds: \(DemoFaultSyntax.validKinds))"
    }
}
