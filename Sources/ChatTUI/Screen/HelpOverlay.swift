import Foundation

/// Every key and command, grouped as the `KeyTable` groups them, in a scrollable full-screen
/// overlay. The app sends it every key while it is open and closes it on `.close`.
@MainActor
public final class HelpOverlay {
    /// What the app should do after a key.
    public enum Action: Sendable, Hashable {
        case close
    }

    /// One group of the help text: a title and (keys, what they do) pairs, from the `KeyTable`.
    public struct Section: Sendable, Hashable {
        public var title: String
        public var entries: [KeyTable.Row]
    }

    /// The help text: every section of the key table, code spans shown without their backquotes.
    public static let sections: [Section] = HelpSection.allCases.map { section in
        Section(
            title: section.title,
            entries: KeyTable.overlayRows(in: section).map { row in
                KeyTable.Row(keys: row.keys, meaning: row.meaning.replacingOccurrences(of: "`", with: ""))
            })
    }

    /// "Esc or q closes", from the keys that close the help.
    static let closeHint = KeyTable.keyNames(.help(.close), first: 2) + " closes"

    /// The first help row in view.
    public private(set) var top = 0
    private var height = 1

    public init() {}

    /// Every row of the help at `width`: titles, then keys and their meanings in two columns, each
    /// wrapped in its own.
    public static func rows(width: Int) -> [StyledLine] {
        let keysWidth = min(40, max(12, width / 3))
        let title = TextWidth.truncate("Keys and commands · " + closeHint, to: width)
        var rows: [StyledLine] = [StyledLine(title, .overlayTitle), StyledLine()]
        for section in sections {
            rows.append(StyledLine(TextWidth.truncate(section.title, to: width), .overlayTitle))
            for entry in section.entries {
                // Long keys ("Ctrl-C twice (when idle), Ctrl-D …") wrap in their column too.
                let keys = LineWrapper.wrap(entry.keys, width: keysWidth)
                let meaning = LineWrapper.wrap(entry.meaning, width: max(1, width - keysWidth - 4))
                for index in 0..<max(keys.count, meaning.count) {
                    let key = index < keys.count ? TextWidth.truncate(keys[index], to: keysWidth) : ""
                    let lead = "  " + key + String(repeating: " ", count: max(1, keysWidth + 2 - TextWidth.of(key)))
                    let line = index < meaning.count ? meaning[index] : ""
                    rows.append(StyledLine([StyledLine.Span(lead, .inputPrompt), StyledLine.Span(line, .plain)]))
                }
            }
            rows.append(StyledLine())
        }
        return rows
    }

    /// Handles a key: scrolling, or `.close`, as the `KeyTable` binds them.
    public func handle(_ key: Key) -> Action? {
        switch KeyTable.help[key] {
        case .close?: return .close
        case .lineUp?: top -= 1
        case .lineDown?: top += 1
        case .pageUp?: top -= max(1, height - 1)
        case .pageDown?: top += max(1, height - 1)
        case .top?: top = 0
        case .bottom?: top = .max
        case nil: break
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
