import ChatCore
import ChatStore
import Foundation
import XCTest

/// Figures, not tests: how long loading a 50 MB conversation and listing 1,000 take. Skipped
/// unless CHATTERM_MEASURE=1; prints its figures and asserts nothing. Best in release:
///
///     CHATTERM_MEASURE=1 swift test -c release --filter StoreMeasurements
final class StoreMeasurements: StoreTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CHATTERM_MEASURE"] == "1", "set CHATTERM_MEASURE=1")
        try super.setUpWithError()
    }

    func testLoadingALargeConversationAndListingAThousand() throws {
        let store = makeStore()
        // 10,000 messages of about 5 KB each: about 50 MB of JSON.
        let paragraph = String(repeating: "Server-sent events stream tokens; 你好，世界。 ", count: 100)
        var large = Conversation(id: "large", title: "Large")
        for index in 0..<10_000 {
            large.messages.append(
                Message(
                    role: index % 2 == 0 ? .user : .assistant, content: String(paragraph.prefix(4800)) + "\(index)",
                    stats: index % 2 == 0 ? nil : TurnStats(completionTokens: 900, tokensPerSecond: 40)))
        }
        let save = try time { try store.save(large) }
        let bytes = try FileManager.default.attributesOfItem(atPath: store.path(for: "large"))[.size] as? Int ?? 0
        var loaded = 0
        let loads = try (0..<3).map { _ in
            try time { loaded = try makeStore().load(id: "large").conversation.messages.count }
        }
        let resave = try time { try store.save(large) }

        let small = (0..<1000).map {
            Fixture.simple(id: String(format: "20261127-%06d-aaaa", $0), content: "hello \($0)")
        }
        let small0 = ConversationStore(directory: DataDirectory(path: folder + "/many"))
        for conversation in small { try small0.save(conversation) }
        var listed = 0
        let lists = (0..<3).map { _ in time { listed = small0.list().summaries.count } }
        let searches = (0..<3).map { _ in time { _ = small0.search("hello 999") } }

        print(
            """
            store figures (\(isDebug ? "debug" : "release")):
              save   \(large.messages.count) messages, \(bytes / 1_000_000) MB: \(ms(save)); save again (known file): \(ms(resave))
              load   \(loaded) messages, \(bytes / 1_000_000) MB: \(loads.map(ms).joined(separator: ", "))
              list   \(listed) conversations: \(lists.map(ms).joined(separator: ", "))
              search \(small.count) conversations: \(searches.map(ms).joined(separator: ", "))
            """)
    }

    private var isDebug: Bool {
        #if DEBUG
            return true
        #else
            return false
        #endif
    }

    private func time(_ body: () throws -> Void) rethrows -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return clock.now - start
    }

    private func ms(_ duration: Duration) -> String {
        String(
            format: "%.0f ms",
            Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
    }
}
