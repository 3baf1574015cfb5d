import DemoServer
import TestSupport
import XCTest

final class DemoReplyTests: XCTestCase {
    private let prompts = [
        "Hello", "", "   padded prompt \n", "Quote \"this\" and a\nnewline", "你好，世界", "emoji 🚀✨👩‍👩‍👧",
        "tab\tand  double  spaces", String(repeating: "long prompt ", count: 50),
    ]

    func testTokensConcatenateToReplyTextForAnyPrompt() {
        for prompt in prompts {
            XCTAssertEqual(
                DemoServer.replyTokens(forPrompt: prompt).joined(), DemoServer.replyText(forPrompt: prompt))
            XCTAssertEqual(
                DemoServer.replyTokens(forPrompt: prompt, tokens: 300).joined(),
                DemoServer.replyText(forPrompt: prompt, tokens: 300))
        }
    }

    func testReplyIsAPureFunctionOfThePrompt() {
        XCTAssertEqual(DemoServer.replyText(forPrompt: "same"), DemoServer.replyText(forPrompt: "same"))
        XCTAssertNotEqual(DemoServer.replyText(forPrompt: "one"), DemoServer.replyText(forPrompt: "two"))
    }

    func testNaturalReplyHasBetween60And120Tokens() {
        let count = DemoServer.replyTokens(forPrompt: "Hello there").count
        XCTAssertTrue((60...120).contains(count), "\(count) tokens")
    }

    func testReplyEchoesTheTrimmedPrompt() {
        XCTAssertTrue(DemoServer.replyText(forPrompt: "  Hi there \n").hasPrefix("You said: \u{201C}Hi there\u{201D}."))
    }

    func testEchoQuotesAtMost200CharactersOfALongPrompt() {
        let prompt = String(repeating: "a", count: 150) + String(repeating: "b", count: 100)
        let expected = "You said: \u{201C}" + String(repeating: "a", count: 150) + String(repeating: "b", count: 50)
        XCTAssertTrue(DemoServer.replyText(forPrompt: prompt).hasPrefix(expected + "…\u{201D}."))
    }

    func testReplyMentionsChatTermStreamingAndHasCJKEmojiAndASecondParagraph() {
        let text = DemoServer.replyText(forPrompt: "Hello")
        XCTAssertTrue(text.contains("chatterm"))
        XCTAssertTrue(text.contains("streaming"))
        XCTAssertTrue(text.contains("你好，世界！"))
        XCTAssertTrue(text.contains("🚀✨"))
        XCTAssertEqual(text.components(separatedBy: "\n\n").count, 2)
    }

    func testLeadingSpacesBelongToTheFollowingToken() {
        let tokens = DemoServer.replyTokens(forPrompt: "Hello")
        XCTAssertTrue(tokens.contains(" streaming"))
        XCTAssertTrue(tokens.contains(","))
        XCTAssertFalse(tokens.contains { $0.hasSuffix(" ") }, "no token ends with a space")
        XCTAssertFalse(tokens.contains(""), "no empty token")
    }

    func testCJKIsSplitIntoOneOrTwoCharacterTokensAndEmojiAreTokensOfTheirOwn() {
        let tokens = DemoServer.replyTokens(forPrompt: "Hello")
        let cjkTokens = tokens.filter { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } }
        XCTAssertFalse(cjkTokens.isEmpty)
        for token in cjkTokens {
            XCTAssertTrue((1...2).contains(token.trimmingCharacters(in: .whitespaces).count), token)
        }
        XCTAssertTrue(tokens.contains("🚀") || tokens.contains(" 🚀"))
        XCTAssertTrue(tokens.contains("✨"))
    }

    func testReplyTokensGivesExactlyTheRequestedCount() {
        for count in [0, 1, 3, 50, 97, 2000] {
            let tokens = DemoServer.replyTokens(forPrompt: "Bench", tokens: count)
            XCTAssertEqual(tokens.count, count)
            XCTAssertEqual(tokens.joined(), DemoServer.replyText(forPrompt: "Bench", tokens: count))
        }
    }

    func testFixedLengthReplyStartsLikeTheNaturalReplyAndRepeatsThePassage() {
        let natural = DemoServer.replyText(forPrompt: "Bench")
        let long = DemoServer.replyText(forPrompt: "Bench", tokens: 2000)
        XCTAssertTrue(long.hasPrefix(natural + "\n\n"))
        XCTAssertGreaterThan(long.components(separatedBy: "你好").count, 10)
    }

    func testRepeatedParagraphsOfALongReplyDiffer() {
        let paragraphs = DemoServer.replyText(forPrompt: "Bench", tokens: 2000).components(separatedBy: "\n\n")
        XCTAssertGreaterThan(paragraphs.count, 10)
        XCTAssertEqual(Set(paragraphs.dropLast()).count, paragraphs.count - 1, "a paragraph repeats word for word")
    }

    func testEnglishIsTheDefaultPassage() {
        XCTAssertEqual(DemoServerConfiguration().passage, .english)
        for count in [nil, 50, 2000] {
            XCTAssertEqual(
                DemoServer.replyTokens(forPrompt: "Bench", tokens: count),
                DemoServer.replyTokens(forPrompt: "Bench", tokens: count, passage: .english))
        }
    }

    func testCJKPassageRepliesAreMostlyWideCharactersAndHaveExactlyTheTokensAsked() {
        for count in [0, 1, 3, 50, 97, 2000] {
            let tokens = DemoServer.replyTokens(forPrompt: "Bench", tokens: count, passage: .cjk)
            XCTAssertEqual(tokens.count, count)
            XCTAssertEqual(tokens.joined(), DemoServer.replyText(forPrompt: "Bench", tokens: count, passage: .cjk))
        }
        let echo = "You said: \u{201C}Bench\u{201D}."
        let text = DemoServer.replyText(forPrompt: "Bench", tokens: 2000, passage: .cjk)
        XCTAssertTrue(text.hasPrefix(echo + " "), "the echo stays as it is")
        let visible = text.unicodeScalars.filter { !$0.properties.isWhitespace }
        let wide = visible.filter(isDoubleWidth)
        XCTAssertGreaterThan(Double(wide.count) / Double(visible.count), 0.95, "\(wide.count) of \(visible.count)")
        let passage = text.dropFirst(echo.count + 1)
        XCTAssertFalse(passage.unicodeScalars.contains { $0.isASCII && $0 != "\n" }, "no ASCII but line breaks")
    }

    func testCodePassageHasExactlyTheTokensAskedAndFencedBlocksInManyLanguages() {
        for count in [0, 1, 3, 50, 97, 2000] {
            let tokens = DemoServer.replyTokens(forPrompt: "Bench", tokens: count, passage: .code)
            XCTAssertEqual(tokens.count, count)
            XCTAssertEqual(tokens.joined(), DemoServer.replyText(forPrompt: "Bench", tokens: count, passage: .code))
        }
        let natural = DemoServer.replyText(forPrompt: "Hello", passage: .code)
        XCTAssertTrue(natural.hasPrefix("You said: \u{201C}Hello\u{201D}.\n\nHere is a small Python"), natural)
        for fence in [
            "```python\n", "```swift\n", "```ts\n", "```go\n", "```rust\n", "```bash\n", "```json\n",
            "```yaml\n", "```sql\n", "```diff\n", "```c\n", "```dockerfile\n",
        ] {
            XCTAssertTrue(natural.contains(fence), fence)
        }
        let lines = natural.components(separatedBy: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("```") }.count % 2, 0, "every fence closes")
        let long = DemoServer.replyText(forPrompt: "Hello", tokens: 2000, passage: .code)
        XCTAssertTrue(long.hasPrefix(natural) && long.count > natural.count, "the passage, then more of it")
        XCTAssertTrue(long.contains("```\n\nThe same idea in Swift"), "whole sections follow each other")
    }

    func testCJKPassageHasCJKPunctuationKanaAndParagraphsThatDiffer() {
        let natural = DemoServer.replyText(forPrompt: "Hello", passage: .cjk)
        for punctuation in ["，", "。", "！", "？"] {
            XCTAssertTrue(natural.contains(punctuation), punctuation)
        }
        XCTAssertTrue(natural.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) }, "kana")
        XCTAssertEqual(natural.components(separatedBy: "\n\n").count, 2)
        let paragraphs = DemoServer.replyText(forPrompt: "Bench", tokens: 2000, passage: .cjk)
            .components(separatedBy: "\n\n")
        XCTAssertGreaterThan(paragraphs.count, 10)
        XCTAssertEqual(Set(paragraphs.dropLast()).count, paragraphs.count - 1, "a paragraph repeats word for word")
    }

    func testCJKPassageIsSplitIntoOneOrTwoCharacterTokens() {
        let tokens = DemoServer.replyTokens(forPrompt: "Hello", tokens: 2000, passage: .cjk)
        XCTAssertFalse(tokens.contains(""), "no empty token")
        let passageTokens = tokens.filter { $0.unicodeScalars.contains { $0.value >= 0x3000 } }
        XCTAssertGreaterThan(passageTokens.count, 1900)
        for token in passageTokens {
            XCTAssertTrue((1...2).contains(token.trimmingCharacters(in: .whitespaces).count), token)
        }
    }

    func testServerConfiguredForTheCJKPassageStreamsIt() async throws {
        try await withDemoServer(.init(tokensPerSecond: 0, replyTokens: 300, passage: .cjk)) { server, client in
            let result = try await exchange(client, try chatRequest(server, prompt: "wide", stream: true))
            XCTAssertEqual(
                try result.contentTokens(), DemoServer.replyTokens(forPrompt: "wide", tokens: 300, passage: .cjk))
        }
    }

    func testAPromptAskingForOneWordGetsOK() {
        for prompt in ["Answer in one word.", "ONE WORD please", "reply with One Word: yes or no?"] {
            XCTAssertEqual(DemoServer.replyText(forPrompt: prompt), "OK.", prompt)
            XCTAssertEqual(DemoServer.replyText(forPrompt: prompt, tokens: 2000), "OK.", prompt)
        }
        XCTAssertNotEqual(DemoServer.replyText(forPrompt: "one  word"), "OK.", "the words must be adjacent")
    }

    func testOneWordReplyIsWhatTheServerSendsForEveryFaultThatAnswers() async throws {
        for fault in [DemoFault.none, .chatglmShort, .noDone, .splitUTF8] {
            try await withDemoServer(.fast(fault)) { server, client in
                let result = try await exchange(
                    client, try chatRequest(server, prompt: "Say it in one word", stream: false))
                let choice = try XCTUnwrap((try result.json()["choices"] as? [[String: Any]])?.first)
                XCTAssertEqual((choice["message"] as? [String: Any])?["content"] as? String, "OK.", "\(fault)")
            }
        }
    }
}

/// Whether a terminal draws `scalar` in two columns: CJK ideographs, kana, hangul, CJK punctuation and fullwidth
/// forms (enough for the demo passages; not a full East Asian Width table).
private func isDoubleWidth(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x3000...0x303F, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xFF01...0xFF60:
        return true
    default:
        return false
    }
}
