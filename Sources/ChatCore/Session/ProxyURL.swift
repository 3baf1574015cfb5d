import Foundation

/// An HTTP proxy as curl takes one: `[http://][user:password@]host[:port]`, the port 1080 when
/// none is given, the user and password (percent-decoded) sent to the proxy alone as
/// `Proxy-Authorization: Basic …`. chatterm reaches every server through such a proxy with
/// `CONNECT host:port`, for `http://` base URLs as for `https://` ones.
///
/// Shared by the configuration (which refuses what it cannot use) and the transport (which
/// connects through it), so a proxy the file accepts is one the transport can use.
public struct ProxyURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The user and password the URL carried: secrets, like the API key.
    public var credentials: BaseURL.Credentials?

    /// curl's port for a proxy URL that names none.
    public static let defaultPort = 1080

    /// What a rejected proxy is told to look like.
    public static let example = "http://proxy.example.com:3128"

    public init(host: String, port: Int, credentials: BaseURL.Credentials? = nil) {
        self.host = host
        self.port = port
        self.credentials = credentials
    }

    /// `text` as a proxy, or why it cannot be one ("https:// proxies are not supported …").
    public static func parse(_ text: String) -> Result<ProxyURL, Refusal> {
        var rest = text.trimmingCharacters(in: .whitespaces)
        guard !rest.isEmpty else { return .failure(Refusal("it is empty")) }
        if let schemeEnd = rest.range(of: "://") {
            let scheme = rest[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "http" else {
                return .failure(
                    Refusal(
                        "\(scheme):// proxies are not supported: chatterm speaks to HTTP proxies only (\(example))"))
            }
            rest = String(rest[schemeEnd.upperBound...])
        }
        let credentials = BaseURL.credentials(in: "http://" + rest)
        rest = String(BaseURL.withoutCredentials("http://" + rest).dropFirst("http://".count))
        if let pathStart = rest.firstIndex(where: { "/?#".contains($0) }) {
            guard rest[pathStart...].allSatisfy({ $0 == "/" }) else {
                return .failure(Refusal("a proxy URL has no path (expected something like \(example))"))
            }
            rest = String(rest[..<pathStart])
        }
        var host = rest
        var port = defaultPort
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(Refusal("an IPv6 address lacks its ]")) }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else {
                    return .failure(Refusal("not a port: \(after.dropFirst())"))
                }
                port = number
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let number = Int(rest[rest.index(after: colon)...]) else {
                return .failure(Refusal("not a port: \(rest[rest.index(after: colon)...])"))
            }
            port = number
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || "@[]".contains($0) }) else {
            return .failure(Refusal("no host (expected something like \(example))"))
        }
        guard (1...65535).contains(port) else { return .failure(Refusal("the port must be between 1 and 65535")) }
        return .success(ProxyURL(host: host, port: port, credentials: credentials))
    }

    /// Why a text is not a proxy URL, in words that follow its name.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String

        init(_ description: String) {
            self.description = description
        }
    }

    /// `http://host:port`, never with the credentials.
    public var description: String {
        "http://" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }
}
