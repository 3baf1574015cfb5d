/// Where a setting's value came from; the cases go from the strongest source to the weakest.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag, e.g. `--model`.
    case flag(String)
    /// An environment variable, e.g. `OPENAI_BASE_URL`.
    case environment(String)
    /// A `[profiles.NAME]` table of the configuration file.
    case profile(String)
    /// The configuration file's top level, outside any profile.
    case configFile
    /// chatterm's own default.
    case builtIn

    public var description: String {
        switch self {
        case .flag(let name): return name
        case .environment(let name): return "env \(name)"
        case .profile(let name): return "profile \(name)"
        case .configFile: return "config file"
        case .builtIn: return "default"
        }
    }
}
