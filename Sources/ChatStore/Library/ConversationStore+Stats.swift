import ChatCore

/// `chatterm stats`: the figures of every saved reply, read with `StatsRecord` (no message text
/// decoded) from each file within the store's size limit.
extension ConversationStore {
    /// The saved replies `filter` keeps, by endpoint, model and profile. A file that cannot be
    /// read is a problem in the result, never a reason to stop.
    public func stats(_ filter: StatsFilter = StatsFilter()) -> HistoryStats {
        var accumulator = StatsAccumulator(filter: filter)
        let (_, problems) = scan { (record: StatsRecord, id, _, _) -> Never? in
            accumulator.add(record) { ConversationLock.isHeld(path: lockPath(for: id)) }
            return nil
        }
        return accumulator.result(folder: directory.conversationsPath, problems: problems)
    }
}
