import ChatCore

/// Just a file's `format` and `version`: what `save` checks before replacing a file it did not
/// read or write itself.
struct FileHeaderRecord: Decodable {
    init(from decoder: any Decoder) throws {
        try ConversationFile.checkHeader(decoder.container(keyedBy: DynamicCodingKey.self))
    }
}
