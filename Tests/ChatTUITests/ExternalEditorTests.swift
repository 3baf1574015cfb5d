import Foundation
import XCTest

@testable import ChatTUI

/// The draft comes back from `$EDITOR` as the editor left it, read like every file chatterm
/// reads: an editor (or a script posing as one) that leaves something else than a regular file
/// of sane size gets a clear error and the draft stays as it was.
final class ExternalEditorTests: XCTestCase {
    /// Edits `draft` with a shell script whose body `script` gets the file's path as `$1`.
    private func edit(_ draft: String, with script: String) throws -> String {
        let path = NSTemporaryDirectory() + "/chatterm-test-editor-\(UUID().uuidString).sh"
        try "#!/bin/sh\n\(script)\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        defer { unlink(path) }
        return try ExternalEditor.edit(draft, environment: ["EDITOR": path])
    }

    func testTheEditedDraftComesBackWithoutTheEditorsFinalNewline() throws {
        XCTAssertEqual(try edit("typed here", with: #"printf 'added\n' >> "$1""#), "typed here\nadded")
    }

    func testADraftReplacedByALinkToDevZeroIsRefusedAtOnce() {
        XCTAssertThrowsError(try edit("typed here", with: #"rm "$1" && ln -s /dev/zero "$1""#)) { error in
            XCTAssertEqual(
                "\(error)",
                "cannot read the edited draft back: it is a character device, not a regular file; draft unchanged")
        }
    }

    func testADraftLargerThanTheLimitIsRefusedNotRead() {
        let script = #"truncate -s \#(ExternalEditor.draftLimit + 1) "$1""#
        XCTAssertThrowsError(try edit("typed here", with: script)) { error in
            XCTAssertTrue("\(error)".hasPrefix("cannot read the edited draft back: it is 16 MiB"), "\(error)")
            XCTAssertTrue("\(error)".hasSuffix("; draft unchanged"), "\(error)")
        }
    }
}
