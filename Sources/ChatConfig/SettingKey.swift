import Foundation

/// The settings a configuration file may set, at its top level and in each profile, by their
/// names in the file.
public enum SettingKey: String, Sendable, CaseIterable {
    case baseURL = "base_url"
    case model
    case apiKeyEnv = "api_key_env"
    case apiKeyCmd = "api_key_cmd"
    case system
    case temperature
    case maxTokens = "max_tokens"
    /// How many tokens the model's context holds, when the server does not say.
    case contextWindow = "context_window"
    case headers
    case headersEnv = "headers_env"
    case secretHeaders = "secret_headers"
    case extraBody = "extra_body"
    case stream
    case warmup
    case warmupAfterIdle = "warmup_after_idle"
    case retries
    case fallback
    case connectTimeout = "connect_timeout"
    case firstTokenTimeout = "first_token_timeout"
    case idleTimeout = "idle_timeout"
    case turnTimeout = "turn_timeout"
    case theme
    case proxy
    case caFile = "ca_file"
    case insecure
    case clientCert = "client_cert"
    case clientKey = "client_key"
    /// Profiles to send a turn to when this profile's server fails in a way another can cure.
    case fallbackProfiles = "fallback_profiles"
    /// Whether the model sees images: attached images are sent only when it does.
    case vision
    /// Scroll the chat with the mouse wheel (mouse reporting on).
    case mouse

    /// The command-line flag that sets it too, if any.
    public var flag: String? {
        switch self {
        case .baseURL: return "--base-url"
        case .model: return "--model"
        case .system: return "--system"
        case .temperature: return "--temperature"
        case .maxTokens: return "--max-tokens"
        case .contextWindow: return "--context-window"
        case .stream: return "--stream"
        case .warmup: return "--warmup"
        case .warmupAfterIdle: return "--warmup-after-idle"
        case .retries: return "--retries"
        case .fallback: return "--fallback"
        case .connectTimeout: return "--connect-timeout"
        case .firstTokenTimeout: return "--first-token-timeout"
        case .idleTimeout: return "--idle-timeout"
        case .turnTimeout: return "--turn-timeout"
        case .theme: return "--theme"
        case .proxy: return "--proxy"
        case .caFile: return "--ca-file"
        case .apiKeyEnv, .apiKeyCmd, .headers, .headersEnv, .secretHeaders, .extraBody, .insecure, .clientCert,
            .clientKey, .fallbackProfiles, .vision, .mouse:
            return nil
        }
    }

    /// The keys of the top level that are not settings of a profile.
    public static let topLevelOnly = ["default_profile", "profiles"]

    /// The settings a profile may have but the top level may not: turning certificate checks
    /// off is said for one server, never for all; `fallback_profiles` names other profiles,
    /// which at the top level would be every profile's, itself included.
    public static let profileOnly: [SettingKey] = [.insecure, .fallbackProfiles]

    /// Names that look like an API key: the file refuses them, since keys live in the
    /// environment and `api_key_env` names the variable.
    static func looksLikeSecret(_ key: String) -> Bool {
        let lowered = key.lowercased().replacingOccurrences(of: "-", with: "_")
        if ["key", "apikey", "token", "secret", "password", "bearer", "authorization"].contains(lowered) {
            return true
        }
        return ["api_key", "apikey", "secret", "password", "access_token", "api_token", "auth_token"].contains {
            lowered.contains($0)
        }
    }
}
