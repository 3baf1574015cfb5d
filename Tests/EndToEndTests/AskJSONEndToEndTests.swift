import ChatCore
import DemoServer
import Foundation
import TestSupport
import XCTest

@testable import ChatStore

/// `chatterm ask --json`: one object on stdout at the end, every key always there, with the
/// types `ask --help` documents.
final class AskJSONEndToEndTests: DemoServerTestCase {
    /// The JSON type of each key of `value` (an object), or nil for anything else.
    private func shape(_ value: JSONValue?) -> [String: String]? {
        guard case .object(let fields) = value else { return nil }
        return fields.mapValues { field in
            switch field {
            case .null: return "null"
            case .bool: return "boolean"
            case .int, .unsigned, .double: return "number"
            case .string: return "string"
            case .array: return "array"
            case .object: return "object"
            }
        }
    }

    /// Stdout as one JSON object, failing the test unless it is exactly that.
    private func object(_ stdout: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String:
        JSONValue]
    {
        XCTAssertTrue(
            stdout.hasPrefix("{") && stdout.hasSuffix("}\n"), "one object:\n\(stdout)", file: file, line: line)
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(stdout.utf8))
        guard case .object(let fields) = value else {
            XCTFail("not an object: \(stdout)", file: file, line: line)
            return [:]
        }
        return fields
    }

    private static let topLevelShape = [
        "status": "string", "exitStatus": "number", "reply": "string", "reasoning": "string", "model": "string",
        "finishReason": "string", "conversationId": "string", "stats": "object", "error": "object",
    ]

    private static let statsShape = [
        "attempts": "number", "warmup": "boolean", "fallback": "boolean", "ttftMs": "number", "durationMs": "number",
        "completionTokens": "number", "tokensPerSecond": "number",
    ]

    func testJSONPrintsOneObjectWithTheReplyTheFiguresAndTheSavedConversationsId() async throws {
        // Paced, so that the reply lasts long enough to have a rate.
        let server = try await serve(DemoServerConfiguration(tokensPerSecond: 400))
        let directory = Binary.temporaryDataDirectory(for: self)
        let result = try Binary.run([
            "ask", "--json", "--save", "--data-dir", directory, "--base-url", server.baseURL, "--model", "m",
            "--warmup", "never", "what is this?",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let fields = try object(result.stdout)
        var expected = Self.topLevelShape
        expected["reasoning"] = "null"
        expected["error"] = "null"
        XCTAssertEqual(shape(.object(fields)), expected)
        XCTAssertEqual(shape(fields["stats"]), Self.statsShape)
        let saved = try XCTUnwrap(ConversationStore(directory: DataDirectory(path: directory)).list().summaries.first)
        XCTAssertEqual(fields["conversationId"], .string(saved.id))
        XCTAssertEqual(fields["status"], .string("complete"))
        XCTAssertEqual(fields["exitStatus"], .int(0))
        XCTAssertEqual(fields["reply"], .string(DemoServer.replyText(forPrompt: "what is this?")))
        XCTAssertEqual(fields["model"], .string("m"))
        XCTAssertEqual(fields["finishReason"], .string("stop"))
        guard case .object(let stats) = fields["stats"] else { return XCTFail("no stats") }
        XCTAssertEqual(stats["attempts"], .int(1))
        XCTAssertEqual(stats["warmup"], .bool(false))
        XCTAssertEqual(stats["fallback"], .bool(false))
        XCTAssertTrue(result.stderr.contains("done"), "progress still goes to stderr: \(result.stderr)")
    }

    func testJSONCarriesTheReasoningApartFromTheReply() async throws {
        let server = try await serve(
            DemoServerConfiguration(tokensPerSecond: 0, cannedReply: "<think>weighing it up</think>Forty-two."))
        let result = try Binary.run([
            "ask", "--json", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "the answer?",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let fields = try object(result.stdout)
        XCTAssertEqual(fields["reasoning"], .string("weighing it up"))
        XCTAssertEqual(fields["reply"], .string("Forty-two."))
        XCTAssertEqual(fields["conversationId"], .null, "not saved")
    }

    func testJSONReportsAServerErrorWithItsCategoryAndKeepsTheExitStatus() async throws {
        let server = try await serve(.fast(.httpError))
        let result = try Binary.run([
            "ask", "--json", "--base-url", server.baseURL, "--model", "m", "--warmup", "never", "--retries", "0", "x",
        ])
        XCTAssertEqual(result.status, 3, result.stderr)
        let fields = try object(result.stdout)
        var expected = Self.topLevelShape
        expected["reasoning"] = "null"
        expected["finishReason"] = "null"
        expected["conversationId"] = "null"
        XCTAssertEqual(shape(.object(fields)), expected)
        XCTAssertEqual(shape(fields["error"]), ["category": "string", "message": "string"])
        XCTAssertEqual(fields["status"], .string("failed"))
        XCTAssertEqual(fields["exitStatus"], .int(3))
        XCTAssertEqual(fields["reply"], .string(""))
        guard case .object(let error) = fields["error"], case .string(let message) = error["message"] else {
            return XCTFail("no error message")
        }
        XCTAssertEqual(error["category"], .string("server"))
        XCTAssertTrue(message.hasPrefix("HTTP 500"), message)
        guard case .object(let stats) = fields["stats"] else { return XCTFail("no stats") }
        XCTAssertEqual(stats["attempts"], .int(1))
    }

    func testJSONReportsAMissingPromptWithoutStats() throws {
        let result = try Binary.run(["ask", "--json"], stdin: "  \n")
        XCTAssertEqual(result.status, 64)
        let fields = try object(result.stdout)
        var expected = Self.topLevelShape
        for key in ["reasoning", "model", "finishReason", "conversationId", "stats"] { expected[key] = "null" }
        XCTAssertEqual(shape(.object(fields)), expected)
        XCTAssertEqual(fields["status"], .string("failed"))
        XCTAssertEqual(fields["exitStatus"], .int(64))
        guard case .object(let error) = fields["error"] else { return XCTFail("no error") }
        XCTAssertEqual(error["category"], .string("usage"))
        XCTAssertEqual(result.stderr, "chatterm: the prompt read from standard input is empty\n")
    }
}
