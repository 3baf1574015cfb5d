import TestSupport
import XCTest

/// The rules between modules and folders that ARCHITECTURE.md states, checked on the checkout's
/// `Sources`: only ChatTUI's `Terminal/` touches the terminal, and each module imports only what
/// it depends on.
final class FolderRulesTests: XCTestCase {
    /// The one folder that may touch the terminal: import curses or the terminal guard, or write
    /// escape bytes.
    static let terminalFolder = "Sources/ChatTUI/Terminal/"

    /// The C modules that drive the terminal.
    static let terminalModules: Set = ["CNcursesw", "CTerminalGuard"]

    /// The system's own modules, which any module may import.
    static let systemModules: Set = ["Foundation", "FoundationEssentials", "Dispatch", "Glibc", "Synchronization"]

    /// What each module may import besides the system's modules, and why: the table of
    /// ARCHITECTURE.md (and DESIGN.md §3). Every module with Swift files needs a line here.
    static let dependencies: [String: (mayImport: Set<String>, why: String)] = [
        "ChatCore": (
            [],
            "the core knows conversations and replies, not screens or networks: no curses, no HTTP, "
                + "no other module of ours (the transport comes in through `ChatTransport`, saving through "
                + "`ConversationAutosave`)"
        ),
        "ChatClient": (
            ["ChatCore", "AsyncHTTPClient", "NIOCore", "NIOHTTP1", "NIOPosix", "NIOSSL"],
            "the transport speaks HTTP (and TLS, and looks at a refused certificate on a connection of its "
                + "own) for the core and never draws: no ChatTUI, no curses"
        ),
        "ChatConfig": (
            ["ChatCore", "TOMLKit"],
            "the configuration resolves settings and knows neither the screen nor the transport"
        ),
        "ChatStore": (
            ["ChatCore", "Crypto"],
            "the store saves what the core holds (an image's SHA-256 through Crypto) and knows neither the "
                + "screen nor the transport"
        ),
        "ChatTUI": (
            Set(["ChatCore"]).union(terminalModules),
            "the screen draws the core's state: no HTTP (replies come through `ChatSession`), no store "
                + "(saved conversations come through `ConversationLibrary`)"
        ),
        "DemoServer": (
            ["NIOCore", "NIOPosix", "NIOHTTP1", "NIOSSL"],
            "the demo server stands alone on SwiftNIO (and NIOSSL, to serve TLS), for demo mode, tests and "
                + "benchmarks"
        ),
        "chatterm": (
            ["ChatCore", "ChatClient", "ChatConfig", "ChatStore", "ChatTUI", "DemoServer", "ArgumentParser"],
            "the executable wires the modules together and leaves the terminal to ChatTUI"
        ),
    ]

    /// The modules whose escape bytes could reach the terminal: all but the demo server, whose
    /// bytes go to a socket, as a server's reply.
    static let modulesNearTheTerminal = Set(dependencies.keys).subtracting(["DemoServer"])

    private static let files = Result { try SourceFile.all() }

    func testOnlyTheTerminalFolderImportsCursesOrTheTerminalGuard() throws {
        let findings = try Self.files.get().filter { !$0.isIn(Self.terminalFolder) }.flatMap { file in
            file.imports.filter { Self.terminalModules.contains($0.module) }.map {
                SourceFile.Finding(path: file.path, line: $0.line, what: "imports \($0.module)")
            }
        }
        XCTAssertTrue(
            findings.isEmpty,
            Self.report(
                findings,
                rule: "Only \(Self.terminalFolder) may touch the terminal (import CNcursesw or CTerminalGuard).",
                remedy: "Move the curses call into \(Self.terminalFolder) (the host `TerminalApp`, `CursesSurface`, "
                    + "`Key+Curses`, `Palette`) and hand the rest of the code what it gives as plain values: a `Key`, "
                    + "a `TerminalSize`, rows drawn on a `Surface`."))
    }

    func testOnlyTheTerminalFolderWritesEscapeBytes() throws {
        let findings = try Self.files.get().filter {
            Self.modulesNearTheTerminal.contains($0.module) && !$0.isIn(Self.terminalFolder)
        }.flatMap(\.escapeBytes)
        XCTAssertTrue(
            findings.isEmpty,
            Self.report(
                findings,
                rule: "Only \(Self.terminalFolder) may write escape bytes (ESC in code; comments do not count).",
                remedy: "Build the sequence in \(Self.terminalFolder) (beside `TerminalOutput`, `ClipboardSequence`, "
                    + "`BracketedPaste`, `ThemePreview`), and draw everything else as `StyledLine`s with `StyleRole`s "
                    + "on a `Surface`."))
    }

    func testEachModuleImportsOnlyWhatItDependsOn() throws {
        var findings: [SourceFile.Finding] = []
        for file in try Self.files.get() {
            guard let rule = Self.dependencies[file.module] else { continue }
            for (module, line) in file.imports
            where module != file.module && !Self.systemModules.contains(module) && !rule.mayImport.contains(module) {
                findings.append(
                    SourceFile.Finding(
                        path: file.path, line: line,
                        what: "imports \(module): \(file.module) may not, since \(rule.why)"))
            }
        }
        XCTAssertTrue(
            findings.isEmpty,
            Self.report(
                findings,
                rule:
                    "Each module imports only the system's modules and what it depends on "
                    + "(FolderRulesTests.dependencies).",
                remedy: "Declare what the module needs as a protocol of its own, implemented on the other side "
                    + "and plugged in by the executable (as `ChatTransport`, `ConversationAutosave` and "
                    + "`ConversationLibrary` are); change the table only with ARCHITECTURE.md's."))
    }

    func testEveryModuleHasADependencyRule() throws {
        let modules = Set(try Self.files.get().map(\.module))
        XCTAssertFalse(modules.isEmpty, "no Swift files found under \(Checkout.root.path)/Sources")
        XCTAssertEqual(
            modules.subtracting(Self.dependencies.keys).sorted(), [],
            "these modules need a line in FolderRulesTests.dependencies saying what they may import")
        XCTAssertEqual(
            Set(Self.dependencies.keys).subtracting(modules).sorted(), [],
            "FolderRulesTests.dependencies names modules that have no Swift files under Sources")
    }

    func testEveryFileIsReadToItsEndOutsideAnyString() throws {
        let misread = try Self.files.get().filter { !$0.endsInCode }.map(\.path)
        XCTAssertEqual(misread, [], "SwiftCode lost its way in these files: the rules above cannot judge them")
    }

    /// The failure message: the rule, each finding on a line of its own, and where such code belongs.
    private static func report(_ findings: [SourceFile.Finding], rule: String, remedy: String) -> String {
        ([rule] + findings.map { "  \($0)" } + [remedy]).joined(separator: "\n")
    }
}
