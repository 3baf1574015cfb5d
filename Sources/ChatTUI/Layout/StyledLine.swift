/// One screen row's worth of text in styled spans. Text in a `StyledLine` is already safe to
/// draw (no control characters) and measured in terminal cells by `TextWidth`.
public struct StyledLine: Sendable, Hashable {
    /// A run of text in one style.
    public struct Span: Sendable, Hashable {
        public var text: String
        public var role: StyleRole

        public init(_ text: String, _ role: StyleRole) {
            self.text = text
            self.role = role
        }
    }

    public var spans: [Span]

    public init(_ spans: [Span] = []) {
        self.spans = spans
    }

    public init(_ text: String, _ role: StyleRole) {
        self.spans = [Span(text, role)]
    }

    /// The plain text of the line, spans joined.
    public var text: String { spans.map(\.text).joined() }
}
