import Benchmark
import ChatClient
import ChatCore
import Foundation

/// SSE parsing and chunk decoding of the recorded streams in `Streams/` (one per dialect; see
/// `Streams/record.py`), fed in 4 KB pieces as the HTTP client hands them over. Each iteration
/// reads one whole stream; the custom metrics give the budget's units (DESIGN.md § 6:
/// SSE parse throughput ≥ 200 MB/s).
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .megabytesPerSecond, .nanosecondsPerEvent],
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )
    for stream in RecordedStream.all {
        Benchmark("SSEParser \(stream.name)", configuration: configuration) { benchmark in
            let start = ContinuousClock.now
            var events = 0
            for _ in benchmark.scaledIterations {
                var parser = SSEParser()
                for piece in stream.pieces { events += parser.feed(piece).count }
                events += parser.finish().count
            }
            benchmark.report(bytes: stream.bytes.count * benchmark.scaledIterations.count, events: events, since: start)
        }
        Benchmark("SSEParser+ChunkDecoder \(stream.name)", configuration: configuration) { benchmark in
            let start = ContinuousClock.now
            let decoder = ChunkDecoder()
            var events = 0
            var decoded = 0
            for _ in benchmark.scaledIterations {
                var parser = SSEParser()
                for piece in stream.pieces {
                    for event in parser.feed(piece) {
                        events += 1
                        decoded += (try? decoder.decode(event).count) ?? 0
                    }
                }
            }
            blackHole(decoded)
            benchmark.report(bytes: stream.bytes.count * benchmark.scaledIterations.count, events: events, since: start)
        }
    }
}

/// A recorded stream and its 4 KB pieces.
struct RecordedStream: Sendable {
    let name: String
    let bytes: [UInt8]
    let pieces: [[UInt8]]

    static let all: [RecordedStream] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Streams").standardizedFileURL
        let names = ["openai", "chatglm3", "tgi", "ollama", "vllm", "llamacpp-cjk", "chatglm3-cjk"]
        return names.map { name in
            let url = folder.appendingPathComponent("\(name).sse")
            guard let data = try? Data(contentsOf: url) else { fatalError("cannot read \(url.path)") }
            let bytes = [UInt8](data)
            let pieces = stride(from: 0, to: bytes.count, by: 4_096).map {
                Array(bytes[$0..<min($0 + 4_096, bytes.count)])
            }
            return RecordedStream(name: name, bytes: bytes, pieces: pieces)
        }
    }()
}

extension BenchmarkMetric {
    static var megabytesPerSecond: BenchmarkMetric {
        .custom("Throughput (MB/s)", polarity: .prefersLarger, useScalingFactor: false)
    }
    static var nanosecondsPerEvent: BenchmarkMetric { .custom("Time per event (ns)", useScalingFactor: false) }
}

extension Benchmark {
    /// Records this iteration batch's throughput and time per event.
    func report(bytes: Int, events: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        measurement(.megabytesPerSecond, Int(Double(bytes) / 1e6 / (nanoseconds / 1e9)))
        measurement(.nanosecondsPerEvent, Int(nanoseconds / Double(max(events, 1))))
    }
}
