/// What is wrong with the configuration: one line per problem, each `FILE:LINE: KEY: problem`
/// when the file, the line and the key are known, so an editor can jump to it. At most
/// `ConfigLimits.listedProblems` are shown, then how many more there are.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem, located as precisely as chatterm knows.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var file: String?
        public var line: Int?
        public var column: Int?
        /// The key's dotted path, e.g. `profiles.work.temperature`.
        public var key: String?
        public var message: String

        public init(file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
            self.file = file
            self.line = line
            self.column = column
            self.key = key
            self.message = message
        }

        public var description: String {
            var text = ""
            if let file {
                text = file
                if let line {
                    text += ":\(line)"
                    if let column { text += ":\(column)" }
                }
                text += ": "
            }
            if let key { text += ConfigLimits.excerpt(key) + ": " }
            return text + message
        }
    }

    /// In the order they appear in the file.
    public var problems: [Problem]

    public init(_ problems: [Problem]) {
        self.problems = problems
    }

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        problems = [Problem(file: file, line: line, column: column, key: key, message: message)]
    }

    public var description: String {
        let shown = problems.prefix(ConfigLimits.listedProblems).map(\.description)
        let more = problems.count - shown.count
        return (shown + (more > 0 ? ["… and \(more) more problem\(more == 1 ? "" : "s")"] : [])).joined(separator: "\n")
    }
}
