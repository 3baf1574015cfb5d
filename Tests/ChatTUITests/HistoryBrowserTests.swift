import ChatTUI
import Foundation
import XCTest

final class HistoryBrowserTests: ChatTUITestCase {
    private let utc = TimeZone(identifier: "UTC")!

    /// 2026-11-27 14:05 UTC minus `hours`.
    private func date(hoursAgo hours: Int) -> Date {
        Date(timeIntervalSince1970: 1_795_788_300 - Double(hours) * 3600)
    }

    private func entry(
        _ id: String, _ title: String, model: String = "qwen2", hoursAgo: Int = 0, messages: Int = 42,
        bytes: Int = 12 * 1024, matches: Int? = nil
    ) -> HistoryEntry {
        HistoryEntry(
            id: id, title: title, updatedAt: date(hoursAgo: hoursAgo), model: model, messageCount: messages,
            bytes: bytes, matchCount: matches)
    }

    private var sample: [HistoryEntry] {
        [
            entry("a", "Café au lait recipes", model: "glm4", hoursAgo: 0),
            entry("b", "CAFE racer motorbikes", model: "qwen2", hoursAgo: 1),
            entry("c", "東京の天気", model: "qwen2", hoursAgo: 2),
            entry("d", "Tell me a story", model: "glm4", hoursAgo: 3),
            entry("e", "Résumé review", model: "llama3", hoursAgo: 4),
        ]
    }

    @MainActor
    private func browser(_ entries: [HistoryEntry], search: ((String) -> [HistoryEntry]?)? = nil) -> HistoryBrowser {
        HistoryBrowser(entries: entries, timeZone: utc, search: search)
    }

    @MainActor
    func testTheTitleSaysHowManyUnreadableFilesWereSkipped() async {
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 120))
        HistoryBrowser(entries: sample, unreadable: 2, timeZone: utc).render(on: grid)
        XCTAssertEqual(
            grid.text(row: 0),
            " History · 5 conversations · 2 unreadable files skipped (chatterm history says why) · type to search")
        HistoryBrowser(entries: [], unreadable: 1, timeZone: utc).render(on: grid)
        XCTAssertEqual(
            grid.text(row: 0),
            " History · 0 conversations · 1 unreadable file skipped (chatterm history says why) · type to search")
    }

    @MainActor
    private func type(_ text: String, into browser: HistoryBrowser) {
        for character in text { XCTAssertNil(browser.handle(.text(String(character)))) }
    }

    private func ids(_ entries: [HistoryEntry]) -> [String] { entries.map(\.id) }

    // MARK: Drawing

    @MainActor
    func testShowsATitleTheQueryAndOneRowPerConversation() async {
        let history = browser(sample)
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 70))
        history.render(on: grid)
        XCTAssertEqual(grid.text(row: 0), " History · 5 conversations · type to search")
        XCTAssertEqual(grid.role(row: 0, column: 69), .overlayTitle)
        XCTAssertEqual(grid.text(row: 1), "› type to filter by title or model")
        XCTAssertEqual(grid.text(row: 2), "2026-11-27 14:05  Café au lait recipes          glm4    42 msgs  12 KB")
        XCTAssertEqual(grid.text(row: 4), "2026-11-27 12:05  東京の天気                    qwen2   42 msgs  12 KB")
        XCTAssertEqual(grid.text(row: 7), "")
        XCTAssertEqual(grid.cursor?.row, 1)
        XCTAssertEqual(grid.cursor?.column, 2)
    }

    @MainActor
    func testTheSelectedRowIsDrawnAsASelectionAcrossTheWholeWidth() async {
        let history = browser(sample)
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 70))
        XCTAssertNil(history.handle(.down))
        history.render(on: grid)
        XCTAssertEqual((0..<70).map { grid.role(row: 3, column: $0) }, Array(repeating: .selection, count: 70))
        XCTAssertEqual(grid.role(row: 2, column: 0), .dim)
        XCTAssertEqual(grid.role(row: 2, column: 18), .plain)
    }

    @MainActor
    func testSizesMessageCountsAndHitsReadNaturally() async {
        let entries = [
            entry("a", "one", messages: 1, bytes: 512),
            entry("b", "two", hoursAgo: 1, messages: 7, bytes: 5 * 1024 * 1024 + 300 * 1024),
            entry("c", "three", hoursAgo: 2, messages: 1200, bytes: 48 * 1024 * 1024),
        ]
        let lines = browser(entries).rows(for: TerminalSize(rows: 6, columns: 60)).map(\.text)
        // Numbers are right-aligned in columns as wide as their widest value.
        XCTAssertTrue(lines[2].hasSuffix("qwen2      1 msg   512 B"), lines[2])
        XCTAssertTrue(lines[3].hasSuffix("qwen2     7 msgs  5.3 MB"), lines[3])
        XCTAssertTrue(lines[4].hasSuffix("qwen2  1200 msgs   48 MB"), lines[4])
    }

    @MainActor
    func testABranchedConversationCountsItsOtherBranchesAfterAPlus() async {
        var branched = entry("a", "one", messages: 9, matches: 3)
        branched.otherBranchMessages = 4
        branched.otherBranchMatches = 2
        let lines = browser([branched, entry("b", "two", hoursAgo: 1, messages: 7, matches: 1)])
            .rows(for: TerminalSize(rows: 6, columns: 70)).map(\.text)
        // 5 messages in view and 4 in other branches; 1 match in view and 2 in other branches.
        XCTAssertTrue(lines[2].hasSuffix("1+2 hits  qwen2  5+4 msgs  12 KB"), lines[2])
        XCTAssertTrue(lines[3].hasSuffix("   1 hit  qwen2    7 msgs  12 KB"), lines[3])
    }

    @MainActor
    func testEveryRowIsExactlyTheWidthFromTwentyToAHundredAndTwentyColumns() async {
        let entries = [
            entry("a", "中文标题也要按显示宽度截断才能对齐每一列", model: "通义千问-72B-长上下文版本"),
            entry("b", "Emoji 👨‍👩‍👧 and flags 🇫🇷 in a title", model: "", hoursAgo: 1, messages: 1, bytes: 3),
            entry("c", "x", model: "m", hoursAgo: 2, messages: 123_456, bytes: 5_000_000_000, matches: 7),
            entry("d", "e\u{301}e\u{301}e\u{301} combining marks everywhere", model: "glm4", hoursAgo: 3),
            entry("e", "", model: "qwen2", hoursAgo: 4),
        ]
        let history = browser(entries)
        XCTAssertNil(history.handle(.down))
        for width in 20...120 {
            let lines = history.rows(for: TerminalSize(rows: 8, columns: width))
            for row in 2..<7 {
                XCTAssertEqual(TextWidth.of(lines[row].text), width, "width \(width): \(lines[row].text)")
            }
            let grid = GridSurface(size: TerminalSize(rows: 8, columns: width))
            history.render(on: grid)
            XCTAssertEqual(grid.role(row: 3, column: width - 1), .selection, "width \(width)")
            // Narrower, the date shortens, then goes, so that the title keeps 12 cells.
            let date = width >= 38 ? "2026-11-27 14:05  " : width >= 25 ? "11-27 14:05  " : ""
            XCTAssertTrue(grid.text(row: 2).hasPrefix(date + "中文"), "width \(width): \(grid.text(row: 2))")
        }
    }

    @MainActor
    func testHostileTitlesNeverReachTheGridAsControlCharacters() async {
        let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{7}\u{9B}31m\r\n\u{8}\u{7F}\u{202E}evil\u{2066}\tend"
        let history = browser([entry("x", hostile, model: hostile), entry("y", "plain", model: hostile)])
        let grid = GridSurface(size: TerminalSize(rows: 8, columns: 100))
        type("\u{1B}", into: history)
        history.render(on: grid)
        for row in 0..<grid.size.rows {
            for cell in grid.cells[row] {
                guard let character = cell.character else { continue }
                for scalar in character.unicodeScalars {
                    XCTAssertNotEqual(scalar.properties.generalCategory, .control, "row \(row): \(grid.text(row: row))")
                    XCTAssertFalse((0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value))
                }
            }
        }
        XCTAssertTrue(grid.text(row: 1).contains("␛"))
        XCTAssertTrue(grid.text(row: 2).contains("␛[2J␛]0;pwned␇"), grid.text(row: 2))
    }

    @MainActor
    func testConversationsAreListedNewestFirstWhateverTheOrderGiven() async {
        let history = browser(sample.reversed())
        XCTAssertEqual(ids(history.entries), ["a", "b", "c", "d", "e"])
    }

    @MainActor
    func testAnUntitledConversationSaysSo() async {
        let lines = browser([entry("a", "  ")]).rows(for: TerminalSize(rows: 6, columns: 60)).map(\.text)
        XCTAssertTrue(lines[2].hasPrefix("2026-11-27 14:05  (untitled)"), lines[2])
    }

    // MARK: Filtering

    @MainActor
    func testFilteringAsYouTypeIgnoresCaseAndAccents() async {
        let history = browser(sample)
        type("c", into: history)
        XCTAssertEqual(ids(history.filtered), ["a", "b"])
        type("afé", into: history)
        XCTAssertEqual(history.query, "café")
        XCTAssertEqual(ids(history.filtered), ["a", "b"])
        type(" r", into: history)
        XCTAssertEqual(ids(history.filtered), ["a", "b"], "every word must match: “recipes” and “racer”")
        type("a", into: history)
        XCTAssertEqual(ids(history.filtered), ["b"])
        XCTAssertNil(history.handle(.ctrl("w")))
        XCTAssertEqual(history.query, "café ")
        XCTAssertNil(history.handle(.ctrl("u")))
        XCTAssertEqual(history.query, "")
        XCTAssertEqual(history.filtered.count, 5)
        type("RESUME", into: history)
        XCTAssertEqual(ids(history.filtered), ["e"])
        XCTAssertNil(history.handle(.backspace))
        XCTAssertEqual(history.query, "RESUM")
    }

    @MainActor
    func testAPasteGoesIntoTheQueryWithItsLineBreaksAsSpaces() async {
        let history = browser(sample)
        XCTAssertNil(history.handle(.paste("motor\r\nbikes\u{1B}")))
        XCTAssertEqual(history.query, "motor bikes␛")
        XCTAssertNil(history.handle(.ctrl("u")))
        XCTAssertNil(history.handle(.paste("story\r")))
        XCTAssertEqual(ids(history.filtered), ["d"], "a pasted line break does not open the selection")
    }

    @MainActor
    func testCJKAndFullWidthQueriesMatch() async {
        let history = browser(sample)
        type("東京", into: history)
        XCTAssertEqual(ids(history.filtered), ["c"])
        XCTAssertNil(history.handle(.ctrl("u")))
        type("天", into: history)
        XCTAssertEqual(ids(history.filtered), ["c"])
        XCTAssertNil(history.handle(.ctrl("u")))
        type("ＣＡＦＥ", into: history)
        XCTAssertEqual(ids(history.filtered), ["a", "b"])
    }

    @MainActor
    func testModelsMatchTooAndWordsCombine() async {
        let history = browser(sample)
        type("glm4", into: history)
        XCTAssertEqual(ids(history.filtered), ["a", "d"])
        type(" story", into: history)
        XCTAssertEqual(ids(history.filtered), ["d"])
        let lines = history.rows(for: TerminalSize(rows: 6, columns: 70)).map(\.text)
        XCTAssertEqual(lines[0], " History · 1 of 5 conversations · Enter opens · Esc clears")
    }

    @MainActor
    func testMatchesAreHighlightedInTitlesAndModels() async {
        let history = browser(sample)
        type("cafe", into: history)
        let grid = GridSurface(size: TerminalSize(rows: 8, columns: 70))
        history.render(on: grid)
        // Row 2 is selected: "Café" at columns 18..<22 in both marks at once.
        XCTAssertEqual(
            (17...22).map { grid.role(row: 2, column: $0) },
            [
                .selection, .selectionMatch, .selectionMatch, .selectionMatch, .selectionMatch, .selection,
            ])
        XCTAssertEqual(
            (17...22).map { grid.role(row: 3, column: $0) },
            [
                .plain, .searchMatch, .searchMatch, .searchMatch, .searchMatch, .plain,
            ])
        XCTAssertNil(history.handle(.ctrl("u")))
        type("東京", into: history)
        history.render(on: grid)
        XCTAssertTrue(grid.text(row: 2).hasPrefix("2026-11-27 12:05  東京の天気"))
        XCTAssertEqual((18..<22).map { grid.role(row: 2, column: $0) }, Array(repeating: .selectionMatch, count: 4))
        XCTAssertEqual(grid.role(row: 2, column: 22), .selection)
    }

    @MainActor
    func testTheAppsFullTextSearchReplacesTheFilterWhenItAnswers() async {
        var asked: [String] = []
        let hit = entry("z", "An old chat", model: "qwen2", messages: 9, matches: 3)
        let history = browser(sample) { query in
            asked.append(query)
            return query == "needle" ? [hit] : nil
        }
        type("needle", into: history)
        XCTAssertEqual(asked, ["n", "ne", "nee", "need", "needl", "needle"])
        XCTAssertEqual(ids(history.filtered), ["z"])
        let lines = history.rows(for: TerminalSize(rows: 6, columns: 70)).map(\.text)
        XCTAssertEqual(lines[1], "› needle")
        let gap = String(repeating: " ", count: 13)
        XCTAssertEqual(lines[2], "2026-11-27 14:05  An old chat" + gap + "3 hits  qwen2  9 msgs  12 KB")
        XCTAssertEqual(history.handle(.enter), .open("z"))
        XCTAssertNil(history.handle(.backspace))
        XCTAssertEqual(history.filtered.count, 0, "“needl” matches no title here")
    }

    @MainActor
    func testLateSearchResultsAreShownOnlyForTheCurrentQuery() async {
        let history = browser(sample) { _ in nil }
        type("old", into: history)
        XCTAssertEqual(history.filtered.count, 0)
        history.showSearchResults([entry("z", "An old chat")], for: "ol")
        XCTAssertEqual(history.filtered.count, 0)
        history.showSearchResults([entry("z", "An old chat")], for: "old")
        XCTAssertEqual(ids(history.filtered), ["z"])
    }

    @MainActor
    func testEmptyStatesSayWhatIsMissing() async {
        let history = browser(sample)
        type("xyz", into: history)
        let lines = history.rows(for: TerminalSize(rows: 6, columns: 50)).map(\.text)
        XCTAssertEqual(lines[2], "no conversation matches “xyz”")
        XCTAssertNil(history.selectedEntry)
        XCTAssertNil(history.handle(.enter))
        let empty = browser([]).rows(for: TerminalSize(rows: 6, columns: 50)).map(\.text)
        XCTAssertEqual(empty[0], " History · 0 conversations · type to search")
        XCTAssertEqual(empty[2], "no saved conversations yet")
    }

    // MARK: Keys

    @MainActor
    func testAWheelStepMovesThreeConversations() async {
        let history = browser(sample)
        XCTAssertNil(history.handle(.wheelDown))
        XCTAssertEqual(history.selection, 3)
        XCTAssertNil(history.handle(.wheelDown))
        XCTAssertEqual(history.selection, 4, "stops at the end")
        XCTAssertNil(history.handle(.wheelUp))
        XCTAssertEqual(history.selection, 1)
    }

    @MainActor
    func testSelectionMovesAndStopsAtTheEnds() async {
        let history = browser(sample)
        XCTAssertNil(history.handle(.up))
        XCTAssertEqual(history.selection, 0)
        for _ in 0..<3 { XCTAssertNil(history.handle(.down)) }
        XCTAssertEqual(history.selectedEntry?.id, "d")
        for _ in 0..<5 { XCTAssertNil(history.handle(.down)) }
        XCTAssertEqual(history.selectedEntry?.id, "e")
        XCTAssertNil(history.handle(.home))
        XCTAssertEqual(history.selection, 0)
        XCTAssertNil(history.handle(.end))
        XCTAssertEqual(history.selection, 4)
        XCTAssertNil(history.handle(.ctrl("p")))
        XCTAssertEqual(history.selection, 3, "Ctrl-P is Up")
        type("t", into: history)
        XCTAssertEqual(history.selection, 0, "a new query selects its first result")
    }

    @MainActor
    func testPageKeysMoveByAPageAndTheListScrollsWithTheSelection() async {
        let entries = (0..<30).map { entry("id\($0)", "conversation \($0)", hoursAgo: $0) }
        let history = browser(entries)
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 60))
        history.render(on: grid)  // 8 list rows
        XCTAssertNil(history.handle(.pageDown))
        XCTAssertEqual(history.selection, 7)
        XCTAssertEqual(history.scrollOffset, 0)
        XCTAssertNil(history.handle(.pageDown))
        XCTAssertEqual(history.selection, 14)
        XCTAssertEqual(history.scrollOffset, 7)
        history.render(on: grid)
        XCTAssertTrue(grid.text(row: 9).contains("conversation 14"))
        XCTAssertEqual(grid.role(row: 9, column: 0), .selection)
        for _ in 0..<5 { XCTAssertNil(history.handle(.pageDown)) }
        XCTAssertEqual(history.selection, 29)
        XCTAssertEqual(history.scrollOffset, 22)
        XCTAssertNil(history.handle(.pageUp))
        XCTAssertEqual(history.selection, 22)
        XCTAssertNil(history.handle(.pageUp))
        XCTAssertEqual(history.selection, 15)
        XCTAssertEqual(history.scrollOffset, 15)
        for _ in 0..<5 { XCTAssertNil(history.handle(.pageUp)) }
        XCTAssertEqual(history.selection, 0)
        XCTAssertEqual(history.scrollOffset, 0)
    }

    @MainActor
    func testAResizeKeepsTheSelectionInView() async {
        let entries = (0..<30).map { entry("id\($0)", "conversation \($0)", hoursAgo: $0) }
        let history = browser(entries)
        XCTAssertNil(history.handle(.end))
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 60))
        history.render(on: grid)
        XCTAssertTrue(grid.text(row: 9).contains("conversation 29"))
        grid.size = TerminalSize(rows: 40, columns: 60)
        history.render(on: grid)
        XCTAssertTrue(grid.text(row: 2).contains("conversation 0"), "room enough to show the top again")
        XCTAssertTrue(grid.text(row: 31).contains("conversation 29"))
    }

    @MainActor
    func testEnterOpensTheSelectedConversation() async {
        let history = browser(sample)
        XCTAssertEqual(history.handle(.enter), .open("a"))
        type("story", into: history)
        XCTAssertEqual(history.handle(.enter), .open("d"))
    }

    @MainActor
    func testEscClearsTheQueryFirstThenCloses() async {
        let history = browser(sample)
        type("cafe", into: history)
        XCTAssertNil(history.handle(.escape))
        XCTAssertEqual(history.query, "")
        XCTAssertEqual(history.filtered.count, 5)
        XCTAssertEqual(history.handle(.escape), .close)
        type("cafe", into: history)
        XCTAssertEqual(history.handle(.ctrl("c")), .close, "Ctrl-C closes at once")
    }

    @MainActor
    func testUpdatingTheListKeepsTheQueryAndTheSelectedConversation() async {
        let history = browser(sample)
        type("cafe", into: history)
        XCTAssertNil(history.handle(.down))
        XCTAssertEqual(history.selectedEntry?.id, "b")
        history.update(entries: sample + [entry("new", "Cafe news", hoursAgo: -1)])
        XCTAssertEqual(ids(history.filtered), ["new", "a", "b"])
        XCTAssertEqual(history.selectedEntry?.id, "b")
    }
}
