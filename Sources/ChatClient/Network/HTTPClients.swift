import AsyncHTTPClient
import Synchronization

/// The HTTP clients of a run: one pair (pooled, and one connection per request) per
/// `NetworkConfiguration`, made when first asked for and kept for the run, so every endpoint
/// with the same proxy shares connections. `shutdown()` closes those it made; the direct
/// configuration's are `HTTPChatTransport`'s shared clients, which live as long as the process.
public final class HTTPClients: Sendable {
    /// The clients every transport and probe use unless given others.
    public static let shared = HTTPClients()

    private struct Pair {
        let pooled: HTTPClient
        let fresh: HTTPClient
    }

    private let clients = Mutex<[NetworkConfiguration: Pair]>([:])

    public init() {}

    /// The client for `network` whose connections are kept alive between requests.
    public func pooled(for network: NetworkConfiguration) -> HTTPClient {
        pair(for: network).pooled
    }

    /// The client for `network` whose connections carry one request each.
    public func fresh(for network: NetworkConfiguration) -> HTTPClient {
        pair(for: network).fresh
    }

    private func pair(for network: NetworkConfiguration) -> Pair {
        if network == .direct {
            return Pair(pooled: HTTPChatTransport.sharedClient, fresh: HTTPChatTransport.freshConnectionClient)
        }
        return clients.withLock { clients in
            if let pair = clients[network] { return pair }
            var configuration = HTTPChatTransport.sharedConfiguration
            network.apply(to: &configuration)
            let pooled = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            configuration.maximumUsesPerConnection = 1
            let pair = Pair(
                pooled: pooled, fresh: HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration))
            clients[network] = pair
            return pair
        }
    }

    /// Shuts down every client made so far, once their requests are over or cancelled.
    public func shutdown() async {
        let made = clients.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for pair in made {
            try? await pair.pooled.shutdown()
            try? await pair.fresh.shutdown()
        }
    }
}
