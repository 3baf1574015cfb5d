import AsyncHTTPClient
import DemoServer
import Foundation
import XCTest

/// One HTTP exchange as the client saw it: status, headers and the body chunks in order of arrival.
struct Exchange {
    var status: UInt
    var headers: [(String, String)]
    var chunks: [[UInt8]]
    /// The error that ended the body, if it did not end cleanly.
    var bodyError: (any Error)?

    var body: [UInt8] { chunks.flatMap { $0 } }
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any], "body: \(text)")
    }

    /// The stream parsed naively: events split on blank lines, `data:` payloads in order (comments skipped).
    var dataPayloads: [String] { NaiveSSE.dataPayloads(text) }

    /// The JSON chunks of the stream, `[DONE]` excluded.
    func chunkObjects() throws -> [[String: Any]] {
        try dataPayloads.filter { $0 != "[DONE]" }.map { payload in
            try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any], "payload: \(payload)")
        }
    }

    /// The `delta.content` of every chunk that has one, in order.
    func contentTokens() throws -> [String] {
        try chunkObjects().compactMap { chunk in
            let choices = chunk["choices"] as? [[String: Any]]
            let delta = choices?.first?["delta"] as? [String: Any]
            return delta?["content"] as? String
        }
    }
}

/// A deliberately simple SSE reader, independent of the server's writer.
enum NaiveSSE {
    /// The events of `text`: CRLF normalised to LF, then split on blank lines.
    static func events(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .filter { !$0.isEmpty }
    }

    /// The `data` payloads of all events, with the optional space after the colon removed.
    static func dataPayloads(_ text: String) -> [String] {
        events(text).flatMap { event in
            event.components(separatedBy: "\n").compactMap { line -> String? in
                guard line.hasPrefix("data:") else { return nil }
                let payload = line.dropFirst("data:".count)
                return String(payload.hasPrefix(" ") ? payload.dropFirst() : payload)
            }
        }
    }

    /// The comment lines (`: …`) of all events.
    static func comments(_ text: String) -> [String] {
        events(text).flatMap { event in
            event.components(separatedBy: "\n").filter { $0.hasPrefix(":") }
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the bytes.
    func containsSequence(_ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { start in
            self[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}

struct TimedOut: Error {}

/// A chat-completions request for `prompt`; `extra` is merged into the JSON body.
func chatRequest(
    _ server: DemoServer,
    prompt: String,
    stream: Bool,
    extra: [String: Any] = [:],
    headers: [(String, String)] = []
) throws -> HTTPClientRequest {
    var object: [String: Any] = [
        "model": "demo-model",
        "messages": [["role": "user", "content": prompt]],
        "stream": stream,
    ]
    object.merge(extra) { _, new in new }
    return rawRequest(
        server, path: "/chat/completions", method: "POST",
        body: Array(try JSONSerialization.data(withJSONObject: object)), headers: headers)
}

/// A request to `server.baseURL + path`.
func rawRequest(
    _ server: DemoServer,
    path: String,
    method: String = "GET",
    body: [UInt8]? = nil,
    headers: [(String, String)] = []
) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: server.baseURL + path)
    request.method = .init(rawValue: method)
    if let body {
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(body)
    }
    for (name, value) in headers {
        request.headers.add(name: name, value: value)
    }
    return request
}

/// Executes `request` and reads the whole body, recording how it ended.
func exchange(_ client: HTTPClient, _ request: HTTPClientRequest) async throws -> Exchange {
    let response = try await client.execute(request, timeout: .seconds(30))
    var result = Exchange(
        status: response.status.code,
        headers: response.headers.map { ($0.name, $0.value) },
        chunks: [],
        bodyError: nil
    )
    do {
        for try await buffer in response.body {
            result.chunks.append(Array(buffer.readableBytesView))
        }
    } catch {
        result.bodyError = error
    }
    return result
}

extension XCTestCase {
    /// Starts a server with `configuration` and a client, runs `body`, then shuts both down.
    func withDemoServer(
        _ configuration: DemoServerConfiguration = .init(tokensPerSecond: 0),
        _ body: (DemoServer, HTTPClient) async throws -> Void
    ) async throws {
        let server = DemoServer(configuration: configuration)
        try await server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await body(server, client)
        } catch {
            try? await client.shutdown()
            try? await server.shutdown()
            throw error
        }
        try await client.shutdown()
        try await server.shutdown()
    }

    /// Runs `operation`, failing with ``TimedOut`` if it takes longer than `seconds` (a watchdog against hangs,
    /// never used to wait for something to happen).
    func withTimeout<T: Sendable>(
        _ seconds: Double = 10, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                throw TimedOut()
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }
}
