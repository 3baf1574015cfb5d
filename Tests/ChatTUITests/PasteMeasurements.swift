import ChatTUI
import Foundation
import XCTest

/// Figures, not tests: what a 1 MB paste costs the input editor (insert, the next frame's input
/// area, a key typed afterwards). Skipped unless CHATTERM_MEASURE=1; prints its figures and
/// asserts nothing:
///
///     CHATTERM_MEASURE=1 swift test --filter PasteMeasurements
final class PasteMeasurements: ChatTUITestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["CHATTERM_MEASURE"] == "1", "set CHATTERM_MEASURE=1")
        try super.setUpWithError()
    }

    func testAOneMegabytePasteInTheInputEditor() {
        let line = "let greeting = \"你好，世界\" // a pasted line of code\r"
        let pasted = String(repeating: line, count: 1_048_576 / line.utf8.count)
        var editor = InputEditor()
        let paste = time { _ = editor.handle(.paste(pasted)) }
        let frame = time { _ = editor.render(width: 100, maxRows: 10) }
        let typed = time { _ = editor.handle(.text("x")) }
        let deleted = time { _ = editor.handle(.backspace) }
        let frameAfter = time { _ = editor.render(width: 100, maxRows: 10) }
        let undone = time { _ = editor.handle(.ctrl("_")) }
        print(
            String(
                format:
                    "paste of %d bytes: insert %.1f ms · first frame %.1f ms · a key %.1f ms · Backspace %.1f ms · "
                    + "frame %.1f ms · undo %.1f ms",
                pasted.utf8.count, paste, frame, typed, deleted, frameAfter, undone))
    }

    private func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
}
