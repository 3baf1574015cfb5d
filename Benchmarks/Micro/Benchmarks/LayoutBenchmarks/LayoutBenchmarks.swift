import Benchmark
import ChatCore
import ChatTUI
import Foundation

/// Laying out a 10,000-message conversation (wrapping and Markdown rendering) at 100 columns,
/// the incremental update that every frame of a streaming reply makes, and what a token costs
/// deep into one paragraph without a line break.
let benchmarks: @Sendable () -> Void = {
    let slow = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(10), maxIterations: 5)

    for (name, everyMessage) in [("first screen (lazy)", false), ("every message", true)] {
        Benchmark("Layout 10,000 messages: \(name)", configuration: slow) { benchmark in
            let messages = SampleConversation.messages
            // The layout lives on the main actor; the benchmark object is only used by this task,
            // one call at a time, before and after the hop.
            nonisolated(unsafe) let benchmark = benchmark
            await MainActor.run {
                benchmark.startMeasurement()
                let layout = ConversationLayout()
                layout.update(messages: messages, width: 100)
                if everyMessage { layout.layOutAll() }
                benchmark.stopMeasurement()
                blackHole(layout.totalRows)
            }
        }
    }

    for history in [10, 10_000] {
        Benchmark(
            "Layout one streamed token, 2000-token reply after \(history.formatted()) messages",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal, .nanosecondsPerToken], maxDuration: .seconds(10),
                maxIterations: 20)
        ) { benchmark in
            nonisolated(unsafe) let benchmark = benchmark
            await MainActor.run {
                var messages = Array(SampleConversation.messages.suffix(history))
                let layout = ConversationLayout()
                layout.update(messages: messages, width: 100)
                messages.append(Message(role: .assistant, content: "", status: .streaming))
                let reply = messages.count - 1
                layout.update(messages: messages, width: 100, unchangedBefore: reply)
                benchmark.startMeasurement()
                let start = ContinuousClock.now
                // As the app does at a realistic pace: one frame per token, the session's
                // conversation changed in between and only the reply promised as changed.
                for token in SampleConversation.replyTokens {
                    messages[reply].content += token
                    layout.update(messages: messages, width: 100, unchangedBefore: reply)
                }
                let elapsed = ContinuousClock.now - start
                benchmark.stopMeasurement()
                let nanoseconds =
                    Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
                benchmark.measurement(
                    .nanosecondsPerToken, Int(nanoseconds / Double(SampleConversation.replyTokens.count)))
                blackHole(layout.totalRows)
            }
        }
    }

    // One paragraph without a line break ("the " over and over, as a model stuck repeating
    // itself writes it): what a token costs once the paragraph holds `before` tokens, rendered as
    // Markdown (an assistant's reply) and as plain text (raw). The paragraph so far is laid out
    // in one update (not measured); then 1,000 more tokens are streamed in, one update each.
    for before in [10, 100_000] {
        for raw in [false, true] {
            Benchmark(
                "Layout one token of one paragraph, at token \(before.formatted())\(raw ? " (raw)" : "")",
                configuration: .init(
                    metrics: [.wallClock, .mallocCountTotal, .nanosecondsPerToken], maxDuration: .seconds(10),
                    maxIterations: 10)
            ) { benchmark in
                nonisolated(unsafe) let benchmark = benchmark
                await MainActor.run {
                    var messages = [
                        Message(role: .user, content: "Say it again."),
                        Message(
                            role: .assistant, content: String(repeating: "the ", count: before), status: .streaming),
                    ]
                    let layout = ConversationLayout(rawText: raw)
                    layout.update(messages: messages, width: 100)
                    let tokens = 1_000
                    benchmark.startMeasurement()
                    let start = ContinuousClock.now
                    for _ in 0..<tokens {
                        messages[1].content += "the "
                        layout.update(messages: messages, width: 100, unchangedBefore: 1)
                    }
                    let elapsed = ContinuousClock.now - start
                    benchmark.stopMeasurement()
                    let nanoseconds =
                        Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
                    benchmark.measurement(.nanosecondsPerToken, Int(nanoseconds / Double(tokens)))
                    blackHole(layout.totalRows)
                }
            }
        }
    }

    // One code line rendered in a fence, highlighted (Python) and plain (a language chatterm
    // does not know): the difference is what the highlighter's lexer costs per line.
    let codeLine = #"    counts = {word: len(word) for word in line.split() if word != "the"}  # per line"#
    for language in ["python", "text"] {
        Benchmark(
            "Render one code line, \(language == "text" ? "plain" : "highlighted")",
            configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5))
        ) { benchmark in
            let markdown = "```\(language)\n\(codeLine)\n```"
            for _ in benchmark.scaledIterations { blackHole(MarkdownRenderer.render(markdown, width: 100)) }
        }
    }
}

extension BenchmarkMetric {
    static var nanosecondsPerToken: BenchmarkMetric { .custom("Time per token (ns)", useScalingFactor: false) }
}

/// A deterministic 10,000-message conversation: short prompts and Markdown replies of about
/// 1.6 KB, 8 MB in all (headings, lists, emphasis, inline code, a fenced code block, some CJK).
enum SampleConversation {
    static let messages: [Message] = (0..<10_000).map { index in
        index % 2 == 0
            ? Message(role: .user, content: "Question \(index / 2): how does the client handle a stream that stalls?")
            : Message(role: .assistant, content: reply(index))
    }

    static func reply(_ index: Int) -> String {
        """
        ## Answer \(index)

        The client keeps **three deadlines** per turn: the first byte, the first token and the \
        gap between tokens. When one passes, the turn is retried with `backoff` and, after an \
        empty stream, sent again without streaming. 这是一个流式回复的例子，模型逐字生成文本。

        - a stream that ends without `[DONE]` is kept as *interrupted*;
        - an error event inside the stream ends the turn with its message;
        - a dropped connection before any content is retried.

        ```swift
        let policy = RetryPolicy(maxRetries: \(index % 5), baseDelay: .milliseconds(500))
        for attempt in 0...policy.maxRetries {
            print("attempt", attempt)
        }
        ```

        \(String(repeating: "Long paragraphs wrap at the pane's width, word by word, and CJK wraps by cell. ", count: 12))
        """
    }

    /// The tokens of a 2000-token reply, words and spaces as a model streams them.
    static let replyTokens: [String] = (0..<2_000).map { index in
        index % 97 == 96 ? "\n\n" : (index % 13 == 0 ? " **bold**" : " word\(index % 10)")
    }
}
