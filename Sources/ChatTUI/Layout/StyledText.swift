/// Text with a role for every byte, kept as one string plus role runs so that a wrapper can
/// work on the plain text and the styles can be mapped back onto its rows by UTF-8 offset.
struct StyledText: Sendable, Hashable {
    /// A role up to (not including) UTF-8 offset `end`, from the end of the run before.
    struct Run: Sendable, Hashable {
        var end: Int
        var role: StyleRole
    }

    private(set) var text = ""
    private(set) var runs: [Run] = []

    mutating func append(_ piece: some StringProtocol, _ role: StyleRole) {
        guard !piece.isEmpty else { return }
        text += piece
        let end = text.utf8.count
        if let last = runs.last, last.role == role {
            runs[runs.count - 1].end = end
        } else {
            runs.append(Run(end: end, role: role))
        }
    }

    mutating func append(_ other: StyledText) {
        let utf8 = other.text.utf8
        var from = 0
        for run in other.runs {
            let lower = utf8.index(utf8.startIndex, offsetBy: from)
            let upper = utf8.index(utf8.startIndex, offsetBy: run.end)
            append(Substring(utf8[lower..<upper]), run.role)
            from = run.end
        }
    }

    /// The role of the byte at `offset` (the last run's past the end).
    func role(at offset: Int) -> StyleRole {
        let run = firstRun(endingAfter: offset)
        return run < runs.count ? runs[run].role : runs.last?.role ?? .plain
    }

    /// The spans covering UTF-8 offsets `start..<end`.
    func spans(from start: Int, to end: Int) -> [StyledLine.Span] {
        var spans: [StyledLine.Span] = []
        let utf8 = text.utf8
        var index = firstRun(endingAfter: start)
        while index < runs.count {
            let run = runs[index]
            let lower = max(start, index == 0 ? 0 : runs[index - 1].end)
            let upper = min(end, run.end)
            guard lower < upper else { break }
            let piece = Substring(
                utf8[utf8.index(utf8.startIndex, offsetBy: lower)..<utf8.index(utf8.startIndex, offsetBy: upper)])
            spans.append(StyledLine.Span(String(piece), run.role))
            index += 1
        }
        return spans
    }

    /// The index of the first run that ends after `offset` (`runs.count` when none does).
    private func firstRun(endingAfter offset: Int) -> Int {
        var low = 0
        var high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].end > offset { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The first `count` UTF-8 bytes with their roles (`count` falls between characters).
    func prefix(utf8Count count: Int) -> StyledText {
        var result = StyledText()
        result.text = String(Substring(text.utf8.prefix(count)))
        for run in runs {
            result.runs.append(Run(end: min(run.end, count), role: run.role))
            if run.end >= count { break }
        }
        if count == 0 { result.runs = [] }
        return result
    }

    /// All but the first `count` UTF-8 bytes, with their roles (`count` falls between
    /// characters).
    func dropFirst(utf8Count count: Int) -> StyledText {
        var result = StyledText()
        result.text = String(Substring(text.utf8.dropFirst(count)))
        for run in runs[firstRun(endingAfter: count)...] {
            result.runs.append(Run(end: run.end - count, role: run.role))
        }
        return result
    }
}
