import Foundation
import TestSupport

/// One Swift file of the checkout's `Sources`, as the folder rules read it: which module and
/// folder it is in, what it imports and where it writes an escape byte, comments left out.
struct SourceFile {
    /// The path from the checkout's root, e.g. "Sources/ChatTUI/App/TerminalApp+Keys.swift".
    let path: String
    /// The module: the folder right under `Sources`.
    let module: String
    /// Each line's code, comments blanked (`SwiftCode`), in order from line 1.
    let codeLines: [Substring]
    /// Whether the file ends outside every string literal, as a file that compiles does: when
    /// it does not, `SwiftCode` misread it and `codeLines` cannot be trusted.
    let endsInCode: Bool

    init(path: String, text: String) {
        self.path = path
        let components = path.split(separator: "/")
        self.module = components.count > 1 ? String(components[1]) : ""
        let (code, endsInCode) = SwiftCode.read(text)
        self.codeLines = code.split(separator: "\n", omittingEmptySubsequences: false)
        self.endsInCode = endsInCode
    }

    /// Every Swift file under the checkout's `Sources`, by path.
    static func all() throws -> [SourceFile] {
        let sources = Checkout.root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(atPath: sources.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: sources.path])
        }
        var files: [SourceFile] = []
        for case let relative as String in walker where relative.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)
            files.append(SourceFile(path: "Sources/" + relative, text: text))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Whether the file is in `folder`, a path from the checkout's root ending in "/".
    func isIn(_ folder: String) -> Bool { path.hasPrefix(folder) }

    /// One line that breaks a rule.
    struct Finding: CustomStringConvertible {
        let path: String
        let line: Int
        let what: String

        var description: String { "\(path):\(line): \(what)" }
    }

    /// The modules the file imports (the first component of `import A.B`, whatever the
    /// attributes, access level or kind before it), each with its line.
    var imports: [(module: String, line: Int)] {
        codeLines.enumerated().compactMap { offset, code in
            guard code.contains("import") else { return nil }
            let pattern =
                #/
                ^ \s* (?: @\w+ (?: \( [^)]* \) )? \s+ )*
                (?: (?: public | package | internal | fileprivate | private ) \s+ )?
                import \s+ (?: (?: typealias | struct | class | enum | protocol | let | var | func ) \s+ )?
                (?<module> \w+ )
                /#
            guard let match = code.firstMatch(of: pattern) else { return nil }
            return (String(match.output.module), offset + 1)
        }
    }

    /// The lines whose code writes ESC, the byte that starts every escape sequence: as a string
    /// escape (`\u{1B}`, `\u{001b}`, …), as the character itself, or as a hexadecimal, octal or
    /// binary number (`0x1B`, `0o33`, `0b1_1011`). A decimal 27 is not counted: in code it is
    /// far more often a size or a shift than a byte.
    var escapeBytes: [Finding] {
        codeLines.enumerated().compactMap { offset, code in
            guard let literal = Self.escapeLiteral(in: code) else { return nil }
            return Finding(path: path, line: offset + 1, what: "writes ESC (\(literal))")
        }
    }

    /// How `code` writes ESC, or nil when it does not.
    private static func escapeLiteral(in code: Substring) -> String? {
        let mayHoldOne = ["\\u{", "0x", "0o", "0b", "\u{1B}"].contains { code.contains($0) }
        guard mayHoldOne else { return nil }
        if let match = code.firstMatch(of: #/\\u\{0*1[bB]\}/#) { return String(match.output) }
        if code.contains("\u{1B}") { return "the ESC character itself" }
        let number = #/(?:^|[^0-9A-Za-z_.])(?<literal>0(?<radix>[xob])(?<digits>[0-9A-Fa-f_]+))(?![0-9A-Za-z_])/#
        for match in code.matches(of: number) {
            let radix = ["x": 16, "o": 8, "b": 2][String(match.output.radix)]!
            let digits = match.output.digits.filter { $0 != "_" }
            if Int(digits, radix: radix) == 27 { return String(match.output.literal) }
        }
        return nil
    }
}
