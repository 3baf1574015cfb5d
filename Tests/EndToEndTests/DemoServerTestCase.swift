import DemoServer
import XCTest

/// Base class for end-to-end tests that talk to in-process DemoServers: `startServer` starts
/// one on a free loopback port, and every server a test started is shut down when it ends.
class DemoServerTestCase: XCTestCase {
    private var servers: [DemoServer] = []

    /// A running DemoServer with `configuration`, shut down when the test ends.
    func startServer(_ configuration: DemoServerConfiguration) async throws -> DemoServer {
        let server = DemoServer(configuration: configuration)
        try await server.start()
        servers.append(server)
        return server
    }

    override func tearDown() async throws {
        for server in servers { try await server.shutdown() }
        servers.removeAll()
        try await super.tearDown()
    }
}
