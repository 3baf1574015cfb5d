import XCTest

/// What the folder rules read of a Swift file: its code without comments, string literals kept,
/// and in that code its imports and its escape bytes.
final class SwiftCodeTests: XCTestCase {
    private func escapeLines(_ source: String) -> [Int] {
        SourceFile(path: "Sources/ChatTUI/Screen/Example.swift", text: source).escapeBytes.map(\.line)
    }

    func testCommentsBecomeSpacesAndLinesKeepTheirNumbers() {
        let source = "let a = 1 // one\n/// doc\n/* one\n /* two */ still */ let b = 2\n"
        let spaces = { (count: Int) in String(repeating: " ", count: count) }
        XCTAssertEqual(
            SwiftCode.withoutComments(source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            ["let a = 1" + spaces(7), spaces(7), spaces(6), spaces(20) + "let b = 2", ""])
    }

    func testSlashesInsideAStringStartNoComment() {
        let source = #"let url = "http://host/v1" + "\u{1B}[0m""#
        XCTAssertEqual(SwiftCode.withoutComments(source), source)
        XCTAssertEqual(escapeLines(source), [1])
    }

    func testAnInterpolationsStringsAndParenthesesEndWhereTheyEnd() {
        let source = #"let s = "\(f("a)", (1))) // still the string" // a comment"#
        XCTAssertEqual(
            SwiftCode.withoutComments(source),
            #"let s = "\(f("a)", (1))) // still the string" "# + String(repeating: " ", count: 12))
    }

    func testRawAndMultilineStringsAreFollowed() {
        let source = #"""
            let raw = #"a \" // b"#
            let long = """
                "quoted" // kept
                """
            // gone
            """#
        XCTAssertEqual(
            SwiftCode.withoutComments(source).split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
            [##"let raw = #"a \" // b"#"##, #"let long = """"#, #"    "quoted" // kept"#, #"    """"#, "       "])
    }

    func testAFileThatEndsInsideAStringIsNoticed() {
        XCTAssertTrue(SwiftCode.read(#"let a = "x" // "y"#).endsInCode)
        XCTAssertFalse(SwiftCode.read(#"let a = "x\(f(")"#).endsInCode)
        XCTAssertFalse(SwiftCode.read("let a = \"\"\"\nopen").endsInCode)
    }

    func testAnEscapeInACommentIsNotCode() {
        XCTAssertEqual(escapeLines("/// Shown as \"\\u{1B}[0m\"\nlet x = 0 // 0x1B\n"), [])
    }

    func testEveryWayOfWritingESCIsFound() {
        let lines = [
            #"let a = "\u{1B}[0m""#, #"let b = "\u{001b}""#, "if byte == 0x1B {}", "case 0x1b: break",
            "let c = 0o33", "let d = 0b0001_1011", "let e = \"\u{1B}\"",
            "let f = [0x00_1B, 1]",
        ]
        XCTAssertEqual(escapeLines(lines.joined(separator: "\n")), [1, 2, 3, 4, 5, 6, 7, 8])
    }

    func testOtherNumbersAndDecimalsAreNotCounted() {
        XCTAssertEqual(escapeLines("let a = 0x1B2C\nlet b = 27\nlet c = 0x01B0\nlet d = 0b110110\nlet e = 1.0x1B"), [])
    }

    func testImportsAreReadWhateverComesBeforeThem() {
        let source = """
            import Foundation
            @preconcurrency import CNcursesw
            @_implementationOnly import CTerminalGuard
            public import NIOCore
            import struct ChatCore.Message
            // import ChatClient
            let importance = 1
            """
        let imports = SourceFile(path: "Sources/ChatTUI/Example.swift", text: source).imports
        XCTAssertEqual(imports.map(\.module), ["Foundation", "CNcursesw", "CTerminalGuard", "NIOCore", "ChatCore"])
        XCTAssertEqual(imports.map(\.line), [1, 2, 3, 4, 5])
    }
}
