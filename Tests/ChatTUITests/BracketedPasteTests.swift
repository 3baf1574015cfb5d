import XCTest

@testable import ChatTUI

final class BracketedPasteTests: XCTestCase {
    func testOnlyTheStartMarkersKeyCodeStartsAPaste() {
        let paste = BracketedPaste(startCode: 900, endCode: 901)
        XCTAssertTrue(paste.isStart(900, isKeyCode: true))
        XCTAssertFalse(paste.isStart(900, isKeyCode: false), "the character U+0384 is not the marker")
        XCTAssertFalse(paste.isStart(901, isKeyCode: true), "the end marker does not start one")
        XCTAssertFalse(BracketedPaste().isAvailable)
        XCTAssertFalse(BracketedPaste(startCode: 900).isStart(900, isKeyCode: true), "no end marker")
    }
}
