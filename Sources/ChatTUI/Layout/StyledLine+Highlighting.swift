extension StyledLine {
    /// The line with the graphemes that start inside `columns` (display columns, sorted, not
    /// overlapping) redrawn in `role`, the rest as it was. Used for search matches: the text and
    /// its width do not change, only the roles of its spans.
    public func highlighting(_ columns: [Range<Int>], as role: StyleRole) -> StyledLine {
        guard !columns.isEmpty else { return self }
        var result: [Span] = []
        var column = 0
        var rangeIndex = 0
        for span in spans {
            var run = ""
            var runRole = span.role
            for character in span.text {
                while rangeIndex < columns.count && columns[rangeIndex].upperBound <= column { rangeIndex += 1 }
                let inside = rangeIndex < columns.count && columns[rangeIndex].contains(column)
                let characterRole = inside ? role : span.role
                if characterRole != runRole && !run.isEmpty {
                    result.append(Span(run, runRole))
                    run = ""
                }
                runRole = characterRole
                run.append(character)
                column += TextWidth.of(character)
            }
            if !run.isEmpty { result.append(Span(run, runRole)) }
        }
        return StyledLine(result)
    }
}
