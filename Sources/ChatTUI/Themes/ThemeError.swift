/// Why a theme could not be used. Each case says what to fix in words meant for the user: the
/// file, the field (as a JSON path such as `styles.userLabel.fg`) and what is wrong with it.
/// Never fatal: the caller shows the message and goes on with `Theme.default`.
public enum ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No theme of this name in any of the folders searched; `suggestion` is a near name.
    case notFound(name: String, suggestion: String?)
    /// The file exists but cannot be read (`reason` is the system's words).
    case unreadable(file: String, reason: String)
    /// The file is not a theme this version reads. `field` is the JSON path of the offending
    /// field, empty when the problem is the file as a whole (not JSON at all).
    case invalid(file: String, field: String, problem: String)

    public var description: String {
        switch self {
        case .notFound(let name, let suggestion):
            return "no theme named '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
                + "; `chatterm themes` lists them"
        case .unreadable(let file, let reason):
            return "cannot read the theme \(file): \(reason)"
        case .invalid(let file, let field, let problem):
            return "theme \(file): " + (field.isEmpty ? "" : field + ": ") + problem
        }
    }
}
