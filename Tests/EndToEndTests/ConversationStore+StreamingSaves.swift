import ChatStore
import Foundation

extension ConversationStore {
    /// Polls, until `deadline` passes, for two saves of conversation `id` whose last message is a
    /// reply growing as it streams, and returns the lengths seen (two when found). A conversation
    /// whose save is costly is saved less often while a reply streams (`Autosaver`'s budget), so
    /// the deadline leaves room for two such intervals.
    func lengthsOfTwoSavesOfTheStreamingReply(id: String, deadline: Duration = .seconds(90)) -> [Int] {
        var savedLengths: [Int] = []
        let end = ContinuousClock.now + deadline
        while savedLengths.count < 2 && ContinuousClock.now < end {
            if let last = (try? load(id: id))?.conversation.messages.last,
                last.role == .assistant, !last.content.isEmpty, last.content.count > (savedLengths.last ?? 0)
            {
                savedLengths.append(last.content.count)
            } else {
                usleep(20_000)
            }
        }
        return savedLengths
    }
}
