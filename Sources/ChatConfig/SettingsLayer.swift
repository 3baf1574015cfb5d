import ChatCore

/// The settings one source gives, each optional: the configuration file's top level, one of
/// its profiles, or the command line. `Settings` takes each setting from the strongest layer
/// that has it.
public struct SettingsLayer: Sendable, Hashable {
    public var baseURL: String?
    public var model: String?
    /// The name of the environment variable that holds the API key (never the key).
    public var apiKeyEnv: String?
    /// A command whose first line of output is the API key (`pass show llm/openai`).
    public var apiKeyCmd: String?
    public var system: String?
    public var temperature: Double?
    public var maxTokens: Int?
    /// The model's context, in tokens (`context_window`).
    public var contextWindow: Int?
    /// Extra HTTP headers, by name. A table replaces a weaker layer's table as a whole.
    public var headers: [String: String]?
    /// Headers whose values are read from the environment, by name: the variable's name for
    /// each (never the value). A table replaces a weaker layer's table as a whole.
    public var headersEnv: [String: String]?
    /// Headers whose values are secret besides `Redactor.sensitiveHeaders`: shown as `•••`.
    public var secretHeaders: [String]?
    /// Extra fields of the request body. A table replaces a weaker layer's table as a whole.
    public var extraBody: [String: JSONValue]?
    public var stream: Bool?
    public var warmup: WarmupMode?
    /// Seconds; so are the timeouts.
    public var warmupAfterIdle: Double?
    public var retries: Int?
    public var fallback: FallbackMode?
    public var connectTimeout: Double?
    public var firstTokenTimeout: Double?
    public var idleTimeout: Double?
    public var turnTimeout: Double?
    public var theme: String?
    /// An HTTP proxy's URL (`http://host:port`); empty: no proxy, whatever the environment says.
    public var proxy: String?
    /// A PEM file of the certificates to trust instead of the system's.
    public var caFile: String?
    /// True: the server's certificate is not checked at all (a profile's setting only).
    public var insecure: Bool?
    /// A PEM file with the client certificate (and its key, unless `clientKey` names another).
    public var clientCert: String?
    public var clientKey: String?
    /// The profiles a turn goes to, in order, when this profile's server fails
    /// (`fallback_profiles`); only a profile sets it.
    public var fallbackProfiles: [String]?
    /// True: the model sees images, so attached images are sent (`vision`).
    public var vision: Bool?
    /// True: the mouse wheel scrolls the chat (mouse reporting on).
    public var mouse: Bool?

    public init(
        baseURL: String? = nil, model: String? = nil, apiKeyEnv: String? = nil, apiKeyCmd: String? = nil,
        system: String? = nil,
        temperature: Double? = nil, maxTokens: Int? = nil, headers: [String: String]? = nil,
        headersEnv: [String: String]? = nil, secretHeaders: [String]? = nil, extraBody: [String: JSONValue]? = nil,
        stream: Bool? = nil, warmup: WarmupMode? = nil,
        warmupAfterIdle: Double? = nil, retries: Int? = nil, fallback: FallbackMode? = nil,
        connectTimeout: Double? = nil,
        firstTokenTimeout: Double? = nil, idleTimeout: Double? = nil, turnTimeout: Double? = nil,
        theme: String? = nil, proxy: String? = nil, caFile: String? = nil, insecure: Bool? = nil,
        clientCert: String? = nil, clientKey: String? = nil, fallbackProfiles: [String]? = nil,
        vision: Bool? = nil, mouse: Bool? = nil, contextWindow: Int? = nil
    ) {
        self.contextWindow = contextWindow
        self.baseURL = baseURL
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.apiKeyCmd = apiKeyCmd
        self.system = system
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.headers = headers
        self.headersEnv = headersEnv
        self.secretHeaders = secretHeaders
        self.extraBody = extraBody
        self.stream = stream
        self.warmup = warmup
        self.warmupAfterIdle = warmupAfterIdle
        self.retries = retries
        self.fallback = fallback
        self.connectTimeout = connectTimeout
        self.firstTokenTimeout = firstTokenTimeout
        self.idleTimeout = idleTimeout
        self.turnTimeout = turnTimeout
        self.theme = theme
        self.proxy = proxy
        self.caFile = caFile
        self.insecure = insecure
        self.clientCert = clientCert
        self.clientKey = clientKey
        self.fallbackProfiles = fallbackProfiles
        self.vision = vision
        self.mouse = mouse
    }
}
