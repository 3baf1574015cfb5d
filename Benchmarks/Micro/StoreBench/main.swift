// The store benchmark's program; Benchmarks/store_bench.sh builds and runs it.
import ChatCore
import ChatStore
import Foundation

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func figures(_ values: [Double]) -> String {
    "median \(String(format: "%.0f", values.sorted()[values.count / 2])) ms (runs: "
        + values.map { String(format: "%.0f", $0) }.joined(separator: ", ") + ")"
}

let root = NSTemporaryDirectory() + "/chatterm-store-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: root) }

// One conversation of 10,000 messages of about 5 KB each: about 50 MB of JSON.
let largeStore = ConversationStore(directory: DataDirectory(path: root + "/large"))
let paragraph = String(repeating: "Server-sent events stream tokens; 你好，世界。 ", count: 100)
var large = Conversation(id: "large", title: "Large")
for index in 0..<10_000 {
    large.messages.append(
        Message(
            role: index % 2 == 0 ? .user : .assistant, content: String(paragraph.prefix(4800)) + "\(index)",
            stats: index % 2 == 0 ? nil : TurnStats(completionTokens: 900, tokensPerSecond: 40)))
}
let firstSave = try milliseconds { try largeStore.save(large) }
let bytes = (try FileManager.default.attributesOfItem(atPath: largeStore.path(for: "large"))[.size] as? Int) ?? 0
let loads = try (0..<5).map { _ in
    try milliseconds { _ = try ConversationStore(directory: largeStore.directory).load(id: "large") }
}
let saves = try (0..<3).map { _ in try milliseconds { try largeStore.save(large) } }

// A thousand small conversations.
let manyStore = ConversationStore(directory: DataDirectory(path: root + "/many"))
for index in 0..<1000 {
    var conversation = Conversation(
        id: "20261127-" + String(100_000 + index) + "-aaaa", title: "Chat \(index)",
        endpoint: EndpointInfo(baseURL: "http://127.0.0.1:8000/v1", model: "demo-model"))
    conversation.messages = [
        Message(role: .user, content: "hello \(index)"),
        Message(role: .assistant, content: "reply to hello \(index)"),
    ]
    try manyStore.save(conversation)
}
var listed = 0
let lists = (0..<5).map { _ in milliseconds { listed = manyStore.list().summaries.count } }
let searches = (0..<5).map { _ in milliseconds { _ = manyStore.search("hello 999") } }

print("load   10,000 messages, \(bytes / 1_000_000) MB: \(figures(loads))")
print("save   the same (fsync included): \(figures(saves)); first save \(String(format: "%.0f", firstSave)) ms")
print("list   \(listed) conversations: \(figures(lists))")
print("search 1,000 conversations: \(figures(searches))")
