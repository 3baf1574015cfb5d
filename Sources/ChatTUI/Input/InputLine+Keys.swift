/// The keys of a one-line search (the history browser's query, a saved conversation's `/`), as
/// the `KeyTable` binds them.
extension InputLine {
    /// Edits the line for `key`, typed and pasted text included; false when the key does not
    /// edit a search.
    @discardableResult
    mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .text(let text), .paste(let text):
            insert(text)
            return true
        default:
            guard let action = KeyTable.searchLine[key] else { return false }
            perform(action)
            return true
        }
    }

    mutating func perform(_ action: KeyAction.SearchLine) {
        switch action {
        case .characterLeft: moveLeft()
        case .characterRight: moveRight()
        case .start: moveToStart()
        case .end: moveToEnd()
        case .deleteBackward: deleteBackward()
        case .deleteForward: deleteForward()
        case .deleteToStart: deleteToStart()
        case .deleteToEnd: deleteToEnd()
        case .deleteWordBackward: deleteWordBackward()
        }
    }
}
