import Foundation

/// Where the configuration file is: `--config PATH`, else `$XDG_CONFIG_HOME/chatterm/config.toml`,
/// else `~/.config/chatterm/config.toml`. A file named with `--config` must exist; the default
/// one may be missing, and then every setting comes from flags, the environment and defaults.
public struct ConfigLocation: Sendable, Hashable {
    /// The file's path, absolute unless `--config` gave a relative one.
    public let path: String
    /// Named with `--config`.
    public let isExplicit: Bool

    public init(path: String, isExplicit: Bool) {
        self.path = path
        self.isExplicit = isExplicit
    }

    /// The file `--config` names (a leading `~/` is the home folder), else the default one. A
    /// relative `XDG_CONFIG_HOME` is ignored, as the XDG specification says.
    public init(flag: String?, environment: [String: String]) {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        if let flag, !flag.isEmpty {
            let expanded = flag == "~" ? home : flag.hasPrefix("~/") ? home + flag.dropFirst(1) : flag
            self.init(path: expanded, isExplicit: true)
        } else if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            self.init(path: Self.join(xdg, "chatterm/config.toml"), isExplicit: false)
        } else {
            self.init(path: Self.join(home, ".config/chatterm/config.toml"), isExplicit: false)
        }
    }

    /// The file read and checked; nil when the default file does not exist. Only a regular
    /// file is read (a FIFO, a folder or a device is refused at once), and only up to
    /// `ConfigLimits.fileBytes`.
    public func load() throws(ConfigError) -> ConfigFile? {
        if let file = try ConfigFile.read(path: path, mustExist: false) { return file }
        if isExplicit { throw ConfigError(file: path, message: "no such file (named by --config)") }
        return nil
    }

    private static func join(_ base: String, _ component: String) -> String {
        base.hasSuffix("/") ? base + component : base + "/" + component
    }
}
