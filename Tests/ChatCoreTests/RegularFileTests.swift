import ChatCore
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// `RegularFile.read`: regular files up to a limit, everything else refused at once.
final class RegularFileTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "regular-file-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func read(_ path: String, limit: Int = 1024) -> Result<Data, RegularFile.Failure> {
        RegularFile.read(path: path, limit: limit).map(\.data)
    }

    func testARegularFileAndALinkToOneAreRead() throws {
        let path = folder + "/file"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: path)
        XCTAssertEqual(read(path), .success(Data("hello".utf8)))
        XCTAssertEqual(read(folder + "/link"), .success(Data("hello".utf8)))
        XCTAssertEqual(read(folder + "/empty-\(UUID())"), .failure(.missing))
    }

    func testAFileAtTheLimitIsReadAndOneByteMoreIsNot() throws {
        let path = folder + "/file"
        try Data(repeating: 0x41, count: 100).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(read(path, limit: 100), .success(Data(repeating: 0x41, count: 100)))
        XCTAssertEqual(read(path, limit: 99), .failure(.tooLarge(size: 100, limit: 99)))
    }

    func testWhatIsNotARegularFileIsRefusedWithoutWaiting() throws {
        let fifo = folder + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Blocking here would hang the test: there is no writer.
        XCTAssertEqual(read(fifo), .failure(.notRegular(kind: "a FIFO (named pipe)")))
        XCTAssertEqual(read("/dev/zero"), .failure(.notRegular(kind: "a character device")))
        XCTAssertEqual(read(folder), .failure(.notRegular(kind: "a folder")))
        XCTAssertEqual(
            RegularFile.Failure.notRegular(kind: "a FIFO (named pipe)").description,
            "it is a FIFO (named pipe), not a regular file")
    }

    func testAFileThatSaysItIsEmptyIsStillBoundedByTheLimit() throws {
        // Files under /proc report a size of 0 and have content all the same.
        let path = "/proc/self/status"
        guard case .success(let whole) = read(path, limit: 1 << 20) else { return XCTFail("\(path) unreadable") }
        XCTAssertGreaterThan(whole.count, 16)
        guard case .failure(.tooLarge(let size, 16)) = read(path, limit: 16) else {
            return XCTFail("read past the limit")
        }
        XCTAssertEqual(size, 17, "one byte past the limit is enough to know")
    }

    func testSizesReadAsPeopleWriteThem() {
        XCTAssertEqual(RegularFile.sizeText(1), "1 byte")
        XCTAssertEqual(RegularFile.sizeText(812), "812 bytes")
        XCTAssertEqual(RegularFile.sizeText(4608), "4.5 KiB")
        XCTAssertEqual(RegularFile.sizeText(256 << 20), "256 MiB")
        XCTAssertEqual(RegularFile.sizeText(1 << 30), "1 GiB")
        XCTAssertEqual(RegularFile.sizeText(3 << 29), "1.5 GiB")
        XCTAssertEqual(
            RegularFile.Failure.tooLarge(size: 1 << 30, limit: 256 << 20).description,
            "it is 1 GiB, more than the 256 MiB chatterm reads from such a file")
    }
}
