import ChatCore
import DemoServer
import TestSupport
import XCTest

@testable import ChatClient

/// Every bound on what is read from the network, against the DemoServer's hostile kinds over
/// loopback: the request ends with the bound's message, after the text that came before it.
final class ResponseLimitsLoopbackTests: DemoServerTestCase {
    /// What a request delivered before it ended, and the error it ended with.
    private struct Outcome {
        var events: [StreamEvent] = []
        var error: ChatError?

        var content: String {
            events.compactMap { if case .content(let text) = $0 { return text } else { return nil } }.joined()
        }
    }

    private func send(
        _ server: DemoServer, stream: Bool = true, limits: ResponseLimits = .standard
    ) async throws -> Outcome {
        let transport = HTTPChatTransport(endpoint: try Endpoint(baseURL: server.baseURL), limits: limits)
        let request = ChatRequest(model: "demo-model", messages: [.init(role: .user, content: "Hi")], stream: stream)
        var outcome = Outcome()
        do {
            for try await event in transport.send(request) { outcome.events.append(event) }
        } catch let error as ChatError {
            outcome.error = error
        }
        return outcome
    }

    private let tokens = DemoServer.replyTokens(forPrompt: "Hi")

    func testALineWithoutEndStopsAtFourMebibytesWithTheBoundsMessage() async throws {
        let outcome = try await send(try await serve(fault: "endless-line"))
        XCTAssertEqual(outcome.error, .malformed("the server sent a line longer than 4 MiB without ending it"))
        XCTAssertEqual(outcome.content, "")
    }

    func testTheTextBeforeAnEndlessLineIsDeliveredBeforeTheError() async throws {
        let outcome = try await send(try await serve(fault: "endless-line:3"))
        XCTAssertEqual(outcome.content, tokens.prefix(3).joined())
        XCTAssertEqual(outcome.error, ResponseLimits.standard.lineTooLong)
    }

    func testDataLinesWithoutTheBlankLineStopAtFourMebibytesAsAnEventTooLarge() async throws {
        let outcome = try await send(try await serve(fault: "endless-event:2"))
        XCTAssertEqual(outcome.content, tokens.prefix(2).joined())
        XCTAssertEqual(outcome.error, .malformed("the server sent an event larger than 4 MiB without ending it"))
    }

    func testAGiantEventPastTheBoundEndsTheReplyAfterTheTextBeforeIt() async throws {
        let outcome = try await send(try await serve(fault: "giant-event:8"))
        XCTAssertEqual(outcome.content, tokens.prefix(5).joined())
        XCTAssertEqual(outcome.error, ResponseLimits.standard.lineTooLong)
    }

    func testAnEventWithinTheBoundIsDeliveredWhole() async throws {
        let outcome = try await send(try await serve(fault: "giant-event:2"))
        XCTAssertNil(outcome.error)
        var expected = tokens
        expected.insert(String(repeating: "x", count: 2 * 1024 * 1024), at: 5)
        XCTAssertEqual(outcome.content, expected.joined())
        XCTAssertEqual(outcome.events.last, .done)
    }

    func testAReplyThatNeverStopsEndsAtTheReplyBoundWithWhatCameWithinIt() async throws {
        let limits = ResponseLimits(replyBytes: 3 * 1024 * 1024)
        let outcome = try await send(try await serve(fault: "endless-reply"), limits: limits)
        XCTAssertEqual(outcome.error, .malformed("the reply is larger than 3 MiB"))
        XCTAssertEqual(outcome.content, String(repeating: "x", count: 3 * 1024 * 1024))
    }

    func testTheStandardReplyBoundIsSixtyFourMebibytes() async throws {
        let outcome = try await send(try await serve(fault: "endless-reply"))
        XCTAssertEqual(outcome.error, .malformed("the reply is larger than 64 MiB"))
        XCTAssertEqual(outcome.content.utf8.count, 64 * 1024 * 1024)
    }

    func testANonStreamingReplyPastTheReplyBoundFails() async throws {
        let server = try await serve(.fast(cannedReply: String(repeating: "long reply ", count: 200)))
        let outcome = try await send(server, stream: false, limits: ResponseLimits(replyBytes: 1024))
        XCTAssertEqual(outcome.error, .malformed("the reply is larger than 1 KiB"))
    }

    func testAnErrorBodyIsReadOnlyUpToItsBound() async throws {
        let limits = ResponseLimits(errorBodyBytes: 12)
        let outcome = try await send(try await serve(fault: "status:503"), limits: limits)
        XCTAssertEqual(outcome.error, .http(status: 503, message: #"{"error":{"c"#), "the first 12 bytes")
    }

    func testAResponseHeadPastEightyKibibytesIsAnOversizedResponseNotAConnectionFailure() async throws {
        for stream in [true, false] {
            let outcome = try await send(try await serve(fault: "huge-head"), stream: stream)
            XCTAssertEqual(outcome.error, .malformed("the server sent a response head larger than 80 KiB"))
            XCTAssertEqual(outcome.error?.category, .malformed)
        }
    }
}
