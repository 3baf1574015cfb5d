import Foundation
import TestSupport
import XCTest

/// `make install` and `make uninstall` from the checkout, and the installed chatterm finding its
/// themes under its own prefix.
///
/// The binary installed is the debug build under test (`BINARY=`): a release build takes
/// minutes, and a test running inside `swift test` cannot start SwiftPM at all, since `swift
/// test` holds the build folder's lock for as long as it runs. For the same reason the man page
/// is a stand-in (`MANUAL=`); CI checks the real one, which the generate-manual plugin writes,
/// with a `make install` of its own outside the tests.
final class InstallEndToEndTests: XCTestCase {
    private static let shipped = [
        "default", "gruvbox", "high-contrast", "light", "mono", "solarized-dark", "solarized-light",
    ]

    /// What `make install` writes under PREFIX.
    private static let installed: Set<String> =
        Set(shipped.map { "share/chatterm/themes/\($0).json" }).union([
            "bin/chatterm", "share/bash-completion/completions/chatterm", "share/zsh/site-functions/_chatterm",
            "share/fish/vendor_completions.d/chatterm.fish", "share/man/man1/chatterm.1",
        ])

    private func make(_ target: String, _ variables: [String]) throws {
        let result = try Binary.run(
            ["make", "--no-print-directory", "-C", Checkout.root.path, target] + variables,
            environment: ProcessInfo.processInfo.environment, executable: URL(fileURLWithPath: "/usr/bin/env"))
        XCTAssertEqual(result.status, 0, "make \(target) failed:\n\(result.stdout)\n\(result.stderr)")
    }

    /// Every file and folder below `folder`, as paths relative to it.
    private func contents(of folder: String) -> Set<String> {
        Set(FileManager.default.subpaths(atPath: folder) ?? [])
    }

    private func files(below folder: String) -> Set<String> {
        contents(of: folder).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
    }

    private func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    func testMakeInstallPutsAWorkingChattermUnderThePrefixAndUninstallRemovesIt() throws {
        let scratch = Binary.temporaryDataDirectory(for: self)
        let manual = scratch + "/chatterm.1"
        try ".Dt CHATTERM 1\n".write(toFile: manual, atomically: true, encoding: .utf8)
        // DESTDIR stages the install, as packagers use it; the binary then runs from the stage.
        let stage = Binary.temporaryDataDirectory(for: self)
        let prefix = stage + "/opt/chatterm"
        let variables = [
            "DESTDIR=" + stage, "PREFIX=/opt/chatterm", "BINARY=" + Binary.url.path, "MANUAL=" + manual,
            "COMPLETIONS=" + scratch + "/completions",
        ]
        try make("install", variables)
        XCTAssertEqual(files(below: prefix), Self.installed)
        XCTAssertEqual(
            contents(of: stage),
            contents(of: prefix).reduce(into: ["opt", "opt/chatterm"]) { $0.insert("opt/chatterm/" + $1) },
            "nothing outside DESTDIR/PREFIX")
        let share = prefix + "/share"
        XCTAssertTrue(
            try read(share + "/bash-completion/completions/chatterm").contains(
                "complete -o filenames -F _chatterm chatterm"))
        XCTAssertTrue(try read(share + "/zsh/site-functions/_chatterm").hasPrefix("#compdef chatterm"))
        XCTAssertTrue(try read(share + "/fish/vendor_completions.d/chatterm.fish").contains("complete -c 'chatterm'"))
        XCTAssertEqual(try read(share + "/man/man1/chatterm.1"), ".Dt CHATTERM 1\n")

        // Away from the checkout, with no themes of the user's, only the install can have them.
        let elsewhere = Binary.temporaryDataDirectory(for: self)
        let installed = prefix + "/bin/chatterm"
        let themes = try Binary.run(
            ["themes"], environment: Binary.cleanEnvironment(["XDG_CONFIG_HOME": elsewhere + "/config"]),
            executable: URL(fileURLWithPath: installed), currentDirectory: elsewhere)
        XCTAssertEqual(themes.status, 0, themes.stderr)
        for name in Self.shipped {
            XCTAssertTrue(
                themes.stdout.contains(share + "/chatterm/themes/\(name).json"),
                "\(name) is not listed from the install:\n\(themes.stdout)")
        }
        XCTAssertTrue(themes.stdout.contains("installed  \(share)/chatterm/themes\n"), themes.stdout)
        XCTAssertFalse(themes.stdout.contains("checkout"), "the checkout was found:\n\(themes.stdout)")

        let command =
            "cd \(TmuxTerminal.quote(elsewhere)) && exec \(TmuxTerminal.quote(installed)) --demo --data-dir data"
        let chat = try startTerminal(
            ["/bin/sh", "-c", command + " --theme solarized-dark"], columns: 100, rows: 20,
            environment: ["TERM": "xterm-256color", "XDG_CONFIG_HOME": elsewhere + "/config"])
        let status = try chat.waitForReady().statusLine
        XCTAssertFalse(status.contains("theme"), "the theme did not load: \(status)")
        let colours = try chat.screenWithEscapes().joined(separator: "\n")
        XCTAssertTrue(colours.contains("48;5;32"), "solarized-dark's blue status bar (#268bd2):\n\(colours)")

        try make("uninstall", variables)
        XCTAssertEqual(contents(of: prefix), [], "uninstall leaves the prefix empty")
    }
}
