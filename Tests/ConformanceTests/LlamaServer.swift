import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// llama-cpp-python's OpenAI-compatible server, run as a child process on a free loopback port
/// with the tiny random-weight model that Tests/Conformance/setup.sh (`make conformance`) writes
/// into `.build-conformance/`.
final class LlamaServer {
    /// The context length the server runs with: a prompt longer than this overflows it.
    static let contextLength = 256
    /// The name the server lists its one model under.
    static let modelName = "tiny-llama"

    /// What setup.sh makes: the virtual environment and the model.
    static let folder = Checkout.root.appendingPathComponent(".build-conformance")
    static let python = folder.appendingPathComponent("venv/bin/python")
    static let model = folder.appendingPathComponent("tiny-llama.gguf")

    /// Why the server could not be had.
    enum Unavailable: Error, CustomStringConvertible {
        /// setup.sh has not been run in this checkout.
        case notSetUp(String)
        /// It was set up, but did not start or answer.
        case failedToStart(String)

        var description: String {
            switch self {
            case .notSetUp(let text), .failedToStart(let text): return text
            }
        }
    }

    /// `http://127.0.0.1:PORT/v1`, for `--base-url`.
    let baseURL: String
    private let process: Process
    private let logURL: URL

    private init(process: Process, baseURL: String, logURL: URL) {
        self.process = process
        self.baseURL = baseURL
        self.logURL = logURL
    }

    /// Starts the server and waits until `GET /v1/models` answers.
    static func start(readyWithin deadline: Duration = .seconds(60)) throws(Unavailable) -> LlamaServer {
        for file in [python, model] where !FileManager.default.fileExists(atPath: file.path) {
            throw .notSetUp("\(file.path) is missing: run `make conformance` to set up llama-cpp-python's server")
        }
        let port: Int
        do { port = try LoopbackSocket.freePort() } catch { throw .failedToStart("no free port: \(error)") }
        let logURL = URL(fileURLWithPath: NSTemporaryDirectory() + "chatterm-llama-server-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw .failedToStart("cannot write the server's log to \(logURL.path)")
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [
            "-m", "llama_cpp.server", "--model", model.path, "--model_alias", modelName,
            "--n_ctx", String(contextLength), "--host", "127.0.0.1", "--port", String(port),
        ]
        // Unbuffered, so that the log holds each request's line as soon as it is answered.
        process.environment = ProcessInfo.processInfo.environment.merging(["PYTHONUNBUFFERED": "1"]) { $1 }
        process.standardInput = FileHandle.nullDevice
        do {
            let log = try FileHandle(forWritingTo: logURL)
            process.standardOutput = log
            process.standardError = log
            try process.run()
        } catch {
            throw .failedToStart("cannot run \(python.path): \(error)")
        }
        let server = LlamaServer(process: process, baseURL: "http://127.0.0.1:\(port)/v1", logURL: logURL)
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while !server.answersModelList() {
            guard process.isRunning, clock.now < end else {
                server.stop()
                throw .failedToStart("llama-cpp-python's server did not answer GET /v1/models:\n\(server.log)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return server
    }

    /// Everything the server printed so far: its start-up report and one line per request.
    var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// How many chat-completion requests the server has answered so far, from its access log.
    var chatRequestCount: Int {
        log.split(separator: "\n").filter { $0.contains("\"POST /v1/chat/completions HTTP/1.1\"") }.count
    }

    /// Stops the server and removes its log.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logURL)
    }

    /// Whether `GET /v1/models` answers 200 within a second.
    private func answersModelList() -> Bool {
        var request = URLRequest(url: URL(string: baseURL + "/models")!)
        request.timeoutInterval = 1
        let answered = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status = 0
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            answered.signal()
        }.resume()
        answered.wait()
        return status == 200
    }
}
