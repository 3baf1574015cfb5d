import ChatCore
import ChatTUI
import XCTest

final class ConversationSearchTests: ChatTUITestCase {
    @MainActor
    private func layout(_ messages: [Message], width: Int = 40) -> ConversationLayout {
        let layout = ConversationLayout()
        layout.update(messages: messages, width: width)
        return layout
    }

    private var messages: [Message] {
        [
            Message(role: .user, content: "Where is the cat?"),
            Message(role: .assistant, content: "The cat is on the mat.\nThe CAT sleeps."),
            Message(role: .user, content: "And the dog?"),
            Message(role: .assistant, content: "No dog here, only a cat."),
        ]
    }

    @MainActor
    func testFindsEveryMatchInOrderIgnoringCase() async {
        // Rows: 0 You, 1 "  Where is the cat?", 2 blank, 3 Assistant, 4 "  The cat is on the mat.",
        // 5 "  The CAT sleeps.", 6 blank, 7 You, 8 "  And the dog?", 9 blank, 10 Assistant,
        // 11 "  No dog here, only a cat.", 12 blank.
        let search = ConversationSearch(query: "Cat", layout: layout(messages))
        XCTAssertEqual(search.matchCount, 4)
        XCTAssertEqual(search.matches.map(\.row), [1, 4, 5, 11])
        XCTAssertEqual(search.matches.map(\.columns), [15..<18, 6..<9, 6..<9, 22..<25])
        XCTAssertEqual(search.matches.map(\.message), [0, 1, 1, 3])
        XCTAssertNil(search.currentIndex)
        XCTAssertEqual(search.positionText, "4")
    }

    @MainActor
    func testSeveralMatchesInOneRowAreHighlightedLeftToRight() async {
        let search = ConversationSearch(query: "the", layout: layout(messages))
        XCTAssertEqual(search.highlights(inRow: 4), [2..<5, 16..<19])
        XCTAssertEqual(search.highlights(inRow: 2), [])
        XCTAssertEqual(search.highlights(inRow: 99), [])
    }

    @MainActor
    func testLabelRowsAreNotSearched() async {
        let search = ConversationSearch(query: "assistant", layout: layout(messages))
        XCTAssertEqual(search.matchCount, 0)
        XCTAssertEqual(ConversationSearch(query: "you", layout: layout(messages)).matchCount, 0)
    }

    @MainActor
    func testNextAndPreviousWrapAround() async {
        let search = ConversationSearch(query: "cat", layout: layout(messages))
        XCTAssertEqual(search.next(), 1)
        XCTAssertEqual(search.positionText, "1/4")
        XCTAssertEqual(search.next(), 4)
        XCTAssertEqual(search.next(), 5)
        XCTAssertEqual(search.next(), 11)
        XCTAssertEqual(search.positionText, "4/4")
        XCTAssertEqual(search.next(), 1, "after the last comes the first")
        XCTAssertEqual(search.previous(), 11, "before the first comes the last")
        XCTAssertEqual(search.previous(), 5)
        XCTAssertEqual(search.currentIndex, 2)
        XCTAssertEqual(search.currentMatch, ConversationSearch.Match(row: 5, columns: 6..<9, message: 1))

        let fresh = ConversationSearch(query: "cat", layout: layout(messages))
        XCTAssertEqual(fresh.previous(), 11, "previous with no current match starts from the end")
    }

    @MainActor
    func testSelectingTheLastMatchFromTheFarEndDoesNotOverflow() async {
        let search = ConversationSearch(query: "cat", layout: layout([Message(role: .user, content: "a cat, a cat")]))
        XCTAssertEqual(search.selectLast(atOrBefore: .max), 1)
        XCTAssertEqual(search.positionText, "2/2")
    }

    @MainActor
    func testSelectingFromARowWrapsPastTheEnd() async {
        let search = ConversationSearch(query: "cat", layout: layout(messages))
        XCTAssertEqual(search.selectFirst(atOrAfter: 5), 5)
        XCTAssertEqual(search.selectFirst(atOrAfter: 6), 11)
        XCTAssertEqual(search.selectFirst(atOrAfter: 12), 1)
        XCTAssertEqual(search.positionText, "1/4")
        XCTAssertEqual(search.selectLast(atOrBefore: 10), 5)
        XCTAssertEqual(search.selectLast(atOrBefore: 0), 11)
    }

    @MainActor
    func testNoMatchMeansNoMovement() async {
        let search = ConversationSearch(query: "zebra", layout: layout(messages))
        XCTAssertEqual(search.matchCount, 0)
        XCTAssertNil(search.next())
        XCTAssertNil(search.previous())
        XCTAssertNil(search.selectFirst(atOrAfter: 0))
        XCTAssertNil(search.currentIndex)
        XCTAssertEqual(search.positionText, "0")
        XCTAssertEqual(ConversationSearch(query: "", layout: layout(messages)).matchCount, 0)
    }

    @MainActor
    func testCJKMatchesAreMeasuredInDisplayColumns() async {
        let conversation = [Message(role: .assistant, content: "私は東京に住んでいます。東京は大きい。")]
        let search = ConversationSearch(query: "東京", layout: layout(conversation))
        // "  私は東京…": the indent takes 2 cells and each ideograph 2.
        XCTAssertEqual(search.matches.map(\.columns), [6..<10, 26..<30])
        XCTAssertEqual(search.matches.map(\.row), [1, 1])
    }

    @MainActor
    func testWideAndCombiningCharactersBeforeAMatchShiftItsColumns() async {
        let conversation = [Message(role: .user, content: "😀你 e\u{301}x Café and cafe")]
        let search = ConversationSearch(query: "CAFÉ", layout: layout(conversation))
        // indent 2, 😀 2, 你 2, space 1, é 1, x 1, space 1: "Café" starts at column 10.
        XCTAssertEqual(search.highlights(inRow: 1), [10..<14, 19..<23])
    }

    @MainActor
    func testComposedAndDecomposedAccentsFindEachOther() async {
        let conversation = [Message(role: .user, content: "東京 cafe\u{301} 東京 Café")]
        XCTAssertEqual(
            ConversationSearch(query: "café", layout: layout(conversation)).matches.map(\.columns), [7..<11, 17..<21])
        XCTAssertEqual(
            ConversationSearch(query: "cafe\u{301}", layout: layout(conversation)).matchCount, 2)
        // After the decomposed "é" (one cell), the second "東京" starts at 2 + 4 + 1 + 4 + 1.
        XCTAssertEqual(
            ConversationSearch(query: "東京", layout: layout(conversation)).matches.map(\.columns), [2..<6, 12..<16])
    }

    @MainActor
    func testKanaVoicingMarksAndHangulFold() async {
        let conversation = [Message(role: .user, content: "がっこう 한국어")]
        XCTAssertEqual(ConversationSearch(query: "かっこう", layout: layout(conversation)).matchCount, 1)
        XCTAssertEqual(ConversationSearch(query: "한국", layout: layout(conversation)).matches.map(\.columns), [11..<15])
        XCTAssertEqual(
            ConversationSearch(query: "하", layout: layout(conversation)).matchCount, 0, "not half a syllable")
    }

    @MainActor
    func testAQueryNeverMatchesPartOfAGrapheme() async {
        let conversation = [Message(role: .user, content: "family 👨‍👩‍👧 and a man 👨")]
        let search = ConversationSearch(query: "👨", layout: layout(conversation))
        let start = TextWidth.of("  family 👨‍👩‍👧 and a man ")
        XCTAssertEqual(search.matches.map(\.columns), [start..<(start + 2)])
    }

    @MainActor
    func testAMatchDoesNotSpanAWrappedRow() async {
        let conversation = [Message(role: .user, content: "one two three four")]
        let narrow = layout(conversation, width: 11)  // "  one two", "  three", "  four"
        XCTAssertEqual(ConversationSearch(query: "two three", layout: narrow).matchCount, 0)
        XCTAssertEqual(ConversationSearch(query: "three", layout: narrow).matches.map(\.row), [2])
        XCTAssertEqual(ConversationSearch(query: "two three", layout: layout(conversation)).matchCount, 1)
    }

    @MainActor
    func testReasoningAndErrorsAreSearchedToo() async {
        let conversation = [
            Message(
                role: .assistant, content: "answer", reasoning: "ponder the needle", status: .failed,
                error: "needle in the error")
        ]
        let search = ConversationSearch(query: "needle", layout: layout(conversation))
        XCTAssertEqual(search.matches.map(\.row), [1, 3])
    }

    @MainActor
    func testARewrapFindsTheMatchesAgainAndKeepsTheCurrentOneOnItsMessage() async {
        let filler = String(repeating: "filler ", count: 5)
        let conversation = [
            Message(role: .user, content: "alpha " + filler + "alpha " + filler + "alpha"),
            Message(role: .assistant, content: "beta alpha"),
        ]
        let layout = layout(conversation, width: 100)
        let search = ConversationSearch(query: "alpha", layout: layout)
        XCTAssertEqual(search.matches.map(\.row), [1, 1, 1, 4])
        search.next()
        search.next()
        XCTAssertEqual(search.currentMatch, ConversationSearch.Match(row: 1, columns: 43..<48, message: 0))

        layout.update(messages: conversation, width: 30)
        XCTAssertEqual(search.matchCount, 4)
        XCTAssertGreaterThan(search.matches[3].row, 4)
        XCTAssertEqual(search.currentIndex, 1, "still the second match of the first message")
        XCTAssertEqual(search.currentMatch?.message, 0)
        XCTAssertEqual(search.positionText, "2/4")
    }

    @MainActor
    func testTheChatScreenDrawsHighlightsInTheSearchMatchRole() async {
        let screen = ChatScreen()
        let grid = GridSurface(size: TerminalSize(rows: 10, columns: 40))
        let conversation = [Message(role: .assistant, content: "你好 hello world")]
        screen.render(messages: conversation, status: StatusModel(), on: grid)
        let search = ConversationSearch(query: "hello", layout: screen.layout)
        screen.render(messages: conversation, status: StatusModel(), on: grid) { search.highlights(inRow: $0) }
        XCTAssertEqual(grid.text(row: 1), "  你好 hello world")
        XCTAssertEqual(
            (6...12).map { grid.role(row: 1, column: $0) },
            [
                .assistantText, .searchMatch, .searchMatch, .searchMatch, .searchMatch, .searchMatch, .assistantText,
            ])
        screen.render(messages: conversation, status: StatusModel(), on: grid)
        XCTAssertEqual(grid.role(row: 1, column: 7), .assistantText, "no highlights without a search")
    }
}
