/// The chat's multi-line draft, edited like readline: text as graphemes (so the cursor never
/// stops inside a CJK character, an emoji or a letter with combining marks), "\n" between lines,
/// a kill ring, undo, and Up/Down that keep the display column.
///
/// Pure: it turns keys into edits and tells the app, through `Outcome`, what only the app can do
/// (send, recall history, quit, open `$EDITOR`).
///
/// A bracketed paste (`Key.paste`) is inserted whole, as one undo step, line breaks kept. A
/// draft can be large (a pasted 1 MB log): an edit segments only the graphemes around it again
/// (`GraphemeEdit`), and `render` wraps only the lines it shows.
public struct InputEditor: Sendable, Hashable {
    /// What a key did, for the app to act on.
    public enum Outcome: Sendable, Hashable {
        /// The draft or the cursor changed (or a prefix key is waiting): redraw.
        case edited
        /// `send()` on a draft that is not blank: the text to send; the editor is now empty.
        case send(String)
        /// Ctrl-D on an empty draft.
        case quitPrompt
        /// Up on the first line, Down on the last: the app recalls history.
        case recallPrevious, recallNext
        /// Ctrl-X Ctrl-E: edit the draft in `$VISUAL`/`$EDITOR`.
        case openEditor
        /// The key means nothing here, or changed nothing.
        case ignored
    }

    /// Shown in the prompt while the draft is empty.
    public static let placeholder = placeholder(naming: KeyTable.keyNames)

    /// The placeholder, its keys named by `keys`.
    static func placeholder(naming keys: KeyNames) -> String {
        "Type a message · \(keys(.chat(.send))) sends · \(keys(.prompt(.newLine))) new line · "
            + "\(keys(.chat(.interrupt))) quits"
    }
    /// The chat prompt's mark; continuation rows are indented by its width.
    public static let prompt = "› "
    /// How many kills the ring keeps, and how many undo steps.
    static let killRingLimit = 32
    static let undoLimit = 200
    /// The most graphemes the undo steps hold together, at 16 bytes each: a large draft keeps
    /// fewer steps rather than 200 copies of itself.
    static let undoGraphemeBudget = 4_000_000

    private struct Snapshot: Sendable, Hashable {
        var graphemes: [Character]
        var cursor: Int
    }

    /// What the previous key did, for the commands that depend on it.
    private enum LastAction: Sendable, Hashable {
        case other
        /// Typing a run of characters: the run undoes as one step.
        case typing
        /// A kill: the next kill joins the same ring entry.
        case kill
        /// A yank of ring entry `index` now occupying `range`: Alt-Y may replace it.
        case yank(range: Range<Int>, index: Int)
    }

    private var graphemes: [Character] = []
    /// The cursor as a grapheme offset: 0 is before the first, `count` after the last.
    public private(set) var cursor = 0
    /// Killed text, oldest first.
    public private(set) var killRing: [String] = []
    private var undoStack: [Snapshot] = []
    private var lastAction = LastAction.other
    /// The display column Up/Down aim for, kept across a run of vertical moves.
    private var goalColumn: Int?
    /// The prefix key (Ctrl-X) pressed, waiting for the second key of its binding.
    private var awaitingPrefix: Key?
    /// Whether a prefix key (Ctrl-X) waits for the second key.
    public var isAwaitingPrefix: Bool { awaitingPrefix != nil }

    public init(text: String = "") {
        graphemes = Array(Self.clean(text))
        cursor = graphemes.count
    }

    public var text: String { String(graphemes) }
    public var isEmpty: Bool { graphemes.isEmpty }
    public var isCursorAtEnd: Bool { cursor == graphemes.count }
    /// The draft's lines (one, empty, for an empty draft).
    public var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    /// Replaces the draft (history recall, the external editor), cursor at the end. Undo brings
    /// the previous draft back.
    public mutating func setText(_ newText: String) {
        let cleaned = Array(Self.clean(newText))
        guard cleaned != graphemes else { return }
        pushUndo()
        graphemes = cleaned
        cursor = graphemes.count
        lastAction = .other
        goalColumn = nil
    }

    /// Inserts typed or pasted text at the cursor: "\r\n" and "\r" become "\n", tabs and other
    /// control characters are made visible by the `Sanitizer`.
    public mutating func insert(_ s: String) {
        guard !s.isEmpty else { return }
        replace(cursor..<cursor, with: Self.clean(s))
    }

    // MARK: Keys

    /// Edits the draft for a key, as the `KeyTable` binds keys in the prompt; typed and pasted
    /// text is inserted. Enter is not the editor's: the app decides whether a draft may go, then
    /// calls `send()`.
    public mutating func handle(_ key: Key) -> Outcome {
        if let prefix = awaitingPrefix {
            awaitingPrefix = nil
            if let action = KeyTable.prompt[key, after: prefix] { return perform(action) }
        }
        switch key {
        case .text(let typed):
            goalColumn = nil
            if lastAction != .typing { pushUndo() }
            replace(cursor..<cursor, with: Self.clean(typed), recordUndo: false)
            lastAction = .typing
            return .edited
        case .paste(let pasted):
            goalColumn = nil
            lastAction = .other
            return edit(cursor..<cursor, with: Self.clean(pasted))
        default:
            break
        }
        if KeyTable.prompt.prefixes.contains(key) {
            awaitingPrefix = key
            lastAction = .other
            goalColumn = nil
            return .edited
        }
        guard let action = KeyTable.prompt[key] else {
            lastAction = .other
            goalColumn = nil
            return .ignored
        }
        return perform(action)
    }

    /// Enter on a draft that is not blank: gives the text to send and empties the editor.
    public mutating func send() -> Outcome {
        lastAction = .other
        goalColumn = nil
        guard !text.allSatisfy(\.isWhitespace) else { return .ignored }
        let sent = text
        graphemes = []
        cursor = 0
        undoStack = []
        return .send(sent)
    }

    private mutating func perform(_ action: KeyAction.Prompt) -> Outcome {
        let previous = lastAction
        lastAction = .other
        if action != .lineUp && action != .lineDown { goalColumn = nil }
        switch action {
        case .newLine: return edit(cursor..<cursor, with: "\n")
        case .deleteForwardOrQuit where graphemes.isEmpty: return .quitPrompt
        case .deleteForward, .deleteForwardOrQuit:
            return cursor < graphemes.count ? edit(cursor..<(cursor + 1), with: "") : .ignored
        case .deleteBackward:
            return cursor > 0 ? edit((cursor - 1)..<cursor, with: "") : .ignored
        case .characterLeft: return move(to: max(0, cursor - 1))
        case .characterRight: return move(to: min(graphemes.count, cursor + 1))
        case .lineStart: return move(to: lineStart(cursor))
        case .lineEnd: return move(to: lineEnd(cursor))
        case .wordLeft: return move(to: wordStart(before: cursor))
        case .wordRight: return move(to: wordEnd(after: cursor))
        case .lineUp: return vertical(up: true)
        case .lineDown: return vertical(up: false)
        case .killToLineEnd:
            let end = lineEnd(cursor)
            return kill(cursor..<(end == cursor ? min(graphemes.count, end + 1) : end), after: previous)
        case .killToLineStart:
            let start = lineStart(cursor)
            return kill((start == cursor ? max(0, start - 1) : start)..<cursor, after: previous)
        case .killToSpace: return kill(unixWordStart(before: cursor)..<cursor, after: previous)
        case .killWordBackward: return kill(wordStart(before: cursor)..<cursor, after: previous)
        case .killWordForward: return kill(cursor..<wordEnd(after: cursor), after: previous)
        case .yank: return yank(index: killRing.count - 1)
        case .yankOlder: return yankPop(after: previous)
        case .undo: return undo()
        case .editExternally: return .openEditor
        }
    }

    // MARK: Editing

    private mutating func move(to position: Int) -> Outcome {
        guard position != cursor else { return .ignored }
        cursor = position
        return .edited
    }

    private mutating func edit(_ range: Range<Int>, with replacement: String) -> Outcome {
        guard !range.isEmpty || !replacement.isEmpty else { return .ignored }
        replace(range, with: replacement)
        return .edited
    }

    /// Removes `range` into the kill ring. Right after another kill the text joins that kill's
    /// entry, before it for a backward kill and after it for a forward one, as readline does, so
    /// Ctrl-Y brings back everything killed in a row.
    private mutating func kill(_ range: Range<Int>, after previous: LastAction) -> Outcome {
        guard !range.isEmpty else {
            if previous == .kill { lastAction = .kill }
            return .ignored
        }
        let killed = String(graphemes[range])
        let backward = range.upperBound == cursor && range.lowerBound < cursor
        if previous == .kill, let last = killRing.indices.last {
            killRing[last] = backward ? killed + killRing[last] : killRing[last] + killed
        } else {
            killRing.append(killed)
            if killRing.count > Self.killRingLimit { killRing.removeFirst() }
        }
        replace(range, with: "")
        lastAction = .kill
        return .edited
    }

    private mutating func yank(index: Int) -> Outcome {
        guard killRing.indices.contains(index) else { return .ignored }
        let start = cursor
        replace(cursor..<cursor, with: killRing[index])
        lastAction = .yank(range: start..<cursor, index: index)
        return .edited
    }

    /// Alt-Y right after a yank: replaces the yanked text with the kill before it in the ring.
    private mutating func yankPop(after previous: LastAction) -> Outcome {
        guard case .yank(let range, let index) = previous, killRing.count > 1 else { return .ignored }
        let older = (index - 1 + killRing.count) % killRing.count
        replace(range, with: killRing[older])
        lastAction = .yank(range: range.lowerBound..<cursor, index: older)
        return .edited
    }

    private mutating func undo() -> Outcome {
        guard let snapshot = undoStack.popLast() else { return .ignored }
        graphemes = snapshot.graphemes
        cursor = snapshot.cursor
        return .edited
    }

    private mutating func pushUndo() {
        undoStack.append(Snapshot(graphemes: graphemes, cursor: cursor))
        var held = undoStack.reduce(0) { $0 + $1.graphemes.count }
        while undoStack.count > Self.undoLimit || (held > Self.undoGraphemeBudget && undoStack.count > 1) {
            held -= undoStack.removeFirst().graphemes.count
        }
    }

    /// Up and Down move between lines at the same display column (or the nearest grapheme
    /// boundary before it, so the cursor never lands inside a wide character); past the first or
    /// last line they ask for history.
    private mutating func vertical(up: Bool) -> Outcome {
        let start = lineStart(cursor)
        let column = goalColumn ?? width(start..<cursor)
        let target: Int
        if up {
            guard start > 0 else { return .recallPrevious }
            target = lineStart(start - 1)
        } else {
            let end = lineEnd(cursor)
            guard end < graphemes.count else { return .recallNext }
            target = end + 1
        }
        var position = target
        var used = 0
        let end = lineEnd(target)
        while position < end {
            let w = TextWidth.of(graphemes[position])
            if used + w > column { break }
            used += w
            position += 1
        }
        cursor = position
        goalColumn = column
        return .edited
    }

    // MARK: Positions

    private func lineStart(_ position: Int) -> Int {
        var index = position
        while index > 0 && graphemes[index - 1] != "\n" { index -= 1 }
        return index
    }

    private func lineEnd(_ position: Int) -> Int {
        var index = position
        while index < graphemes.count && graphemes[index] != "\n" { index += 1 }
        return index
    }

    /// Letters (CJK included) and digits make words, as readline's Alt-B/F/D see them.
    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0 && !Self.isWordCharacter(graphemes[index - 1]) { index -= 1 }
        while index > 0 && Self.isWordCharacter(graphemes[index - 1]) { index -= 1 }
        return index
    }

    private func wordEnd(after position: Int) -> Int {
        var index = position
        while index < graphemes.count && !Self.isWordCharacter(graphemes[index]) { index += 1 }
        while index < graphemes.count && Self.isWordCharacter(graphemes[index]) { index += 1 }
        return index
    }

    /// Ctrl-W's word: back over white space, then back to the previous white space.
    private func unixWordStart(before position: Int) -> Int {
        var index = position
        while index > 0 && graphemes[index - 1].isWhitespace { index -= 1 }
        while index > 0 && !graphemes[index - 1].isWhitespace { index -= 1 }
        return index
    }

    private func width(_ range: Range<Int>) -> Int {
        graphemes[range].reduce(0) { $0 + TextWidth.of($1) }
    }

    // MARK: Rendering

    /// The input area: the draft wrapped softly at `width` (a grapheme that does not fit starts
    /// the next row; continuation rows are indented under the prompt), at most `maxRows` rows.
    /// A longer draft scrolls so that the cursor's row is the last one shown (or the first rows
    /// show, while the cursor is among them). Returns the cursor's row in `rows` and its column.
    ///
    /// Only the cursor's line and the lines around it that fill the rows are wrapped, so the cost
    /// does not grow with the draft (only with the length of the lines shown).
    public func render(width: Int, maxRows: Int) -> (rows: [StyledLine], cursorRow: Int, cursorColumn: Int) {
        let promptWidth = TextWidth.of(Self.prompt)
        let maxRows = max(1, maxRows)
        guard width > promptWidth else {
            return ([StyledLine(TextWidth.truncate(Self.prompt, to: width), .inputPrompt)], 0, max(0, width - 1))
        }
        let available = width - promptWidth
        guard !graphemes.isEmpty else {
            let hint = StyledLine.Span(TextWidth.truncate(Self.placeholder, to: available), .dim)
            return ([StyledLine([StyledLine.Span(Self.prompt, .inputPrompt), hint])], 0, promptWidth)
        }
        let current = wrap(lineStart(cursor)..<lineEnd(cursor), available: available, cursor: cursor)
        var texts = current.rows
        var cursorRow = current.cursorRow
        // Lines above while the cursor's row is not yet the last that fits; `firstLine` is where
        // `texts` starts in the draft.
        var firstLine = lineStart(cursor)
        while firstLine > 0 && cursorRow < maxRows - 1 {
            let start = lineStart(firstLine - 1)
            let above = wrap(start..<(firstLine - 1), available: available, cursor: nil).rows
            texts.insert(contentsOf: above, at: 0)
            cursorRow += above.count
            firstLine = start
        }
        let top = max(0, cursorRow - (maxRows - 1))
        // Lines below, when the draft's first rows show and leave room.
        var lastLine = lineEnd(cursor)
        while lastLine < graphemes.count && texts.count < top + maxRows {
            let end = lineEnd(lastLine + 1)
            texts += wrap((lastLine + 1)..<end, available: available, cursor: nil).rows
            lastLine = end
        }
        let shown = texts[top..<min(texts.count, top + maxRows)]
        let rows = shown.enumerated().map { offset, text in
            let first = firstLine == 0 && top + offset == 0
            let lead = first ? Self.prompt : String(repeating: " ", count: promptWidth)
            return StyledLine([StyledLine.Span(lead, .inputPrompt), StyledLine.Span(text, .inputText)])
        }
        return (rows, cursorRow - top, promptWidth + current.cursorColumn)
    }

    /// One line of the draft (no "\n" in `range`) wrapped at `available` cells, and where
    /// `cursor` is in it: a cursor after a full row starts the next one.
    private func wrap(_ range: Range<Int>, available: Int, cursor: Int?) -> (
        rows: [String], cursorRow: Int, cursorColumn: Int
    ) {
        var rows = [""]
        var used = 0
        var cursorRow = 0
        var cursorColumn = 0
        for index in range.lowerBound...range.upperBound {
            if index == cursor {
                if used >= available {
                    rows.append("")
                    used = 0
                }
                cursorRow = rows.count - 1
                cursorColumn = used
            }
            guard index < range.upperBound else { break }
            let character = graphemes[index]
            let w = TextWidth.of(character)
            if used + w > available && used > 0 {
                rows.append("")
                used = 0
            }
            rows[rows.count - 1].append(character)
            used += w
        }
        return (rows, cursorRow, cursorColumn)
    }

    // MARK: Text

    /// Replaces the graphemes in `range` and puts the cursor after the new text (after the
    /// grapheme it ends in, when it joined a neighbour).
    private mutating func replace(_ range: Range<Int>, with replacement: String, recordUndo: Bool = true) {
        guard !range.isEmpty || !replacement.isEmpty else { return }
        if recordUndo { pushUndo() }
        cursor = GraphemeEdit.replace(&graphemes, range, with: replacement)
    }

    /// Pasted text with its line breaks kept: "\r\n" and "\r" become "\n", then the sanitiser
    /// makes every other control visible.
    static func clean(_ s: String) -> String {
        GraphemeEdit.clean(s, lineBreak: "\n")
    }
}
