import DemoServer
import XCTest

/// Base class for tests that talk to in-process DemoServers over loopback: `serve` starts one on
/// a free port, `startProxy` a forward proxy, and every server and proxy a test started is shut
/// down when it ends.
open class DemoServerTestCase: XCTestCase {
    private var servers: [DemoServer] = []
    private var proxies: [ForwardProxy] = []

    /// A running forward proxy on loopback (asking for `credentials` when given), shut down when
    /// the test ends.
    public func startProxy(credentials: (user: String, password: String)? = nil) async throws -> ForwardProxy {
        let proxy = ForwardProxy(credentials: credentials)
        try await proxy.start()
        proxies.append(proxy)
        return proxy
    }

    /// A running DemoServer with `configuration` (by default a well-behaved one that streams as
    /// fast as it can), over TLS with `tls`, shut down when the test ends.
    public func serve(_ configuration: DemoServerConfiguration = .fast, tls: DemoServerTLS? = nil) async throws
        -> DemoServer
    {
        let server = DemoServer(configuration: configuration)
        try await server.start(tls: tls)
        servers.append(server)
        return server
    }

    /// A running DemoServer with the fault `fault` written as `--fault` takes it
    /// ("status:503@2", "chatglm3"), shut down when the test ends.
    public func serve(fault: String, tokensPerSecond: Double = 0) async throws -> DemoServer {
        try await serve(DemoServerConfiguration(tokensPerSecond: tokensPerSecond, fault: try DemoFault(parsing: fault)))
    }

    override open func tearDown() async throws {
        for server in servers { try await server.shutdown() }
        servers.removeAll()
        for proxy in proxies { try await proxy.shutdown() }
        proxies.removeAll()
        try await super.tearDown()
    }
}
