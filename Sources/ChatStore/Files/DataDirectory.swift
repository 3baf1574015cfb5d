import Foundation

/// Where chatterm keeps its data: `--data-dir`, then `CHATTERM_DATA_DIR`, then
/// `$XDG_DATA_HOME/chatterm`, else `~/.local/share/chatterm`. Conversations live in its
/// `conversations` folder, one file each.
public struct DataDirectory: Sendable, Hashable {
    /// The data directory itself, absolute.
    public let path: String

    /// A data directory at `path`; a relative path is taken from the current directory.
    public init(path: String) {
        self.path = Self.absolute(path)
    }

    /// The data directory the flag and the environment ask for (see `resolve(flag:environment:)`).
    public init(flag: String?, environment: [String: String]) {
        self.init(path: Self.resolve(flag: flag, environment: environment))
    }

    /// `<data-dir>/conversations`, where each conversation is `<id>.json`.
    public var conversationsPath: String { path + "/conversations" }

    /// The data directory's path: the flag, then `CHATTERM_DATA_DIR`, then `$XDG_DATA_HOME/chatterm`,
    /// else `$HOME/.local/share/chatterm`. Empty values count as unset, a relative `XDG_DATA_HOME`
    /// is ignored (the XDG specification says so), and a leading `~/` is the home directory.
    public static func resolve(flag: String?, environment: [String: String]) -> String {
        let home = nonEmpty(environment["HOME"]) ?? NSHomeDirectory()
        if let flag = nonEmpty(flag) { return expandingTilde(flag, home: home) }
        if let variable = nonEmpty(environment["CHATTERM_DATA_DIR"]) { return expandingTilde(variable, home: home) }
        if let xdg = nonEmpty(environment["XDG_DATA_HOME"]), xdg.hasPrefix("/") { return join(xdg, "chatterm") }
        return join(home, ".local/share/chatterm")
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func expandingTilde(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return join(home, String(path.dropFirst(2))) }
        return path
    }

    private static func join(_ base: String, _ component: String) -> String {
        base.hasSuffix("/") ? base + component : base + "/" + component
    }

    private static func absolute(_ path: String) -> String {
        var result = path.hasPrefix("/") ? path : join(FileManager.default.currentDirectoryPath, path)
        while result.count > 1 && result.hasSuffix("/") { result.removeLast() }
        return result
    }
}
