import XCTest

@testable import ChatTUI

/// The highlighter's lexer, language by language: what each kind of word is drawn as, and what
/// a line leaves open for the next.
final class CodeLexerTests: XCTestCase {
    /// The role of every byte of `lines`, lexed in `language` one line after the other.
    private func roles(_ lines: [String], _ language: CodeLanguage) -> [[StyleRole]] {
        var state = CodeHighlight.lexing(language, .code)
        return lines.map { line in
            var highlighter = CodeLineHighlighter(state)
            highlighter.append(line.utf8, complete: true)
            state = highlighter.after
            return (0..<line.utf8.count).map { highlighter.role(at: $0) }
        }
    }

    /// The role of `word` (its first occurrence, after `skipping` earlier ones) in line `index`
    /// of `lines`; fails when its bytes do not share one role.
    private func role(
        of word: String, line index: Int = 0, skipping: Int = 0, in lines: [String], _ language: CodeLanguage,
        file: StaticString = #filePath, lineNumber: UInt = #line
    ) -> StyleRole? {
        let line = lines[index]
        var searchStart = line.startIndex
        var found: Range<String.Index>?
        for _ in 0...skipping {
            found = line.range(of: word, range: searchStart..<line.endIndex)
            guard let range = found else { break }
            searchStart = range.upperBound
        }
        guard let range = found else {
            XCTFail("\(word) is not in \(line)", file: file, line: lineNumber)
            return nil
        }
        let start = line.utf8.distance(from: line.startIndex, to: range.lowerBound)
        let lineRoles = roles(lines, language)[index][start..<start + word.utf8.count]
        XCTAssertEqual(Set(lineRoles).count, 1, "\(word) has one role", file: file, line: lineNumber)
        return lineRoles.first
    }

    private func role(of word: String, skipping: Int = 0, in line: String, _ language: CodeLanguage) -> StyleRole? {
        role(of: word, skipping: skipping, in: [line], language)
    }

    func testPythonKeywordsStringsCommentsNumbersTypesAndCalls() {
        let line = #"def area(r): return 3.14 * r ** 2 if r else len("none")  # circle"#
        XCTAssertEqual(role(of: "def", in: line, .python), .codeKeyword)
        XCTAssertEqual(role(of: "return", in: line, .python), .codeKeyword)
        XCTAssertEqual(role(of: "area", in: line, .python), .codeFunction)
        XCTAssertEqual(role(of: "3.14", in: line, .python), .codeNumber)
        XCTAssertEqual(role(of: "len", in: line, .python), .codeType)
        XCTAssertEqual(role(of: #""none""#, in: line, .python), .codeString)
        XCTAssertEqual(role(of: "# circle", in: line, .python), .codeComment)
        XCTAssertEqual(role(of: "r", skipping: 1, in: line, .python), .codeBlock)
        XCTAssertEqual(role(of: "None", in: "x = None or True", .python), .codeNumber)
        XCTAssertEqual(role(of: #"f"{x}""#, in: #"print(f"{x}")"#, .python), .codeString, "a prefix is the string's")
        XCTAssertEqual(role(of: "@property", in: "@property", .python), .codeType)
    }

    func testAPythonTripleQuotedStringGoesOnOverLines() {
        let lines = [#"doc = """First line"#, "# not a comment", #"end""" + x  # comment"#]
        XCTAssertEqual(role(of: "First line", in: lines, .python), .codeString)
        XCTAssertEqual(role(of: "# not a comment", line: 1, in: lines, .python), .codeString)
        XCTAssertEqual(role(of: #"end""""#, line: 2, in: lines, .python), .codeString)
        XCTAssertEqual(role(of: "x", line: 2, in: lines, .python), .codeBlock)
        XCTAssertEqual(role(of: "# comment", line: 2, in: lines, .python), .codeComment)
        XCTAssertEqual(
            role(of: "ok", line: 1, in: [#"s = "open"#, "ok"], .python), .codeBlock, "a single quote ends with its line"
        )
    }

    func testSwiftBlockCommentsNestAndGoOnOverLines() {
        let lines = ["let a = 1 /* outer /* inner */", "still comment */ var b: Int = nil"]
        XCTAssertEqual(role(of: "let", in: lines, .swift), .codeKeyword)
        XCTAssertEqual(role(of: "still comment */", line: 1, in: lines, .swift), .codeComment)
        XCTAssertEqual(role(of: "var", line: 1, in: lines, .swift), .codeKeyword)
        XCTAssertEqual(role(of: "Int", line: 1, in: lines, .swift), .codeType)
        XCTAssertEqual(role(of: "nil", line: 1, in: lines, .swift), .codeNumber)
        XCTAssertEqual(role(of: "\"\"\"", in: [#"let s = """"#, "text", #"""""#], .swift), .codeString)
        XCTAssertEqual(role(of: "text", line: 1, in: [#"let s = """"#, "text", #"""""#], .swift), .codeString)
    }

    func testJavaScriptAndTypeScript() {
        let lines = ["const s = `a ${b}", "c` // done", "function f($el) { return null; }"]
        XCTAssertEqual(role(of: "const", in: lines, .javascript), .codeKeyword)
        XCTAssertEqual(role(of: "c`", line: 1, in: lines, .javascript), .codeString)
        XCTAssertEqual(role(of: "// done", line: 1, in: lines, .javascript), .codeComment)
        XCTAssertEqual(role(of: "$el", line: 2, in: lines, .javascript), .codeBlock)
        XCTAssertEqual(role(of: "null", line: 2, in: lines, .javascript), .codeNumber)
        XCTAssertEqual(role(of: "interface", in: "interface Item { id: number }", .typescript), .codeKeyword)
        XCTAssertEqual(role(of: "number", in: "interface Item { id: number }", .typescript), .codeType)
        XCTAssertEqual(role(of: "Item", in: "interface Item { id: number }", .typescript), .codeType)
    }

    func testGoRawStringsSpanLines() {
        let lines = ["func main() { s := `raw \\", "still raw` }"]
        XCTAssertEqual(role(of: "func", in: lines, .go), .codeKeyword)
        XCTAssertEqual(role(of: "main", in: lines, .go), .codeFunction)
        XCTAssertEqual(role(of: "still raw`", line: 1, in: lines, .go), .codeString)
        XCTAssertEqual(role(of: "string", in: "var x string = nil", .go), .codeType)
    }

    func testRustMacrosCharactersAndLifetimes() {
        let line = "fn f<'a>(c: char) -> &'a str { println!(\"{}\", 'x'); 0x1F_u8 }"
        XCTAssertEqual(role(of: "fn", in: line, .rust), .codeKeyword)
        XCTAssertEqual(role(of: "println", in: line, .rust), .codeFunction)
        XCTAssertEqual(role(of: "'x'", in: line, .rust), .codeString)
        XCTAssertEqual(role(of: "a", in: line, .rust), .codeBlock, "a lifetime is no character literal")
        XCTAssertEqual(role(of: "str", in: line, .rust), .codeType)
        XCTAssertEqual(role(of: "0x1F_u8", in: line, .rust), .codeNumber)
    }

    func testCPreprocessorAndComments() {
        XCTAssertEqual(role(of: "#include", in: "#include <stdio.h>", .c), .codeKeyword)
        XCTAssertEqual(role(of: "<stdio.h>", in: "#include <stdio.h>", .c), .codeString)
        let lines = ["int x = 1; /* a", "b */ return x;"]
        XCTAssertEqual(role(of: "int", in: lines, .c), .codeType)
        XCTAssertEqual(role(of: "b */", line: 1, in: lines, .c), .codeComment)
        XCTAssertEqual(role(of: "return", line: 1, in: lines, .c), .codeKeyword)
        XCTAssertEqual(role(of: "nullptr", in: "auto p = nullptr;", .cpp), .codeNumber)
        XCTAssertEqual(role(of: "class", in: "class A {};", .cpp), .codeKeyword)
    }

    func testJavaAnnotationsAndTextBlocks() {
        XCTAssertEqual(role(of: "@Override", in: "@Override public void run() {}", .java), .codeType)
        XCTAssertEqual(role(of: "public", in: "@Override public void run() {}", .java), .codeKeyword)
        XCTAssertEqual(role(of: "text", line: 1, in: [#"String s = """"#, "text"], .java), .codeString)
    }

    func testShellVariablesStringsAndComments() {
        let line = #"if [ -n "$HOME" ]; then echo ${USER} $1 a#b; fi # done"#
        XCTAssertEqual(role(of: "if", in: line, .shell), .codeKeyword)
        XCTAssertEqual(role(of: #""$HOME""#, in: line, .shell), .codeString)
        XCTAssertEqual(role(of: "${USER}", in: line, .shell), .codeType)
        XCTAssertEqual(role(of: "$1", in: line, .shell), .codeType)
        XCTAssertEqual(role(of: "echo", in: line, .shell), .codeType)
        XCTAssertFalse(roles(["echo a#b"], .shell)[0].contains(.codeComment), "# inside a word is no comment")
        XCTAssertEqual(role(of: "# done", in: line, .shell), .codeComment)
        XCTAssertEqual(role(of: "output", line: 1, in: ["$ ls -l", "output"], .console), .codeBlock)
        XCTAssertEqual(role(of: "$ ", in: ["$ echo hi"], .console), .codePunctuation)
        XCTAssertEqual(role(of: "echo", in: ["$ echo hi"], .console), .codeType)
    }

    func testJSON() {
        let line = #"{"name": "x", "n": -1.5e3, "ok": true, "none": null}"#
        XCTAssertEqual(role(of: #""name""#, in: line, .json), .codeString)
        XCTAssertEqual(role(of: "1.5e3", in: line, .json), .codeNumber)
        XCTAssertEqual(role(of: "true", in: line, .json), .codeNumber)
        XCTAssertEqual(role(of: "{", in: line, .json), .codePunctuation)
    }

    func testYAMLKeysValuesAndComments() {
        let lines = ["service:", "  - name: web # the front", "    url: http://x:80", "    on: true"]
        XCTAssertEqual(role(of: "service", in: lines, .yaml), .codeType)
        XCTAssertEqual(role(of: "name", line: 1, in: lines, .yaml), .codeType)
        XCTAssertEqual(role(of: "web", line: 1, in: lines, .yaml), .codeBlock)
        XCTAssertEqual(role(of: "# the front", line: 1, in: lines, .yaml), .codeComment)
        XCTAssertEqual(role(of: "url", line: 2, in: lines, .yaml), .codeType)
        XCTAssertEqual(role(of: "http", line: 2, in: lines, .yaml), .codeBlock, "a colon without a space is no key's")
        XCTAssertEqual(role(of: "true", line: 3, in: lines, .yaml), .codeNumber)
    }

    func testTOMLSectionsKeysAndMultilineStrings() {
        let lines = ["[server.http]", #"port = 8080 # the port"#, #"motd = """"#, "hello = world", #"""""#]
        XCTAssertEqual(role(of: "[server.http]", in: lines, .toml), .codeKeyword)
        XCTAssertEqual(role(of: "port", line: 1, in: lines, .toml), .codeType)
        XCTAssertEqual(role(of: "8080", line: 1, in: lines, .toml), .codeNumber)
        XCTAssertEqual(role(of: "# the port", line: 1, in: lines, .toml), .codeComment)
        XCTAssertEqual(role(of: "hello = world", line: 3, in: lines, .toml), .codeString)
    }

    func testSQLWordsInAnyCase() {
        let line = "select name, COUNT(*) from users Where id = 'a''b' -- the rest"
        XCTAssertEqual(role(of: "select", in: line, .sql), .codeKeyword)
        XCTAssertEqual(role(of: "Where", in: line, .sql), .codeKeyword)
        XCTAssertEqual(role(of: "COUNT", in: line, .sql), .codeType)
        XCTAssertEqual(role(of: "'a''b'", in: line, .sql), .codeString)
        XCTAssertEqual(role(of: "-- the rest", in: line, .sql), .codeComment)
        XCTAssertEqual(role(of: "name", in: line, .sql), .codeBlock)
    }

    func testHTMLAndXMLTagsAttributesEntitiesAndComments() {
        let lines = [#"<a href="/x" class='y'>Tom &amp; Jerry</a> <!-- note"#, "still --> <br/>"]
        XCTAssertEqual(role(of: "<", in: lines, .html), .codePunctuation)
        XCTAssertEqual(role(of: "a", in: lines, .html), .codeKeyword)
        XCTAssertEqual(role(of: "href", in: lines, .html), .codeType)
        XCTAssertEqual(role(of: #""/x""#, in: lines, .html), .codeString)
        XCTAssertEqual(role(of: "'y'", in: lines, .html), .codeString)
        XCTAssertEqual(role(of: "Tom", in: lines, .html), .codeBlock)
        XCTAssertEqual(role(of: "&amp;", in: lines, .html), .codeNumber)
        XCTAssertEqual(role(of: "</", in: lines, .html), .codePunctuation)
        XCTAssertEqual(role(of: "still -->", line: 1, in: lines, .html), .codeComment)
        XCTAssertEqual(role(of: "br", line: 1, in: lines, .html), .codeKeyword)
        XCTAssertEqual(role(of: "xml", in: [#"<?xml version="1.0"?>"#], .xml), .codeKeyword)
        XCTAssertEqual(role(of: "version", in: [#"<?xml version="1.0"?>"#], .xml), .codeType)
        let tag = [#"<svg width="10""#, #"  height="5">"#]
        XCTAssertEqual(role(of: "height", line: 1, in: tag, .xml), .codeType, "a tag goes on over lines")
    }

    func testDiffLinesAreColouredWhole() {
        let lines = ["--- a/f", "+++ b/f", "@@ -1 +1 @@", "-old", "+new", " same"]
        XCTAssertEqual(role(of: "--- a/f", in: lines, .diff), .codeKeyword)
        XCTAssertEqual(role(of: "+++ b/f", line: 1, in: lines, .diff), .codeKeyword)
        XCTAssertEqual(role(of: "@@ -1 +1 @@", line: 2, in: lines, .diff), .codeFunction)
        XCTAssertEqual(role(of: "-old", line: 3, in: lines, .diff), .diffRemoved)
        XCTAssertEqual(role(of: "+new", line: 4, in: lines, .diff), .diffAdded)
        XCTAssertEqual(role(of: " same", line: 5, in: lines, .diff), .codeBlock)
    }

    func testDockerfileInstructionsOnlyStartALine() {
        let lines = ["FROM alpine:3", "run apk add curl # fetch", #"ENV HOME="/root" PATH=$PATH:/x"#]
        XCTAssertEqual(role(of: "FROM", in: lines, .dockerfile), .codeKeyword)
        XCTAssertEqual(role(of: "run", line: 1, in: lines, .dockerfile), .codeKeyword)
        XCTAssertEqual(role(of: "add", line: 1, in: lines, .dockerfile), .codeBlock, "ADD is only an instruction first")
        XCTAssertEqual(role(of: "# fetch", line: 1, in: lines, .dockerfile), .codeComment)
        XCTAssertEqual(role(of: #""/root""#, line: 2, in: lines, .dockerfile), .codeString)
        XCTAssertEqual(role(of: "$PATH", line: 2, in: lines, .dockerfile), .codeType)
    }

    func testWhitespaceTakesTheRoleBeforeItSoColoursChangeAtWords() {
        let roles = roles(["return  x"], .python)[0]
        XCTAssertEqual(Array(roles[0..<8]), Array(repeating: .codeKeyword, count: 8))
        XCTAssertEqual(roles[8], .codeBlock)
        let afterString = self.roles([#""s" + t"#], .python)[0]
        XCTAssertEqual(afterString[3], .codeBlock, "a string's underline in mono does not run on")
        XCTAssertEqual(self.roles(["    x"], .python)[0][0], .codeBlock, "indentation is plain")
    }

    func testFenceWordsNameTheirLanguages() {
        let expected: [String: CodeLanguage] = [
            "py": .python, "python3": .python, "Python": .python, "js": .javascript, "jsx": .javascript,
            "ts": .typescript, "tsx": .typescript, "golang": .go, "rs": .rust, "h": .c, "hpp": .cpp, "cc": .cpp,
            "c++": .cpp, "cpp": .cpp, "sh": .shell, "bash": .shell, "zsh": .shell, "console": .console,
            "json": .json, "jsonc": .json, "yml": .yaml, "toml": .toml, "sql": .sql, "html": .html, "xml": .xml,
            "svg": .xml, "patch": .diff, "diff": .diff, "docker": .dockerfile, "Dockerfile": .dockerfile,
            "swift": .swift, "java": .java, "main.rs": .rust, "{.python}": .python, "language-go": .go,
        ]
        for (word, language) in expected {
            XCTAssertEqual(CodeLanguage.named(word)?.name, language.name, word)
        }
        XCTAssertNil(CodeLanguage.named("brainfuck"))
        XCTAssertEqual(CodeHighlight(fence: "brainfuck"), .plain, "an unknown language stays plain")
        XCTAssertEqual(CodeHighlight(fence: ""), .guessing)
    }

    /// Every sample line fed a byte at a time ends with the roles it has when lexed whole, and
    /// a byte's settled role never changes on the way.
    func testALineThatStreamsEndsAsTheSameLineLexedWhole() {
        for (language, lines) in CodeSamples.lines {
            var state = CodeHighlight.lexing(language, .code)
            for line in lines {
                var whole = CodeLineHighlighter(state)
                whole.append(line.utf8, complete: true)
                var streamed = CodeLineHighlighter(state)
                var settledRoles: [StyleRole] = []
                for byte in line.utf8 {
                    streamed.append([byte], complete: false)
                    for offset in 0..<settledRoles.count {
                        XCTAssertEqual(streamed.role(at: offset), settledRoles[offset], "\(language.name): \(line)")
                    }
                    settledRoles = (0..<streamed.settled).map { streamed.role(at: $0) }
                }
                streamed.append([], complete: true)
                let bytes = 0..<line.utf8.count
                XCTAssertEqual(bytes.map { streamed.role(at: $0) }, bytes.map { whole.role(at: $0) }, line)
                XCTAssertEqual(streamed.after, whole.after, line)
                state = whole.after
            }
        }
    }
}
