import ChatCore
import Foundation
import Synchronization

/// Each finished message's bytes in the conversation file, encoded once and reused by every
/// later save of the conversation: what keeps an autosave while a reply streams as cheap after
/// 10,000 messages, or after a 10 MiB image (whose base64 and SHA-256 are part of its message's
/// bytes), as after ten. The file is put together from the pieces byte for byte as
/// `ConversationFile.encode` writes it; the save around it (temporary file, fsync, rename) is
/// the same, so the file on disk stays one whole JSON document.
///
/// A piece is reused only for a message equal, field for field, to the one it was encoded from,
/// at the same index, with the same unknown fields to keep: the bytes are a function of those
/// alone, so a message that changes after it finished (`/retry`, an edit, a new attachment, a
/// status) is encoded again and never saved stale. Comparing is cheap, as a snapshot shares its
/// strings and image data with the one before. A streaming message is encoded on every save and
/// never kept: the next token changes it, and holding its text would make the session copy it.
/// The header (title, dates, endpoint, unknown top-level fields) is small and encoded every time.
///
/// A conversation that has branched (format version 2) is written the same way: the branch in
/// view piece by piece, each piece keyed by its message numbered as the save numbers it and by
/// its parent, and `otherBranches` as one piece, kept while the array is the same (switching or
/// starting a branch changes it; streaming never does), so a save while a reply streams still
/// encodes only that reply.
///
/// Memory: about the size of the file, for as long as the cache lives (one per `Autosaver`).
final class MessageEncodingCache: Sendable {
    /// How the last save got its messages' bytes.
    struct Counts: Equatable, Sendable {
        var reused = 0
        var encoded = 0
    }

    private struct Piece {
        /// The message as it was when encoded (numbered, in version 2): the key.
        var message: Message
        /// The id of the message before it, in version 2: part of the key.
        var parent: Int?
        /// Its bytes as they stand inside the file's `messages` array.
        var bytes: Data
    }

    /// `otherBranches` and its entries' bytes, indented and separated as they stand in the file.
    private struct OtherBranchesPiece {
        var messages: [Message]
        var bytes: Data
    }

    private struct State {
        /// The unknown fields every piece was encoded with; other ones start the cache afresh.
        var unknown = UnknownFields.none
        /// The format version every piece was encoded in; another one starts the cache afresh.
        var version = ConversationFile.listVersion
        /// A piece per message index, nil where none is kept.
        var pieces: [Piece?] = []
        var otherBranches: OtherBranchesPiece?
        var lastSave = Counts()
    }

    private let state = Mutex(State())

    /// How the last `encode` got its messages' bytes: for tests and the benchmark.
    var lastSave: Counts { state.withLock { $0.lastSave } }

    /// The file's bytes for `conversation`, as `ConversationFile.encode(_:preserving:)` gives them.
    func encode(_ conversation: Conversation, preserving unknown: UnknownFields) throws -> Data {
        try state.withLock { state in
            let version = ConversationFile.version(of: conversation)
            if state.unknown != unknown || state.version != version {
                state = State(unknown: unknown, version: version)
            }
            guard !conversation.messages.isEmpty,
                let data = try Self.assemble(conversation, unknown: unknown, state: &state)
            else {
                state.pieces = []
                state.otherBranches = nil
                state.lastSave = Counts(
                    reused: 0, encoded: conversation.messages.count + conversation.otherBranches.count)
                return try ConversationFile.encode(conversation, preserving: unknown)
            }
            return data
        }
    }

    /// `messages`'s place in the document encoded with none: the one top-level key at an indent
    /// of two (a line break in the file is never inside a string) and the empty array's form.
    private static let emptyMessages = Data("\n  \"messages\" : [\n\n  ]".utf8)
    /// `otherBranches`'s place, the same way.
    private static let emptyOtherBranches = Data("\n  \"otherBranches\" : [\n\n  ]".utf8)
    /// What surrounds a message encoded inside two arrays, which puts it at the indent of the
    /// file's messages.
    private static let wrapperStart = Data("[\n  [\n    ".utf8)
    private static let wrapperEnd = Data("\n  ]\n]".utf8)
    private static let closing = Data("\n  ]".utf8)
    private static let indent = Data("    ".utf8)
    private static let separator = Data(",\n".utf8)

    /// The file from the header and the pieces, encoding the messages the cache has no piece
    /// for; nil when the encoder's output is not of the form the pieces are cut from (then the
    /// caller encodes the whole document).
    private static func assemble(_ conversation: Conversation, unknown: UnknownFields, state: inout State) throws
        -> Data?
    {
        let encoder = ConversationFile.makeEncoder()
        let isTree = state.version >= 2
        var header = conversation
        header.messages = []
        header.otherBranches = []
        let headerBytes = try encoder.encode(
            ConversationDocument(conversation: header, unknown: unknown, version: state.version))
        guard let slot = headerBytes.firstRange(of: emptyMessages) else { return nil }
        var otherSlot: Range<Data.Index>?
        if isTree {
            guard let found = headerBytes[slot.upperBound...].firstRange(of: emptyOtherBranches) else { return nil }
            otherSlot = found
        }

        let messages = conversation.messages
        if state.pieces.count > messages.count { state.pieces.removeLast(state.pieces.count - messages.count) }
        state.pieces.reserveCapacity(messages.count)
        while state.pieces.count < messages.count { state.pieces.append(nil) }

        var counts = Counts()
        var pieces: [Data] = []
        pieces.reserveCapacity(messages.count)
        // Version 2 numbers the messages of the branch in view that have no id yet as
        // `Conversation.numbered()` does, without copying the conversation.
        var nextID = isTree ? conversation.nextMessageID : 0
        var previousID: Int?
        for (index, original) in messages.enumerated() {
            let message: Message
            var parent: Int?
            if isTree {
                var numbered = original
                if numbered.id == nil {
                    numbered.id = nextID
                    nextID += 1
                }
                numbered.parent = nil
                parent = previousID
                previousID = numbered.id
                message = numbered
            } else {
                message = original
            }
            if let piece = state.pieces[index], piece.parent == parent, piece.message == message {
                pieces.append(piece.bytes)
                counts.reused += 1
                continue
            }
            let record =
                isTree
                ? MessageRecord(
                    message: message, unknown: unknown.fields(for: message, at: index), id: message.id, parent: parent)
                : MessageRecord(message: message, unknown: unknown.fields(for: message, at: index))
            guard let bytes = try piece(record, encoder) else { return nil }
            pieces.append(bytes)
            state.pieces[index] =
                message.status == .streaming ? nil : Piece(message: message, parent: parent, bytes: bytes)
            counts.encoded += 1
        }

        var otherBranches = Data()
        if isTree {
            if let cached = state.otherBranches, cached.messages == conversation.otherBranches {
                otherBranches = cached.bytes
                counts.reused += cached.messages.count
            } else {
                for (index, message) in conversation.otherBranches.enumerated() {
                    let record = ConversationDocument.record(otherBranch: message, unknown: unknown)
                    guard let bytes = try piece(record, encoder) else { return nil }
                    if index > 0 { otherBranches.append(separator) }
                    otherBranches.append(indent)
                    otherBranches.append(bytes)
                }
                state.otherBranches = OtherBranchesPiece(messages: conversation.otherBranches, bytes: otherBranches)
                counts.encoded += conversation.otherBranches.count
            }
        }
        state.lastSave = counts

        let opening = Data("\n  \"messages\" : [\n".utf8)
        var data = Data()
        data.reserveCapacity(
            headerBytes.count + pieces.reduce(0) { $0 + $1.count } + pieces.count * 6 + otherBranches.count
                + opening.count + 48)
        data.append(headerBytes[..<slot.lowerBound])
        data.append(opening)
        for (index, piece) in pieces.enumerated() {
            if index > 0 { data.append(separator) }
            data.append(indent)
            data.append(piece)
        }
        data.append(closing)
        if let otherSlot {
            data.append(headerBytes[slot.upperBound..<otherSlot.lowerBound])
            data.append(Data("\n  \"otherBranches\" : [\n".utf8))
            data.append(otherBranches)
            data.append(closing)
            data.append(headerBytes[otherSlot.upperBound...])
        } else {
            data.append(headerBytes[slot.upperBound...])
        }
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// A message's bytes as they stand inside one of the file's arrays; nil when the encoder's
    /// output is not of the expected form.
    private static func piece(_ record: MessageRecord, _ encoder: JSONEncoder) throws -> Data? {
        let wrapped = try encoder.encode([[record]])
        guard wrapped.starts(with: wrapperStart), wrapped.count >= wrapperStart.count + wrapperEnd.count,
            wrapped.suffix(wrapperEnd.count).elementsEqual(wrapperEnd)
        else { return nil }
        return wrapped.subdata(in: wrapperStart.count..<(wrapped.count - wrapperEnd.count))
    }
}
