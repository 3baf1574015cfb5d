import ChatCore
import Foundation

/// Selection mode (`/select`, Alt-V): a cursor over the conversation's lines, moved and widened
/// into a range with keys from the `KeyTable`, and what the selection is for: `y` copies it
/// (OSC 52, as `/copy` does), `w` writes it to a file, Enter quotes it into the prompt.
/// `SelectionMode` holds the rules; this carries out its effects.
extension ChatController {
    /// Enters the mode with the cursor on the newest message's last line.
    func startSelection() {
        guard let point = selectionLines.lastPoint else {
            notice = "nothing to select yet"
            return
        }
        take(.start(at: point))
    }

    /// A key while the mode is on: a move or an action of the mode, a key of the path being
    /// typed, or the answer to whether to overwrite.
    func handleSelection(_ key: Key) {
        switch selection {
        case .off:
            return
        case .marking:
            if case .text(let typed) = key, typed.count > 1 {
                // Keys typed faster than they were read arrive as one text.
                for character in typed { handleSelection(.text(String(character))) }
            } else if let action = KeyTable.select[key] {
                take(event(for: action))
            } else if let action = KeyTable.chat[key], Self.chatActionsWhileSelecting.contains(action) {
                _ = perform(action)
            }
        case .naming:
            switch KeyTable.selectPath[key] {
            case .write: take(.submitPath)
            case .cancel: take(.cancelPath)
            case nil: take(.pathKey(key))
            }
        case .confirming:
            switch KeyTable.selectOverwrite[key] {
            case .overwrite: take(.overwrite)
            case .keep: take(.keepFile)
            case nil: break
            }
        }
    }

    /// The chat's keys that work in selection mode too: they neither type nor move the cursor.
    static let chatActionsWhileSelecting: Set<KeyAction.Chat> = [
        .redraw, .suspend, .wheelUp, .wheelDown, .cancelReply, .toggleReasoning,
    ]

    private func event(for action: KeyAction.Select) -> SelectionMode.Event {
        switch action {
        case .lineUp: return .move(.lineUp)
        case .lineDown: return .move(.lineDown)
        case .previousMessage: return .move(.previousMessage)
        case .nextMessage: return .move(.nextMessage)
        case .previousBlock: return .move(.previousBlock)
        case .nextBlock: return .move(.nextBlock)
        case .pageUp: return .move(.pageUp(rows: max(1, screen.visibleRows.count - 1)))
        case .pageDown: return .move(.pageDown(rows: max(1, screen.visibleRows.count - 1)))
        case .top: return .move(.top)
        case .bottom: return .move(.bottom)
        case .range: return .range(whole: false)
        case .wholeRange: return .range(whole: true)
        case .copy: return .copy
        case .write: return .write
        case .quote: return .quote
        case .leave: return .leave
        case .edit: return .edit
        case .previousAlternative: return .showAlternative(step: -1)
        case .nextAlternative: return .showAlternative(step: 1)
        }
    }

    /// Feeds `event` to the mode and carries out what it asks for.
    private func take(_ event: SelectionMode.Event) {
        let effect = selection.take(event, in: selectionLines)
        switch effect {
        case nil: break
        case .reveal(let point): reveal(point)
        case .copy(let marked): copySelection(marked)
        case .quote(let marked): quoteSelection(marked)
        case .write(let marked, let path, let overwrite): writeSelection(marked, to: path, overwrite: overwrite)
        case .edit(let message): editSelected(message)
        case .showAlternative(let message, let step): showAlternative(step: step, ofSelected: message)
        }
        if let effect, case .reveal = effect {
        } else if effect != nil {
            // The effect has said how it went.
            return
        }
        switch selection {
        case .off: if event == .leave { notice = nil }
        case .marking(let marked): notice = markingNotice(marked)
        case .naming: notice = namingNotice
        // The input line asks.
        case .confirming: notice = nil
        }
    }

    private static var overwriteAnswers: String {
        KeyTable.keyNames(.selectOverwrite(.overwrite)) + " / " + KeyTable.keyNames(.selectOverwrite(.keep))
    }

    private var namingNotice: String {
        "write the selection to which file? \(KeyTable.keyNames(.selectPath(.write))) writes, "
            + "\(KeyTable.keyNames(.selectPath(.cancel))) goes back"
    }

    /// The status bar in the mode: how much a range holds; nothing for the cursor alone (the
    /// input line shows the keys).
    private func markingNotice(_ marked: SelectionMode.Marked) -> String? {
        guard case .range(_, _, let whole) = marked else { return nil }
        let bounds = marked.bounds(in: selectionLines)
        let count = selectionLines.spans(from: bounds.lowerBound, to: bounds.upperBound).reduce(0) {
            $0 + $1.lines.count
        }
        return "\(count) line\(count == 1 ? "" : "s") selected" + (whole ? " (whole code blocks or messages)" : "")
    }

    /// The input line in the mode: its keys, by the names a vim user looks for.
    static var markingHint: String {
        func key(_ action: KeyAction.Select) -> String {
            let names = KeyTable.chords(for: .select(action)).map(\.name)
            return names.first { $0.count == 1 } ?? names.first ?? ""
        }
        let parts = [
            "\(key(.lineDown))/\(key(.lineUp)) lines", "\(key(.previousMessage)) \(key(.nextMessage)) messages",
            "\(key(.previousBlock)) \(key(.nextBlock)) blocks", "\(key(.range))/\(key(.wholeRange)) range",
            "\(key(.copy)) copy", "\(key(.write)) write", "\(KeyTable.keyNames(.select(.quote))) quote",
            "\(KeyTable.keyNames(.select(.leave))) leave",
        ]
        return "selecting: " + parts.joined(separator: "  ")
    }

    /// Scrolls so that the line at `point` is in view, laying out earlier messages if need be.
    private func reveal(_ point: SelectionPoint) {
        let layout = screen.layout
        while layout.hasMoreAbove && layout.firstLaidOutMessage > point.message {
            layout.extendUpward(minimumRows: ConversationLayout.initialRows)
        }
        if let rows = selectionLines.rows(of: point) { screen.bringIntoView(rows) }
    }

    /// `e`: the prompt under the cursor into the editor; the mode ends once it is there.
    private func editSelected(_ index: Int) {
        let messages = session.conversation.messages
        guard messages.indices.contains(index), messages[index].role == .user else {
            notice = "\(KeyTable.keyNames(.select(.edit))) edits a prompt: move the cursor onto one"
            return
        }
        editPrompt(at: index, fromNewest: messages[index...].lazy.filter { $0.role == .user }.count)
        if promptEdit.editing != nil { take(.done) }
    }

    /// Alt-Left / Alt-Right: another alternative of the message under the cursor, the cursor
    /// then on its first line.
    private func showAlternative(step: Int, ofSelected index: Int) {
        guard alternatives[index] != nil else {
            notice = "this message has no alternatives"
            return
        }
        showAlternative(step: step, at: index)
        let lines = selectionLines.lines(ofMessage: index).lines
        let point = lines.isEmpty ? selectionLines.lastPoint : SelectionPoint(message: index, line: 0)
        if let point, case .marking = selection {
            let shown = notice
            take(.start(at: point))
            notice = shown
        }
    }

    private func copySelection(_ marked: SelectionMode.Marked) {
        let text = marked.text(in: selectionLines).text
        if writeToClipboard(text, what: SelectionMode.lineCount(text)) { take(.done) }
    }

    private func quoteSelection(_ marked: SelectionMode.Marked) {
        let (text, language) = marked.text(in: selectionLines)
        let quote = SelectionMode.quote(text, codeLanguage: language)
        let draft = screen.input.text
        let before = draft.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "" : draft + "\n\n"
        screen.input.setText(before + quote + "\n\n")
        take(.done)
        notice = "quoted \(SelectionMode.lineCount(text)) in the prompt"
    }

    private func writeSelection(_ marked: SelectionMode.Marked, to path: String, overwrite: Bool) {
        let text = ClipboardSequence.safeText(marked.text(in: selectionLines).text)
        do {
            let file = try SelectionFile.write(text, to: path, overwrite: overwrite)
            take(.done)
            notice = "wrote \(SelectionMode.lineCount(text)) to \(Sanitizer.singleLineText(file))"
        } catch {
            switch error {
            case .exists(let file): take(.fileExists(file))
            case .failed(let reason): notice = reason
            }
        }
    }

    /// The rows the selection marks, for drawing; nil when the mode is off. Leaves the mode when
    /// the conversation changed under it (a new conversation, a reply replaced).
    func selectionMarks() -> ((Int) -> ChatScreen.RowMark?)? {
        guard let marked = selection.marked else { return nil }
        let lines = selectionLines
        guard marked.cursor.message < lines.messageCount,
            marked.cursor.line < lines.lines(ofMessage: marked.cursor.message).lines.count
        else {
            selection = .off
            notice = "the conversation changed: selection mode left"
            return nil
        }
        let bounds = marked.bounds(in: lines)
        let cursor = marked.cursor
        return { row in
            guard let point = lines.point(atRow: row) else { return nil }
            if point == cursor { return .cursor }
            return bounds.contains(point) ? .selected : nil
        }
    }

    /// The input line while `w` asks for a path or whether to overwrite.
    func selectionInputLine(width: Int) -> (line: StyledLine, cursorColumn: Int?)? {
        switch selection {
        case .off:
            return nil
        case .marking:
            return (StyledLine(TextWidth.truncate(Self.markingHint, to: width), .dim), nil)
        case .naming(_, let path):
            let rendered = path.render(
                width: width, prompt: "write to: ", placeholder: "a file's path, e.g. ~/notes.md")
            return (rendered.line, rendered.cursorColumn)
        case .confirming(_, _, let file):
            let question = "\(Sanitizer.singleLineText(file)) exists: overwrite it? \(Self.overwriteAnswers)"
            return (StyledLine(TextWidth.truncate(question, to: width), .statusWarning), nil)
        }
    }
}
