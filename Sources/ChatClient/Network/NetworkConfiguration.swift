import AsyncHTTPClient
import ChatCore
import NIOSSL

/// How requests reach an endpoint's server: directly or through an HTTP proxy, trusting which
/// certificates, showing which client certificate. Each distinct configuration gets HTTP
/// clients of its own (`HTTPClients`), since AsyncHTTPClient sets both per client.
public struct NetworkConfiguration: Sendable, Hashable {
    /// The HTTP proxy every request goes through with `CONNECT`; nil: none.
    public let proxy: ProxyURL?
    /// The TLS settings, as files.
    public let tls: TLSFiles
    /// `tls` read: nil for the system's certificates.
    let tlsConfiguration: TLSConfiguration?

    /// Through `proxy` (nil: directly), trusting the system's certificates.
    public init(proxy: ProxyURL? = nil) {
        self.proxy = proxy
        tls = .system
        tlsConfiguration = nil
    }

    /// Through `proxy`, with the TLS files `tls` names, which are read now: a file that cannot
    /// be used is reported before any request.
    public init(proxy: ProxyURL?, tls: TLSFiles) throws(TLSFiles.Failure) {
        self.proxy = proxy
        self.tls = tls
        tlsConfiguration = try tls.load()
    }

    /// Straight to the server, trusting the system's certificates.
    public static let direct = NetworkConfiguration()

    public static func == (left: NetworkConfiguration, right: NetworkConfiguration) -> Bool {
        left.proxy == right.proxy && left.tls == right.tls
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(proxy)
        hasher.combine(tls)
    }

    /// `configuration` with this proxy and these TLS settings. The proxy's user and password go
    /// to the proxy alone, as `Proxy-Authorization` on the `CONNECT` request; the server never
    /// sees them.
    func apply(to configuration: inout HTTPClient.Configuration) {
        if let tlsConfiguration { configuration.tlsConfiguration = tlsConfiguration }
        guard let proxy else { return }
        configuration.proxy = .server(
            host: proxy.host, port: proxy.port,
            authorization: proxy.credentials.map { .basic(username: $0.user, password: $0.password) })
    }
}
