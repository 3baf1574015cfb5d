import ChatTUI
import XCTest

final class SlashCommandTests: XCTestCase {
    func testCommandsAreRecognisedWithSurroundingSpace() {
        XCTAssertEqual(SlashCommand("/retry"), .retry)
        XCTAssertEqual(SlashCommand("  /continue \n"), .continueReply)
        XCTAssertEqual(SlashCommand("/quit"), .quit)
        XCTAssertEqual(SlashCommand("/q"), .quit)
    }

    func testAnUnknownCommandIsNamedNotSent() {
        XCTAssertEqual(SlashCommand("/retyr now"), .unknown("/retyr"))
    }

    func testPromptsAndDoubleSlashAreNotCommands() {
        XCTAssertNil(SlashCommand("hello /retry"))
        XCTAssertNil(SlashCommand("//etc/hosts is a file"))
        XCTAssertNil(SlashCommand(""))
    }
}
