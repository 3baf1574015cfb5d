import AsyncHTTPClient
import ChatCore

/// How requests reach an endpoint's server: directly or through an HTTP proxy. Each distinct
/// configuration gets HTTP clients of its own (`HTTPClients`), since AsyncHTTPClient sets a
/// proxy per client.
public struct NetworkConfiguration: Sendable, Hashable {
    /// The HTTP proxy every request goes through with `CONNECT`; nil: none.
    public var proxy: ProxyURL?

    public init(proxy: ProxyURL? = nil) {
        self.proxy = proxy
    }

    /// Straight to the server.
    public static let direct = NetworkConfiguration()

    /// `configuration` with this proxy. Its user and password go to the proxy alone, as
    /// `Proxy-Authorization` on the `CONNECT` request; the server never sees them.
    func apply(to configuration: inout HTTPClient.Configuration) {
        guard let proxy else { return }
        configuration.proxy = .server(
            host: proxy.host, port: proxy.port,
            authorization: proxy.credentials.map { .basic(username: $0.user, password: $0.password) })
    }
}
