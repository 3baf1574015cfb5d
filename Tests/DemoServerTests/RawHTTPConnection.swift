import DemoServer
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// One HTTP/1.1 connection over a plain socket, for tests that check the bytes on the wire: the response head
/// as sent, the chunked framing, and what the server does to the connection afterwards.
///
/// Every read waits at most ``readTimeout`` seconds (a watchdog, never a way to wait for something), so a
/// server that stays silent fails the test instead of hanging it.
final class RawHTTPConnection {
    /// One response as it came over the wire.
    struct Response {
        /// The status line and header lines, without the blank line that ends them.
        var head: String
        /// The body bytes exactly as sent: chunk-size lines and all, for a chunked body.
        var wireBody: [UInt8]
        /// The body with any chunked framing removed.
        var body: [UInt8]

        /// The status code.
        var status: Int? { head.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        /// The body decoded as UTF-8.
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The first value of the header `name`, compared case-insensitively.
        func header(_ name: String) -> String? {
            for line in head.components(separatedBy: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The longest a read waits for bytes.
    static let readTimeout = 10

    private let socketDescriptor: Int32
    private var received: [UInt8] = []
    private var isAtEnd = false

    /// Connects to `127.0.0.1:port`.
    init(port: Int) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: Self.readTimeout, tv_usec: 0)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socketDescriptor)
            throw Failure(description: "connect() failed: errno \(errno)")
        }
    }

    deinit {
        close(socketDescriptor)
    }

    /// Sends `bytes` whole.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw Failure(description: "send() failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends a `POST /v1/chat/completions` with `body` as its JSON, kept alive.
    func sendChatRequest(_ body: [String: Any], headers: [(String, String)] = []) throws {
        let json = try JSONSerialization.data(withJSONObject: body)
        var head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        for (name, value) in headers {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(json.count)\r\n\r\n"
        try send(Array(head.utf8) + Array(json))
    }

    /// Sends a chat request for `prompt`; `extra` is merged into the JSON body.
    func sendChatRequest(prompt: String, stream: Bool, extra: [String: Any] = [:]) throws {
        var body: [String: Any] = [
            "model": "demo-model", "messages": [["role": "user", "content": prompt]], "stream": stream,
        ]
        body.merge(extra) { _, new in new }
        try sendChatRequest(body)
    }

    /// Reads one whole response: the head, then a body of `content-length` bytes or a chunked body up to its
    /// last chunk.
    func readResponse() throws -> Response {
        let headBytes = take(try readUntil(Array("\r\n\r\n".utf8)))
        var response = Response(head: String(decoding: headBytes.dropLast(4), as: UTF8.self), wireBody: [], body: [])
        if let length = response.header("content-length").flatMap({ Int($0) }) {
            try readAtLeast(length)
            response.wireBody = take(length)
            response.body = response.wireBody
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            while true {
                let sizeLineEnd = try readUntil(Array("\r\n".utf8))
                let sizeLine = take(sizeLineEnd)
                response.wireBody += sizeLine
                guard let size = Int(String(decoding: sizeLine.dropLast(2), as: UTF8.self), radix: 16) else {
                    throw Failure(description: "bad chunk size line \(sizeLine)")
                }
                try readAtLeast(size + 2)
                let chunk = take(size + 2)
                response.wireBody += chunk
                response.body += chunk.dropLast(2)
                if size == 0 { break }
            }
        }
        return response
    }

    /// Closes the connection in both directions, as a client that gives up does.
    func disconnect() {
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
    }

    /// Reads until the server closes the connection; returns the bytes that came before the end.
    func readToEnd() throws -> [UInt8] {
        while !isAtEnd {
            try receive()
        }
        return take(received.count)
    }

    /// Whether no byte arrives within `seconds`: for asserting silence only.
    func staysSilent(for seconds: Double) -> Bool {
        var poller = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
        return received.isEmpty && poll(&poller, 1, Int32(seconds * 1000)) == 0
    }

    /// Receives what is there, waiting for at least one byte or the end.
    private func receive() throws {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(socketDescriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            received += buffer[..<count]
        } else if count == 0 {
            isAtEnd = true
        } else {
            throw Failure(description: "recv() failed or timed out: errno \(errno)")
        }
    }

    /// Receives until `needle` is in the buffer; returns the offset just past its first occurrence.
    private func readUntil(_ needle: [UInt8]) throws -> Int {
        var searchFrom = 0
        while true {
            if received.count >= needle.count {
                for start in searchFrom...(received.count - needle.count)
                where received[start..<(start + needle.count)].elementsEqual(needle) {
                    return start + needle.count
                }
                searchFrom = received.count - needle.count + 1
            }
            guard !isAtEnd else { throw Failure(description: "the connection ended before \(needle)") }
            try receive()
        }
    }

    /// Receives until at least `count` bytes are buffered.
    private func readAtLeast(_ count: Int) throws {
        while received.count < count {
            guard !isAtEnd else { throw Failure(description: "the connection ended early") }
            try receive()
        }
    }

    /// Removes and returns the first `count` buffered bytes.
    private func take(_ count: Int) -> [UInt8] {
        defer { received.removeFirst(count) }
        return Array(received[..<count])
    }
}
