import ChatClient
import Foundation
import FuzzDriver

/// Input: one byte that seeds the chunk sizes, then an SSE body. Feeds the body to `SSEParser`
/// whole and again in pieces of 1 to 16 bytes, checks that both give the same events (a read
/// boundary must never change the stream), and decodes each event with `ChunkDecoder`.
func fuzzSSE(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    var state = UInt64(input[0]) &* 0x9E37_79B9_7F4A_7C15 | 1
    let body = UnsafeRawBufferPointer(rebasing: input[1...])

    var whole = SSEParser()
    var expected = whole.feed(body)
    expected += whole.finish()

    var pieces = SSEParser()
    var events: [SSEEvent] = []
    var start = 0
    while start < body.count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        let end = min(body.count, start + 1 + Int(state % 16))
        events += pieces.feed(UnsafeRawBufferPointer(rebasing: body[start..<end]))
        start = end
    }
    events += pieces.finish()
    if events != expected {
        fatalError("\(events.count) events in pieces, \(expected.count) whole")
    }
    if pieces.commentCount != whole.commentCount {
        fatalError("\(pieces.commentCount) comments in pieces, \(whole.commentCount) whole")
    }

    let decoder = ChunkDecoder()
    for event in events {
        _ = try? decoder.decode(event)
    }
    return 0
}

runFuzzer(fuzzSSE)
