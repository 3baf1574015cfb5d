import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The names of the temporary files a save writes before renaming them over the conversation,
/// `.ID.json.tmp-PID-N`: hidden (so no listing takes them for conversations), and naming the
/// process that writes them, so that one left behind by a process that died mid-save (`kill -9`,
/// a crash, a power cut) can be told from one a live save is still writing.
enum TemporaryFileName {
    /// The `number`th temporary file of process `pid` for the conversation `id`.
    static func make(id: String, pid: pid_t, number: Int) -> String {
        ".\(id).json.tmp-\(pid)-\(number)"
    }

    /// The process that wrote the temporary file `name`, or nil when `name` is not one.
    static func writer(of name: String) -> pid_t? {
        guard name.first == ".", let marker = name.range(of: ".json.tmp-", options: .backwards) else { return nil }
        let id = name[name.index(after: name.startIndex)..<marker.lowerBound]
        guard ConversationStore.isValidID(String(id)) else { return nil }
        let numbers = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            let pid = pid_t(numbers[0]), pid > 0
        else { return nil }
        return pid
    }

    /// Whether the process `pid` still exists (one of another user's counts: EPERM).
    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
