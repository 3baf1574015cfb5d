import ChatCore
import Foundation

/// A configuration file as read: top-level defaults, named profiles, and the profile to use
/// when none is asked for.
///
/// ```toml
/// default_profile = "work"
/// retries = 5
///
/// [profiles.work]
/// base_url = "http://10.0.0.5:8000/v1"
/// model = "qwen2"
/// api_key_env = "WORK_KEY"
/// ```
public struct ConfigFile: Sendable, Hashable {
    /// Where it was read from, as given (for messages).
    public var path: String
    /// The settings outside any profile: every profile's defaults.
    public var defaults: SettingsLayer
    public var profiles: [String: SettingsLayer]
    /// The profiles' names in the order the file gives them.
    public var profileNames: [String]
    public var defaultProfile: String?

    public init(
        path: String, defaults: SettingsLayer = SettingsLayer(), profiles: [String: SettingsLayer] = [:],
        profileNames: [String]? = nil, defaultProfile: String? = nil
    ) {
        self.path = path
        self.defaults = defaults
        self.profiles = profiles
        self.profileNames = profileNames ?? profiles.keys.sorted()
        self.defaultProfile = defaultProfile
    }

    /// The profiles a turn on `profile` fails over to, in order: its `fallback_profiles`, each
    /// followed by its own not yet listed (the parser refused cycles).
    public func fallbackChain(of profile: String) -> [String] {
        var chain: [String] = []
        func follow(_ name: String) {
            for next in profiles[name]?.fallbackProfiles ?? [] where next != profile && !chain.contains(next) {
                chain.append(next)
                follow(next)
            }
        }
        follow(profile)
        return chain
    }

    /// Reads and checks the file at `path`, which must be a regular file of at most
    /// `ConfigLimits.fileBytes`.
    public static func load(path: String) throws(ConfigError) -> ConfigFile {
        guard let file = try read(path: path, mustExist: true) else {
            throw ConfigError(file: path, message: "no such file")
        }
        return file
    }

    /// Reads and checks the file at `path`; nil when there is nothing there and `mustExist` is
    /// false. A FIFO, a folder or a device is refused without waiting on it or reading it.
    static func read(path: String, mustExist: Bool) throws(ConfigError) -> ConfigFile? {
        let data: Data
        switch RegularFile.read(path: path, limit: ConfigLimits.fileBytes) {
        case .success(let contents):
            data = contents.data
        case .failure(.missing):
            guard mustExist else { return nil }
            throw ConfigError(file: path, message: "no such file")
        case .failure(.notRegular(let kind)):
            throw ConfigError(file: path, message: "\(kind), not a configuration file (it must be a regular file)")
        case .failure(.tooLarge(let size, _)):
            throw ConfigError(file: path, message: tooLargeMessage(bytes: Int(size)))
        case .failure(.system(let code)):
            throw ConfigError(file: path, message: "cannot read it: \(String(cString: strerror(code)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "it is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// "larger than 1 MiB …", for a file of `bytes`.
    static func tooLargeMessage(bytes: Int) -> String {
        "larger than \(ConfigLimits.fileBytes >> 20) MiB (\(bytes) bytes): a configuration file holds a few settings"
    }

    /// Checks `text` as the content of the file at `path`: TOML syntax first, then every key,
    /// type and value, reporting every problem found with its line.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> ConfigFile {
        guard text.utf8.count <= ConfigLimits.fileBytes else {
            throw ConfigError(file: path, message: tooLargeMessage(bytes: text.utf8.count))
        }
        var parser = ConfigParser(text: text, path: path)
        return try parser.parse()
    }
}
