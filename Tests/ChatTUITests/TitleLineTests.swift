import ChatCore
import ChatTUI
import XCTest

final class TitleLineTests: ChatTUITestCase {
    func testTitleModelEndpointAndSaveState() {
        let line = TitleLine.render(
            title: "Trip to 京都", model: "qwen2", endpoint: "10.0.0.5:8000", save: .saved, width: 70)
        XCTAssertTrue(line.text.hasPrefix(" Trip to 京都"))
        XCTAssertTrue(line.text.hasSuffix("qwen2 @ 10.0.0.5:8000 · saved "))
        XCTAssertEqual(TextWidth.of(line.text), 70)
    }

    func testTheProfileComesBeforeTheModel() {
        let line = TitleLine.render(
            title: "Trip", model: "qwen2", endpoint: "10.0.0.5:8000", profile: "work", save: .saved, width: 70)
        XCTAssertTrue(line.text.hasSuffix(" work · qwen2 @ 10.0.0.5:8000 · saved "))
    }

    func testANewConversationAndTheOtherStates() {
        XCTAssertTrue(
            TitleLine.render(title: "", model: "m", endpoint: "demo", save: .readOnly, width: 60).text
                .hasPrefix(" New conversation"))
        XCTAssertTrue(
            TitleLine.render(title: "t", model: "m", endpoint: "demo", save: .failing, width: 60).text
                .hasSuffix("not saved "))
    }

    func testExactlyTheWidthAtEveryWidthAndTheTitleWins() {
        for width in 0...90 {
            let line = TitleLine.render(
                title: "A long title about 你好 and more", model: "model-name", endpoint: "host:1", save: .saved,
                width: width)
            XCTAssertEqual(TextWidth.of(line.text), width, "width \(width)")
        }
        let narrow = TitleLine.render(title: "Important title", model: "m", endpoint: "h", save: .saved, width: 18)
        XCTAssertTrue(narrow.text.hasPrefix(" Important title"), narrow.text)
    }

    func testTheTitleIsInTheTitleBarRoleAndTheRestInStatusInfo() {
        let line = TitleLine.render(title: "Trip", model: "m", endpoint: "h", save: .saved, width: 40)
        XCTAssertEqual(line.spans.first?.role, .titleBar)
        XCTAssertEqual(line.spans.last?.role, .statusInfo)
        let narrow = TitleLine.render(
            title: "A title too long to share", model: "m", endpoint: "h", save: .saved, width: 12)
        XCTAssertEqual(Set(narrow.spans.map(\.role)), [.titleBar])
    }

    func testHostileTitlesAreSanitised() {
        let line = TitleLine.render(title: "evil\u{1B}[2J\u{202E}", model: "m", endpoint: "h", save: .saved, width: 40)
        XCTAssertFalse(line.text.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }
}
