import Foundation
import FuzzDriver

@testable import ChatStore

/// Input: the bytes of a conversation file, decoded as `ConversationStore.load` decodes one
/// (`DecodeDiagnosis.decode`, which also builds the error message for a bad file). A file that
/// loads must also save and load again, as the app does after every turn.
func fuzzConversation(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(bytes: data, count: size)
    let document: ConversationDocument
    do {
        document = try DecodeDiagnosis.decode(ConversationDocument.self, from: bytes, path: "fuzz.json")
    } catch {
        _ = error.description
        return 0
    }
    let saved: Data
    do {
        saved = try ConversationFile.encode(document.conversation, preserving: document.unknown)
    } catch {
        fatalError("a conversation that loads does not save: \(error)")
    }
    do {
        _ = try DecodeDiagnosis.decode(ConversationDocument.self, from: saved, path: "fuzz.json")
    } catch {
        fatalError("a conversation saved after loading does not load again: \(error)")
    }
    return 0
}

runFuzzer(fuzzConversation)
