import ChatConfig
import XCTest

/// Where the file is looked for, and what a missing one means.
final class ConfigLocationTests: XCTestCase {
    func testTheFlagThenXDGConfigHomeThenHome() {
        let environment = ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/ana"]
        XCTAssertEqual(
            ConfigLocation(flag: "~/mine.toml", environment: environment),
            ConfigLocation(path: "/home/ana/mine.toml", isExplicit: true))
        XCTAssertEqual(
            ConfigLocation(flag: nil, environment: environment),
            ConfigLocation(path: "/xdg/chatterm/config.toml", isExplicit: false))
        XCTAssertEqual(
            ConfigLocation(flag: nil, environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/ana"]).path,
            "/home/ana/.config/chatterm/config.toml", "a relative XDG_CONFIG_HOME is ignored, as the spec says")
    }

    func testAMissingDefaultFileIsNoConfiguration() throws {
        let location = ConfigLocation(
            path: NSTemporaryDirectory() + "absent-\(UUID().uuidString).toml", isExplicit: false)
        XCTAssertNil(try location.load())
    }

    func testAMissingFileNamedWithConfigIsAnError() {
        let path = NSTemporaryDirectory() + "absent-\(UUID().uuidString).toml"
        XCTAssertThrowsError(try ConfigLocation(path: path, isExplicit: true).load()) {
            XCTAssertEqual("\($0)", "\(path): no such file (named by --config)")
        }
    }

    func testAFileIsReadAndChecked() throws {
        let path = NSTemporaryDirectory() + "config-\(UUID().uuidString).toml"
        try "[profiles.a]\nretries = 99\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try ConfigLocation(path: path, isExplicit: false).load()) {
            XCTAssertEqual("\($0)", "\(path):2: profiles.a.retries: must be between 0 and 20, not 99")
        }
    }

    private func temporaryPath(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// The message `load()` fails with for the file at `path`.
    private func refusal(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try ConfigLocation(path: path, isExplicit: true).load()
            XCTFail("\(path) was read", file: file, line: line)
            return ""
        } catch {
            return error.description
        }
    }

    func testAFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let path = temporaryPath("config-fifo")
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        let refused = expectation(description: "refused")
        nonisolated(unsafe) var message = ""
        Thread.detachNewThread {
            do {
                _ = try ConfigLocation(path: path, isExplicit: true).load()
            } catch {
                message = "\(error)"
            }
            refused.fulfill()
        }
        let result = XCTWaiter.wait(for: [refused], timeout: 20)
        if result != .completed {
            // Lets a reader blocked in open() go, so that the failure does not hang the suite.
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            XCTFail("load() waited for a writer")
            return
        }
        XCTAssertEqual(message, "\(path): a FIFO (named pipe), not a configuration file (it must be a regular file)")
    }

    func testAFolderOrADeviceBehindASymlinkIsRefusedUnread() throws {
        let folder = temporaryPath("config-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        XCTAssertEqual(refusal(folder), "\(folder): a folder, not a configuration file (it must be a regular file)")
        let link = temporaryPath("config-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        XCTAssertEqual(
            refusal(link), "\(link): a character device, not a configuration file (it must be a regular file)")
    }

    func testAFileLargerThanOneMiBIsRefusedUnread() throws {
        // 64 MiB, sparse, with a last byte that is not UTF-8: reading it whole would say so.
        let path = temporaryPath("config-large")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: (64 << 20) - 1)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0xFF]))
        try handle.close()
        XCTAssertEqual(
            refusal(path), "\(path): larger than 1 MiB (67108864 bytes): a configuration file holds a few settings")
    }

    func testASymlinkToAConfigurationFileIsRead() throws {
        let target = temporaryPath("config-target")
        try "retries = 4\n".write(toFile: target, atomically: true, encoding: .utf8)
        let link = temporaryPath("config-link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        XCTAssertEqual(try ConfigLocation(path: link, isExplicit: true).load()?.defaults.retries, 4)
        XCTAssertNil(
            try ConfigLocation(path: temporaryPath("absent"), isExplicit: false).load(),
            "a default file that is not there is no configuration")
    }
}
