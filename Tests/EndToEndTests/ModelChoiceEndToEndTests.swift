import ChatCore
import ChatStore
import DemoServer
import Foundation
import TestSupport
import XCTest

/// The chat and `ask` pick the same model for the same inputs (README, "Which model"): the
/// flag, then a resumed conversation's model when it was held with the same server, then the
/// profile's, then the server's first, else the same words saying there is none; `probe`, which
/// resumes nothing, picks by the same rule. The real binary is asked each way, and the
/// DemoServer records which model each request named.
final class ModelChoiceEndToEndTests: DemoServerTestCase {
    /// One set of inputs: flags, a configuration file, a conversation to resume.
    private struct Inputs {
        var flags: [String] = []
        var config: String?
        /// Where the resumed conversation was held and with which model; nil: nothing resumed.
        var resumed: EndpointInfo?
        /// Where a saved conversation that the chat opens (not resumes) was held, and with which
        /// model.
        var opened: EndpointInfo?
    }

    private static let profile = """
        default_profile = "work"
        [profiles.work]
        model = "profile-model"
        """

    /// The command line after `chatterm` or `chatterm ask`, with a fresh data folder that holds
    /// the conversation to resume, if any.
    private func arguments(_ server: DemoServer, _ inputs: Inputs) throws -> [String] {
        let directory = Binary.temporaryDataDirectory(for: self)
        var arguments = ["--data-dir", directory, "--base-url", server.baseURL, "--warmup", "never"] + inputs.flags
        if let held = inputs.resumed ?? inputs.opened {
            let earlier = Conversation(
                title: "earlier", endpoint: held,
                messages: [Message(role: .user, content: "q"), Message(role: .assistant, content: "a")])
            try ConversationStore(directory: DataDirectory(path: directory)).save(earlier)
        }
        if inputs.resumed != nil { arguments += ["--resume", "last"] }
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
        try terminal.waitForReady()
        try terminal.type("which model?")
        try terminal.press("Enter")
        try terminal.waitForStatus("done")
        XCTAssertEqual(server.chatRequests.count, sent + 1)
        return server.chatRequests.last?.json["model"] as? String
    }

    /// The models `probe` asked for, warm-up included.
    private func askedByProbe(_ server: DemoServer, _ inputs: Inputs) throws -> Set<String> {
        let earlier = server.requests.count
        let result = try Binary.run(
            ["probe", "--requests", "1", "--base-url", server.baseURL] + inputs.flags,
            environment: Binary.cleanEnvironment(["XDG_CONFIG_HOME": try configHome(inputs)]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let posts = server.requests.dropFirst(earlier).filter { $0.path == "/v1/chat/completions" }
        XCTAssertEqual(posts.count, 5, "a warm-up and four prompts")
        return Set(posts.compactMap { $0.json["model"] as? String })
    }

    /// The model the chat asked for after opening the saved conversation, with `/open last` or
    /// from the history browser's viewer (Ctrl-O, Enter, c), one prompt sent; and what the status
    /// bar said on opening it.
    private func askedAfterOpening(_ server: DemoServer, _ inputs: Inputs, fromViewer: Bool = false) throws -> (
        model: String?, notice: String
    ) {
        let terminal = try startTerminal(
            [Binary.url.path] + (try arguments(server, inputs)), columns: 160,
            environment: ["XDG_CONFIG_HOME": try configHome(inputs)])
        defer { terminal.close() }
        try terminal.waitForReady()
        if fromViewer {
            try terminal.press("C-o")
            try terminal.waitFor("the browser") { $0.contains { $0.contains("earlier") } }
            try terminal.press("Enter")
            try terminal.waitForStatus("read-only")
            try terminal.type("c")
        } else {
            try terminal.enter("/open last")
        }
        let notice = try terminal.waitForStatus("continuing “earlier”").statusLine
        try terminal.enter("which model?")
        try terminal.waitForStatus("done")
        return (server.chatRequests.last?.json["model"] as? String, notice)
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

    func testOpeningAConversationHeldWithThisServerTakesItsModelAsResumingItWouldAndSaysSo() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        let inputs = Inputs(config: Self.profile, opened: EndpointInfo(baseURL: server.baseURL, model: "kept-model"))
        for fromViewer in [false, true] {
            let (model, notice) = try askedAfterOpening(server, inputs, fromViewer: fromViewer)
            XCTAssertEqual(model, "kept-model", "from the viewer: \(fromViewer)")
            XCTAssertTrue(notice.contains("continuing “earlier” · model: kept-model"), notice)
        }
    }

    func testOpeningAConversationKeepsTheFlagsModel() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        let inputs = Inputs(
            flags: ["--model", "flag-model"], config: Self.profile,
            opened: EndpointInfo(baseURL: server.baseURL, model: "kept-model"))
        let (model, notice) = try askedAfterOpening(server, inputs)
        XCTAssertEqual(model, "flag-model")
        XCTAssertFalse(notice.contains("model:"), notice)
    }

    func testOpeningAConversationHeldWithAnotherServerKeepsTheModelInUse() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        let inputs = Inputs(
            config: Self.profile, opened: EndpointInfo(baseURL: "http://127.0.0.1:1/v1", model: "kept-model"))
        let (model, notice) = try askedAfterOpening(server, inputs, fromViewer: true)
        XCTAssertEqual(model, "profile-model")
        XCTAssertFalse(notice.contains("model:"), notice)
    }

    func testProbeTakesTheFlagOverTheProfileAndTheProfileOverTheServersFirst() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: "listed-model"))
        let flagged = Inputs(flags: ["--model", "flag-model"], config: Self.profile)
        XCTAssertEqual(try askedByProbe(server, flagged), ["flag-model"])
        XCTAssertEqual(try askedByProbe(server, Inputs(config: Self.profile)), ["profile-model"])
        XCTAssertEqual(try askedByProbe(server, Inputs()), ["listed-model"])
    }

    func testWhenTheServerListsNoModelAllSaySoInTheSameWordsAndSendNothing() async throws {
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 0, model: ""))
        let wording = "no model to ask for: the server lists none; pass --model NAME"
        let ask = try Binary.run(["ask"] + (try arguments(server, Inputs())) + ["hello?"])
        XCTAssertEqual(ask.status, 1)
        XCTAssertEqual(ask.stderr, "chatterm: error: \(wording)\n")
        let probe = try Binary.run(["probe", "--requests", "1", "--base-url", server.baseURL])
        XCTAssertEqual(probe.status, 1)
        XCTAssertEqual(probe.stderr, "chatterm: error: \(wording)\n")

        let terminal = try startTerminal([Binary.url.path] + (try arguments(server, Inputs())), columns: 120)
        try terminal.waitForStatus(wording)
        try terminal.type("hello?")
        try terminal.press("Enter")
        try terminal.waitForStatus("no model to ask for: /model NAME names one")
        XCTAssertTrue(try terminal.screen().contains { $0.contains("hello?") }, "the prompt stays in the editor")
        XCTAssertFalse(server.requests.contains { $0.method == "POST" }, "nothing was sent, by any")
    }
}
