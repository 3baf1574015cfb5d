import ChatCore

/// The top line of the chat: the conversation's title, the profile in use (if any), the model
/// and the endpoint host (or "demo"), and whether the conversation is being saved, exactly
/// `width` cells:
///
/// ```
///  Trip to Kyoto                            work · qwen2 @ 10.0.0.5:8000 · saved
/// ```
public enum TitleLine {
    /// Whether and how the conversation is kept.
    public enum SaveState: Sendable, Hashable {
        /// Saved as it changes.
        case saved
        /// Open in another chatterm: read here, not written.
        case readOnly
        /// The last save failed; the next change tries again.
        case failing
        /// Nothing is saved in this run.
        case off

        var text: String {
            switch self {
            case .saved: return "saved"
            case .readOnly: return "read-only"
            case .failing: return "not saved"
            case .off: return "not saved"
            }
        }
    }

    public static func render(
        title: String, model: String, endpoint: String, profile: String = "", save: SaveState, width: Int
    ) -> StyledLine {
        guard width > 0 else { return StyledLine() }
        let name = title.isEmpty ? "New conversation" : Sanitizer.singleLineText(title)
        let right =
            [
                Sanitizer.singleLineText(profile),
                [Sanitizer.singleLineText(model), Sanitizer.singleLineText(endpoint)].filter { !$0.isEmpty }
                    .joined(separator: " @ "),
                save.text,
            ].filter { !$0.isEmpty }.joined(separator: " · ") + " "
        let rightWidth = TextWidth.of(right)
        // The title wins: the right part goes first when both do not fit.
        let room = width - 1
        if TextWidth.of(name) + rightWidth + 1 > room {
            let cut = TextWidth.truncate(" " + name, to: width)
            return StyledLine([
                StyledLine.Span(cut, .titleBar),
                StyledLine.Span(String(repeating: " ", count: max(0, width - TextWidth.of(cut))), .titleBar),
            ])
        }
        let gap = width - 1 - TextWidth.of(name) - rightWidth
        return StyledLine([
            StyledLine.Span(" " + name, .titleBar),
            StyledLine.Span(String(repeating: " ", count: max(0, gap)), .titleBar),
            StyledLine.Span(right, .statusInfo),
        ])
    }
}
