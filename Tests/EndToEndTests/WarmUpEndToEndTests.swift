import DemoServer
import TestSupport
import XCTest

/// The real chat warms its endpoint up as it opens, while the first prompt is typed, and the
/// prompt then finds the model loaded; `ask` still warms up before its one reply.
final class WarmUpEndToEndTests: DemoServerTestCase {
    func testTheChatWarmsUpAsItOpensAndThePromptSendsNoSecondWarmUp() async throws {
        let server = try await serve(fault: "model-load:500@1")
        let chat = try launchChat(server, ["--model", "m"])
        try chat.waitForStatus("warming up…")
        try chat.waitForStatus("warm-up ")
        XCTAssertEqual(server.warmUpRequests.count, 1, "the warm-up, before any prompt")
        XCTAssertEqual(server.chatRequests.count, 0)
        try chat.enter("hello")
        try chat.waitForStatus("done")
        XCTAssertEqual(server.warmUpRequests.count, 1)
        XCTAssertEqual(server.chatRequests.count, 1)
    }

    func testWithWarmupNeverTheChatSendsNothingUntilThePrompt() async throws {
        let server = try await serve()
        let chat = try launchChat(server, ["--model", "m", "--warmup", "never"])
        try chat.waitForReady()
        try chat.enter("hello")
        try chat.waitForStatus("done")
        XCTAssertEqual(server.warmUpRequests.count, 0)
        XCTAssertEqual(server.chatRequests.count, 1)
    }
}
