import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns what the user named (`/attach`, `ask --attach`, a dropped file) into `Attachment`s:
/// `~` is the home folder, a glob (`*.swift`, `src/**`, `{a,b}.txt`) is expanded by glob(3), and
/// each file is read through `RegularFile` within a limit, then taken as an image by its magic
/// bytes, else as UTF-8 text; anything else is refused, naming the file and the reason.
public enum AttachmentReader {
    /// The largest text file attached: 1 MiB is about 250 000 tokens, more than any model
    /// chatterm talks to reads at once (local ones hold 8 000–128 000); a larger file is a log
    /// or a dump to cut first (`tail -n 500 app.log > recent.log`).
    public static let textLimit = 1024 * 1024
    /// The largest image attached: 10 MiB holds any photo a phone takes; models shrink images
    /// to about a megapixel anyway, and the image travels as base64 (4/3 of its size) in every
    /// later request and every save of the conversation, which should stay quick.
    public static let imageLimit = 10 * 1024 * 1024
    /// The most files one `/attach` or one glob attaches: `*` in a large folder is a mistake.
    public static let mostFiles = 32

    /// Why nothing was attached, in words naming the file ("a.out looks binary: …").
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String

        public init(_ description: String) { self.description = description }
    }

    /// What attaching `names` (as typed: `~`, globs) gives: every file, or the first failure.
    /// `vision` says whether the model sees images; without it an image is refused at once.
    public static func read(
        _ names: [String], vision: Bool, home: String? = ProcessInfo.processInfo.environment["HOME"]
    ) -> Result<[Attachment], Failure> {
        var attachments: [Attachment] = []
        for name in names {
            let paths: [String]
            switch expand(name, home: home) {
            case .success(let found): paths = found
            case .failure(let failure): return .failure(failure)
            }
            for path in paths {
                guard attachments.count < mostFiles else {
                    return .failure(Failure("more than \(mostFiles) files: attach fewer at once"))
                }
                switch attachment(at: path, vision: vision) {
                case .success(let attachment): attachments.append(attachment)
                case .failure(let failure): return .failure(failure)
                }
            }
        }
        return .success(attachments)
    }

    /// The files `name` stands for: itself (after `~`) when such a file exists or it has no
    /// glob characters, else the regular files its glob matches, sorted as glob(3) sorts them.
    public static func expand(_ name: String, home: String?) -> Result<[String], Failure> {
        let path = expandingHome(name, home: home)
        var info = stat()
        if stat(path, &info) == 0 || !path.contains(where: { "*?[{".contains($0) }) { return .success([path]) }
        var matches = glob_t()
        defer { globfree(&matches) }
        let status = glob(path, GLOB_TILDE | GLOB_BRACE | GLOB_MARK, nil, &matches)
        guard status == 0 else {
            return .failure(Failure(status == GLOB_NOMATCH ? "no file matches \(name)" : "\(name): cannot expand it"))
        }
        var paths: [String] = []
        for index in 0..<Int(matches.gl_pathc) {
            guard let found = matches.gl_pathv[index].map({ String(cString: $0) }), !found.hasSuffix("/") else {
                continue
            }
            paths.append(found)
        }
        if paths.isEmpty { return .failure(Failure("\(name) matches only folders: name files")) }
        return .success(paths)
    }

    /// `name` with a leading `~` or `~/` made `home`; `~user/` is left to glob(3).
    public static func expandingHome(_ name: String, home: String?) -> String {
        guard let home, !home.isEmpty, name == "~" || name.hasPrefix("~/") else { return name }
        return home + name.dropFirst()
    }

    /// The one file at `path` as an attachment.
    public static func attachment(at path: String, vision: Bool) -> Result<Attachment, Failure> {
        let name = (path as NSString).lastPathComponent
        let data: Data
        switch RegularFile.read(path: path, limit: imageLimit) {
        case .success(let contents): data = contents.data
        case .failure(.tooLarge(let size, _)):
            return .failure(
                Failure(
                    "\(path) is \(RegularFile.sizeText(size)): chatterm attaches text files up to "
                        + "\(RegularFile.sizeText(Int64(textLimit))) and images up to "
                        + RegularFile.sizeText(Int64(imageLimit))))
        case .failure(let failure): return .failure(Failure("\(path): \(failure)"))
        }
        if let format = ImageFormat(sniffing: data) {
            guard vision else {
                return .failure(
                    Failure(
                        "\(name) is an image, and this model is not said to see images: "
                            + "set vision = true in its profile to send images (chatterm config shows the settings)"))
            }
            return .success(Attachment(name: name, content: .image(mediaType: format.mediaType, data: data)))
        }
        guard !data.contains(0), let text = String(validating: data, as: UTF8.self) else {
            return .failure(
                Failure("\(name) looks binary: chatterm attaches text files and PNG, JPEG, WebP or GIF images"))
        }
        guard data.count <= textLimit else {
            return .failure(
                Failure(
                    "\(path) is \(RegularFile.sizeText(Int64(data.count))), more than the "
                        + "\(RegularFile.sizeText(Int64(textLimit))) chatterm attaches as text"))
        }
        return .success(Attachment(name: name, content: .text(text)))
    }
}
