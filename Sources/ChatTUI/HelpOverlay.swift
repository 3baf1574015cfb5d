/// Every key and command, grouped, in a scrollable full-screen overlay (F1, or `?` on an empty
/// input). The app sends it every key while it is open and closes it on `.close`.
@MainActor
public final class HelpOverlay {
    /// What the app should do after a key.
    public enum Action: Sendable, Hashable {
        case close
    }

    /// One group of the help text: a title and (keys, what they do) pairs.
    public struct Section: Sendable, Hashable {
        public var title: String
        public var entries: [(keys: String, meaning: String)]

        public static func == (a: Section, b: Section) -> Bool {
            a.title == b.title && a.entries.map(\.keys) == b.entries.map(\.keys)
                && a.entries.map(\.meaning) == b.entries.map(\.meaning)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(title)
            for entry in entries {
                hasher.combine(entry.keys)
                hasher.combine(entry.meaning)
            }
        }
    }

    /// The help text.
    public static let sections: [Section] = [
        Section(
            title: "Writing and sending",
            entries: [
                ("Enter", "send the prompt"),
                ("Alt-Enter, Ctrl-J", "a new line in the prompt"),
                ("Up / Down", "move between the prompt's lines; at its edge, earlier prompts"),
                ("Ctrl-A / Ctrl-E, Home / End", "start / end of the line"),
                ("Ctrl-B / Ctrl-F, Alt-B / Alt-F", "a character / a word left and right"),
                ("Ctrl-K / Ctrl-U", "cut to the end / to the start of the line"),
                ("Ctrl-W, Alt-Backspace / Alt-D", "cut a word backward / forward"),
                ("Ctrl-Y, Alt-Y", "paste what was cut last, then older cuts"),
                ("Ctrl-_", "undo"),
                ("Ctrl-X Ctrl-E", "edit the prompt in $VISUAL or $EDITOR"),
                ("(paste)", "pasted text lands in the prompt, line breaks kept, and is never sent by itself"),
                ("Tab", "complete a /command, and the argument of /open, /model, /profile and /theme"),
                ("Ctrl-D (on an empty prompt)", "quit"),
            ]),
        Section(
            title: "Reading",
            entries: [
                ("PgUp / PgDn", "scroll a page"),
                ("Shift-Up / Shift-Down, Ctrl-Up / Ctrl-Down", "scroll a line"),
                ("Alt-Up / Alt-Down", "previous / next message"),
                ("End (at the end of the prompt), Shift-End, Ctrl-End, Alt->", "back to the newest text"),
                ("Ctrl-Home, Alt-<", "the start of the conversation"),
                ("Ctrl-R", "find in the conversation (starts /find)"),
                ("Ctrl-R / Ctrl-S", "with a search under way: the older / newer match"),
                ("Ctrl-T", "show reasoning in full, or fold it again"),
            ]),
        Section(
            title: "Replies",
            entries: [
                ("Esc, Ctrl-C", "cancel the reply under way; what arrived is kept"),
                ("/retry", "ask for a new reply to the last prompt"),
                ("/continue", "ask the model to go on from a reply that stopped early"),
                ("/model [NAME]", "switch the model for the next reply, or list the server's"),
                ("/profile [NAME]", "switch to a profile of the config file (endpoint, model, settings), or list them"),
                ("/system [TEXT]", "set (or show) the system prompt"),
                ("/raw", "show replies as they came, without Markdown"),
                ("/copy [N]", "copy the last reply, or its Nth code block, to the clipboard (OSC 52, works over SSH)"),
            ]),
        Section(
            title: "Conversations",
            entries: [
                ("Ctrl-O, /history", "saved conversations: type to search, Enter to read, c to continue"),
                ("/new", "start a new conversation"),
                ("/open ID|last", "continue a saved conversation"),
                ("/title TEXT", "rename this conversation"),
                ("/find TEXT", "highlight TEXT in this conversation (/find alone clears it)"),
                ("/export", "write this conversation as Markdown next to its file"),
            ]),
        Section(
            title: "The program",
            entries: [
                ("F1, ? (on an empty prompt), /help", "this help"),
                ("/theme [NAME]", "switch the colours to a theme, or list the themes"),
                ("Ctrl-L", "redraw the screen"),
                ("Ctrl-Z", "suspend (fg to come back)"),
                ("Ctrl-C twice, /quit", "quit"),
            ]),
    ]

    /// The first help row in view.
    public private(set) var top = 0
    private var height = 1

    public init() {}

    /// Every row of the help at `width`: titles, then keys and their meanings in two columns.
    public static func rows(width: Int) -> [StyledLine] {
        let keysWidth = min(40, max(12, width / 3))
        let title = TextWidth.truncate("Keys and commands · Esc or q closes", to: width)
        var rows: [StyledLine] = [StyledLine(title, .overlayTitle), StyledLine()]
        for section in sections {
            rows.append(StyledLine(TextWidth.truncate(section.title, to: width), .overlayTitle))
            for entry in section.entries {
                let keys = TextWidth.truncate(entry.keys, to: keysWidth)
                let gap = String(repeating: " ", count: max(1, keysWidth + 2 - TextWidth.of(keys)))
                let meaningWidth = max(1, width - keysWidth - 4)
                let meaning = LineWrapper.wrap(entry.meaning, width: meaningWidth)
                for (index, line) in meaning.enumerated() {
                    let lead = index == 0 ? "  " + keys + gap : String(repeating: " ", count: keysWidth + 4)
                    rows.append(
                        StyledLine([StyledLine.Span(lead, .inputPrompt), StyledLine.Span(line, .plain)]))
                }
            }
            rows.append(StyledLine())
        }
        return rows
    }

    /// Handles a key: scrolling, or `.close` for Esc, q, F1 and Ctrl-C.
    public func handle(_ key: Key) -> Action? {
        switch key {
        case .escape, .ctrl("c"), .text("q"), .function(1): return .close
        case .up: top -= 1
        case .down: top += 1
        case .pageUp: top -= max(1, height - 1)
        case .pageDown, .text(" "): top += max(1, height - 1)
        case .home: top = 0
        case .end: top = .max
        default: break
        }
        return nil
    }

    /// Draws the help over the whole surface, scrolled to `top` (clamped).
    public func render(on surface: any Surface) {
        let size = surface.size
        let rows = Self.rows(width: size.columns)
        height = max(1, size.rows)
        top = min(max(0, top), max(0, rows.count - height))
        for row in 0..<size.rows {
            let index = top + row
            surface.drawRow(row, index < rows.count ? rows[index] : StyledLine(), fill: .plain)
        }
        surface.placeCursor(row: 0, column: nil)
    }
}
