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

/// A response whose body is read in the background while the test watches the bytes arrive: for streams that
/// hang, trickle or never end, which ``exchange(_:_:)`` would wait on forever.
final class LiveResponse: @unchecked Sendable {
    let status: UInt
    let headers: [(String, String)]
    private let lock = NSLock()
    private var receivedChunks: [[UInt8]] = []
    private var hasEnded = false
    private var reader: Task<Void, Never>?

    private init(status: UInt, headers: [(String, String)]) {
        self.status = status
        self.headers = headers
    }

    /// Executes `request` and, once the response head is in, starts reading the body.
    static func start(_ client: HTTPClient, _ request: HTTPClientRequest) async throws -> LiveResponse {
        let response = try await client.execute(request, timeout: .seconds(30))
        let live = LiveResponse(status: response.status.code, headers: response.headers.map { ($0.name, $0.value) })
        let body = response.body
        live.reader = Task { await live.read(body) }
        return live
    }

    /// The first value of the header `name`, compared case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body chunks received so far.
    var chunks: [[UInt8]] { lock.withLock { receivedChunks } }
    /// The body received so far, decoded as UTF-8.
    var text: String { String(decoding: chunks.flatMap { $0 }, as: UTF8.self) }
    /// Whether the body has ended, cleanly or not.
    var isEnded: Bool { lock.withLock { hasEnded } }

    /// Polls until `condition` holds, failing with ``TimedOut`` after `timeout` seconds.
    func waitUntil(timeout: Double = 5, _ condition: (LiveResponse) -> Bool) async throws {
        try await eventually(timeout: timeout) { condition(self) }
    }

    /// Stops reading, which makes the client close the connection, and waits for the reader to finish.
    func cancel() async {
        reader?.cancel()
        await reader?.value
    }

    private func read(_ body: HTTPClientResponse.Body) async {
        do {
            for try await buffer in body {
                lock.withLock { receivedChunks.append(Array(buffer.readableBytesView)) }
            }
        } catch {
            // A cut-short body ends the reading just the same.
        }
        lock.withLock { hasEnded = true }
    }
}

/// Polls `condition` every couple of milliseconds until it holds, failing with ``TimedOut`` after `timeout`
/// seconds: waiting for something the server does on its own time, without guessing how long it takes.
func eventually(timeout: Double = 5, _ condition: () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        guard Date() < deadline else { throw TimedOut() }
        try await Task.sleep(nanoseconds: 2_000_000)
    }
}

/// Watches for `seconds` and returns: the window in which a test checks that nothing arrives. Only for
/// asserting silence, never to wait for something to happen.
func observeSilence(for seconds: Double = 0.15) async throws {
    try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
}

extension Exchange {
    /// The offsets in ``body`` at which one received chunk ends and the next begins.
    ///
    /// The client may split one server write into several chunks (a TCP read can end anywhere) but never merges
    /// two: every end of a server write is one of these offsets.
    var chunkBoundaries: Set<Int> {
        var boundaries = Set<Int>()
        var offset = 0
        for chunk in chunks.dropLast() {
            offset += chunk.count
            boundaries.insert(offset)
        }
        return boundaries
    }

    /// The offsets of ``chunkBoundaries`` that fall inside a multi-byte UTF-8 character.
    var boundariesInsideCharacters: [Int] {
        let body = body
        return chunkBoundaries.filter { (0x80...0xBF).contains(body[$0]) }.sorted()
    }

    /// The `data` payloads that are not JSON objects (and not `[DONE]`).
    var nonJSONPayloads: [String] {
        dataPayloads.filter { payload in
            payload != "[DONE]" && (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) == nil
        }
    }

    /// The `error` object of a JSON error body.
    func errorObject() throws -> [String: Any] {
        try XCTUnwrap(try json()["error"] as? [String: Any], "body: \(text)")
    }
}
