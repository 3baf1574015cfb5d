/// What a key does, by where it is pressed. Each place that takes keys has its own actions, so
/// each handler switches over its own and over nothing else; `KeyTable` binds keys to them.
public enum KeyAction: Sendable, Hashable {
    /// The chat screen, before its keys reach the prompt (`ChatController`).
    case chat(Chat)
    /// The draft being written (`InputEditor`).
    case prompt(Prompt)
    /// The list of saved conversations (`HistoryBrowser`).
    case history(History)
    /// A saved conversation, read-only (`ConversationViewer`).
    case viewer(Viewer)
    /// The search being typed after `/` in a saved conversation, before its keys reach the line.
    case viewerSearch(ViewerSearch)
    /// A one-line search being typed: the history browser's query, the viewer's `/` search.
    case searchLine(SearchLine)
    /// The help overlay (`HelpOverlay`).
    case help(Help)
    /// Selection mode over the conversation (`ChatController+Selection`).
    case select(Select)
    /// The path of the file a selection is written to (`w`), before its keys reach the line.
    case selectPath(SelectPath)
    /// The question whether to overwrite the file a selection is written to.
    case selectOverwrite(SelectOverwrite)

    public enum Chat: Sendable, Hashable, CaseIterable {
        /// Runs a slash command or sends the draft.
        case send
        /// Completes a slash command's name or argument.
        case complete
        /// Cancels the reply under way; nothing when there is none.
        case cancelReply
        /// Cancels the reply under way; when there is none, quits if pressed twice.
        case interrupt
        case pageUp, pageDown, lineUp, lineDown
        case previousMessage, nextMessage
        case top, bottom
        /// The bottom of the conversation, when the cursor is at the end of the draft.
        case bottomFromDraftEnd
        /// Starts `/find` on an empty draft; with a search under way, its older match.
        case findOlder
        case findNewer
        case toggleReasoning
        case history
        case help
        /// The help, when the draft is empty.
        case helpOnEmptyDraft
        case redraw
        case suspend
        /// Selection mode over the conversation (also `/select`).
        case select
        /// The latest prompt of the branch in view into the editor, to send as a new branch (`/edit`).
        case editPrompt
        /// The previous or next alternative of the last message in view that has some (`/branch`).
        case previousAlternative, nextAlternative
        /// Three lines up or down: the mouse wheel, with `mouse = true`.
        case wheelUp, wheelDown
    }

    public enum Prompt: Sendable, Hashable, CaseIterable {
        case newLine
        case characterLeft, characterRight, wordLeft, wordRight
        case lineStart, lineEnd
        /// The line above or below; past the first or last, the prompt history.
        case lineUp, lineDown
        case deleteBackward, deleteForward
        /// Deletes forward; on an empty draft, quits.
        case deleteForwardOrQuit
        case killToLineEnd, killToLineStart
        /// Kills back to the previous white space (readline's Ctrl-W).
        case killToSpace
        case killWordBackward, killWordForward
        case yank
        /// Replaces what was just yanked with the kill before it.
        case yankOlder
        case undo
        case editExternally
    }

    public enum History: Sendable, Hashable, CaseIterable {
        case previous, next, pageUp, pageDown, first, last
        /// Three conversations up or down: the mouse wheel, with `mouse = true`.
        case wheelUp, wheelDown
        case open
        /// Clears the query; closes when it is empty.
        case clearOrClose
        case close
    }

    public enum Viewer: Sendable, Hashable, CaseIterable {
        case lineUp, lineDown, pageUp, pageDown, top, bottom
        case previousMessage, nextMessage
        /// Starts typing a search; the rest of the keys typed with `/` are its first characters.
        case search
        case nextMatch, previousMatch
        case continueConversation
        case close
        /// Clears the search; closes when there is none.
        case clearSearchOrClose
        /// Three lines up or down: the mouse wheel, with `mouse = true`.
        case wheelUp, wheelDown
        /// Another alternative (`‹ 2/3 ›`) of the last message that has them, shown here only:
        /// the file changes only if the conversation is continued.
        case previousAlternative, nextAlternative
    }

    public enum ViewerSearch: Sendable, Hashable, CaseIterable {
        case run
        case cancel
        /// Cancels when nothing is typed; otherwise the key edits the line.
        case cancelIfEmpty
        case start, end
    }

    public enum SearchLine: Sendable, Hashable, CaseIterable {
        case characterLeft, characterRight, start, end
        case deleteBackward, deleteForward, deleteToStart, deleteToEnd, deleteWordBackward
    }

    public enum Help: Sendable, Hashable, CaseIterable {
        case lineUp, lineDown, pageUp, pageDown, top, bottom
        case close
    }

    public enum Select: Sendable, Hashable, CaseIterable {
        case lineUp, lineDown, previousMessage, nextMessage, previousBlock, nextBlock
        case pageUp, pageDown, top, bottom
        /// `v`: a range of lines; `V`: of whole code blocks or messages.
        case range, wholeRange
        case copy, write, quote, leave
        /// The prompt under the cursor into the editor, to send as a new branch.
        case edit
        /// The previous or next alternative of the message under the cursor.
        case previousAlternative, nextAlternative
    }

    public enum SelectPath: Sendable, Hashable, CaseIterable {
        case write, cancel
    }

    public enum SelectOverwrite: Sendable, Hashable, CaseIterable {
        case overwrite, keep
    }
}
