import ChatTUI
import XCTest

final class SlashCommandTests: XCTestCase {
    func testCommandsAreRecognisedWithSurroundingSpace() {
        XCTAssertEqual(SlashCommand("/retry"), .retry)
        XCTAssertEqual(SlashCommand("  /continue \n"), .continueReply)
        XCTAssertEqual(SlashCommand("/quit"), .quit)
        XCTAssertEqual(SlashCommand("/q"), .quit)
        XCTAssertEqual(SlashCommand("/history"), .history)
        XCTAssertEqual(SlashCommand("/export"), .export)
    }

    func testArgumentsAreTheRestOfTheLine() {
        XCTAssertEqual(SlashCommand("/open last"), .open("last"))
        XCTAssertEqual(SlashCommand("/open"), .open(nil))
        XCTAssertEqual(SlashCommand("/title  Trip to 京都 "), .title("Trip to 京都"))
        XCTAssertEqual(SlashCommand("/title"), .title(nil))
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
