import ChatCore

/// An incremental parser for `text/event-stream` bodies, following the WHATWG rules: LF, CR and
/// CRLF line ends (a CRLF may be split across reads), comment lines, multi-line `data`, the
/// `event`, `id` and `retry` fields, an optional space after the colon and a leading BOM.
///
/// It works on bytes and decodes a line only once it is complete, so a UTF-8 character split
/// across reads is never broken. Written by hand because no listed package parses SSE on Linux
/// at speed (DESIGN.md §4).
///
/// One deliberate leniency: `finish()` dispatches an event that the stream ended without its
/// blank line (servers that send `data: [DONE]` and close), where the spec would drop it.
///
/// It never holds more than its limits (`ResponseLimits.lineBytes`, `eventBytes`): a line or an
/// event that would cross one sets `error`, and the parser reads nothing more. The events that
/// were complete before it are still returned.
public struct SSEParser: Sendable {
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D
    private static let colon: UInt8 = 0x3A
    private static let space: UInt8 = 0x20
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    private let limits: ResponseLimits
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: String?
    private var lastEventID: String?
    private var retry: Int?
    private var skipLF = false
    private var bomMatched = 0
    private var bomDone = false

    /// Comment lines seen so far (keep-alive pings); useful to tell a live stream from a dead one.
    public private(set) var commentCount = 0
    /// The bound the stream crossed (a line or an event too large), after which nothing more is
    /// parsed.
    public private(set) var error: ChatError?

    public init(limits: ResponseLimits = .standard) {
        self.limits = limits
    }

    /// Feeds the next bytes of the body and returns the events they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [SSEEvent] {
        var events: [SSEEvent] = []
        guard error == nil else { return events }
        var start = 0
        let count = bytes.count
        if !bomDone {
            while start < count && !bomDone {
                if bytes[start] == Self.bom[bomMatched] {
                    bomMatched += 1
                    start += 1
                    if bomMatched == Self.bom.count { bomDone = true }
                } else {
                    bomDone = true
                    line.append(contentsOf: Self.bom[0..<bomMatched])
                }
            }
        }
        var index = start
        while index < count {
            if skipLF {
                skipLF = false
                if bytes[index] == Self.lf {
                    index += 1
                    continue
                }
            }
            var end = index
            while end < count {
                let byte = bytes[end]
                if byte == Self.lf || byte == Self.cr { break }
                end += 1
            }
            if line.count + (end - index) > limits.lineBytes {
                stop(limits.lineTooLong)
                return events
            }
            if end == count {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<count]))
                break
            }
            if line.isEmpty {
                processLine(UnsafeRawBufferPointer(rebasing: bytes[index..<end]), into: &events)
            } else {
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
                let complete = line
                line.removeAll(keepingCapacity: true)
                complete.withUnsafeBytes { processLine($0, into: &events) }
            }
            if error != nil { return events }
            if bytes[end] == Self.cr { skipLF = true }
            index = end + 1
        }
        return events
    }

    /// Feeds bytes from any collection (convenience for tests and small inputs).
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [SSEEvent] {
        let array = Array(bytes)
        return array.withUnsafeBytes { feed($0) }
    }

    /// Ends the stream: a last line without its line end is taken as complete, and an event
    /// without its closing blank line is dispatched (see the type's note on leniency).
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        guard error == nil else { return events }
        if !bomDone && bomMatched > 0 {
            line.append(contentsOf: Self.bom[0..<bomMatched])
        }
        bomDone = true
        if !line.isEmpty {
            let complete = line
            line.removeAll()
            complete.withUnsafeBytes { processLine($0, into: &events) }
        }
        dispatch(into: &events)
        return events
    }

    private mutating func processLine(_ line: UnsafeRawBufferPointer, into events: inout [SSEEvent]) {
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == Self.colon {
            commentCount += 1
            return
        }
        var colonIndex = line.count
        for i in 0..<line.count where line[i] == Self.colon {
            colonIndex = i
            break
        }
        let name = UnsafeRawBufferPointer(rebasing: line[0..<colonIndex])
        var valueStart = Swift.min(colonIndex + 1, line.count)
        if valueStart < line.count && line[valueStart] == Self.space { valueStart += 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<line.count])
        if Self.equals(name, "data") {
            guard data.count + value.count <= limits.eventBytes else {
                stop(limits.eventTooLarge)
                return
            }
            data.append(contentsOf: value)
            data.append(Self.lf)
            hasData = true
        } else if Self.equals(name, "event") {
            eventType = String(decoding: value, as: UTF8.self)
        } else if Self.equals(name, "id") {
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        } else if Self.equals(name, "retry") {
            if !value.isEmpty && value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                retry = Int(String(decoding: value, as: UTF8.self))
            }
        }
    }

    /// Records the bound that was crossed and lets go of what was buffered.
    private mutating func stop(_ bound: ChatError) {
        error = bound
        line = []
        data = []
        hasData = false
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            eventType = nil
            retry = nil
        }
        guard hasData else { return }
        data.removeLast()
        let text = String(decoding: data, as: UTF8.self)
        data.removeAll(keepingCapacity: true)
        hasData = false
        events.append(SSEEvent(type: eventType ?? "message", data: text, id: lastEventID, retry: retry))
    }

    private static func equals(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        guard bytes.count == name.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return bytes.elementsEqual(expected)
    }
}
