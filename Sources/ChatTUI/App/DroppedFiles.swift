import ChatCore

/// A bracketed paste that held only paths of existing files, as terminals paste files dropped
/// on them: the chat asks before it attaches them, and a paste it does not attach is pasted as
/// text, so nothing pasted is ever lost.
struct DroppedFiles {
    /// What was pasted, exactly.
    var pasted: String
    /// The files read from the paths.
    var attachments: [Attachment]

    /// The files `pasted` names, when it names nothing but files that can be attached; nil when
    /// it is text (or a path that does not exist, a folder, a file that cannot be attached).
    init?(pasted: String, vision: Bool) {
        guard pasted.count <= 16 * 1024, let words = PathWords.split(pasted), !words.isEmpty,
            words.allSatisfy({ $0.hasPrefix("/") || $0.hasPrefix("~/") }),
            case .success(let attachments) = AttachmentReader.read(words.map(Self.literal), vision: vision),
            attachments.count == words.count
        else { return nil }
        self.pasted = pasted
        self.attachments = attachments
    }

    /// The question on the status line: "attach nginx.conf (2.1 KB)? Enter attaches, Esc pastes the text".
    var question: String {
        let files =
            attachments.count == 1
            ? "\(attachments[0].name) (\(Figures.bytes(attachments[0].byteCount)))"
            : "\(attachments.count) files (\(Figures.bytes(attachments.reduce(0) { $0 + $1.byteCount })))"
        return "attach \(files)? Enter attaches, Esc pastes the text"
    }

    /// A dropped path is a file's own name: glob characters in it are escaped, so that
    /// `AttachmentReader` does not expand them.
    private static func literal(_ path: String) -> String {
        var escaped = ""
        for character in path {
            if "*?[]{}\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
