extension SettingKey {
    /// The longest time a timeout may be set to: a day.
    public static let longestSeconds: Double = 86_400

    /// Why `value` cannot be this numeric setting's value ("must be between 0 and 2"), or nil
    /// when it can (and for a setting that is not a number). The one rule for the configuration
    /// file and the command line.
    public func refusal(of value: Double) -> String? {
        switch self {
        case .temperature:
            return (0...2).contains(value) ? nil : "must be between 0 and 2"
        case .maxTokens:
            return value >= 1 ? nil : "must be at least 1"
        case .contextWindow:
            return value >= 64 && value <= 100_000_000 ? nil : "must be between 64 and 100000000 tokens"
        case .retries:
            return (0...20).contains(value) ? nil : "must be between 0 and 20"
        case .warmupAfterIdle, .connectTimeout, .firstTokenTimeout, .idleTimeout, .turnTimeout:
            return value > 0 && value <= Self.longestSeconds
                ? nil : "must be a number of seconds above 0 (at most a day)"
        case .baseURL, .model, .apiKeyEnv, .apiKeyCmd, .system, .headers, .headersEnv, .secretHeaders, .extraBody,
            .stream,
            .warmup, .fallback, .theme, .proxy, .caFile, .insecure, .clientCert, .clientKey, .fallbackProfiles,
            .vision, .mouse:
            return nil
        }
    }
}
