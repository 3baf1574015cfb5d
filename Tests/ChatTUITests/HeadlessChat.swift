import ChatClient
import ChatCore
import DemoServer
import Foundation
import TestSupport
import XCTest

@testable import ChatTUI

/// The chat without a terminal: the real `ChatController` and a real `ChatSession` talking to a
/// real DemoServer on loopback, keys pressed by the test, the screen drawn on a `GridSurface`,
/// and what the controller asks of the terminal recorded by a `RecordingHost`.
@MainActor
final class HeadlessChat {
    let controller: ChatController
    let host = RecordingHost()
    let grid: GridSurface
    let server: DemoServer?

    /// A chat with a DemoServer of `configuration`, or with no server at all (`server: nil`: a
    /// session whose replies fail to connect), on a terminal of `rows` × `columns`.
    static func start(
        _ configuration: DemoServerConfiguration? = .fast, model: String = "demo-model",
        options: ChatController.Options = ChatController.Options(endpointLabel: "demo"),
        policy: TurnPolicy = TurnPolicy(), rows: Int = 24, columns: Int = 100
    ) async throws -> HeadlessChat {
        var server: DemoServer?
        if let configuration {
            server = DemoServer(configuration: configuration)
            try await server?.start()
        }
        let baseURL = server?.baseURL ?? "http://127.0.0.1:9/v1"
        let transport = HTTPChatTransport(endpoint: try Endpoint(baseURL: baseURL))
        let session = ChatSession(runner: TurnRunner(transport: transport, policy: policy), model: model)
        return HeadlessChat(
            controller: ChatController(session: session, options: options), server: server, rows: rows,
            columns: columns)
    }

    private init(controller: ChatController, server: DemoServer?, rows: Int, columns: Int) {
        self.controller = controller
        self.server = server
        self.grid = GridSurface(size: TerminalSize(rows: rows, columns: columns))
        controller.host = host
    }

    func stop() async throws {
        controller.finish(exitStatus: 0)
        try await server?.shutdown()
    }

    var session: ChatSession { controller.session }

    /// The warm-up requests the server received (one-token, not streamed).
    var warmUpsReceived: Int {
        server?.warmUpRequests.count ?? 0
    }

    // MARK: Keys

    /// Presses `keys`, drawing a frame after each as the terminal does between keys typed by hand
    /// (a command such as `/find` works on what was last drawn).
    func press(_ keys: Key...) {
        for key in keys {
            controller.handle(key)
            controller.render(on: grid)
        }
    }

    /// Types `text` one character at a time, as keys.
    func type(_ text: String) {
        for character in text { press(.text(String(character))) }
    }

    /// Types `line` and presses Enter.
    func enter(_ line: String) {
        type(line)
        press(.enter)
    }

    /// Sends `prompt` and waits until its reply has finished.
    func send(_ prompt: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        enter(prompt)
        try await waitUntil("the reply to “\(prompt)” finished", file: file, line: line) { !$0.session.isBusy }
    }

    // MARK: What is on screen

    /// The screen's rows as text, drawn now.
    var lines: [String] {
        controller.render(on: grid)
        return grid.lines
    }

    var screenText: String { lines.joined(separator: "\n") }
    var statusLine: String { lines.last ?? "" }
    var promptLine: String { lines[lines.count - 2] }
    /// The draft in the input editor, trailing spaces and all.
    var draft: String { controller.screen.input.text }
    /// The status bar's message, whole (the status bar may cut it).
    var notice: String { controller.notice ?? "" }

    /// Polls `condition` until it holds, failing after `timeout` seconds.
    func waitUntil(
        _ what: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line,
        _ condition: (HeadlessChat) -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition(self) {
            if Date() > deadline {
                XCTFail("timed out waiting until \(what); the screen:\n\(screenText)", file: file, line: line)
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Base class for the controller's headless tests: `chat` is stopped (its server shut down) when
/// each test ends.
@MainActor
class HeadlessChatTestCase: ChatTUITestCase {
    var chat: HeadlessChat!

    override func tearDown() async throws {
        try await chat?.stop()
        chat = nil
    }
}

/// What the controller asked of the terminal, in order, and the terminal's answers.
@MainActor
final class RecordingHost: ChatHost {
    enum Request: Equatable {
        case repaint(clearingTheTerminal: Bool)
        case quit(Int32)
        case suspend
        case editExternally(String)
        case apply(theme: String)
        case writeAfterFrame([UInt8])
    }

    private(set) var requests: [Request] = []
    /// How often the status bar was to refresh itself, each time the controller said (nil: stop).
    private(set) var statusPaces: [Duration?] = []
    private(set) var framesRequested = 0
    /// What `suspend` answers: nil (it stopped and came back) or why it could not.
    var suspendRefusal: String?
    /// What the "editor" makes of the draft.
    var editor: (String) throws -> String = { $0 }

    func requestFrame() { framesRequested += 1 }
    func repaint(clearingTheTerminal: Bool) { requests.append(.repaint(clearingTheTerminal: clearingTheTerminal)) }
    func quit(status: Int32) { requests.append(.quit(status)) }

    func suspend() -> String? {
        requests.append(.suspend)
        return suspendRefusal
    }

    func editExternally(_ draft: String) throws -> String {
        requests.append(.editExternally(draft))
        return try editor(draft)
    }

    func apply(_ theme: Theme) { requests.append(.apply(theme: theme.name)) }
    func writeAfterFrame(_ bytes: [UInt8]) { requests.append(.writeAfterFrame(bytes)) }
    func refreshStatus(every interval: Duration?) { statusPaces.append(interval) }

    var quitStatus: Int32? {
        requests.lazy.compactMap { if case .quit(let status) = $0 { status } else { nil } }.first
    }

    var written: [UInt8] {
        requests.flatMap { if case .writeAfterFrame(let bytes) = $0 { bytes } else { [UInt8]() } }
    }
}
