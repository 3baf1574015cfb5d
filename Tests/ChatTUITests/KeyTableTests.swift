import Foundation
import XCTest

@testable import ChatTUI

/// The key table: each key bound once where it is pressed, every action reachable, every command
/// typed as declared, and the README's tables exactly what the table renders.
final class KeyTableTests: XCTestCase {
    private static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    func testTheREADMEsKeyAndCommandTablesAreTheKeyTables() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let (expected, missing) = KeyTable.updatingMarkdown(readme)
        XCTAssertEqual(missing, [], "README.md lacks these tables' markers")
        guard expected != readme else { return }
        XCTFail(
            "README.md's key tables differ from KeyTable (- README, + KeyTable); "
                + "`swift run chatterm help-tables --update README.md` rewrites them:\n"
                + LineDiff.text(from: readme, to: expected))
    }

    func testTheDiffShowsTheLinesThatDiffer() {
        XCTAssertEqual(LineDiff.text(from: "a\nb\nc", to: "a\nB\nc"), "  a\n- b\n+ B\n  c")
    }

    func testNoKeyIsBoundTwiceWhereItIsPressed() {
        var seen: [String: Set<KeyChord>] = [:]
        for binding in KeyTable.bindings {
            let place = Self.place(of: binding.action)
            for chord in binding.chords {
                XCTAssertFalse(seen[place, default: []].contains(chord), "\(chord.name) bound twice in \(place)")
                seen[place, default: []].insert(chord)
            }
        }
    }

    func testEveryActionHasAKey() {
        let actions: [KeyAction] =
            KeyAction.Chat.allCases.map { .chat($0) } + KeyAction.Prompt.allCases.map { .prompt($0) }
            + KeyAction.History.allCases.map { .history($0) } + KeyAction.Viewer.allCases.map { .viewer($0) }
            + KeyAction.ViewerSearch.allCases.map { .viewerSearch($0) }
            + KeyAction.SearchLine.allCases.map { .searchLine($0) } + KeyAction.Help.allCases.map { .help($0) }
        for action in actions {
            XCTAssertFalse(KeyTable.chords(for: action).isEmpty, "\(action) has no key")
        }
    }

    func testEveryKeyHasANameAndEverySectionRows() {
        for binding in KeyTable.bindings {
            for chord in binding.chords {
                XCTAssertNotNil(chord.key.name, "\(binding.action)")
            }
        }
        for section in HelpSection.allCases {
            XCTAssertFalse(KeyTable.overlayRows(in: section).isEmpty, section.title)
        }
    }

    func testTheKeysColumnPairsAlternativesAndSharesConditions() {
        let rows = HelpSection.allCases.flatMap(KeyTable.keyRows(in:))
        let keys = Set(rows.map(\.keys))
        XCTAssertTrue(keys.contains("Left / Right, Ctrl-B / Ctrl-F"))
        XCTAssertTrue(keys.contains("End, Ctrl-E (at the end of the prompt), Shift-End, Ctrl-End, Alt->"))
        XCTAssertTrue(keys.contains("Esc, Ctrl-C (while a reply streams)"))
        XCTAssertTrue(keys.contains("Ctrl-C twice (when idle), Ctrl-D (on an empty prompt)"))
        XCTAssertTrue(keys.contains("Ctrl-_, Ctrl-X Ctrl-U"))
        XCTAssertEqual(
            rows.first { $0.keys == "Ctrl-O" }?.meaning, "browse and search the saved conversations (`/history`)")
    }

    func testTabsHelpNamesEveryCommandWhoseArgumentItCompletes() {
        let tab = HelpSection.allCases.flatMap(KeyTable.keyRows(in:)).first { $0.keys == "Tab" }
        let completing = KeyTable.commands.filter { $0.completion != nil }.map(\.name)
        XCTAssertEqual(completing, ["/model", "/profile", "/copy", "/attach", "/open", "/theme"])
        for name in completing {
            XCTAssertTrue(tab?.meaning.contains("`\(name)`") == true, "Tab's help lacks \(name)")
        }
    }

    func testEveryCommandIsTypedAsDeclared() {
        XCTAssertEqual(Set(SlashCommand.names).count, KeyTable.commands.count, "a name declared twice")
        for command in KeyTable.commands {
            let alone = SlashCommand(command.name)
            XCTAssertNotEqual(alone, .unknown(command.name))
            XCTAssertEqual(alone, command.make(nil))
            XCTAssertEqual(SlashCommand(command.name + "  an argument "), command.make("an argument"))
            for alias in command.aliases {
                XCTAssertEqual(SlashCommand(alias), alone, alias)
            }
        }
    }

    /// Where an action's key is pressed: a key is bound at most once in each.
    private static func place(of action: KeyAction) -> String {
        switch action {
        case .chat: return "the chat"
        case .prompt: return "the prompt"
        case .history: return "the history browser"
        case .viewer: return "the viewer"
        case .viewerSearch: return "the viewer's search"
        case .searchLine: return "a search line"
        case .help: return "the help"
        case .select: return "selection mode"
        case .selectPath: return "the path of a selection's file"
        case .selectOverwrite: return "the question whether to overwrite a selection's file"
        }
    }
}

/// The lines of two texts, unchanged ("  "), removed ("- ") and added ("+ "), by their longest
/// common subsequence; runs of unchanged lines far from a change are left out.
enum LineDiff {
    static func text(from old: String, to new: String, context: Int = 2) -> String {
        let a = old.components(separatedBy: "\n")
        let b = new.components(separatedBy: "\n")
        // common[i][j]: the longest common subsequence of a[i...] and b[j...].
        var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var lines: [(mark: Character, text: String)] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                lines.append((" ", a[i]))
                i += 1
                j += 1
            } else if i < a.count && (j == b.count || common[i + 1][j] >= common[i][j + 1]) {
                lines.append(("-", a[i]))
                i += 1
            } else {
                lines.append(("+", b[j]))
                j += 1
            }
        }
        let changed = lines.indices.filter { lines[$0].mark != " " }
        let shown = lines.indices.filter { index in changed.contains { abs($0 - index) <= context } }
        var output: [String] = []
        for (position, index) in shown.enumerated() {
            if position > 0 && index > shown[position - 1] + 1 { output.append("…") }
            output.append("\(lines[index].mark) \(lines[index].text)")
        }
        return output.joined(separator: "\n")
    }
}
