import ChatTUI
import Foundation
import XCTest

final class ThemeCatalogTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "chatterm-themes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes a theme file whose description says where it is, and returns its path.
    @discardableResult
    private func theme(_ name: String, in folder: String, description: String? = nil) throws -> String {
        let directory = root + "/" + folder
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name + ".json"
        let json = #"{ "format": "chatterm.theme", "version": 1, "description": "\#(description ?? folder)" }"#
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A checkout: chatterm's `Package.swift` next to `themes/`.
    private func checkout(_ folder: String, package: String = "chatterm") throws {
        try FileManager.default.createDirectory(
            atPath: root + "/" + folder + "/themes", withIntermediateDirectories: true)
        try "let package = Package(\n    name: \"\(package)\",\n".write(
            toFile: root + "/" + folder + "/Package.swift", atomically: true, encoding: .utf8)
    }

    /// The catalog of a chatterm installed at `root/prefix/bin/chatterm`, run from `root/cwd`.
    private func catalog(_ environment: [String: String], executable: String = "prefix/bin/chatterm") -> ThemeCatalog {
        ThemeCatalog(environment: environment, executable: root + "/" + executable, currentDirectory: root + "/cwd")
    }

    func testTheSearchOrderIsUserThenInstalledThenCheckoutOfTheExecutableThenOfTheCurrentDirectory() throws {
        try checkout("src")
        try checkout("cwd")
        let found = catalog(
            ["XDG_CONFIG_HOME": root + "/config", "HOME": root + "/home"], executable: "src/.build/debug/chatterm")
        XCTAssertEqual(
            found.folders,
            [
                ThemeCatalog.Folder(path: root + "/config/chatterm/themes", kind: "user"),
                ThemeCatalog.Folder(path: root + "/src/.build/share/chatterm/themes", kind: "installed"),
                ThemeCatalog.Folder(path: root + "/src/themes", kind: "checkout"),
                ThemeCatalog.Folder(path: root + "/cwd/themes", kind: "checkout"),
            ])
    }

    func testTheFirstFolderWithTheNameWins() throws {
        try theme("dusk", in: "config/chatterm/themes", description: "mine")
        try theme("dusk", in: "prefix/share/chatterm/themes", description: "installed")
        try theme("dawn", in: "prefix/share/chatterm/themes", description: "installed")
        try checkout("cwd")
        try theme("dawn", in: "cwd/themes", description: "checkout")
        try theme("noon", in: "cwd/themes", description: "checkout")
        let themes = catalog(["XDG_CONFIG_HOME": root + "/config"])
        XCTAssertEqual(try themes.load("dusk").description, "mine")
        XCTAssertEqual(try themes.load("dawn").description, "installed")
        XCTAssertEqual(try themes.load("noon").description, "checkout")
        XCTAssertEqual(themes.names(), ["dawn", "default", "dusk", "noon"])
        let entries = themes.entries()
        XCTAssertEqual(entries.map(\.name), ["dawn", "default", "dusk", "noon"])
        XCTAssertEqual(entries.first { $0.name == "dusk" }?.path, root + "/config/chatterm/themes/dusk.json")
        XCTAssertEqual(try entries.first { $0.name == "dawn" }?.theme.get().description, "installed")
        XCTAssertNil(entries.first { $0.name == "default" }?.path, "the built-in default")
    }

    func testWithoutXDGConfigHomeTheUserFolderIsUnderHome() throws {
        try theme("dusk", in: "home/.config/chatterm/themes")
        XCTAssertEqual(catalog(["HOME": root + "/home"]).folders.first?.path, root + "/home/.config/chatterm/themes")
        XCTAssertEqual(try catalog(["HOME": root + "/home"]).load("dusk").name, "dusk")
        XCTAssertEqual(
            catalog(["HOME": root + "/home", "XDG_CONFIG_HOME": "relative"]).folders.first?.path,
            root + "/home/.config/chatterm/themes", "a relative XDG_CONFIG_HOME is ignored, as the spec says")
    }

    func testACheckoutIsFoundByWalkingUpFromTheExecutable() throws {
        try checkout("repo")
        try theme("dusk", in: "repo/themes")
        let themes = catalog([:], executable: "repo/.build/x86_64-unknown-linux-gnu/debug/chatterm")
        XCTAssertEqual(try themes.load("dusk").description, "repo/themes")
    }

    func testAThemesFolderOutsideAChattermCheckoutIsNotSearched() throws {
        try theme("dusk", in: "themes")
        XCTAssertThrowsError(try catalog([:], executable: "somewhere/bin/chatterm").load("dusk"))
        try checkout("website", package: "website")
        try theme("dawn", in: "website/themes")
        XCTAssertThrowsError(try catalog([:], executable: "website/.build/debug/chatterm").load("dawn"))
    }

    func testDefaultNeedsNoFileButAFileOverridesIt() throws {
        XCTAssertEqual(try catalog([:]).load("default"), Theme.default)
        try theme("default", in: "config/chatterm/themes", description: "my default")
        XCTAssertEqual(try catalog(["XDG_CONFIG_HOME": root + "/config"]).load("default").description, "my default")
    }

    func testAPathIsLoadedAsAFile() throws {
        let path = try theme("anything", in: "elsewhere")
        XCTAssertTrue(ThemeCatalog.isPath(path))
        XCTAssertTrue(ThemeCatalog.isPath("mine.json"))
        XCTAssertFalse(ThemeCatalog.isPath("gruvbox"))
        XCTAssertEqual(try catalog([:]).load(path).name, "anything")
        XCTAssertThrowsError(try catalog([:]).load(root + "/missing.json")) { error in
            guard case .unreadable = error as? ThemeError else { return XCTFail("\(error)") }
        }
    }

    func testAnUnknownNameSuggestsTheNearest() throws {
        try theme("gruvbox", in: "prefix/share/chatterm/themes")
        XCTAssertThrowsError(try catalog([:]).load("gruvbx")) { error in
            XCTAssertEqual(error as? ThemeError, .notFound(name: "gruvbx", suggestion: "gruvbox"))
        }
        XCTAssertThrowsError(try catalog([:]).load("nonexistent")) { error in
            XCTAssertEqual(error as? ThemeError, .notFound(name: "nonexistent", suggestion: nil))
        }
    }

    func testABrokenFileIsListedWithWhyItCannotBeUsed() throws {
        try FileManager.default.createDirectory(
            atPath: root + "/prefix/share/chatterm/themes", withIntermediateDirectories: true)
        try "{ nope".write(toFile: root + "/prefix/share/chatterm/themes/bad.json", atomically: true, encoding: .utf8)
        let entry = catalog([:]).entries().first { $0.name == "bad" }
        guard case .failure(.invalid(let file, _, _)) = entry?.theme else {
            return XCTFail("\(String(describing: entry))")
        }
        XCTAssertEqual(file, root + "/prefix/share/chatterm/themes/bad.json")
    }
}
