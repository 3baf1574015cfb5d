/// A group of keys and commands in the help overlay, in the order shown there.
public enum HelpSection: Sendable, Hashable, CaseIterable {
    case writing, reading, replies, conversations, program
    case history, viewer, viewerSearch, searchLine, selection, selectionFile, help

    public var title: String {
        switch self {
        case .writing: return "Writing and sending"
        case .reading: return "Reading"
        case .replies: return "Replies"
        case .conversations: return "Conversations"
        case .program: return "The program"
        case .history: return "The history browser"
        case .viewer: return "A saved conversation"
        case .viewerSearch: return "Searching a saved conversation"
        case .searchLine: return "Typing a search"
        case .selection: return "Selecting in the conversation"
        case .selectionFile: return "Writing a selection to a file"
        case .help: return "This help"
        }
    }

    /// Whether the section holds the chat's keys, as opposed to an overlay's.
    public var isChat: Bool {
        switch self {
        case .writing, .reading, .replies, .conversations, .program: return true
        case .history, .viewer, .viewerSearch, .searchLine, .selection, .selectionFile, .help: return false
        }
    }
}
