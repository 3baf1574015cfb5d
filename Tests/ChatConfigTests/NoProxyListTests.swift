import ChatConfig
import XCTest

/// `NO_PROXY` as curl documents it: names and the names below them, `*` alone, IP addresses
/// and CIDR ranges, no port, and no implicit entries.
final class NoProxyListTests: XCTestCase {
    private func bypasses(_ list: String, _ host: String) -> Bool {
        NoProxyList(list).match(host: host) != nil
    }

    func testANameMatchesItselfAndTheNamesBelowIt() {
        XCTAssertTrue(bypasses("example.com", "example.com"))
        XCTAssertTrue(bypasses("example.com", "api.example.com"))
        XCTAssertTrue(bypasses("example.com", "API.Example.COM"), "names are compared without case")
        XCTAssertFalse(bypasses("example.com", "myexample.com"))
        XCTAssertFalse(bypasses("example.com", "example.com.evil"))
    }

    func testALeadingOrTrailingDotIsIgnored() {
        XCTAssertTrue(bypasses(".example.com", "example.com"))
        XCTAssertTrue(bypasses(".example.com", "a.example.com"))
        XCTAssertTrue(bypasses("example.com.", "a.example.com"))
        XCTAssertTrue(bypasses("example.com", "a.example.com."))
    }

    func testEntriesAreSeparatedByCommasAndBlanks() {
        let list = NoProxyList(" localhost , .lab,10.0.0.0/8  other ")
        XCTAssertEqual(list.entries, ["localhost", ".lab", "10.0.0.0/8", "other"])
        XCTAssertEqual(list.match(host: "gpu.lab"), ".lab")
    }

    func testAStarAloneMatchesEveryHostAndOnlyAlone() {
        XCTAssertTrue(bypasses("*", "anything.example"))
        XCTAssertTrue(bypasses(" * ", "10.1.2.3"))
        XCTAssertFalse(bypasses("localhost,*", "anything.example"), "curl's * is the whole list or nothing")
    }

    func testAnIPAddressMatchesAddressesAndRangesOnly() {
        XCTAssertTrue(bypasses("127.0.0.1", "127.0.0.1"))
        XCTAssertFalse(bypasses("127.0.0.1", "127.0.0.2"))
        XCTAssertTrue(bypasses("10.0.0.0/8", "10.200.3.4"))
        XCTAssertFalse(bypasses("10.0.0.0/8", "11.0.0.1"))
        XCTAssertTrue(bypasses("192.168.1.0/24", "192.168.1.77"))
        XCTAssertFalse(bypasses("192.168.1.0/24", "192.168.2.77"))
        XCTAssertFalse(bypasses("0.1", "10.0.0.1"), "an address is not matched as a name's suffix")
        XCTAssertFalse(bypasses("localhost", "127.0.0.1"), "names are not resolved")
    }

    func testIPv6AddressesAreWrittenWithoutBracketsAndMatchWithOrWithout() {
        XCTAssertTrue(bypasses("::1", "[::1]"))
        XCTAssertTrue(bypasses("::1", "::1"))
        XCTAssertTrue(bypasses("fd00::/8", "[fd12:3456::1]"))
        XCTAssertFalse(bypasses("fd00::/8", "[fe80::1]"))
        XCTAssertFalse(bypasses("127.0.0.1", "[::1]"))
    }

    func testThePortIsNotPartOfTheMatch() {
        XCTAssertTrue(bypasses("example.com", "example.com"), "a URL's port never reaches the match")
        XCTAssertFalse(bypasses("example.com:8000", "example.com"), "an entry with a port never matches")
    }

    func testNothingIsBypassedImplicitly() {
        XCTAssertFalse(bypasses("", "localhost"))
        XCTAssertFalse(bypasses("", "127.0.0.1"))
        XCTAssertFalse(bypasses("example.com", "localhost"))
    }
}
