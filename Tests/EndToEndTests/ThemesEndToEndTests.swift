import Foundation
import TestSupport
import XCTest

/// Themes as the user meets them: `chatterm themes`, `--theme` and `/theme`, with the real binary.
final class ThemesEndToEndTests: XCTestCase {
    private static let shipped = [
        "default", "gruvbox", "high-contrast", "light", "mono", "solarized-dark", "solarized-light",
    ]

    /// A chat in the demo mode, in a terminal with `TERM=term`, at the ready status bar.
    private func startChat(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> TmuxTerminal {
        let terminal = try launchChat(
            ["--demo"] + arguments, columns: 160, rows: 24,
            environment: ["TERM": "xterm-256color"].merging(environment) { $1 })
        try terminal.waitForReady()
        return terminal
    }

    func testThemesListsTheShippedThemesWithoutEscapesWhenPiped() throws {
        let result = try Binary.run(["themes"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let names = Set(
            result.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        for name in Self.shipped {
            XCTAssertTrue(names.contains(name), "\(name) not listed:\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains("/themes/gruvbox.json"), result.stdout)
        XCTAssertTrue(result.stdout.contains("checkout"), "the folders searched are named:\n\(result.stdout)")
        XCTAssertFalse(result.stdout.contains("\u{1B}"), "no escape sequences in a pipe")
    }

    func testThemesCheckNamesTheFileAndTheBrokenField() throws {
        let path = Binary.temporaryDataDirectory(for: self) + "/broken.json"
        try #"{ "format": "chatterm.theme", "version": 1, "styles": { "userLable": {} } }"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Binary.run(["themes", "--check", path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains(path), result.stderr)
        XCTAssertTrue(result.stderr.contains("styles.userLable: no such role; did you mean userLabel?"), result.stderr)
        XCTAssertEqual(try Binary.run(["themes", "--check", "gruvbox"]).status, 0)
    }

    func testThemesPreviewsInColourOnATerminalButNotWithNoColor() throws {
        let coloured = try startTerminal(
            [Binary.url.path, "themes"], columns: 120, rows: 40, environment: ["TERM": "xterm-256color"])
        XCTAssertEqual(try coloured.waitForExit(), 0)
        let escapes = try coloured.screenWithEscapes().joined(separator: "\n")
        XCTAssertTrue(escapes.contains("\u{1B}["), "the preview is in colour:\n\(escapes)")
        let plain = try startTerminal(
            [Binary.url.path, "themes"], columns: 120, rows: 40,
            environment: ["TERM": "xterm-256color", "NO_COLOR": ""])
        XCTAssertEqual(try plain.waitForExit(), 0)
        XCTAssertFalse(try plain.screenWithEscapes().joined().contains("\u{1B}["), "NO_COLOR: no escape sequences")
    }

    func testAnUnknownThemeStartsWithTheDefaultAndSaysWhyInTheStatusBar() throws {
        let terminal = try startChat(["--theme", "nonexistent"])
        let status = try terminal.statusLine
        XCTAssertTrue(status.contains("no theme named 'nonexistent'"), status)
        XCTAssertTrue(status.contains("using the default theme"), status)
    }

    func testABrokenThemeFileStartsWithTheDefaultAndNamesTheField() throws {
        let path = Binary.temporaryDataDirectory(for: self) + "/broken.json"
        try ##"{ "format": "chatterm.theme", "version": 1, "styles": { "plain": { "fg": "#12" } } }"##
            .write(toFile: path, atomically: true, encoding: .utf8)
        let terminal = try startChat(["--theme", path])
        let status = try terminal.statusLine
        XCTAssertTrue(status.contains("styles.plain.fg"), status)
    }

    func testThemeCommandSwitchesLiveAndSaysSo() throws {
        let terminal = try startChat()
        let before = try terminal.screenWithEscapes().statusLine
        try terminal.enter("/theme light")
        try terminal.waitForStatus("theme: light")
        let after = try terminal.screenWithEscapes()
        XCTAssertNotEqual(after.statusLine, before, "the status bar is drawn in the new colours")
        XCTAssertTrue(after.statusLine.contains("48;5;252"), "light's status bar is #d0d0d0: \(after.statusLine)")

        try terminal.enter("/theme")
        let listed = try terminal.waitForStatus("themes:")
        XCTAssertTrue(listed.statusLine.contains("solarized-dark"), listed.statusLine)

        try terminal.type("/theme sol")
        try terminal.press("Tab")
        let completed = try terminal.waitFor("the completion") { $0.contains { $0.contains("/theme solarized-") } }
        XCTAssertTrue(completed.statusLine.contains("solarized-light"), completed.statusLine)
    }

    func testNoColorDrawsAnyThemeWithAttributesOnly() throws {
        let terminal = try startChat(["--theme", "gruvbox"], environment: ["NO_COLOR": ""])
        let screen = try terminal.screenWithEscapes().joined(separator: "\n")
        let colour = try NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")
        XCTAssertNil(
            colour.firstMatch(in: screen, range: NSRange(screen.startIndex..., in: screen)),
            "a colour was sent:\n\(screen)")
        XCTAssertTrue(screen.contains("\u{1B}[0;7m"), "the status bar is reversed:\n\(screen)")
    }

    func testTrueColourGoesThroughTheDirectTerminfoEntryWhenInstalled() throws {
        let directEntries = ["/usr/share/terminfo/x/xterm-direct", "/lib/terminfo/x/xterm-direct"]
        try XCTSkipUnless(
            directEntries.contains { FileManager.default.fileExists(atPath: $0) },
            "xterm-direct is not installed (Debian: ncurses-term)")
        let direct = try startChat(["--theme", "gruvbox"], environment: ["COLORTERM": "truecolor"])
        let exact = try direct.screenWithEscapes().joined()
        XCTAssertTrue(exact.contains("48;2;40;40;40"), "gruvbox's #282828 background, exactly:\n\(exact)")

        let indexed = try startChat(["--theme", "gruvbox"])
        let nearest = try indexed.screenWithEscapes().joined()
        XCTAssertTrue(nearest.contains("48;5;235"), "without COLORTERM, the nearest of 256:\n\(nearest)")
    }
}
