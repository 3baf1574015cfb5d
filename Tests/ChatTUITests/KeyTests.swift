import CNcursesw
import XCTest

@testable import ChatTUI

final class KeyTests: ChatTUITestCase {
    func testRunTimeKeyCodesDecodeThroughTheExtendedKeys() {
        let extended = ExtendedKeys(keys: [600: .altUp, 601: .altDown])
        XCTAssertEqual(Key.decode(600, isKeyCode: true, extended: extended), .altUp)
        XCTAssertEqual(Key.decode(601, isKeyCode: true, extended: extended), .altDown)
        XCTAssertEqual(Key.decode(600, isKeyCode: true), .unknown(600), "unknown without the table")
        XCTAssertEqual(Key.decode(600, isKeyCode: false, extended: extended), .text(String(Character("\u{258}"))))
    }

    func testAltLeftAndAltRightDecodeThroughTheExtendedKeysAndHaveNames() {
        let extended = ExtendedKeys(keys: [602: .altLeft, 603: .altRight])
        XCTAssertEqual(Key.decode(602, isKeyCode: true, extended: extended), .altLeft)
        XCTAssertEqual(Key.decode(603, isKeyCode: true, extended: extended), .altRight)
        XCTAssertEqual(Key.altLeft.name, "Alt-Left")
        XCTAssertEqual(Key.altRight.name, "Alt-Right")
    }

    func testFixedKeyCodesStillDecode() {
        let extended = ExtendedKeys(keys: [600: .altUp])
        XCTAssertEqual(Key.decode(UInt32(KEY_UP), isKeyCode: true, extended: extended), .up)
        XCTAssertEqual(Key.decode(0x1B, isKeyCode: false, extended: extended), .escape)
    }

    func testEnterIsCarriageReturnAndLineFeedIsCtrlJ() {
        XCTAssertEqual(Key.decode(0x0D, isKeyCode: false), .enter)
        XCTAssertEqual(Key.decode(0x0A, isKeyCode: false), .ctrl("j"))
    }

    func testControlCharactersAreNamedByTheKeyTypedWithCtrl() {
        XCTAssertEqual(Key.decode(0x01, isKeyCode: false), .ctrl("a"))
        XCTAssertEqual(Key.decode(0x03, isKeyCode: false), .ctrl("c"))
        XCTAssertEqual(Key.decode(0x14, isKeyCode: false), .ctrl("t"))
        XCTAssertEqual(Key.decode(0x1A, isKeyCode: false), .ctrl("z"))
        XCTAssertEqual(Key.decode(0x1F, isKeyCode: false), .ctrl("_"))
        XCTAssertEqual(Key.decode(0x00, isKeyCode: false), .ctrl("@"))
        XCTAssertEqual(Key.decode(0x09, isKeyCode: false), .tab, "Ctrl-I is Tab")
        XCTAssertEqual(Key.decode(0x08, isKeyCode: false), .backspace, "Ctrl-H is Backspace")
        XCTAssertEqual(Key.decode(0x1B, isKeyCode: false), .escape, "Ctrl-[ is Esc")
    }

    func testKeysAreNamedAsTheHelpWritesThem() {
        XCTAssertEqual(Key.ctrl("t").name, "Ctrl-T")
        XCTAssertEqual(Key.ctrl("_").name, "Ctrl-_")
        XCTAssertEqual(Key.alt("<").name, "Alt-<")
        XCTAssertEqual(Key.alt("b").name, "Alt-B")
        XCTAssertEqual(Key.pageDown.name, "PgDn")
        XCTAssertEqual(Key.function(1).name, "F1")
        XCTAssertEqual(Key.text(" ").name, "Space")
        XCTAssertEqual(Key.text("?").name, "?")
        XCTAssertNil(Key.paste("x").name)
        XCTAssertEqual(KeyChord(.ctrl("e"), after: .ctrl("x")).name, "Ctrl-X Ctrl-E")
    }

    func testAKeyRightAfterEscapeIsItsAltForm() {
        XCTAssertEqual(Key.alt(after: .text("b")), .alt("b"))
        XCTAssertEqual(Key.alt(after: .text("é")), .alt("é"))
        XCTAssertEqual(Key.alt(after: .enter), .altEnter)
        XCTAssertEqual(Key.alt(after: .backspace), .altBackspace)
        XCTAssertNil(Key.alt(after: .escape), "two Escs are two presses")
        XCTAssertNil(Key.alt(after: .up))
    }

    func testModifiedArrowsDecodeThroughTheExtendedKeys() {
        let extended = ExtendedKeys(keys: [610: .shiftUp, 611: .ctrlDown])
        XCTAssertEqual(Key.decode(610, isKeyCode: true, extended: extended), .shiftUp)
        XCTAssertEqual(Key.decode(611, isKeyCode: true, extended: extended), .ctrlDown)
    }
}
