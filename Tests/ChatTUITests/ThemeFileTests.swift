import Foundation
import XCTest

@testable import ChatTUI

final class ThemeFileTests: XCTestCase {
    /// The repository's `themes/` folder, found from this file's path.
    private static let shippedFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    private static let shippedNames = [
        "default", "light", "solarized-dark", "solarized-light", "gruvbox", "high-contrast", "mono",
    ]

    private func shippedFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: Self.shippedFolder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    /// Decodes `json` as the theme file "broken.json" and returns the error it must give.
    private func error(decoding json: String, file: StaticString = #filePath, line: UInt = #line) -> ThemeError? {
        do {
            _ = try ThemeFile.decode(Data(json.utf8), name: "broken", file: "broken.json")
            XCTFail("decoded without an error: \(json)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    /// A valid file with one role's style replaced by `style` (raw JSON).
    private func file(role: String = "userLabel", style: String) -> String {
        #"{ "format": "chatterm.theme", "version": 1, "styles": { "\#(role)": \#(style) } }"#
    }

    func testTheSevenThemesAreShipped() throws {
        XCTAssertEqual(
            Set(try shippedFiles().map { $0.deletingPathExtension().lastPathComponent }), Set(Self.shippedNames))
    }

    func testEveryShippedThemeParsesAndNamesEveryRole() throws {
        let files = try shippedFiles()
        XCTAssertFalse(files.isEmpty)
        for url in files {
            let theme = try ThemeFile.load(path: url.path)
            XCTAssertEqual(theme.name, url.deletingPathExtension().lastPathComponent)
            XCTAssertFalse(theme.description.isEmpty, url.lastPathComponent)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            let named = Set((json?["styles"] as? [String: Any] ?? [:]).keys)
            XCTAssertEqual(named, Set(StyleRole.allCases.map(\.name)), "\(url.lastPathComponent) must name every role")
        }
    }

    func testDefaultFileEqualsTheBuiltInDefault() throws {
        let file = try ThemeFile.load(path: Self.shippedFolder.appendingPathComponent("default.json").path)
        for role in StyleRole.allCases {
            XCTAssertEqual(file[role], Theme.default[role], role.name)
        }
        XCTAssertEqual(file, Theme.default)
    }

    func testEveryShippedThemeColoursCodeOnTheBlocksBackgroundReadablyAtEveryDepth() throws {
        for url in try shippedFiles() {
            let theme = try ThemeFile.load(path: url.path)
            for role in CodeThemeTests.codeRoles {
                XCTAssertEqual(theme[role].background, theme[.codeBlock].background, "\(theme.name): \(role.name)")
                guard theme.name != "mono" else { continue }
                XCTAssertNotNil(
                    theme[role].explicitMono, "\(theme.name): \(role.name) says how it looks without colour")
                for depth in [ColorDepth.trueColor, .colors256, .colors16, .colors8] {
                    XCTAssertNotEqual(
                        ColorMapping.map(theme[role].foreground, to: depth),
                        ColorMapping.map(theme[role].background, to: depth),
                        "\(theme.name): \(role.name) stays visible with \(depth)")
                }
            }
            guard theme.name != "mono" else { continue }
            let keyword = ColorMapping.map(theme[.codeKeyword].foreground, to: .colors256)
            XCTAssertNotEqual(keyword, ColorMapping.map(theme[.codeBlock].foreground, to: .colors256), theme.name)
            XCTAssertNotEqual(keyword, ColorMapping.map(theme[.codeString].foreground, to: .colors256), theme.name)
        }
    }

    func testTheMonoThemeHasNoColours() throws {
        let mono = try ThemeFile.load(path: Self.shippedFolder.appendingPathComponent("mono.json").path)
        for role in StyleRole.allCases {
            XCTAssertFalse(mono[role].hasColor, role.name)
            XCTAssertEqual(mono.monoAttributes(of: role), Theme.default.monoAttributes(of: role), role.name)
        }
    }

    func testAFullFileDecodesColoursAttributesAndMono() throws {
        let theme = try ThemeFile.decode(
            Data(
                #"""
                { "format": "chatterm.theme", "version": 1, "description": "warm retro dark",
                  "styles": { "userLabel": { "fg": "#83a598", "attrs": ["bold"] },
                              "statusReady": { "fg": 223, "bg": "bright-black", "mono": ["reverse", "bold"] } } }
                """#.utf8), name: "gruvbox", file: "gruvbox.json")
        XCTAssertEqual(theme.name, "gruvbox")
        XCTAssertEqual(theme.description, "warm retro dark")
        XCTAssertEqual(
            theme[.userLabel], ThemeStyle(foreground: .rgb(ThemeColor.RGB(0x83, 0xa5, 0x98)), attributes: [.bold]))
        XCTAssertEqual(
            theme[.statusReady],
            ThemeStyle(foreground: .index(223), background: .index(8), mono: [.reverse, .bold]))
    }

    func testRolesAFileLeavesOutLookAsInTheDefault() throws {
        let theme = try ThemeFile.decode(
            Data(file(style: #"{ "fg": "red" }"#).utf8), name: "partial", file: "partial.json")
        XCTAssertEqual(theme[.userLabel], ThemeStyle(foreground: .index(1)))
        for role in StyleRole.allCases where role != .userLabel {
            XCTAssertEqual(theme[role], Theme.default[role], role.name)
        }
    }

    func testBrokenThemeFileNamesTheFileAndTheField() {
        let error = error(decoding: file(style: ##"{ "fg": "#12345" }"##))
        guard case .invalid(let file, let field, let problem) = error else {
            return XCTFail("\(String(describing: error))")
        }
        XCTAssertEqual(file, "broken.json")
        XCTAssertEqual(field, "styles.userLabel.fg")
        XCTAssertTrue(problem.contains("\"#12345\" is not a colour"), problem)
        let message = error!.description
        XCTAssertTrue(message.contains("broken.json") && message.contains("styles.userLabel.fg"), message)
    }

    func testAMisspeltRoleNamesTheNearestRole() {
        let error = error(decoding: file(role: "userLable", style: "{}"))
        XCTAssertEqual(
            error,
            .invalid(file: "broken.json", field: "styles.userLable", problem: "no such role; did you mean userLabel?"))
        let far = self.error(decoding: file(role: "wallpaper", style: "{}"))
        guard case .invalid(_, "styles.wallpaper", let problem) = far else {
            return XCTFail("\(String(describing: far))")
        }
        XCTAssertTrue(problem.contains("roles are plain, userLabel"), problem)
    }

    func testAWrongTypeNamesTheFieldAndWhatWasFound() {
        XCTAssertEqual(
            error(decoding: file(style: #"{ "attrs": "bold" }"#)),
            .invalid(
                file: "broken.json", field: "styles.userLabel.attrs",
                problem: "expected a list of attributes such as [\"bold\"], found a string"))
        guard case .invalid(_, "styles.userLabel.fg", let problem) = error(decoding: file(style: #"{ "fg": true }"#))
        else { return XCTFail("a boolean colour must be refused at styles.userLabel.fg") }
        XCTAssertTrue(problem.hasSuffix("found true"), problem)
        XCTAssertEqual(
            error(decoding: file(style: #"["bold"]"#)),
            .invalid(file: "broken.json", field: "styles.userLabel", problem: "expected an object {…}, found a list"))
        XCTAssertEqual(
            error(decoding: #"{ "format": "chatterm.theme", "version": "1" }"#),
            .invalid(file: "broken.json", field: "version", problem: "expected a whole number, found a string"))
        guard
            case .invalid(_, "styles.userLabel.attrs[1]", _) = error(
                decoding: file(style: #"{ "attrs": ["bold", 3] }"#))
        else { return XCTFail("a number among attributes must be refused at its index") }
    }

    func testAnUnknownAttributeIsRefusedAndBlinkIsNeverOffered() {
        XCTAssertEqual(
            error(decoding: file(style: #"{ "attrs": ["bold", "undreline"] }"#)),
            .invalid(
                file: "broken.json", field: "styles.userLabel.attrs[1]",
                problem: "\"undreline\" is not an attribute; did you mean underline?"))
        XCTAssertEqual(
            error(decoding: file(style: #"{ "mono": ["blink"] }"#)),
            .invalid(
                file: "broken.json", field: "styles.userLabel.mono[0]",
                problem: "blink is not offered: chatterm never blinks"))
    }

    func testInvalidJSONGivesTheLineAndColumn() {
        let error = error(decoding: "{ \"format\": \"chatterm.theme\",\n  \"version\": 1,\n  \"styles\": { oops } }")
        guard case .invalid("broken.json", "", let problem) = error else {
            return XCTFail("\(String(describing: error))")
        }
        XCTAssertTrue(problem.hasPrefix("not valid JSON"), problem)
        XCTAssertTrue(problem.contains("line 3, column 15"), problem)
    }

    func testUnknownFieldsAreErrorsWithTheFieldsThatExist() {
        XCTAssertEqual(
            error(decoding: #"{ "format": "chatterm.theme", "version": 1, "stiles": {} }"#),
            .invalid(file: "broken.json", field: "stiles", problem: "unknown field; did you mean styles?"))
        XCTAssertEqual(
            error(decoding: file(style: #"{ "foreground": "red" }"#)),
            .invalid(
                file: "broken.json", field: "styles.userLabel.foreground",
                problem: "unknown style field; expected fg, bg, attrs, mono"))
    }

    func testAFileMustSayItIsAThemeOfAKnownVersion() {
        guard case .invalid(_, "format", _) = error(decoding: #"{ "version": 1 }"#) else {
            return XCTFail("a file without format must be refused")
        }
        guard case .invalid(_, "format", _) = error(decoding: #"{ "format": "chatterm.conversation", "version": 1 }"#)
        else { return XCTFail("another format must be refused") }
        guard
            case .invalid(_, "version", let problem) = error(decoding: #"{ "format": "chatterm.theme", "version": 2 }"#)
        else { return XCTFail("a newer version must be refused") }
        XCTAssertTrue(problem.contains("newer"), problem)
        guard case .invalid(_, "", _) = error(decoding: "[1, 2]") else { return XCTFail("a list is no theme") }
    }

    func testAColourIndexOutsideThePaletteIsRefused() {
        guard case .invalid(_, "styles.userLabel.bg", let problem) = error(decoding: file(style: #"{ "bg": 256 }"#))
        else { return XCTFail("256 must be refused") }
        XCTAssertTrue(problem.contains("0 to 255"), problem)
        guard case .invalid(_, "styles.userLabel.bg", _) = error(decoding: file(style: #"{ "bg": 1.5 }"#)) else {
            return XCTFail("1.5 must be refused")
        }
    }

    func testAFIFOOrADeviceIsRefusedWithoutWaitingOnIt() throws {
        let fifo = NSTemporaryDirectory() + "chatterm-fifo-theme-\(UUID().uuidString).json"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        defer { unlink(fifo) }
        // Opening the FIFO to read it would wait for a writer that never comes.
        XCTAssertThrowsError(try ThemeFile.load(path: fifo)) { error in
            XCTAssertEqual(
                error as? ThemeError, .unreadable(file: fifo, reason: "it is a FIFO (named pipe), not a regular file"))
        }
        XCTAssertThrowsError(try ThemeFile.load(path: "/dev/zero")) { error in
            XCTAssertEqual(
                error as? ThemeError,
                .unreadable(file: "/dev/zero", reason: "it is a character device, not a regular file"))
        }
    }

    func testAFileFarLargerThanAThemeIsRefused() throws {
        let path = NSTemporaryDirectory() + "chatterm-huge-theme-\(UUID().uuidString).json"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        defer { unlink(path) }
        XCTAssertEqual(truncate(path, 1 << 30), 0)
        XCTAssertThrowsError(try ThemeFile.load(path: path)) { error in
            XCTAssertEqual(
                error as? ThemeError,
                .unreadable(file: path, reason: "it is 1 GiB, more than the 1 MiB chatterm reads from such a file"))
        }
    }

    func testAMissingFileIsAnErrorThatNamesIt() {
        let path = NSTemporaryDirectory() + "chatterm-no-such-theme-\(UUID().uuidString).json"
        XCTAssertThrowsError(try ThemeFile.load(path: path)) { error in
            guard case .unreadable(path, _) = error as? ThemeError else { return XCTFail("\(error)") }
            XCTAssertTrue((error as! ThemeError).description.contains(path))
        }
    }
}
