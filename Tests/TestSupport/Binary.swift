import Foundation
import XCTest

/// The `chatterm` executable that `swift test` built next to the test bundle (or the one named
/// by CHATTERM_BINARY), and a way to run it as a plain process.
public enum Binary {
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["CHATTERM_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.lastPathComponent == "MacOS" {
            directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("chatterm")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return directory.appendingPathComponent("chatterm")
    }

    /// The result of a finished run.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The variables that would point chatterm at a real server or a user's own configuration,
    /// or send its requests through the machine's proxy.
    public static let endpointVariables = [
        "CHATTERM_BASE_URL", "OPENAI_BASE_URL", "OPENAI_API_KEY", "CHATTERM_PROFILE", "NO_COLOR",
        "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
    ]

    /// An environment without any endpoint configuration, so tests never reach a real server;
    /// XDG_CONFIG_HOME is an empty folder, so the user's config file is never read.
    public static func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in endpointVariables {
            environment[key] = nil
        }
        environment["LANG"] = "C.UTF-8"
        environment["LC_ALL"] = "C.UTF-8"
        environment["CHATTERM_DATA_DIR"] = scratchDataDirectory
        environment["XDG_CONFIG_HOME"] = scratchConfigDirectory
        return environment.merging(extra) { $1 }
    }

    /// An empty configuration folder for the tests' chatterm processes unless a test gives its own.
    public static let scratchConfigDirectory: String = {
        let path = NSTemporaryDirectory() + "chatterm-tests-config-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// A fresh configuration folder for one test (its `chatterm/config.toml` holds `text`, when
    /// given), removed when the test ends; pass it as XDG_CONFIG_HOME.
    public static func temporaryConfigDirectory(for test: XCTestCase, config text: String? = nil) throws -> String {
        let path = NSTemporaryDirectory() + "chatterm-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/chatterm", withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        if let text { try text.write(toFile: path + "/chatterm/config.toml", atomically: true, encoding: .utf8) }
        return path
    }

    /// Where the tests' chatterm processes keep conversations unless a test gives its own
    /// `--data-dir`: never the user's own folder.
    public static let scratchDataDirectory: String = {
        let path = NSTemporaryDirectory() + "chatterm-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// A fresh, empty data folder for one test, removed when the test ends.
    public static func temporaryDataDirectory(for test: XCTestCase) -> String {
        let path = NSTemporaryDirectory() + "chatterm-data-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Starts the binary in the background, its output thrown away unless `standardOutput` takes
    /// it, for a test that watches its files, its server or its output and kills it. Call `stop`
    /// on what it returns at the end (a `defer`).
    public static func start(
        _ arguments: [String], environment: [String: String] = cleanEnvironment(), standardOutput: Pipe? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = standardOutput.map { $0 as Any } ?? FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Kills a process from `start` if it still runs, and reaps it.
    public static func stop(_ process: Process) {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Runs the binary (or `executable`) to completion, feeding `stdin`, with a deadline after
    /// which it is killed.
    public static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = cleanEnvironment(),
        timeout: Duration = .seconds(60), executable: URL = url, currentDirectory: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to their end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = errors.fileHandleForReading.readDataToEndOfFile() }
        if group.wait(timeout: .now() + .seconds(Int(timeout.components.seconds))) == .timedOut {
            process.terminate()
            XCTFail("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish in time")
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
