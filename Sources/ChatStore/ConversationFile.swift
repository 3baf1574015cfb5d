import ChatCore
import Foundation

/// The on-disk envelope of a conversation (DESIGN.md §5): `format` and `version` around the
/// conversation's own fields. Saving, locking and listing come with the history issue.
public enum ConversationFile {
    public static let format = "chatterm.conversation"
    public static let version = 1
}
