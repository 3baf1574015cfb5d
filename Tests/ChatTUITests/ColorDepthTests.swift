import ChatTUI
import XCTest

final class ColorDepthTests: XCTestCase {
    /// The decision for a terminal with `colors` (as its terminfo entry says) and no environment.
    private func depth(
        colors: Int, direct: Bool = false, colorTerm: String? = nil, allowed: Bool = true,
        output: ColorDepth.Output = .curses
    ) -> ColorDepth {
        ColorDepth.decide(
            colors: colors, directColor: direct, colorTerm: colorTerm, colorAllowed: allowed, output: output)
    }

    func testTheTerminfoColourCountDecides() {
        XCTAssertEqual(depth(colors: 256), .colors256, "xterm-256color, tmux-256color")
        XCTAssertEqual(depth(colors: 8), .colors8, "xterm, screen, linux")
        XCTAssertEqual(depth(colors: 16), .colors16, "xterm-16color")
        XCTAssertEqual(depth(colors: 88), .colors16, "rxvt-88color: no 6×6×6 cube")
        XCTAssertEqual(depth(colors: -1), .monochrome, "vt100")
        XCTAssertEqual(depth(colors: 0), .monochrome)
        XCTAssertEqual(depth(colors: 1 << 24), .trueColor, "xterm-direct")
        XCTAssertEqual(depth(colors: 256, direct: true), .trueColor, "an entry with the RGB flag")
    }

    /// `--no-color` or `NO_COLOR` (`Settings.color`, tested with the settings).
    func testColoursNotAllowedMeanMonochromeWhateverTheTerminal() {
        XCTAssertEqual(depth(colors: 256, allowed: false), .monochrome)
        XCTAssertEqual(depth(colors: 1 << 24, direct: true, colorTerm: "truecolor", allowed: false), .monochrome)
        XCTAssertEqual(
            depth(colors: 1 << 24, direct: true, colorTerm: "truecolor", allowed: false, output: .escapeSequences),
            .monochrome)
    }

    func testColorTermPromisesTrueColourOnlyToEscapeSequences() {
        XCTAssertEqual(depth(colors: 256, colorTerm: "truecolor", output: .escapeSequences), .trueColor)
        XCTAssertEqual(depth(colors: 8, colorTerm: "24bit", output: .escapeSequences), .trueColor)
        XCTAssertEqual(depth(colors: 256, colorTerm: "truecolor"), .colors256, "curses needs a direct entry")
        XCTAssertEqual(depth(colors: 256, colorTerm: "yes", output: .escapeSequences), .colors256)
        XCTAssertEqual(depth(colors: -1, colorTerm: "truecolor", output: .escapeSequences), .monochrome)
    }

    func testTheDirectSiblingOfATerminfoEntry() {
        XCTAssertEqual(ColorDepth.directSibling(of: "xterm-256color"), "xterm-direct")
        XCTAssertEqual(ColorDepth.directSibling(of: "tmux-256color"), "tmux-direct")
        XCTAssertEqual(ColorDepth.directSibling(of: "xterm"), "xterm-direct")
        XCTAssertEqual(ColorDepth.directSibling(of: "xterm-color"), "xterm-direct")
        XCTAssertEqual(ColorDepth.directSibling(of: "screen-256color"), "screen-direct")
        XCTAssertNil(ColorDepth.directSibling(of: "xterm-direct"))
        XCTAssertNil(ColorDepth.directSibling(of: ""))
    }

    func testTheDirectEntryIsUsedOnlyWhenPromisedMissingAndInstalled() {
        let installed: [String: (colors: Int, directColor: Bool)] = [
            "xterm-256color": (256, false), "xterm-direct": (1 << 24, true), "screen-256color": (256, false),
            "kitty": (256, true),
        ]
        let describe = { (name: String) in installed[name] }
        XCTAssertEqual(
            ColorDepth.terminfoEntry(term: "xterm-256color", colorTerm: "truecolor", describe: describe), "xterm-direct"
        )
        XCTAssertEqual(
            ColorDepth.terminfoEntry(term: "xterm-256color", colorTerm: "24bit", describe: describe), "xterm-direct")
        XCTAssertEqual(
            ColorDepth.terminfoEntry(term: "xterm-256color", colorTerm: nil, describe: describe), "xterm-256color")
        XCTAssertEqual(
            ColorDepth.terminfoEntry(term: "screen-256color", colorTerm: "truecolor", describe: describe),
            "screen-256color", "no screen-direct installed")
        XCTAssertEqual(
            ColorDepth.terminfoEntry(term: "kitty", colorTerm: "truecolor", describe: describe), "kitty",
            "already takes RGB")
    }
}
