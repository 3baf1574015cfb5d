import ChatTUI
import XCTest

final class SlashCommandTests: XCTestCase {
    func testCommandsAreRecognisedWithSurroundingSpace() {
        XCTAssertEqual(SlashCommand("/retry"), .retry)
        XCTAssertEqual(SlashCommand("  /continue \n"), .continueReply)
        XCTAssertEqual(SlashCommand("/quit"), .quit)
        XCTAssertEqual(SlashCommand("/q"), .quit)
        XCTAssertEqual(SlashCommand("/?"), .help)
        XCTAssertEqual(SlashCommand("/history"), .history)
        XCTAssertEqual(SlashCommand("/export"), .export(nil))
        XCTAssertEqual(SlashCommand("/export all"), .export("all"))
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

    func testEveryCommandIsRecognised() {
        XCTAssertEqual(SlashCommand("/new"), .new)
        XCTAssertEqual(SlashCommand("/model qwen2:7b"), .model("qwen2:7b"))
        XCTAssertEqual(SlashCommand("/model"), .model(nil))
        XCTAssertEqual(SlashCommand("/profile work"), .profile("work"))
        XCTAssertEqual(SlashCommand("/profile"), .profile(nil))
        XCTAssertEqual(SlashCommand("/system Be brief.\nAnswer in French."), .system("Be brief.\nAnswer in French."))
        XCTAssertEqual(SlashCommand("/find 京都"), .find("京都"))
        XCTAssertEqual(SlashCommand("/raw"), .raw)
        XCTAssertEqual(SlashCommand("/theme solarized-dark"), .theme("solarized-dark"))
        XCTAssertEqual(SlashCommand("/theme ~/my themes/x.json"), .theme("~/my themes/x.json"))
        XCTAssertEqual(SlashCommand("/theme"), .theme(nil))
        XCTAssertEqual(SlashCommand("/copy"), .copy(nil))
        XCTAssertEqual(SlashCommand("/copy 2"), .copy("2"))
        XCTAssertEqual(SlashCommand("/help"), .help)
        for name in SlashCommand.names {
            XCTAssertNotEqual(SlashCommand(name), .unknown(name), name)
        }
    }

    func testTabCompletesCommandNames() {
        XCTAssertEqual(SlashCommand.completions(of: "/re"), ["/retry"])
        XCTAssertEqual(SlashCommand.completions(of: "/h"), ["/history", "/help"])
        XCTAssertEqual(SlashCommand.completions(of: "hello"), [])
        XCTAssertEqual(SlashCommand.completions(of: "/th"), ["/theme"])
    }

    func testAMistypedCommandGetsTheNearestSuggested() {
        XCTAssertEqual(SlashCommand.suggestion(for: "/retyr"), "/retry")
        XCTAssertEqual(SlashCommand.suggestion(for: "/hisotry"), "/history")
        XCTAssertEqual(SlashCommand.suggestion(for: "/exprot"), "/export")
        XCTAssertNil(SlashCommand.suggestion(for: "/completelydifferent"))
    }
}
