import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Failover with the real binary: a profile whose server is down (a port nobody listens on, or a
/// `chatterm demo-server` killed mid-run) sends the turn to its `fallback_profiles`, a DemoServer; `ask`
/// says so on stderr and answers on stdout, the saved reply records who answered, the chat says
/// so in the status bar and stays there. A 400, or text then a dropped connection, stays put.
final class FailoverEndToEndTests: DemoServerTestCase {
    /// `gpu` at `gpuURL`, falling back to `laptop` at `laptop`'s address (which names no model:
    /// its server's first is asked for).
    private func config(gpuURL: String, laptop: DemoServer) -> String {
        """
        default_profile = "gpu"
        [profiles.gpu]
        base_url = "\(gpuURL)"
        model = "big"
        retries = 0
        warmup = "never"
        fallback_profiles = ["laptop"]
        [profiles.laptop]
        base_url = "\(laptop.baseURL)"
        warmup = "never"
        """
    }

    private func ask(_ prompt: String, config: String, dataDirectory: String) throws -> Binary.Result {
        try Binary.run(
            ["ask", "--data-dir", dataDirectory, "--save", prompt], environment: try environment(config: config))
    }

    func testAskSendsTheTurnToTheFallbackWhenTheServerIsDownAndRecordsWhoAnswered() async throws {
        let laptop = try await serve()
        let port = try LoopbackSocket.freePort()
        let directory = Binary.temporaryDataDirectory(for: self)
        let result = try ask(
            "hello", config: config(gpuURL: "http://127.0.0.1:\(port)/v1", laptop: laptop), dataDirectory: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("server 127.0.0.1:\(port) failed ("), "the failed server is named: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("): trying profile laptop\n"), result.stderr)
        XCTAssertFalse(result.stdout.isEmpty, "the answer is on stdout")
        XCTAssertEqual(laptop.chatRequests.count, 1)
        XCTAssertEqual(
            laptop.chatRequests.last?.json["model"] as? String, DemoServerConfiguration().model,
            "the fallback's server's first model, not the failed profile's")
        let store = ConversationStore(directory: DataDirectory(path: directory))
        let id = try XCTUnwrap(store.list().summaries.first?.id)
        let reply = try XCTUnwrap(try store.load(id: id).conversation.messages.last)
        XCTAssertEqual(reply.status, .complete)
        XCTAssertEqual(reply.stats?.profile, "laptop")
        XCTAssertEqual(reply.stats?.endpoint, "127.0.0.1:\(laptop.port)")
        XCTAssertTrue(reply.stats?.failedOver?.hasPrefix("127.0.0.1:\(port) failed (") == true, "\(reply)")
    }

    func testABadRequestDoesNotFailOver() async throws {
        let gpu = try await serve(fault: "status:400")
        let laptop = try await serve()
        let result = try ask(
            "hello", config: config(gpuURL: gpu.baseURL, laptop: laptop),
            dataDirectory: Binary.temporaryDataDirectory(for: self))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(result.stderr.contains("trying profile"), result.stderr)
        XCTAssertEqual(laptop.chatRequests.count, 0)
    }

    func testTextThenADroppedConnectionDoesNotFailOver() async throws {
        let gpu = try await serve(fault: "drop-mid-stream")
        let laptop = try await serve()
        let result = try ask(
            "hello", config: config(gpuURL: gpu.baseURL, laptop: laptop),
            dataDirectory: Binary.temporaryDataDirectory(for: self))
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(result.stdout.isEmpty, "the text that arrived stays")
        XCTAssertFalse(result.stderr.contains("trying profile"), result.stderr)
        XCTAssertEqual(laptop.chatRequests.count, 0)
    }

    func testTheChatFailsOverWhenItsServerGoesDownMidRunAndStaysOnTheFallback() async throws {
        // The first server is a chatterm demo-server of its own, killed mid-run as a crash would.
        let gpuPort = try LoopbackSocket.freePort()
        let gpu = try Binary.start(["demo-server", "--port", "\(gpuPort)", "--speed", "0"])
        defer { Binary.stop(gpu) }
        try waitUntilListening(on: gpuPort)
        let laptop = try await serve()
        let chat = try launchChat(
            columns: 240,
            environment: try environment(config: config(gpuURL: "http://127.0.0.1:\(gpuPort)/v1", laptop: laptop)))
        try chat.waitForReady()
        try chat.enter("first")
        try chat.waitForStatus("done")
        XCTAssertTrue(try chat.statusLine.contains("gpu · big @ 127.0.0.1:\(gpuPort)"))

        Binary.stop(gpu)
        try chat.enter("second")
        let screen = try chat.waitFor("the failover, then the reply") {
            $0.statusLine.contains("done") && $0.statusLine.contains("trying profile laptop")
        }
        XCTAssertTrue(
            screen.statusLine.contains("server 127.0.0.1:\(gpuPort) failed ("), screen.joined(separator: "\n"))
        XCTAssertTrue(
            screen.statusLine.contains("laptop · \(DemoServerConfiguration().model) @ 127.0.0.1:\(laptop.port)"),
            "the status bar shows where the chat now is: \(screen.statusLine)")
        XCTAssertEqual(laptop.chatRequests.count, 1)

        // Straight there: the reply comes from the laptop, and no failover is said on the way.
        try chat.enter("third")
        try chat.waitFor("the third reply, from the fallback without a failover") {
            $0.statusLine.contains("done") && !$0.statusLine.contains("trying profile")
                && laptop.chatRequests.count == 2
        }
    }

    /// Waits until something accepts connections on `port` of 127.0.0.1.
    private func waitUntilListening(on port: Int) throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            Glibc.close(socket)
            if connected { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTFail("nothing listens on port \(port)")
    }
}
