import ChatStore
import XCTest

/// Where the data lives: the flag, then CHATTERM_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share.
final class DataDirectoryTests: XCTestCase {
    private let home = ["HOME": "/home/ana"]

    func testTheFlagComesFirst() {
        let environment = home.merging(["CHATTERM_DATA_DIR": "/env", "XDG_DATA_HOME": "/xdg"]) { $1 }
        XCTAssertEqual(DataDirectory.resolve(flag: "/flag", environment: environment), "/flag")
    }

    func testThenTheEnvironmentVariable() {
        let environment = home.merging(["CHATTERM_DATA_DIR": "/env", "XDG_DATA_HOME": "/xdg"]) { $1 }
        XCTAssertEqual(DataDirectory.resolve(flag: nil, environment: environment), "/env")
    }

    func testThenXDGDataHome() {
        let environment = home.merging(["XDG_DATA_HOME": "/xdg/"]) { $1 }
        XCTAssertEqual(DataDirectory.resolve(flag: nil, environment: environment), "/xdg/chatterm")
    }

    func testElseTheHomeFolder() {
        XCTAssertEqual(DataDirectory.resolve(flag: nil, environment: home), "/home/ana/.local/share/chatterm")
    }

    func testEmptyValuesAndARelativeXDGDataHomeAreIgnored() {
        let environment = home.merging(["CHATTERM_DATA_DIR": "", "XDG_DATA_HOME": "relative"]) { $1 }
        XCTAssertEqual(DataDirectory.resolve(flag: "", environment: environment), "/home/ana/.local/share/chatterm")
    }

    func testATildeIsTheHomeFolder() {
        XCTAssertEqual(DataDirectory.resolve(flag: "~/chats", environment: home), "/home/ana/chats")
    }

    func testConversationsHaveTheirOwnFolder() {
        XCTAssertEqual(DataDirectory(path: "/data/").conversationsPath, "/data/conversations")
        XCTAssertEqual(DataDirectory(path: "/data").path, "/data")
    }

    func testARelativePathIsMadeAbsolute() {
        XCTAssertTrue(DataDirectory(path: "rel/data").path.hasPrefix("/"))
        XCTAssertTrue(DataDirectory(path: "rel/data").path.hasSuffix("/rel/data"))
    }
}
