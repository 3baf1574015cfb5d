import ChatCore
import ChatStore
import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// Files chatterm reads that are not what their names say — a FIFO, a link to /dev/zero, a
/// gigabyte, where a conversation, the prompt history or a theme should be — are named with the
/// reason and skipped, at once; nothing waits on them, and SIGTERM still ends the chat cleanly.
final class UnusualFilesEndToEndTests: XCTestCase {
    /// A data folder holding one good conversation, titled "the good one", and `extras`
    /// (FIFO, link to /dev/zero, 1 GiB sparse file) under their names in `conversations/`.
    private func dataDirectory(fifo: String? = nil, zeroLink: String? = nil, huge: String? = nil) throws -> String {
        let directory = Binary.temporaryDataDirectory(for: self)
        let store = ConversationStore(directory: DataDirectory(path: directory))
        try store.save(
            Conversation(
                title: "the good one",
                messages: [Message(role: .user, content: "hi"), Message(role: .assistant, content: "hello")]))
        let folder = directory + "/conversations/"
        if let fifo { XCTAssertEqual(mkfifo(folder + fifo, 0o600), 0) }
        if let zeroLink {
            try FileManager.default.createSymbolicLink(atPath: folder + zeroLink, withDestinationPath: "/dev/zero")
        }
        if let huge {
            XCTAssertTrue(FileManager.default.createFile(atPath: folder + huge, contents: nil))
            XCTAssertEqual(truncate(folder + huge, 1 << 30), 0)
        }
        return directory
    }

    func testHistoryListsTheRestAndNamesEachFileItSkipsAndWhy() throws {
        let directory = try dataDirectory(fifo: "pipe.json", zeroLink: "zero.json", huge: "huge.json")
        let folder = directory + "/conversations/"

        let result = try Binary.run(["history", "--data-dir", directory], timeout: .seconds(30))

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("the good one"), result.stdout)
        XCTAssertEqual(
            result.stderr.split(separator: "\n").map(String.init),
            [
                "chatterm: \(folder)huge.json cannot be read as a chatterm conversation: it is 1 GiB, more than the "
                    + "256 MiB chatterm reads from such a file. It is left as it is.",
                "chatterm: \(folder)pipe.json cannot be read as a chatterm conversation: it is a FIFO (named pipe), "
                    + "not a regular file. It is left as it is.",
                "chatterm: \(folder)zero.json cannot be read as a chatterm conversation: it is a character device, "
                    + "not a regular file. It is left as it is.",
            ])
    }

    func testShowNamesTheFIFOAndShowLastSkipsIt() throws {
        let directory = try dataDirectory(fifo: "pipe.json")

        let fifo = try Binary.run(["show", "pipe", "--data-dir", directory], timeout: .seconds(30))
        XCTAssertEqual(fifo.status, 1)
        XCTAssertTrue(
            fifo.stderr.contains("pipe.json cannot be read as a chatterm conversation: it is a FIFO"), fifo.stderr)

        let last = try Binary.run(["show", "last", "--data-dir", directory], timeout: .seconds(30))
        XCTAssertEqual(last.status, 0, last.stderr)
        XCTAssertTrue(last.stdout.hasPrefix("the good one\n"), last.stdout)
    }

    func testSIGTERMWhileTheHistoryBrowserShowsAFolderWithAFIFORestoresTheTerminal() throws {
        let directory = try dataDirectory(fifo: "pipe.json")
        // SIGHUP and SIGINT end the chat the same way.
        for (signal, name) in [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP"), (SIGINT, "SIGINT")] {
            let terminal = try launchChat(["--demo"], dataDirectory: directory)
            try terminal.waitForReady()

            try terminal.press("C-o")
            try terminal.waitFor("the history browser") { screen in
                screen.contains { $0.contains("History · 1 conversation · 1 unreadable file skipped") }
                    && screen.contains { $0.contains("the good one") }
            }
            let pid = try XCTUnwrap(try terminal.programPID(), "no chatterm process")
            XCTAssertEqual(kill(pid, signal), 0)

            XCTAssertEqual(try terminal.waitForExit(), Int(128 + signal), name)
            XCTAssertEqual(try terminal.waitForValue("alternate_on", toBe: "0"), "0", "\(name): alternate screen left")
            XCTAssertEqual(try terminal.waitForValue("cursor_flag", toBe: "1"), "1", "\(name): cursor visible")
            XCTAssertEqual(try terminal.value("keypad_flag"), "0", "\(name): keypad mode off")
            terminal.close()
        }
    }

    func testAFIFOAsPromptHistoryOrThemeIsNamedAndTheChatStartsAnyway() throws {
        let directory = try dataDirectory()
        let history = directory + "/prompt-history.json"
        XCTAssertEqual(mkfifo(history, 0o600), 0)
        let theme = directory + "/fifo-theme.json"
        XCTAssertEqual(mkfifo(theme, 0o600), 0)

        let terminal = try launchChat(["--demo", "--theme", theme], dataDirectory: directory, columns: 400)
        let status = try terminal.waitForReady().statusLine
        XCTAssertTrue(status.contains("\(theme): it is a FIFO (named pipe), not a regular file"), status)
        XCTAssertTrue(
            status.contains("prompt history not read: \(history): it is a FIFO (named pipe), not a regular file"),
            status)
    }
}
