import ChatTUI
import XCTest

final class StyleRoleTests: XCTestCase {
    func testEveryRoleHasAUniqueNameThatFindsItAgain() {
        let names = StyleRole.allCases.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        for role in StyleRole.allCases {
            XCTAssertEqual(StyleRole(name: role.name), role)
        }
        XCTAssertEqual(StyleRole.userLabel.name, "userLabel")
        XCTAssertEqual(StyleRole.titleBar.name, "titleBar")
        XCTAssertNil(StyleRole(name: "UserLabel"))
    }
}
