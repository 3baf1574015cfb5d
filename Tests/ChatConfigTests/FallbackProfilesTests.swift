import XCTest

@testable import ChatConfig

/// `fallback_profiles`: the profiles a failing turn goes to. Each must exist, following them
/// must not come back round, only a profile may set them, and `config` shows them.
final class FallbackProfilesTests: XCTestCase {
    private let path = "/c.toml"

    private func problems(_ text: String) -> [String] {
        do {
            _ = try ConfigFile.parse(text, path: path)
            XCTFail("accepted:\n\(text)")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    func testAProfileNamesItsFallbacksInOrder() throws {
        let file = try ConfigFile.parse(
            """
            [profiles.gpu]
            base_url = "http://10.0.0.5:8000/v1"
            fallback_profiles = ["laptop", "spare"]
            [profiles.laptop]
            base_url = "http://127.0.0.1:11434/v1"
            [profiles.spare]
            base_url = "http://10.0.0.6:8000/v1"
            """, path: path)
        XCTAssertEqual(file.profiles["gpu"]?.fallbackProfiles, ["laptop", "spare"])
        XCTAssertEqual(file.fallbackChain(of: "gpu"), ["laptop", "spare"])
        XCTAssertEqual(file.fallbackChain(of: "laptop"), [])
    }

    func testTheChainFollowsEachFallbacksOwnOnce() throws {
        let file = try ConfigFile.parse(
            """
            [profiles.a]
            fallback_profiles = ["b", "c"]
            [profiles.b]
            fallback_profiles = ["d", "c"]
            [profiles.c]
            [profiles.d]
            """, path: path)
        XCTAssertEqual(file.fallbackChain(of: "a"), ["b", "d", "c"])
    }

    func testAnUnknownProfileIsALocatedError() {
        let found = problems("[profiles.gpu]\nfallback_profiles = [\"laptpo\"]\n[profiles.laptop]\n")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(
            found[0].hasPrefix("\(path):2: profiles.gpu.fallback_profiles: no profile 'laptpo'"), found.joined())
        XCTAssertTrue(found[0].contains("laptop"), "it suggests the near name: \(found[0])")
    }

    func testACycleIsALocatedError() {
        let found = problems(
            """
            [profiles.a]
            fallback_profiles = ["b"]
            [profiles.b]
            fallback_profiles = ["a"]
            """)
        XCTAssertEqual(
            found,
            [
                "\(path):2: profiles.a.fallback_profiles: a cycle of fallbacks: a → b → a (a profile cannot fall back to itself)",
                "\(path):4: profiles.b.fallback_profiles: a cycle of fallbacks: b → a → b (a profile cannot fall back to itself)",
            ])
        XCTAssertEqual(problems("[profiles.a]\nfallback_profiles = [\"a\"]\n").count, 1, "itself")
    }

    func testOnlyAProfileMaySetThem() {
        XCTAssertEqual(
            problems("fallback_profiles = [\"laptop\"]\n[profiles.laptop]\n"),
            ["\(path):1: fallback_profiles: only allowed in a profile, e.g. [profiles.work]"])
        XCTAssertEqual(problems("[profiles.a]\nfallback_profiles = \"b\"\n[profiles.b]\n").count, 1, "not an array")
    }

    func testConfigShowsThemWithTheirProfile() throws {
        let file = try ConfigFile.parse(
            "default_profile = \"gpu\"\n[profiles.gpu]\nfallback_profiles = [\"laptop\"]\n[profiles.laptop]\n",
            path: path)
        let settings = try Settings.resolve(environment: [:], file: file)
        XCTAssertEqual(settings.fallbackProfiles, Setting(["laptop"], from: .profile("gpu")))
        let row = SettingsReport(settings).rows.first { $0.name == "fallback_profiles" }
        XCTAssertEqual(row?.value, "laptop")
        XCTAssertEqual(row?.source, "profile gpu")
        let none = SettingsReport(try Settings.resolve(environment: [:], file: nil)).rows.first {
            $0.name == "fallback_profiles"
        }
        XCTAssertEqual(none?.value, "(none)")
    }
}
