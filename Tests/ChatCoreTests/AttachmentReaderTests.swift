import ChatCore
import Foundation
import XCTest

/// `AttachmentReader`: `~` and globs expanded, text and images told apart by their bytes, and
/// every refusal naming the file and why.
final class AttachmentReaderTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "attachment-reader-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    @discardableResult
    private func write(_ name: String, _ data: Data) throws -> String {
        let path = folder + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    private func read(_ names: [String], vision: Bool = false) -> Result<[Attachment], AttachmentReader.Failure> {
        AttachmentReader.read(names, vision: vision, home: folder)
    }

    private func refusal(_ names: [String], vision: Bool = false) -> String? {
        if case .failure(let failure) = read(names, vision: vision) { return failure.description }
        return nil
    }

    static let png =
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data(repeating: 7, count: 50)

    func testATextFileIsAttachedWithItsNameSizeAndLines() throws {
        let path = try write("nginx.conf", Data("server {\n  listen 80;\n}\n".utf8))
        let attachments = try read([path]).get()
        XCTAssertEqual(attachments, [Attachment(name: "nginx.conf", content: .text("server {\n  listen 80;\n}\n"))])
        XCTAssertEqual(attachments.first?.lineCount, 3)
        XCTAssertEqual(attachments.first?.byteCount, 24)
        XCTAssertEqual(attachments.first?.summary(), "📎 nginx.conf · 24 B · 3 lines")
        XCTAssertEqual(attachments.first?.summary(ascii: true), "+ nginx.conf . 24 B . 3 lines")
    }

    func testTildeIsTheHomeFolder() throws {
        try write("notes.md", Data("# notes".utf8))
        XCTAssertEqual(try read(["~/notes.md"]).get().map(\.name), ["notes.md"])
    }

    func testAGlobAttachesEveryFileItMatchesInOrderAndPassesOverFolders() throws {
        try write("b.swift", Data("let b = 2".utf8))
        try write("a.swift", Data("let a = 1".utf8))
        try write("c.txt", Data("c".utf8))
        try FileManager.default.createDirectory(atPath: folder + "/d.swift", withIntermediateDirectories: false)
        XCTAssertEqual(try read(["~/*.swift"]).get().map(\.name), ["a.swift", "b.swift"])
        XCTAssertEqual(try read([folder + "/{c.txt,a.swift}"]).get().map(\.name), ["c.txt", "a.swift"])
        XCTAssertEqual(refusal([folder + "/*.rs"]), "no file matches \(folder)/*.rs")
    }

    func testAFileWhoseNameLooksLikeAGlobIsItself() throws {
        try write("[draft].txt", Data("draft".utf8))
        XCTAssertEqual(try read([folder + "/[draft].txt"]).get().map(\.name), ["[draft].txt"])
    }

    func testMissingFilesAndFoldersAreRefusedByName() throws {
        XCTAssertEqual(refusal([folder + "/nope.txt"]), "\(folder)/nope.txt: no such file")
        XCTAssertEqual(refusal([folder]), "\(folder): it is a folder, not a regular file")
    }

    func testABinaryFileIsRefusedByName() throws {
        let path = try write("a.out", Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0]))
        XCTAssertEqual(
            refusal([path]), "a.out looks binary: chatterm attaches text files and PNG, JPEG, WebP or GIF images")
        let latin1 = try write("latin1.txt", Data([0x63, 0x61, 0x66, 0xE9]))
        XCTAssertEqual(
            refusal([latin1]),
            "latin1.txt looks binary: chatterm attaches text files and PNG, JPEG, WebP or GIF images")
    }

    func testTextOverOneMebibyteIsRefusedAndImagesUpToTen() throws {
        let atLimit = try write("big.log", Data(repeating: 0x61, count: AttachmentReader.textLimit))
        XCTAssertEqual(try read([atLimit]).get().first?.byteCount, AttachmentReader.textLimit)
        let over = try write("bigger.log", Data(repeating: 0x61, count: AttachmentReader.textLimit + 1))
        XCTAssertEqual(refusal([over]), "\(over) is 1.0 MiB, more than the 1 MiB chatterm attaches as text")
        let image = try write("huge.png", Self.png + Data(count: 3 * 1024 * 1024))
        XCTAssertEqual(try read([image], vision: true).get().first?.byteCount, Self.png.count + 3 * 1024 * 1024)
        let tooBig = try write("huger.png", Self.png + Data(count: AttachmentReader.imageLimit))
        XCTAssertEqual(
            refusal([tooBig], vision: true),
            "\(tooBig) is 10 MiB: chatterm attaches text files up to 1 MiB and images up to 10 MiB")
    }

    func testImagesAreKnownByTheirBytesNotTheirExtension() throws {
        let jpeg = try write("photo.txt", Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]))
        let webp = try write("w", Data("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8))
        let gif = try write("g.bin", Data("GIF89a\u{1}\u{0}".utf8))
        let png = try write("cat.jpg", Self.png)
        let types = try read([jpeg, webp, gif, png], vision: true).get().map { attachment -> String in
            guard case .image(let mediaType, _) = attachment.content else { return "text" }
            return mediaType
        }
        XCTAssertEqual(types, ["image/jpeg", "image/webp", "image/gif", "image/png"])
        let fake = try write("fake.png", Data("not a picture".utf8))
        XCTAssertEqual(try read([fake], vision: true).get().first?.content, .text("not a picture"))
        XCTAssertEqual(
            try read([png], vision: true).get().first?.summary(), "📎 cat.jpg · image/png · \(Self.png.count) B")
    }

    func testAnImageIsRefusedWhenTheModelIsNotSaidToSeeImages() throws {
        let png = try write("cat.png", Self.png)
        XCTAssertEqual(
            refusal([png]),
            "cat.png is an image, and this model is not said to see images: set vision = true in its profile "
                + "to send images (chatterm config shows the settings)")
    }

    func testPastedPathsAreSplitLikeAShellAndFileURLsDecoded() {
        XCTAssertEqual(PathWords.split("a.txt  'my notes.txt'\n\"x y\""), ["a.txt", "my notes.txt", "x y"])
        XCTAssertEqual(PathWords.split("/tmp/my\\ file.txt"), ["/tmp/my file.txt"])
        XCTAssertEqual(PathWords.split("file:///home/me/a%20b.txt"), ["/home/me/a b.txt"])
        XCTAssertNil(PathWords.split("'open"))
    }
}
