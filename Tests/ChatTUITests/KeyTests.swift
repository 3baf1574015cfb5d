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

    func testFixedKeyCodesStillDecode() {
        let extended = ExtendedKeys(keys: [600: .altUp])
        XCTAssertEqual(Key.decode(UInt32(KEY_UP), isKeyCode: true, extended: extended), .up)
        XCTAssertEqual(Key.decode(0x1B, isKeyCode: false, extended: extended), .escape)
    }
}
