import ChatCore
import ChatTUI
import XCTest

final class ConversationLayoutTests: ChatTUITestCase {
    @MainActor
    private func allRows(_ messages: [Message], width: Int) -> [StyledLine] {
        let layout = ConversationLayout()
        layout.update(messages: messages, width: width)
        return layout.rows(in: 0..<layout.totalRows)
    }

    @MainActor
    func testEachMessageHasALabelIndentedContentAndABlankRow() async {
        let rows = allRows(
            [
                Message(role: .user, content: "Hello there"),
                Message(role: .assistant, content: "General Kenobi"),
            ], width: 40)
        XCTAssertEqual(rows.map(\.text), ["You", "  Hello there", "", "Assistant", "  General Kenobi", ""])
        XCTAssertEqual(rows[0].spans.map(\.role), [.userLabel])
        XCTAssertEqual(rows[1].spans.map(\.role), [.userText, .userText])
        XCTAssertEqual(rows[3].spans.map(\.role), [.assistantLabel])
        XCTAssertEqual(rows[4].spans.last?.role, .assistantText)
    }

    @MainActor
    func testSystemMessagesHaveTheirOwnRoles() async {
        let rows = allRows([Message(role: .system, content: "Be brief.")], width: 40)
        XCTAssertEqual(rows.map(\.text), ["System", "  Be brief.", ""])
        XCTAssertEqual(rows[0].spans[0].role, .systemLabel)
        XCTAssertEqual(rows[1].spans[1].role, .systemText)
    }

    @MainActor
    func testContentIsWrappedToTheWidthMinusTheIndent() async {
        let rows = allRows([Message(role: .user, content: "one two three four")], width: 11)
        XCTAssertEqual(rows.map(\.text), ["You", "  one two", "  three", "  four", ""])
        for row in rows { XCTAssertLessThanOrEqual(TextWidth.of(row.text), 11) }
    }

    @MainActor
    func testAlternativesShowInTheLabelsAndChangeWithoutTheMessagesChanging() async {
        let messages = [Message(role: .user, content: "q"), Message(role: .assistant, content: "a")]
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        layout.alternatives = [0: .init(position: 2, count: 3), 1: .init(position: 1, count: 2)]
        // The messages did not change: only the alternatives say the labels must.
        layout.update(messages: messages, width: 40, unchangedBefore: messages.count)
        XCTAssertEqual(
            layout.rows(in: 0..<layout.totalRows).map(\.text),
            ["You ‹ 2/3 ›", "  q", "", "Assistant ‹ 1/2 ›", "  a", ""])
        layout.alternatives = [0: .init(position: 2, count: 3)]
        layout.update(messages: messages, width: 40, unchangedBefore: messages.count)
        XCTAssertEqual(layout.rows(in: 3..<4).map(\.text), ["Assistant"])
    }

    @MainActor
    func testAssistantLabelsCarryStatusAndFigures() async {
        let stats = TurnStats(durationMs: 11_200, completionTokens: 532, tokensPerSecond: 48.1)
        let rows = allRows(
            [
                Message(role: .assistant, content: "a", status: .complete, stats: stats),
                Message(role: .assistant, content: "b", status: .cancelled),
                Message(role: .assistant, content: "c", status: .interrupted),
                Message(role: .assistant, content: "", status: .failed),
            ], width: 60)
        let labels = rows.filter { $0.spans.first?.role == .assistantLabel }
        XCTAssertEqual(
            labels.map(\.text),
            [
                "Assistant · 532 tok · 48.1 tok/s · 11.2 s", "Assistant · cancelled", "Assistant · interrupted",
                "Assistant · failed",
            ])
        XCTAssertEqual(labels[0].spans.last?.role, .dim)
    }

    @MainActor
    func testReasoningComesFirstWithAThinkingPrefixWhileNoAnswerCameYet() async {
        let message = Message(role: .assistant, content: "", reasoning: "let me think about this", status: .streaming)
        let rows = allRows([message], width: 24)
        XCTAssertEqual(
            rows.map(\.text), ["Assistant · streaming", "  thinking: let me think", "  about this", "  …", ""])
        XCTAssertEqual(rows[1].spans.last?.role, .reasoning)
        XCTAssertEqual(rows[2].spans.last?.role, .reasoning)
    }

    @MainActor
    func testReasoningFoldsToOneRowOnceTheAnswerStartsAndCtrlTOpensIt() async {
        let message = Message(role: .assistant, content: "42", reasoning: "let me think about this")
        let layout = ConversationLayout()
        layout.update(messages: [message], width: 24)
        XCTAssertEqual(
            layout.rows(in: 0..<layout.totalRows).map(\.text),
            ["Assistant", "  ▸ thought for 2 lines · Ctrl-T shows them", "  42", ""])
        XCTAssertEqual(layout.rows(in: 1..<2).first?.spans.last?.role, .reasoning)
        layout.expandReasoning = true
        layout.update(messages: [message], width: 24)
        XCTAssertEqual(
            layout.rows(in: 0..<layout.totalRows).map(\.text),
            ["Assistant", "  thinking: let me think", "  about this", "  42", ""])
    }

    @MainActor
    func testOneLineOfReasoningIsNotFolded() async {
        let rows = allRows([Message(role: .assistant, content: "42", reasoning: "easy")], width: 40)
        XCTAssertEqual(rows.map(\.text), ["Assistant", "  thinking: easy", "  42", ""])
    }

    @MainActor
    func testAStreamingReplyWithoutContentShowsAnEllipsis() async {
        let rows = allRows([Message(role: .assistant, content: "", status: .streaming)], width: 40)
        XCTAssertEqual(rows.map(\.text), ["Assistant · streaming", "  …", ""])
        XCTAssertEqual(rows[1].spans.last?.role, .dim)
    }

    @MainActor
    func testErrorsAreShownWrappedAfterTheContent() async {
        let message = Message(
            role: .assistant, content: "partial", status: .interrupted,
            error: "the connection was reset by the peer")
        let rows = allRows([message], width: 24)
        XCTAssertEqual(
            rows.map(\.text),
            ["Assistant · interrupted", "  partial", "  ✗ the connection was", "  reset by the peer", ""])
        XCTAssertEqual(rows[2].spans.last?.role, .error)
        XCTAssertEqual(rows[3].spans.last?.role, .error)
    }

    @MainActor
    func testTextIsSanitisedAndBlankRowsAtTheEdgesAreHidden() async {
        let message = Message(role: .assistant, content: "\n\n\u{1B}[2Jclear\tme\u{9B}31m\n\n")
        let rows = allRows([message], width: 40)
        XCTAssertEqual(rows.map(\.text), ["Assistant", "  ␛[2Jclear    me\u{FFFD}31m", ""])
    }

    @MainActor
    func testRowsInARangeMatchTheWholeAndMessagesCanBeLocated() async {
        let messages = (0..<20).map { index in
            Message(
                role: index % 2 == 0 ? .user : .assistant,
                content: String(repeating: "word\(index) ", count: index + 1))
        }
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 30)
        let all = layout.rows(in: 0..<layout.totalRows)
        XCTAssertEqual(all.count, layout.totalRows)
        for start in stride(from: 0, to: layout.totalRows, by: 7) {
            let end = min(layout.totalRows, start + 11)
            XCTAssertEqual(layout.rows(in: start..<end), Array(all[start..<end]))
        }
        XCTAssertEqual(layout.rows(in: -5..<layout.totalRows + 5).count, layout.totalRows)
        for index in 0..<messages.count {
            let first = layout.firstRow(ofMessage: index)
            XCTAssertEqual(all[first].spans[0].text, index % 2 == 0 ? "You" : "Assistant")
            XCTAssertEqual(layout.location(ofRow: first)?.message, index)
            XCTAssertEqual(layout.location(ofRow: first)?.row, 0)
            XCTAssertEqual(layout.location(ofRow: first + layout.rowCount(ofMessage: index) - 1)?.message, index)
        }
        XCTAssertNil(layout.location(ofRow: layout.totalRows))
    }

    @MainActor
    func testRemovingAndChangingMessagesIsFollowed() async {
        let layout = ConversationLayout()
        var messages = [Message(role: .user, content: "one"), Message(role: .assistant, content: "two")]
        layout.update(messages: messages, width: 20)
        messages[0].content = "uno"  // same size, different text
        messages.removeLast()
        layout.update(messages: messages, width: 20)
        XCTAssertEqual(layout.rows(in: 0..<layout.totalRows).map(\.text), ["You", "  uno", ""])
        messages[0].content = "a much longer text that wraps"
        layout.update(messages: messages, width: 20)
        XCTAssertEqual(layout.rows(in: 0..<layout.totalRows), allRows(messages, width: 20))
    }

    /// The incremental path must give exactly what a fresh layout gives, whatever the chunks:
    /// random text cut at random scalar boundaries (inside graphemes too), content and reasoning
    /// growing, at several widths, then the reply finishing.
    @MainActor
    func testIncrementalLayoutMatchesAFreshLayoutAfterEveryChunk() async {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<12 {
            let width = [8, 13, 24, 41, 80][round % 5]
            var messages = [
                Message(role: .user, content: TextSamples.random(using: &generator, pieces: 12)),
                Message(role: .assistant, content: "", status: .streaming),
            ]
            let layout = ConversationLayout()
            layout.update(messages: messages, width: width)
            var reasoningText = TextSamples.random(using: &generator, pieces: round % 3 == 0 ? 0 : 40)
            reasoningText += "\u{1B}[2J\t\r\n"
            for chunk in TextSamples.chunks(of: reasoningText, using: &generator) {
                messages[1].reasoning = (messages[1].reasoning ?? "") + chunk
                layout.update(messages: messages, width: width, unchangedBefore: 1)
                XCTAssertEqual(layout.rows(in: 0..<layout.totalRows), allRows(messages, width: width), "round \(round)")
            }
            let contentText = TextSamples.random(using: &generator, pieces: 150) + "\u{9B}31m\t\r\n e\u{301}"
            for chunk in TextSamples.chunks(of: contentText, using: &generator) {
                messages[1].content += chunk
                layout.update(messages: messages, width: width, unchangedBefore: 1)
                let expected = allRows(messages, width: width)
                XCTAssertEqual(layout.rows(in: 0..<layout.totalRows), expected, "round \(round) width \(width)")
                XCTAssertEqual(layout.totalRows, expected.count)
            }
            messages[1].status = .complete
            messages[1].stats = TurnStats(durationMs: 1_500, completionTokens: 150)
            layout.update(messages: messages, width: width)
            XCTAssertEqual(layout.rows(in: 0..<layout.totalRows), allRows(messages, width: width))
        }
    }

    @MainActor
    func testAWidthChangeRewrapsEverything() async {
        let text =
            "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。 "
            + String(repeating: "lorem ipsum dolor sit amet ", count: 8)
        let messages = [Message(role: .user, content: "Tell me"), Message(role: .assistant, content: text)]
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 80)
        let wide = layout.rows(in: 0..<layout.totalRows)
        layout.update(messages: messages, width: 30)
        let narrow = layout.rows(in: 0..<layout.totalRows)
        XCTAssertEqual(narrow, allRows(messages, width: 30))
        XCTAssertGreaterThan(narrow.count, wide.count)
        for row in narrow { XCTAssertLessThanOrEqual(TextWidth.of(row.text), 30) }
        func words(_ rows: [StyledLine]) -> [Character] { rows.flatMap { $0.text.filter { $0 != " " } } }
        XCTAssertEqual(words(narrow), words(wide))
    }

    @MainActor
    func testAssistantRepliesRenderAsMarkdownUnlessRawAndUserTextStaysPlain() async {
        let messages = [
            Message(role: .user, content: "**hi**"),
            Message(role: .assistant, content: "# Title\n**bold**", reasoning: "*think*"),
        ]
        let layout = ConversationLayout()
        layout.update(messages: messages, width: 40)
        let rows = layout.rows(in: 0..<layout.totalRows)
        XCTAssertEqual(
            rows.map(\.text), ["You", "  **hi**", "", "Assistant", "  thinking: *think*", "  Title", "  bold", ""])
        XCTAssertEqual(rows[5].spans.last?.role, .heading)
        XCTAssertEqual(rows[6].spans.last?.role, .strong)
        layout.rawText = true
        XCTAssertEqual(
            layout.rows(in: 0..<layout.totalRows).map(\.text),
            ["You", "  **hi**", "", "Assistant", "  thinking: *think*", "  # Title", "  **bold**", ""])
    }
}
