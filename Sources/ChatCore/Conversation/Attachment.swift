import Foundation

/// A file sent with a prompt (`/attach`, `ask --attach`): a text file's text, which goes to the
/// model as a fenced block headed by its name, or an image's bytes, which go as an `image_url`
/// data URL. Kept on its user `Message`, so that a resumed conversation sends it again.
public struct Attachment: Sendable, Hashable {
    /// What the file held.
    public enum Content: Sendable, Hashable {
        /// A UTF-8 text file's text.
        case text(String)
        /// An image's bytes and its media type (`image/png`), known from its magic bytes.
        case image(mediaType: String, data: Data)
    }

    /// The file's name without its folder, as shown and as the fenced block's heading.
    public var name: String
    public var content: Content

    public init(name: String, content: Content) {
        self.name = name
        self.content = content
    }

    /// The file's size in bytes.
    public var byteCount: Int {
        switch content {
        case .text(let text): return text.utf8.count
        case .image(_, let data): return data.count
        }
    }

    /// A text file's line count (a last line without a line break counts); nil for an image.
    public var lineCount: Int? {
        guard case .text(let text) = content else { return nil }
        if text.isEmpty { return 0 }
        let breaks = text.utf8.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        return text.utf8.last == UInt8(ascii: "\n") ? breaks : breaks + 1
    }

    /// Whether the attachment is an image.
    public var isImage: Bool {
        if case .image = content { return true }
        return false
    }

    /// One line saying what is attached: `📎 nginx.conf · 2.1 KB · 86 lines`, or for an image
    /// `📎 cat.png · image/png · 182 KB`. `ascii` draws the clip as `+` (a non-UTF-8 locale).
    public func summary(ascii: Bool = false) -> String {
        let clip = ascii ? "+" : "📎"
        let dot = ascii ? "." : "·"
        switch content {
        case .text:
            let lines = lineCount ?? 0
            return "\(clip) \(name) \(dot) \(Figures.bytes(byteCount)) \(dot) \(lines) line\(lines == 1 ? "" : "s")"
        case .image(let mediaType, _):
            return "\(clip) \(name) \(dot) \(mediaType) \(dot) \(Figures.bytes(byteCount))"
        }
    }
}
