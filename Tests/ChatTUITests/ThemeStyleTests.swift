import ChatTUI
import XCTest

final class ThemeStyleTests: XCTestCase {
    func testMonoIsTheAttributesPlusReverseForABackgroundOfItsOwn() {
        XCTAssertEqual(ThemeStyle(foreground: .index(2), attributes: [.bold]).monoAttributes(), [.bold])
        XCTAssertEqual(
            ThemeStyle(foreground: .index(7), background: .index(4), attributes: [.bold]).monoAttributes(),
            [.bold, .reverse])
        XCTAssertEqual(ThemeStyle(background: .rgb(ThemeColor.RGB(hex: 0x504945))).monoAttributes(), [.reverse])
    }

    func testAnExplicitMonoWins() {
        XCTAssertEqual(ThemeStyle(foreground: .index(3), mono: [.reverse]).monoAttributes(), [.reverse])
        XCTAssertEqual(ThemeStyle(foreground: .index(7), background: .index(0), mono: []).monoAttributes(), [])
    }

    func testTextOnTheThemesOwnBackgroundIsNoBand() {
        let body = ThemeColor.rgb(ThemeColor.RGB(hex: 0x282828))
        let theme = Theme(
            name: "t", description: "",
            styles: [
                .plain: ThemeStyle(background: body),
                .userLabel: ThemeStyle(foreground: .index(6), background: body, attributes: [.bold]),
                .statusReady: ThemeStyle(background: .rgb(ThemeColor.RGB(hex: 0x504945))),
            ])
        XCTAssertEqual(theme.monoAttributes(of: .plain), [])
        XCTAssertEqual(theme.monoAttributes(of: .userLabel), [.bold])
        XCTAssertEqual(theme.monoAttributes(of: .statusReady), [.reverse])
    }

    func testTheBuiltInDefaultLooksWithoutColourAsItAlwaysDid() {
        let theme = Theme.default
        XCTAssertEqual(theme.monoAttributes(of: .statusReady), [.reverse])
        XCTAssertEqual(theme.monoAttributes(of: .statusError), [.reverse, .bold])
        XCTAssertEqual(theme.monoAttributes(of: .marker), [.reverse])
        XCTAssertEqual(theme.monoAttributes(of: .inlineCode), [.reverse])
        XCTAssertEqual(theme.monoAttributes(of: .codeBlock), [])
        XCTAssertEqual(theme.monoAttributes(of: .heading), [.bold, .underline])
        XCTAssertEqual(theme.monoAttributes(of: .titleBar), theme.monoAttributes(of: .overlayTitle))
        XCTAssertEqual(theme[.border], theme[.dim])
    }
}

/// The roles of highlighted code in every theme.
final class CodeThemeTests: XCTestCase {
    static let codeRoles: [StyleRole] = [
        .codeKeyword, .codeString, .codeComment, .codeNumber, .codeType, .codeFunction, .codePunctuation,
        .diffAdded, .diffRemoved,
    ]

    func testWithoutColourKeywordsAreBoldStringsUnderlinedAndCommentsDim() {
        let theme = Theme.default
        XCTAssertEqual(theme.monoAttributes(of: .codeKeyword), [.bold])
        XCTAssertEqual(theme.monoAttributes(of: .codeString), [.underline])
        XCTAssertEqual(theme.monoAttributes(of: .codeComment), [.dim])
        XCTAssertEqual(theme.monoAttributes(of: .diffAdded), [.bold])
        XCTAssertEqual(theme.monoAttributes(of: .diffRemoved), [.dim])
        for role in [StyleRole.codeNumber, .codeType, .codeFunction, .codePunctuation] {
            XCTAssertEqual(theme.monoAttributes(of: role), [], "\(role.name) is plain, not a reversed band")
        }
    }

    func testPunctuationLooksLikeCodeTextSoItCostsNoColourChange() {
        XCTAssertEqual(Theme.default[.codePunctuation], Theme.default[.codeBlock])
    }
}
