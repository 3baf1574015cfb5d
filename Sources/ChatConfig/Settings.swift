import ChatCore
import Foundation

/// Every effective setting of a run, each with where it came from. Each setting is taken from
/// the first of these that gives it: a command-line flag, the environment, the chosen profile,
/// the configuration file's top level, chatterm's default.
///
/// Resolving reads nothing itself: the flags, the environment and the parsed file are passed
/// in, so the rules can be tested without a terminal, a network or a home folder.
public struct Settings: Sendable {
    /// The configuration file that was read, if any.
    public var configFile: String?
    /// The profile in use: `--profile`, `CHATTERM_PROFILE`, then the file's `default_profile`.
    public var profile: Setting<String?>
    /// Nil means demo mode: no endpoint is configured.
    public var baseURL: Setting<String?>
    /// Nil means the first model the server lists.
    public var model: Setting<String?>
    /// The variable the key is read from; empty when no key is to be sent.
    public var apiKeyEnv: Setting<String>
    /// The command the key is read from, when it is that rather than `apiKeyEnv`'s variable:
    /// the table (profile, else top level) that names either source decides.
    public var apiKeyCmd: Setting<String?>
    /// The key, when that variable is set or that command printed one.
    public var apiKey: APIKey?
    /// Why `apiKeyCmd` gave no key, in its own words.
    public var apiKeyFailure: String?
    public var system: Setting<String?>
    public var temperature: Setting<Double?>
    public var maxTokens: Setting<Int?>
    /// `context_window`: nil asks the server.
    public var contextWindow: Setting<Int?>
    /// The headers the file writes out, values included.
    public var headers: Setting<[String: String]>
    /// Headers read from the environment: each header's variable (`headers_env`).
    public var headersEnv: Setting<[String: String]>
    /// The values of `headersEnv`'s variables that are set, by header name: secrets.
    public var environmentHeaders: [String: String]
    /// Headers marked secret (`secret_headers`), besides `Redactor.sensitiveHeaders`.
    public var secretHeaders: Setting<[String]>
    public var extraBody: Setting<[String: JSONValue]>
    public var stream: Setting<Bool>
    public var warmup: Setting<WarmupMode>
    public var warmupAfterIdle: Setting<Double>
    public var retries: Setting<Int>
    public var fallback: Setting<FallbackMode>
    public var connectTimeout: Setting<Double>
    public var firstTokenTimeout: Setting<Double>
    public var idleTimeout: Setting<Double>
    /// Nil: no limit.
    public var turnTimeout: Setting<Double?>
    /// A theme's name or a theme file's path.
    public var theme: Setting<String>
    /// The profiles a turn goes to when this one's server fails (`fallback_profiles`): the
    /// profile's own list; `ConfigFile.fallbackChain` follows theirs.
    public var fallbackProfiles: Setting<[String]>
    /// True: the mouse wheel scrolls the chat; the terminal's own selection then takes
    /// Shift-drag. Off by default.
    public var mouse: Setting<Bool>
    /// False with `--no-color` or `NO_COLOR`.
    public var color: Setting<Bool>
    /// False with `--no-clipboard` or `CHATTERM_CLIPBOARD=off`: `/copy` writes nothing.
    public var clipboard: Setting<Bool>
    /// The proxy the base URL is reached through, as written (credentials included: a secret);
    /// nil: none. See `resolveProxy`.
    public var proxy: Setting<String?>
    /// The hosts reached without a proxy (`no_proxy`, else `NO_PROXY`), as set.
    public var noProxy: Setting<String?>
    /// The PEM file of the certificates trusted instead of the system's, as curl's `--cacert`;
    /// a leading `~/` is the home folder. Nil: the system's.
    public var caFile: Setting<String?>
    /// True: the server's certificate is not checked (only a profile can say so).
    public var insecure: Setting<Bool>
    /// The client certificate's PEM file, and its key's (nil: in the certificate's file).
    public var clientCert: Setting<String?>
    public var clientKey: Setting<String?>
    /// True: the model sees images, and `/attach` and `ask --attach` send them (default false:
    /// most local models do not, and a text-only server fails on an image part).
    public var vision: Setting<Bool>

    /// The key's variable when no profile names another.
    public static let defaultKeyVariable = "OPENAI_API_KEY"
    /// The variables that give the base URL, in order.
    public static let baseURLVariables = ["CHATTERM_BASE_URL", "OPENAI_BASE_URL"]
    /// The variable that chooses a profile.
    public static let profileVariable = "CHATTERM_PROFILE"
    /// The variable that, set at all (even empty), turns colours off (no-color.org).
    public static let noColorVariable = "NO_COLOR"
    /// The variable that turns copying to the terminal's clipboard off: `off`, `0`, `no` or
    /// `false`, in any case.
    public static let clipboardVariable = "CHATTERM_CLIPBOARD"

    /// The settings `flags`, `environment` and `file` give together. Throws when the profile
    /// asked for does not exist, naming the ones that do.
    /// `runKeyCommand` runs `api_key_cmd` (by default once per process, `KeyCommand.key(for:)`).
    public static func resolve(
        flags: FlagSettings = FlagSettings(), environment: [String: String], file: ConfigFile?,
        runKeyCommand: (String) -> Result<String, KeyCommand.Failure> = KeyCommand.key(for:)
    ) throws(ConfigError) -> Settings {
        let profile = try chooseProfile(flags: flags, environment: environment, file: file)
        let layers = Layers(
            flags: flags.layer, profileName: profile.value, profile: profile.value.flatMap { file?.profiles[$0] },
            defaults: file?.defaults)
        func variable(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                return nil
            }
            return value
        }
        let apiKeyEnv = layers.pick(\.apiKeyEnv, flag: nil, default: defaultKeyVariable)
        var apiKeyCmd = layers.pick(\.apiKeyCmd, flag: nil)
        if apiKeyCmd.source == .configFile, case .profile = apiKeyEnv.source {
            apiKeyCmd = Setting(nil, from: .builtIn)
        }
        var apiKey =
            apiKeyEnv.value.isEmpty
            ? nil : environment[apiKeyEnv.value].flatMap { $0.isEmpty ? nil : APIKey($0, from: apiKeyEnv.value) }
        var apiKeyFailure: String?
        if let command = apiKeyCmd.value {
            switch runKeyCommand(command) {
            case .success(let key):
                apiKey = APIKey(key, from: SettingKey.apiKeyCmd.rawValue)
            case .failure(let failure):
                apiKey = nil
                apiKeyFailure = "api_key_cmd `\(command)` (\(apiKeyCmd.source)) gave no key: \(failure)"
            }
        }
        let headersEnv = layers.pick(\.headersEnv, flag: nil, default: [:])
        let stream = flags.layer.stream
        let baseURL = layers.pick(
            \.baseURL, flag: SettingKey.baseURL.flag, environment: baseURLVariables.map { ($0, variable($0)) })
        return Settings(
            configFile: file?.path,
            profile: profile,
            baseURL: baseURL,
            model: layers.pick(\.model, flag: SettingKey.model.flag),
            apiKeyEnv: apiKeyEnv,
            apiKeyCmd: apiKeyCmd,
            apiKey: apiKey,
            apiKeyFailure: apiKeyFailure,
            system: layers.pick(\.system, flag: SettingKey.system.flag),
            temperature: layers.pick(\.temperature, flag: SettingKey.temperature.flag),
            maxTokens: layers.pick(\.maxTokens, flag: SettingKey.maxTokens.flag),
            contextWindow: layers.pick(\.contextWindow, flag: SettingKey.contextWindow.flag),
            headers: layers.pick(\.headers, flag: nil, default: [:]),
            headersEnv: headersEnv,
            environmentHeaders: headersEnv.value.compactMapValues { environment[$0].flatMap { $0.isEmpty ? nil : $0 } },
            secretHeaders: layers.pick(\.secretHeaders, flag: nil, default: []),
            extraBody: layers.pick(\.extraBody, flag: nil, default: [:]),
            stream: layers.pick(\.stream, flag: stream == false ? "--no-stream" : "--stream", default: true),
            warmup: layers.pick(\.warmup, flag: SettingKey.warmup.flag, default: .auto),
            warmupAfterIdle: layers.pick(\.warmupAfterIdle, flag: SettingKey.warmupAfterIdle.flag, default: 600),
            retries: layers.pick(\.retries, flag: SettingKey.retries.flag, default: 3),
            fallback: layers.pick(\.fallback, flag: SettingKey.fallback.flag, default: .auto),
            connectTimeout: layers.pick(\.connectTimeout, flag: SettingKey.connectTimeout.flag, default: 10),
            firstTokenTimeout: layers.pick(\.firstTokenTimeout, flag: SettingKey.firstTokenTimeout.flag, default: 120),
            idleTimeout: layers.pick(\.idleTimeout, flag: SettingKey.idleTimeout.flag, default: 60),
            turnTimeout: layers.pick(\.turnTimeout, flag: SettingKey.turnTimeout.flag),
            theme: layers.pick(\.theme, flag: SettingKey.theme.flag, default: "default"),
            fallbackProfiles: layers.pick(\.fallbackProfiles, flag: nil, default: []),
            mouse: layers.pick(\.mouse, flag: nil, default: false),
            color: color(noColor: flags.noColor, environment: environment),
            clipboard: clipboard(noClipboard: flags.noClipboard, environment: environment),
            proxy: layers.resolveProxy(for: baseURL.value, environment: environment),
            noProxy: noProxy(environment),
            caFile: expandingHome(layers.pick(\.caFile, flag: SettingKey.caFile.flag), environment),
            insecure: layers.pick(\.insecure, flag: nil, default: false),
            clientCert: expandingHome(layers.pick(\.clientCert, flag: nil), environment),
            clientKey: expandingHome(layers.pick(\.clientKey, flag: nil), environment),
            vision: layers.pick(\.vision, flag: nil, default: false))
    }

    /// `path` with a leading `~/` made the home folder's, as a shell would for a flag.
    private static func expandingHome(_ path: Setting<String?>, _ environment: [String: String]) -> Setting<String?> {
        guard let value = path.value, value.hasPrefix("~/"), let home = environment["HOME"], !home.isEmpty else {
            return path
        }
        var expanded = path
        expanded.value = home + value.dropFirst()
        return expanded
    }

    /// `no_proxy`, else `NO_PROXY`, when set to something.
    private static func noProxy(_ environment: [String: String]) -> Setting<String?> {
        guard let (name, value) = ProxyEnvironment.first(of: ProxyEnvironment.noProxyVariables, in: environment)
        else { return Setting(nil, from: .builtIn) }
        return Setting(value, from: .environment(name))
    }

    /// Whether to draw in colour: not with `--no-color` (`noColor`), nor with `NO_COLOR` set.
    /// For a command that reads no other setting (`chatterm themes`) as for `resolve`.
    public static func color(noColor: Bool = false, environment: [String: String]) -> Setting<Bool> {
        if noColor { return Setting(false, from: .flag("--no-color")) }
        if environment[noColorVariable] != nil { return Setting(false, from: .environment(noColorVariable)) }
        return Setting(true, from: .builtIn)
    }

    /// Whether `/copy` may write to the terminal's clipboard: not with `--no-clipboard`
    /// (`noClipboard`), nor with `CHATTERM_CLIPBOARD` saying off.
    static func clipboard(noClipboard: Bool, environment: [String: String]) -> Setting<Bool> {
        if noClipboard { return Setting(false, from: .flag("--no-clipboard")) }
        if ["off", "0", "no", "false"].contains(environment[clipboardVariable]?.lowercased() ?? "") {
            return Setting(false, from: .environment(clipboardVariable))
        }
        return Setting(true, from: .builtIn)
    }

    private static func chooseProfile(flags: FlagSettings, environment: [String: String], file: ConfigFile?)
        throws(ConfigError) -> Setting<String?>
    {
        let chosen: Setting<String?>
        if let name = flags.profile, !name.isEmpty {
            chosen = Setting(name, from: .flag(flags.profileFlag))
        } else if let name = environment[profileVariable], !name.isEmpty {
            chosen = Setting(name, from: .environment(profileVariable))
        } else if let name = file?.defaultProfile {
            chosen = Setting(name, from: .configFile)
        } else {
            return Setting(nil, from: .builtIn)
        }
        guard let name = chosen.value, file?.profiles[name] == nil else { return chosen }
        guard let file else {
            throw ConfigError(
                message:
                    "no profile '\(ConfigLimits.excerpt(name))' (from \(chosen.source)): there is no configuration file; `chatterm config --init` writes one"
            )
        }
        throw ConfigError(
            file: file.path,
            message: ConfigParser.unknownProfileMessage(name, known: file.profileNames)
                + " (asked for by \(chosen.source))")
    }

    /// The headers every request carries: the file's `headers`, and each `headers_env` header
    /// whose variable is set (which wins over a header of the same name in `headers`).
    public var requestHeaders: [(name: String, value: String)] {
        var merged = headers.value.filter { name, _ in
            !environmentHeaders.keys.contains { $0.lowercased() == name.lowercased() }
        }
        merged.merge(environmentHeaders) { _, fromEnvironment in fromEnvironment }
        return merged.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// The headers whose values are secret besides `Redactor.sensitiveHeaders`: those marked
    /// `secret_headers`, and every header read from the environment.
    public var secretHeaderNames: Set<String> {
        Set((secretHeaders.value + headersEnv.value.keys).map { $0.lowercased() })
    }

    /// Hides the secrets these settings hold: the key, the secret headers' values, the base
    /// URL's password, the proxy's.
    public var redactor: Redactor {
        Redactor(
            apiKey: apiKey?.value, headers: requestHeaders, secretHeaders: secretHeaderNames,
            credentials: baseURL.value.flatMap(BaseURL.credentials(in:)), proxyCredentials: proxyURL?.credentials)
    }

    /// The proxy in effect, parsed; nil when there is none or it is not a proxy URL.
    public var proxyURL: ProxyURL? {
        guard let text = proxy.value, case .success(let url) = ProxyURL.parse(text) else { return nil }
        return url
    }

    /// Why the proxy in effect cannot be used, naming where it came from: only the
    /// environment's can be wrong here, since the file's and the flag's are checked as read.
    public var proxyProblem: String? {
        guard let text = proxy.value, case .failure(let refusal) = ProxyURL.parse(text) else { return nil }
        return "\(proxy.source) is not a proxy URL: \(refusal)"
    }

    /// The retry, fallback, warm-up and timeout rules these settings ask for.
    public var policy: TurnPolicy {
        func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
        return TurnPolicy(
            retry: RetryPolicy(maxRetries: retries.value), fallback: fallback.value, warmup: warmup.value,
            warmupAfterIdle: duration(warmupAfterIdle.value), connectTimeout: duration(connectTimeout.value),
            firstTokenTimeout: duration(firstTokenTimeout.value), idleTimeout: duration(idleTimeout.value),
            turnTimeout: turnTimeout.value.map(duration))
    }

    /// What the user should know before the first reply: a key variable (or a header's) the
    /// profile names but nobody set, an environment variable that overrides the profile's
    /// endpoint.
    public var warnings: [String] {
        var warnings: [String] = []
        let owner = profile.value.map { "profile \($0)" } ?? "the config file"
        if let apiKeyFailure {
            warnings.append(apiKeyFailure)
        } else if apiKey == nil, apiKeyCmd.value == nil, apiKeyEnv.source != .builtIn, !apiKeyEnv.value.isEmpty {
            warnings.append(
                "\(apiKeyEnv.value) is not set (\(owner) reads the API key from it): export \(apiKeyEnv.value)=…")
        }
        for (header, variable) in headersEnv.value.sorted(by: { $0.key < $1.key })
        where environmentHeaders[header] == nil {
            warnings.append(
                "\(variable) is not set (\(owner) reads header \(header) from it): export \(variable)=…")
        }
        if let proxyProblem { warnings.append(proxyProblem) }
        if insecure.value {
            warnings.append(
                "TLS certificates are not checked (insecure = true in \(insecure.source)): anyone on the way can read and change the conversation"
            )
        }
        if case .environment(let variable) = baseURL.source, case .profile(let name)? = baseURL.overrides {
            warnings.append("\(variable) overrides profile \(name)'s base_url")
        }
        return warnings
    }

    /// The settings sources in the order they are consulted, for one setting at a time.
    private struct Layers {
        let flags: SettingsLayer
        let profileName: String?
        let profile: SettingsLayer?
        let defaults: SettingsLayer?

        /// The first source that gives `keyPath`, and the next one that does (which it overrides).
        func pick<Value: Sendable>(
            _ keyPath: KeyPath<SettingsLayer, Value?>, flag: String?, environment: [(String, Value?)] = []
        ) -> Setting<Value?> {
            var candidates: [(Value?, SettingSource)] = []
            if let flag { candidates.append((flags[keyPath: keyPath], .flag(flag))) }
            candidates += environment.map { ($0.1, .environment($0.0)) }
            if let profileName, let profile { candidates.append((profile[keyPath: keyPath], .profile(profileName))) }
            if let defaults { candidates.append((defaults[keyPath: keyPath], .configFile)) }
            let given = candidates.filter { $0.0 != nil }
            guard let winner = given.first else { return Setting(nil, from: .builtIn) }
            return Setting(winner.0, from: winner.1, overrides: given.dropFirst().first?.1)
        }

        func pick<Value: Sendable>(
            _ keyPath: KeyPath<SettingsLayer, Value?>, flag: String?, environment: [(String, Value?)] = [],
            default value: Value
        ) -> Setting<Value> {
            let picked = pick(keyPath, flag: flag, environment: environment)
            return Setting(picked.value ?? value, from: picked.source, overrides: picked.overrides)
        }

        /// The proxy for a server at `baseURL`, as curl chooses it: `--proxy`, else the
        /// profile's `proxy`, else the file's top-level one, else the environment's variable for
        /// the URL's scheme (`ProxyEnvironment`). The flag and the file beat the environment,
        /// unlike other settings, since a machine's proxy variables are set for every program
        /// and a profile's `proxy` for one server. An empty `proxy` means none. `NO_PROXY`
        /// then applies to whichever was chosen, as it does in curl. Demo mode (no base URL)
        /// uses none: its server is in the process.
        func resolveProxy(for baseURL: String?, environment: [String: String]) -> Setting<String?> {
            guard let baseURL, let components = URLComponents(string: baseURL), let host = components.host else {
                return Setting(nil, from: .builtIn)
            }
            var chosen = pick(\.proxy, flag: SettingKey.proxy.flag)
            let fromEnvironment = ProxyEnvironment.first(
                of: ProxyEnvironment.proxyVariables(forScheme: components.scheme ?? "http"), in: environment)
            if chosen.source == .builtIn, let (name, value) = fromEnvironment {
                chosen = Setting(value, from: .environment(name))
            } else if chosen.source != .builtIn, let (name, _) = fromEnvironment {
                chosen.overrides = .environment(name)
            }
            guard let proxy = chosen.value, !proxy.isEmpty else {
                return Setting(nil, from: chosen.source, overrides: chosen.overrides)
            }
            if let (name, list) = ProxyEnvironment.first(of: ProxyEnvironment.noProxyVariables, in: environment),
                NoProxyList(list).match(host: host) != nil
            {
                return Setting(nil, from: .environment(name), overrides: chosen.source)
            }
            return chosen
        }
    }
}
