import DemoServer
import XCTest

final class FaultParsingTests: XCTestCase {
    private func parse(_ text: String) throws -> DemoFault {
        try DemoFault(parsing: text)
    }

    /// The problem `text` is refused with, or a failure when it parses.
    private func problem(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> DemoFaultParseError? {
        do {
            let fault = try DemoFault(parsing: text)
            XCTFail("'\(text)' parsed as \(fault)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testParsingReadsEveryKindWithItsArgument() throws {
        let expected: [(String, DemoFault.Kind)] = [
            ("none", .none),
            ("empty-body", .emptyBody),
            ("chatglm-short", .chatglmShort),
            ("chatglm-newline", .chatglmNewline),
            ("chatglm-function-call", .chatglmFunctionCall),
            ("chatglm3", .chatglm3),
            ("llama-overflow:4096", .llamaOverflow(contextTokens: 4096)),
            ("vllm-overflow:8192", .vllmOverflow(contextTokens: 8192)),
            ("hang-before-headers", .hangBeforeHeaders),
            ("hang-after-headers", .hangAfterHeaders),
            ("hang-after-headers-pings", .hangAfterHeadersPings),
            ("hang-mid-stream:2", .hangMidStream(tokens: 2)),
            ("drop-mid-stream:0", .dropMidStream(tokens: 0)),
            ("status:503", .status(code: 503)),
            ("html-502", .html502),
            ("rate-limit:30", .rateLimit(retryAfter: 30)),
            ("error-in-stream:7", .errorInStream(tokens: 7)),
            ("bad-json:3", .badJSON(tokens: 3)),
            ("no-done", .noDone),
            ("trickle:1", .trickle(milliseconds: 1)),
            ("split-utf8", .splitUTF8),
            ("echo-headers-401", .echoHeaders401),
            ("endless-line:3", .endlessLine(tokens: 3)),
            ("endless-event", .endlessEvent(tokens: 0)),
            ("giant-event:16", .giantEvent(mebibytes: 16)),
            ("endless-reply", .endlessReply),
            ("event-flood:10", .eventFlood(events: 10)),
            ("redirect:8001", .redirect(port: 8001, status: 307)),
            ("redirect-302:8001", .redirect(port: 8001, status: 302)),
            ("redirect-loop", .redirectLoop),
            ("huge-head", .hugeHead),
            ("endless-paragraph:40000", .endlessParagraph(tokens: 40_000)),
        ]
        for (text, kind) in expected {
            XCTAssertEqual(try parse(text), DemoFault(kind: kind), text)
            XCTAssertNil(try parse(text).onlyFirst, text)
        }
    }

    func testOmittedArgumentsTakeTheirDefaults() throws {
        XCTAssertEqual(try parse("hang-mid-stream").kind, .hangMidStream(tokens: 5))
        XCTAssertEqual(try parse("drop-mid-stream").kind, .dropMidStream(tokens: 5))
        XCTAssertEqual(try parse("error-in-stream").kind, .errorInStream(tokens: 5))
        XCTAssertEqual(try parse("bad-json").kind, .badJSON(tokens: 0))
        XCTAssertEqual(try parse("rate-limit").kind, .rateLimit(retryAfter: 1))
        XCTAssertEqual(try parse("trickle").kind, .trickle(milliseconds: 20))
        XCTAssertEqual(try parse("llama-overflow").kind, .llamaOverflow(contextTokens: 16))
        XCTAssertEqual(try parse("vllm-overflow").kind, .vllmOverflow(contextTokens: 16))
        XCTAssertEqual(DemoFault.contentTokensBeforeFailure, 5)
    }

    func testAtNLimitsTheFaultToTheFirstNRequests() throws {
        XCTAssertEqual(try parse("status:503@2"), DemoFault(kind: .status(code: 503), onlyFirst: 2))
        XCTAssertEqual(try parse("empty-body@1"), DemoFault(kind: .emptyBody, onlyFirst: 1))
        XCTAssertEqual(try parse("drop-mid-stream@3"), DemoFault(kind: .dropMidStream(tokens: 5), onlyFirst: 3))
        XCTAssertEqual(try parse("chatglm3@1"), DemoFault(kind: .chatglm3, onlyFirst: 1))
        XCTAssertEqual(try parse("llama-overflow:8@2"), DemoFault(kind: .llamaOverflow(contextTokens: 8), onlyFirst: 2))
    }

    func testHTTPErrorIsAnAliasOfStatus500() throws {
        XCTAssertEqual(try parse("http-error"), DemoFault(kind: .status(code: 500)))
        XCTAssertEqual(try parse("http-error@4"), DemoFault(kind: .status(code: 500), onlyFirst: 4))
        XCTAssertEqual(DemoFault.httpError.description, "status:500")
    }

    func testKindNamesAreCaseInsensitiveAndSurroundingSpaceIsIgnored() throws {
        XCTAssertEqual(try parse("  DROP-Mid-Stream:2@1 "), DemoFault(kind: .dropMidStream(tokens: 2), onlyFirst: 1))
    }

    func testDescriptionIsTheCanonicalTextAndParsesBack() throws {
        XCTAssertEqual(DemoFault.none.description, "none")
        XCTAssertEqual(try parse("drop-mid-stream").description, "drop-mid-stream:5")
        XCTAssertEqual(try parse("STATUS:429@3").description, "status:429@3")
        XCTAssertEqual(try parse("split-utf8").description, "split-utf8")
        XCTAssertEqual(try parse("llama-overflow").description, "llama-overflow:16")
        let samples = [
            "none", "empty-body", "chatglm-short", "hang-before-headers", "model-load:0@1", "hang-after-headers",
            "hang-after-headers-pings", "hang-mid-stream:1", "drop-mid-stream", "status:418@2", "http-error",
            "html-502", "rate-limit:0", "error-in-stream:0", "bad-json@5", "no-done", "trickle:0", "split-utf8@1",
            "chatglm-newline", "chatglm-function-call@2", "chatglm3", "llama-overflow", "llama-overflow:1@3",
            "vllm-overflow", "vllm-overflow:64@1",
            "endless-line", "endless-event:2@1", "giant-event", "endless-reply", "event-flood", "redirect:80",
            "redirect-302:8080@2", "redirect-loop", "huge-head",
        ]
        for text in samples {
            let fault = try parse(text)
            XCTAssertEqual(try parse(fault.description), fault, text)
        }
    }

    func testStaticConveniencesEqualTheirTextForms() throws {
        let conveniences: [(DemoFault, String)] = [
            (.none, "none"), (.emptyBody, "empty-body"), (.chatglmShort, "chatglm-short"),
            (.hangBeforeHeaders, "hang-before-headers"), (.hangAfterHeaders, "hang-after-headers"),
            (.hangAfterHeadersPings, "hang-after-headers-pings"), (.hangMidStream, "hang-mid-stream"),
            (.dropMidStream, "drop-mid-stream"), (.httpError, "http-error"), (.html502, "html-502"),
            (.rateLimit, "rate-limit"), (.errorInStream, "error-in-stream"), (.badJSON, "bad-json"),
            (.noDone, "no-done"), (.trickle, "trickle"), (.splitUTF8, "split-utf8"),
            (.chatglmNewline, "chatglm-newline"), (.chatglmFunctionCall, "chatglm-function-call"),
            (.chatglm3, "chatglm3"), (.llamaOverflow, "llama-overflow"), (.vllmOverflow, "vllm-overflow"),
            (.echoHeaders401, "echo-headers-401"),
            (.endlessParagraph, "endless-paragraph"),
        ]
        for (fault, text) in conveniences {
            XCTAssertEqual(fault, try parse(text), text)
        }
    }

    func testBadTextIsRefusedWithTheProblemAndTheValidKinds() throws {
        let cases: [(String, String)] = [
            ("", "the text is empty"),
            ("bogus", "unknown kind 'bogus'"),
            (":5", "the kind is missing"),
            ("status", "status needs :NNN, a number from 400 to 599"),
            ("status:200", "status takes NNN from 400 to 599, got '200'"),
            ("status:abc", "status takes NNN from 400 to 599, got 'abc'"),
            ("drop-mid-stream:-1", "drop-mid-stream takes K from 0 to 1000000, got '-1'"),
            ("trickle:fast", "trickle takes MS from 0 to 60000, got 'fast'"),
            ("llama-overflow:0", "llama-overflow takes N from 1 to 10000000, got '0'"),
            ("chatglm3:1", "chatglm3 takes no argument, got ':1'"),
            ("empty-body:3", "empty-body takes no argument, got ':3'"),
            ("none@0", "@N takes a whole number of requests of at least 1, got '@0'"),
            ("none@", "@N takes a whole number of requests of at least 1, got '@'"),
            ("none@1@2", "more than one '@'"),
        ]
        for (text, expectedProblem) in cases {
            let error = try XCTUnwrap(problem(text), text)
            XCTAssertEqual(error.text, text)
            XCTAssertEqual(error.problem, expectedProblem, text)
            XCTAssertTrue(error.description.hasPrefix("invalid fault '\(text)': \(expectedProblem)"), error.description)
            for syntax in ["empty-body", "hang-mid-stream[:K]", "status:NNN", "rate-limit[:S]", "split-utf8"] {
                XCTAssertTrue(error.description.contains(syntax), error.description)
            }
        }
    }

    func testCatalogueListsEveryKindOnceWithAOneLineSummary() throws {
        let catalogue = DemoFault.catalogue
        let syntaxes = catalogue.map(\.syntax)
        XCTAssertEqual(Set(syntaxes).count, syntaxes.count, "no kind listed twice")
        XCTAssertEqual(
            syntaxes,
            [
                "none", "empty-body", "chatglm-short", "chatglm-newline", "chatglm-function-call", "chatglm3",
                "llama-overflow[:N]", "vllm-overflow[:N]", "hang-before-headers", "model-load[:MS]",
                "hang-after-headers",
                "hang-after-headers-pings", "hang-mid-stream[:K]", "drop-mid-stream[:K]", "status:NNN", "http-error",
                "html-502", "rate-limit[:S]", "error-in-stream[:K]", "bad-json[:K]", "no-done", "trickle[:MS]",
                "split-utf8", "echo-headers-401", "endless-line[:K]", "endless-event[:K]", "giant-event[:MIB]",
                "endless-reply", "event-flood[:N]", "redirect:PORT", "redirect-302:PORT", "redirect-loop", "huge-head",
                "endless-paragraph[:N]",
            ])
        for entry in catalogue {
            XCTAssertFalse(entry.summary.isEmpty, entry.syntax)
            XCTAssertFalse(entry.summary.contains("\n"), entry.syntax)
            XCTAssertLessThanOrEqual(entry.summary.count, 51, "fits an 80-column --help: \(entry.syntax)")
            let example = entry.syntax.replacingOccurrences(of: "NNN", with: "503")
                .replacingOccurrences(of: "PORT", with: "8000")
                .replacingOccurrences(of: #"\[:[A-Z]+\]"#, with: "", options: .regularExpression)
            XCTAssertNoThrow(try parse(example), example)
        }
    }

    func testOnlyTheServerModelsStatusHTMLRateLimitHangsAndModelLoadsAffectNonStreamingRequests() throws {
        let affectingBoth = DemoFault.catalogue.map(\.syntax).filter { syntax in
            let example = syntax.replacingOccurrences(of: "NNN", with: "503")
                .replacingOccurrences(of: "PORT", with: "8000")
                .replacingOccurrences(of: #"\[:[A-Z]+\]"#, with: "", options: .regularExpression)
            return (try? parse(example))?.kind.affectsNonStreamingRequests == true
        }
        XCTAssertEqual(
            affectingBoth,
            [
                "chatglm3", "llama-overflow[:N]", "vllm-overflow[:N]", "hang-before-headers", "model-load[:MS]",
                "status:NNN",
                "http-error", "html-502",
                "rate-limit[:S]", "echo-headers-401", "redirect:PORT", "redirect-302:PORT", "redirect-loop",
                "huge-head",
            ])
    }
}
