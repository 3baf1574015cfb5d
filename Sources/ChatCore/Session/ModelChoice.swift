/// Which model the requests ask for, decided here for the chat and `chatterm ask` alike. The
/// first of these that names one wins:
///
/// 1. `--model` on the command line: said for this run, it beats everything else;
/// 2. the model a resumed conversation last asked for, when it asked the same server (the same
///    base URL): the conversation goes on as it was. A conversation held with another server
///    does not choose, since its model may not exist on this one;
/// 3. the `model` of the profile in use, else of the configuration file's top level;
/// 4. the first model the server lists (`GET /models`); in demo mode, the demo server's own.
///
/// When none of them names one there is no model: `ask` fails, and the chat sends nothing until
/// `/model NAME` names one, both saying why in the words of `Failure`.
public struct ModelChoice: Sendable, Hashable {
    /// `--model`.
    public var flag: String?
    /// The endpoint a resumed conversation was last held with.
    public var resumed: EndpointInfo?
    /// The profile's or the configuration file's `model`.
    public var configured: String?
    /// Where the requests go, to tell whether `resumed` is about this server.
    public var baseURL: String
    /// The server's models when they are known without asking (the demo server's).
    public var listed: [String]?

    public init(
        flag: String? = nil, resumed: EndpointInfo? = nil, configured: String? = nil, baseURL: String,
        listed: [String]? = nil
    ) {
        self.flag = flag
        self.resumed = resumed
        self.configured = configured
        self.baseURL = baseURL
        self.listed = listed
    }

    /// The model chosen without asking the server; nil when only the server can say.
    public var named: String? {
        if let flag = Self.name(flag) { return flag }
        if let resumed, resumed.baseURL == baseURL, let model = Self.name(resumed.model) { return model }
        if let configured = Self.name(configured) { return configured }
        return listed?.first(where: { !$0.isEmpty })
    }

    /// The model to ask for: `named`, else the first one `listing` (the server's `GET /models`)
    /// gives.
    public func resolve(listing: @Sendable () async throws -> [String]) async throws(Failure) -> String {
        if let named { return named }
        let models: [String]
        do {
            models = try await listing()
        } catch let error as ChatError {
            throw .cannotList(error)
        } catch {
            throw .cannotList(.connection(String(describing: error)))
        }
        guard let first = models.first(where: { !$0.isEmpty }) else { throw .noneListed }
        return first
    }

    /// Why there is no model to ask for, in the words both the chat and `ask` show.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The server's model list is empty.
        case noneListed
        /// Asking the server for its models failed.
        case cannotList(ChatError)

        public var description: String {
            switch self {
            case .noneListed:
                return "no model to ask for: the server lists none; pass --model NAME"
            case .cannotList(let error):
                return "no model to ask for: cannot list the server's models (\(error)); pass --model NAME"
            }
        }

        /// The failure as a reply's error, whose category says what went wrong (`ask`'s exit
        /// status).
        public var error: ChatError {
            switch self {
            case .noneListed: return .malformed("the server lists no models")
            case .cannotList(let error): return error
            }
        }
    }

    /// `name`, unless it names nothing.
    private static func name(_ name: String?) -> String? {
        guard let name, !name.isEmpty else { return nil }
        return name
    }
}
