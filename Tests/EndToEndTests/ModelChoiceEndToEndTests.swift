import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// The chat and `ask` pick the same model for the same inputs (README, "Which model"): the
/// flag, then a resumed conversation's model when it was held with the same server, then the
/// profile's, then the server's first, else the same words saying there is none. The real
/// binary is asked both ways, and the DemoServer records which model each request named.
final class ModelChoiceEndToEndTests: DemoServerTestCase {
    /// One set of inputs: flags, a configuration file, a conversation to resume.
    private struct Inputs {
        var flags: [String] = []
        var config: String?
        /// Where the resumed conversation was held and with which model; nil: nothing resumed.
        var resumed: EndpointInfo?
    }

    private static let profile = """
        default_profile = "work"
        [profiles.work]
        model = "profile-model"
        """

    private func statusLine(_ screen: [String]) -> String {
        screen.last(where: { !$0.isEmpty }) ?? ""
    }

    /// The command line after `chatterm` or `chatterm ask`, with a fresh data folder that holds
    /// the conversation to resume, if any.
    private func arguments(_ server: DemoServer, _ inputs: Inputs) throws -> [String] {
        let directory = Binary.temporaryDataDirectory(for: self)
        var arguments = ["--data-dir", directory, "--base-url", server.baseURL, "--warmup", "never"] + inputs.flags
        if let resumed = inputs.resumed {
            let earlier = Conversation(
                title: "earlier", endpoint: resumed,
                messages: [Message(role: .user, content: "q"), Message(role: .assistant, content: "a")])
            try ConversationStore(directory: DataDirectory(path: directory)).save(earlier)
            arguments += ["--resume", "last"]
        }
        return arguments
    }

    private func configHome(_ inputs: Inputs) throws -> String {
        try Binary.temporaryConfigDirectory(for: self, config: inputs.config)
    }

    /// The model `ask` asked for.
    private func askedByAsk(_ server: DemoServer, _ inputs: Inputs) throws -> String? {
        let result = try Binary.run(
            ["ask"] + (try arguments(server, inputs)) + ["which model?"],
            environment: Binary.cleanEnvironment(["XDG_CONFIG_HOME": try configHome(inputs)]))
        XCTAssertEqual(result.status, 0, result.stderr)
        return server.chatRequests.last?.json["model"] as? String
    }

    /// The model the chat asked for, one prompt sent.
    private func askedByChat(_ server: DemoServer, _ inputs: Inputs) throws -> String? {
        let sent = server.chatRequests.count
        let terminal = try startTerminal(
            [Binary.url.path] + (try arguments(server, inputs)), columns: 120,
            environment: ["XDG_CONFIG_HOME": try configHome(inputs)])
        defer { terminal.close() }
        try terminal.waitFor("the chat") { self.statusLine($0).contains("ready") }
        try terminal.type("which model?")
        try terminal.press("Enter")
        try terminal.waitFor("the reply") { self.statusLine($0).contains("done") }
        XCTAssertEqual(server.chatRequests.count, sent + 1)
        return server.chatRequests.last?.json["model"] as? String
    }

    /// Asserts that the chat and `ask` both asked for `expected` given `inputs`.
    private func assertBothAsk(
        for expected: String, _ inputs: Inputs, server: DemoServer, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(try askedByAsk(server, inputs), expected, "ask", file: file, line: line)
        XCTAssertEqual(try askedByChat(server, inputs), expected, "chat", file: file, line: line)
    }

    func testBothTakeTheFlagOverTheConversationAndTheProfile() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        let inputs = Inputs(
            flags: ["--model", "flag-model"], config: Self.profile,
            resumed: EndpointInfo(baseURL: server.baseURL, model: "kept-model"))
        try assertBothAsk(for: "flag-model", inputs, server: server)
    }

    func testBothKeepTheModelOfAConversationResumedOnTheSameServerOverTheProfiles() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        let inputs = Inputs(config: Self.profile, resumed: EndpointInfo(baseURL: server.baseURL, model: "kept-model"))
        try assertBothAsk(for: "kept-model", inputs, server: server)
    }

    func testBothTakeTheProfilesModelForAConversationHeldWithAnotherServer() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        let inputs = Inputs(
            config: Self.profile, resumed: EndpointInfo(baseURL: "http://127.0.0.1:1/v1", model: "kept-model"))
        try assertBothAsk(for: "profile-model", inputs, server: server)
    }

    func testBothTakeTheServersFirstModelWhenNothingNamesOne() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        try assertBothAsk(for: "listed-model", Inputs(), server: server)
    }

    func testWhenTheServerListsNoModelBothSaySoInTheSameWordsAndSendNothing() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: ""))
        let wording = "no model to ask for: the server lists none; pass --model NAME"
        let ask = try Binary.run(["ask"] + (try arguments(server, Inputs())) + ["hello?"])
        XCTAssertEqual(ask.status, 1)
        XCTAssertEqual(ask.stderr, "chatterm: error: \(wording)\n")

        let terminal = try startTerminal([Binary.url.path] + (try arguments(server, Inputs())), columns: 120)
        try terminal.waitFor("the same words") { self.statusLine($0).contains(wording) }
        try terminal.type("hello?")
        try terminal.press("Enter")
        try terminal.waitFor("the refusal") {
            self.statusLine($0).contains("no model to ask for: /model NAME names one")
        }
        XCTAssertTrue(try terminal.screen().contains { $0.contains("hello?") }, "the prompt stays in the editor")
        XCTAssertTrue(server.chatRequests.isEmpty, "nothing was sent, by either")
    }
}
