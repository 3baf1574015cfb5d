import ArgumentParser
import ChatClient
import ChatConfig
import ChatCore
import DemoServer
import Foundation

/// The endpoint, model and request options, shared by `chat`, `ask` and `probe` so that a flag
/// that works in the UI works in a script.
///
/// Every setting that the configuration file can also give is optional here: a flag left out
/// must not hide the environment, the profile or the file (`Settings` resolves them), so the
/// defaults are in the help text, not in the properties.
struct EndpointOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Use this profile of the configuration file (`chatterm profiles` lists them).",
            discussion: "Defaults to CHATTERM_PROFILE, then the file's default_profile.",
            valueName: "name"))
    var profile: String?

    @Option(
        help: ArgumentHelp(
            "The configuration file (default: $XDG_CONFIG_HOME/chatterm/config.toml, else ~/.config/chatterm/config.toml).",
            valueName: "path"))
    var config: String?

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "The server's OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1.",
            discussion:
                "Defaults to CHATTERM_BASE_URL, then OPENAI_BASE_URL, then the profile's base_url; with none, demo mode.",
            valueName: "url"))
    var baseURL: String?

    @Option(
        help: ArgumentHelp(
            "An HTTP proxy to reach the server through, e.g. http://proxy.example.com:3128 (\"\" for none).",
            discussion: """
                Beats the profile's proxy, which beats the environment (https_proxy or HTTPS_PROXY for an \
                https:// server, http_proxy for an http:// one, then all_proxy or ALL_PROXY), as in curl. \
                NO_PROXY lists the hosts reached directly, e.g. NO_PROXY=localhost,127.0.0.1,.lab. A user \
                and password in the URL (http://user:password@proxy:3128) go to the proxy alone.
                """,
            valueName: "url"))
    var proxy: String?

    @Option(
        name: .customLong("ca-file"),
        help: ArgumentHelp(
            "A PEM file of the certificates to trust for an https:// server, instead of the system's, e.g. a private CA's.",
            discussion: """
                As curl's --cacert. For a self-signed server, the server's own certificate: \
                openssl s_client -connect HOST:PORT </dev/null | openssl x509 > server.pem. Also ca_file in a \
                profile; insecure = true in a profile (never a flag) turns the check off for a test box.
                """,
            valueName: "path"))
    var caFile: String?

    @Option(help: ArgumentHelp("The model to ask for (default: the first one the server lists).", valueName: "name"))
    var model: String?

    @Option(help: ArgumentHelp("A system prompt to start the conversation with.", valueName: "text"))
    var system: String?

    @Option(help: ArgumentHelp("Sampling temperature sent with each request.", valueName: "t"))
    var temperature: Double?

    @Option(name: .customLong("max-tokens"), help: ArgumentHelp("Longest reply, in tokens.", valueName: "n"))
    var maxTokens: Int?

    @Option(
        name: .customLong("context-window"),
        help: ArgumentHelp(
            "The model's context in tokens, when the server does not say (e.g. --context-window 8192).",
            valueName: "n"))
    var contextWindow: Int?

    @Flag(
        inversion: .prefixedNo,
        help: "Ask for streamed replies (the default), or with --no-stream for whole replies.")
    var stream: Bool?

    @Flag(help: "Use the built-in demo server even when an endpoint is configured.")
    var demo = false

    @Option(
        name: .customLong("demo-speed"),
        help: ArgumentHelp(
            "Tokens per second of the demo server's replies (0 = as fast as possible).", valueName: "tps"))
    var demoSpeed: Double = 40

    @Option(
        help: ArgumentHelp(
            "Warm the endpoint up: auto (the chat as it opens and when typing after --warmup-after-idle; ask before its reply), always or never (default: auto).",
            valueName: "when"))
    var warmup: WarmupMode?

    @Option(
        name: .customLong("warmup-after-idle"),
        help: ArgumentHelp(
            "With --warmup auto, warm up again after this many idle seconds (default: 600).", valueName: "s"))
    var warmupAfterIdle: Double?

    @Option(
        help: ArgumentHelp(
            "Retries of a failed request before its reply fails (default: 3).",
            discussion: """
                Connection failures, timeouts before the first text, and HTTP 408, 409, 429 and 5xx are \
                retried after a backoff (or after the server's Retry-After). An empty or broken stream is \
                not retried: see --fallback. --retries 0 --fallback never sends exactly one request.
                """,
            valueName: "n"))
    var retries: Int?

    @Option(
        help: ArgumentHelp(
            "When a stream comes back empty or broken: auto asks again at once without streaming, never gives up (default: auto).",
            discussion: """
                The request without streaming is not a retry and waits for no backoff: the server \
                answered, only its streaming path failed. After text arrived, the whole reply replaces \
                the partial one ("completed without streaming"). It is decided per reply; only after \
                streams failed on \(EndpointHealth.failedRepliesBeforeStreamingOff) replies in a row does \
                a chat stop asking that server for streams, for \(EndpointHealth.repliesWithoutStreaming) \
                replies.
                """,
            valueName: "when"))
    var fallback: FallbackMode?

    @Option(
        name: .customLong("connect-timeout"),
        help: ArgumentHelp("Seconds to connect and send the request (default: 10).", valueName: "s"))
    var connectTimeout: Double?

    @Option(
        name: .customLong("first-token-timeout"),
        help: ArgumentHelp(
            "Seconds from sending the request to the first token; long prompts take a long prefill (default: 120).",
            valueName: "s"))
    var firstTokenTimeout: Double?

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "Seconds without new text before a streaming reply is given up (default: 60).", valueName: "s"))
    var idleTimeout: Double?

    @Option(
        name: .customLong("turn-timeout"),
        help: ArgumentHelp("Seconds for a whole reply, retries included (default: no limit).", valueName: "s"))
    var turnTimeout: Double?

    /// Refuses a number the configuration file would refuse too (`SettingKey.refusal(of:)`).
    func validate() throws {
        if demoSpeed < 0 { throw ValidationError("--demo-speed cannot be negative.") }
        if let proxy, !proxy.isEmpty, case .failure(let refusal) = ProxyURL.parse(proxy) {
            throw ValidationError("--proxy is not a proxy URL: \(refusal).")
        }
        let numbers: [(SettingKey, Double?)] = [
            (.temperature, temperature), (.maxTokens, maxTokens.map(Double.init)),
            (.contextWindow, contextWindow.map(Double.init)),
            (.retries, retries.map(Double.init)), (.connectTimeout, connectTimeout),
            (.firstTokenTimeout, firstTokenTimeout), (.idleTimeout, idleTimeout), (.turnTimeout, turnTimeout),
            (.warmupAfterIdle, warmupAfterIdle),
        ]
        for (setting, value) in numbers {
            if let value, let refusal = setting.refusal(of: value), let flag = setting.flag {
                throw ValidationError("\(flag) \(refusal).")
            }
        }
    }

    /// What the flags say, for `Settings`; `theme`, `noColor` and `noClipboard` come from the
    /// chat's own options.
    func flagSettings(
        profile chosen: String? = nil, theme: String? = nil, noColor: Bool = false, noClipboard: Bool = false
    ) -> FlagSettings {
        FlagSettings(
            SettingsLayer(
                baseURL: baseURL.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }, model: model,
                system: system, temperature: temperature, maxTokens: maxTokens,
                stream: stream, warmup: warmup, warmupAfterIdle: warmupAfterIdle, retries: retries, fallback: fallback,
                connectTimeout: connectTimeout, firstTokenTimeout: firstTokenTimeout, idleTimeout: idleTimeout,
                turnTimeout: turnTimeout, theme: theme, proxy: proxy, caFile: caFile, contextWindow: contextWindow),
            profile: chosen ?? profile, profileFlag: chosen == nil ? "--profile" : "/profile", noColor: noColor,
            noClipboard: noClipboard)
    }

    /// Where the configuration file is, by `--config` and the environment.
    var configLocation: ConfigLocation {
        ConfigLocation(flag: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The configuration file, if there is one. A problem in it is reported as
    /// `FILE:LINE: KEY: problem`, without a usage dump.
    func configFile() throws -> ConfigFile? {
        do {
            return try configLocation.load()
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// Every setting, from the flags, the environment and the configuration file. `profile`
    /// replaces `--profile` (for `/profile NAME`). An unknown `--profile` is a usage error; an
    /// unknown `CHATTERM_PROFILE` or `default_profile` is a configuration error.
    func settings(
        profile chosen: String? = nil, theme: String? = nil, noColor: Bool = false, noClipboard: Bool = false
    ) throws -> Settings {
        let file = try configFile()
        let flags = flagSettings(profile: chosen, theme: theme, noColor: noColor, noClipboard: noClipboard)
        do {
            return try Settings.resolve(flags: flags, environment: ProcessInfo.processInfo.environment, file: file)
        } catch {
            if chosen == nil, let profile, file?.profiles[profile] == nil { throw ValidationError(error.description) }
            throw CommandFailure(error.description)
        }
    }

    /// The proxy and the TLS files `settings` name, the files read: one that cannot be used is
    /// reported with the setting's source (`ca_file /x.pem (from profile lab): no such file`).
    private static func network(_ settings: Settings) throws -> NetworkConfiguration {
        let files = TLSFiles(
            caFile: settings.caFile.value, insecure: settings.insecure.value, clientCert: settings.clientCert.value,
            clientKey: settings.clientKey.value)
        do {
            return try NetworkConfiguration(proxy: settings.proxyURL, tls: files)
        } catch {
            let source: SettingSource
            switch error.setting {
            case SettingKey.caFile.rawValue: source = settings.caFile.source
            case SettingKey.clientKey.rawValue where settings.clientKey.value != nil: source = settings.clientKey.source
            default: source = settings.clientCert.source
            }
            throw CommandFailure(
                "\(error.setting) \(error.path) (from \(source)): \(error.reason)")
        }
    }

    /// Connects to the configured endpoint, or starts the demo server when there is none (or
    /// `--demo` asks for it).
    func connect() async throws -> Connection {
        try await connect(try settings())
    }

    /// Connects with `settings`, reusing `demoServer` when demo mode is asked for and one runs.
    func connect(_ settings: Settings, reusing demoServer: DemoServer? = nil) async throws -> Connection {
        if !demo, let url = settings.baseURL.value {
            if let problem = settings.proxyProblem { throw CommandFailure(settings.redactor(problem)) }
            if let failure = settings.apiKeyFailure { throw CommandFailure(failure) }
            let network = try Self.network(settings)
            let endpoint: Endpoint
            do {
                endpoint = try Endpoint(
                    baseURL: url, apiKey: settings.apiKey?.value, headers: settings.requestHeaders,
                    secretHeaders: settings.secretHeaderNames, extraBody: settings.extraBody.value, network: network)
            } catch {
                throw ValidationError(
                    error.description
                        + (settings.baseURL.source == .builtIn ? "" : " (from \(settings.baseURL.source))"))
            }
            return Connection(
                endpoint: endpoint, demoServer: nil, transport: HTTPChatTransport(endpoint: endpoint),
                settings: settings)
        }
        let server: DemoServer
        if let demoServer {
            server = demoServer
        } else {
            var configuration = DemoServerConfiguration(tokensPerSecond: demoSpeed)
            // `/retry` in demo mode shows what it does with a real model: another answer, kept
            // beside the first.
            configuration.variesRepeatedAnswers = true
            server = DemoServer(configuration: configuration)
            try await server.start()
        }
        let endpoint = try Endpoint(
            baseURL: server.baseURL, headers: settings.requestHeaders, secretHeaders: settings.secretHeaderNames,
            extraBody: settings.extraBody.value)
        return Connection(
            endpoint: endpoint, demoServer: server, transport: HTTPChatTransport(endpoint: endpoint), settings: settings
        )
    }
}
