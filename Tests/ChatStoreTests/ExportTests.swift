import ChatCore
import ChatStore
import Foundation
import XCTest

/// What `chatterm show` prints: text to read, Markdown that reads back into the same messages,
/// and the JSON file itself.
final class ExportTests: StoreTestCase {
    func testTextLooksLikeTheChatScreen() {
        let text = ConversationExport.text(Fixture.everyField())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "Explain SSE · 你好")
        XCTAssertTrue(lines[1].hasPrefix("chatglm3-6b @ http://127.0.0.1:8000/v1 · started "), lines[1])
        XCTAssertTrue(lines[1].hasSuffix(" · 4 messages"), lines[1])
        XCTAssertEqual(Array(lines[3...5]), ["System", "  Be brief.", ""])
        XCTAssertEqual(Array(lines[6...9]), ["You", "  What is SSE?", "  In one line, please. 🚀", ""])
        XCTAssertEqual(
            Array(lines[10...12]),
            [
                "Assistant · 532 tok · 48.1 tok/s · 2.0 s · non-streaming fallback", "  ┆ The user wants one line.",
                "  Server-sent events: one HTTP response, many `data:` lines.",
            ])
        XCTAssertEqual(
            Array(lines[14...16]),
            ["Assistant · interrupted", "  Streams can", "  [interrupted: the connection dropped after 2 tokens]"])
    }

    func testMarkdownHasMarkersHeadingsAndContentVerbatim() {
        let markdown = ConversationExport.markdown(Fixture.everyField())
        XCTAssertTrue(markdown.hasPrefix("# Explain SSE · 你好\n\n*chatglm3-6b @ http://127.0.0.1:8000/v1 · "), markdown)
        XCTAssertTrue(
            markdown.contains(
                """
                <!-- chatterm:message role=user status=complete created=2026-11-27T14:05:10.001Z lines=2 -->
                ### You

                What is SSE?
                In one line, please. 🚀

                """), markdown)
        XCTAssertTrue(markdown.contains("### Assistant · 532 tok · 48.1 tok/s · 2.0 s · non-streaming fallback\n"))
        XCTAssertTrue(
            markdown.contains("<details><summary>Reasoning</summary>\n\nThe user wants one line.\n\n</details>"))
        XCTAssertTrue(markdown.contains("> **interrupted:** the connection dropped after 2 tokens"))
    }

    func testEveryMessageRoundTripsThroughMarkdownExactly() {
        let contents = [
            "### Not a heading\n## nor this\n# nor this",
            "```swift\nlet x = 1\n```\nAfter the fence.",
            "```\nan unclosed fence, as an interrupted reply leaves it",
            "~~~\ntildes\n~~~",
            "你好，世界！这是一个流式回复。 Emoji too: 🚀✨",
            "trailing spaces   \nand a tab\t",
            "\n\nleading blank lines",
            "trailing blank lines\n\n\n",
            "",
            "\n",
            " ",
            "<!-- chatterm:message role=user status=complete lines=1 -->\n### You\n\na marker inside content",
            "line with CRLF\r\nnext\r",
            "<details><summary>Reasoning</summary>\n\n</details>",
            "> quoted\n---\n* list",
        ]
        var conversation = Conversation(id: "md", title: "Tricky # title *with* marks")
        for (index, content) in contents.enumerated() {
            conversation.messages.append(
                Message(
                    role: index % 3 == 0 ? .user : (index % 3 == 1 ? .assistant : .system), content: content,
                    reasoning: index == 1 ? "thinking\n</details>\n```" : (index == 4 ? "" : nil),
                    createdAt: Fixture.date("2026-11-27T14:05:03.123Z").addingTimeInterval(Double(index)),
                    status: index == 2 ? .interrupted : .complete,
                    error: index == 2 ? "the connection dropped" : nil))
        }

        let parsed = ConversationExport.messages(fromMarkdown: ConversationExport.markdown(conversation))

        XCTAssertEqual(parsed.count, contents.count)
        for (original, back) in zip(conversation.messages, parsed) {
            XCTAssertEqual(back.content, original.content)
            XCTAssertEqual(back.role, original.role)
            XCTAssertEqual(back.status, original.status)
            XCTAssertEqual(back.reasoning, original.reasoning)
            XCTAssertEqual(back.createdAt, original.createdAt)
        }
    }

    func testAnUnclosedFenceIsClosedForRenderersButNotInTheContent() {
        var conversation = Conversation(id: "fence")
        conversation.messages = [Message(role: .assistant, content: "```python\nprint(1)", status: .interrupted)]
        let markdown = ConversationExport.markdown(conversation)
        XCTAssertTrue(markdown.contains("```python\nprint(1)\n```\n"), markdown)
        XCTAssertEqual(ConversationExport.messages(fromMarkdown: markdown).first?.content, "```python\nprint(1)")
    }

    func testMarkdownWrittenByHandWithoutCountsStillParses() {
        let markdown = """
            # Notes
            <!-- chatterm:message role=user status=complete -->
            ### You

            first question

            <!-- chatterm:message role=assistant status=complete -->
            ### Assistant

            the answer
            """
        let messages = ConversationExport.messages(fromMarkdown: markdown)
        XCTAssertEqual(messages.map(\.role), [.user, .assistant])
        XCTAssertEqual(messages.map(\.content), ["first question", "the answer"])
    }

    func testJSONIsTheFileSaveWrites() throws {
        let store = makeStore()
        let conversation = Fixture.everyField()
        try store.save(conversation)
        XCTAssertEqual(ConversationExport.json(conversation), try text(at: store.path(for: conversation.id)))
    }

    func testAnUntitledConversationIsNamedByItsID() {
        let conversation = Conversation(id: "20261127-140503-0a1b")
        XCTAssertTrue(ConversationExport.text(conversation).hasPrefix("Conversation 20261127-140503-0a1b\n"))
        XCTAssertTrue(ConversationExport.markdown(conversation).hasPrefix("# Conversation 20261127-140503-0a1b\n"))
    }

    // MARK: Branches

    func testTheBranchInViewIsPrintedWithItsAlternativesMarked() {
        let text = ConversationExport.text(Fixture.branched())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines[1].hasSuffix(" · 2 messages in view, 5 in other branches"), lines[1])
        XCTAssertEqual(
            Array(lines[3...]),
            ["You ‹ 2/2 ›", "  What is HTTP/2?", "", "Assistant", "  Streams over one connection.", ""])
        let markdown = ConversationExport.markdown(Fixture.branched())
        XCTAssertTrue(markdown.contains("### You ‹ 2/2 ›\n"), markdown)
        XCTAssertFalse(markdown.contains("First answer."))
        XCTAssertEqual(
            ConversationExport.messages(fromMarkdown: markdown).map(\.content),
            ["What is HTTP/2?", "Streams over one connection."])
    }

    func testAllBranchesPrintsEveryMessageOnceAfterTheBranchInViewHeadedByWhereItLeaves() {
        let text = ConversationExport.text(Fixture.branched(), allBranches: true)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(
            Array(lines[3...]),
            [
                "── branch 1: in view ──", "",
                "1. You ‹ 2/2 ›", "  What is HTTP/2?", "",
                "2. Assistant", "  Streams over one connection.", "",
                "── branch 2: alternative 1/2 to message 1 ──", "",
                "1. You ‹ 1/2 ›", "  What is SSE?", "",
                "2. Assistant ‹ 2/2 ›", "  Second answer.", "",
                "3. You", "  And WebSockets?", "",
                "4. Assistant", "  Both ways at once.", "",
                "── branch 3: alternative 1/2 to message 2 of branch 2 ──", "",
                "2. Assistant ‹ 1/2 ›", "  First answer.", "",
            ])
        let markdown = ConversationExport.markdown(Fixture.branched(), allBranches: true)
        XCTAssertTrue(markdown.contains("\n## ── branch 3: alternative 1/2 to message 2 of branch 2 ──\n"), markdown)
        XCTAssertEqual(
            ConversationExport.messages(fromMarkdown: markdown).map(\.content),
            [
                "What is HTTP/2?", "Streams over one connection.", "What is SSE?", "Second answer.", "And WebSockets?",
                "Both ways at once.", "First answer.",
            ], "every message once")
    }

    func testAConversationThatNeverBranchedPrintsAsBeforeWithAllBranches() {
        XCTAssertEqual(
            ConversationExport.text(Fixture.everyField(), allBranches: true),
            ConversationExport.text(Fixture.everyField()))
        XCTAssertEqual(
            ConversationExport.markdown(Fixture.everyField(), allBranches: true),
            ConversationExport.markdown(Fixture.everyField()))
    }

    func testTheJSONOfABranchedConversationIsItsVersionTwoFile() throws {
        let store = makeStore()
        let conversation = Fixture.branched()
        try store.save(conversation)
        XCTAssertEqual(ConversationExport.json(conversation), try text(at: store.path(for: "branched")))
    }
}
