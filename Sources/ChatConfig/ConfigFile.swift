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

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(ConfigError) -> ConfigFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, message: "cannot read it: \(Self.reason(error))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "it is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Checks `text` as the content of the file at `path`: TOML syntax first, then every key,
    /// type and value, reporting every problem found with its line.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> ConfigFile {
        var parser = ConfigParser(text: text, path: path)
        return try parser.parse()
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }
}
