import Foundation

/// Turns a failure to decode a conversation file into a `StoreError` that says where and what:
/// "line 3, column 14: …", "it ends in the middle …", "field messages[2].role is missing".
enum DecodeDiagnosis {
    /// Decodes `T` from the file's bytes, or throws the `StoreError` that describes the file.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws(StoreError) -> T {
        do {
            return try ConversationFile.makeDecoder().decode(type, from: data)
        } catch {
            throw storeError(for: error, data: data, path: path)
        }
    }

    static func storeError(for error: any Error, data: Data, path: String) -> StoreError {
        switch error {
        case ConversationFile.HeaderProblem.newerVersion(let version):
            return .newerVersion(path: path, version: version)
        case ConversationFile.HeaderProblem.notAConversation(let reason):
            return .corrupt(path: path, reason: reason)
        case let problem as TreeCheck.Problem:
            return .corrupt(path: path, reason: "its branches do not make a tree: \(problem.reason)")
        case DecodingError.keyNotFound(let key, let context):
            return .corrupt(path: path, reason: "field \(field(context.codingPath + [key])) is missing")
        case DecodingError.valueNotFound(_, let context):
            return .corrupt(path: path, reason: "field \(field(context.codingPath)) is null")
        case DecodingError.typeMismatch(_, let context):
            if context.codingPath.isEmpty { return .corrupt(path: path, reason: "it is JSON, but not a JSON object") }
            return .corrupt(path: path, reason: "field \(field(context.codingPath)) has the wrong type")
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty:
            return .corrupt(path: path, reason: syntaxProblem(in: data))
        case DecodingError.dataCorrupted(let context):
            return .corrupt(
                path: path, reason: "field \(field(context.codingPath)) is invalid: \(context.debugDescription)")
        default:
            return .corrupt(path: path, reason: String(describing: error))
        }
    }

    /// A coding path as the user would write it: `messages[2].stats.attempts`.
    static func field(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "(top level)" : text
    }

    /// Where the JSON breaks. The typed decoder on Linux only says "not valid JSON", so the bytes
    /// are parsed again with JSONSerialization (only for a broken file), whose message gives the
    /// byte offset, here turned into a line and a column.
    static func syntaxProblem(in data: Data) -> String {
        if data.isEmpty { return "the file is empty" }
        let message: String
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return "it is not valid JSON"
        } catch {
            message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        }
        if message.localizedCaseInsensitiveContains("end of file") {
            return "it ends in the middle of the JSON after \(data.count) bytes (cut short?)"
        }
        guard let offset = characterOffset(in: message), offset <= data.count else {
            return "it is not valid JSON: \(message)"
        }
        let (line, column) = position(of: offset, in: data)
        return "it is not valid JSON at line \(line), column \(column)"
    }

    /// The number after "character " in JSONSerialization's "Invalid value around character 15.".
    private static func characterOffset(in message: String) -> Int? {
        guard let range = message.range(of: "character ") else { return nil }
        let digits = message[range.upperBound...].prefix(while: \.isNumber)
        return Int(digits)
    }

    /// The 1-based line and column (in characters) of a byte offset.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        let prefix = data.prefix(offset)
        let lineStart = prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? prefix.startIndex
        let line = prefix.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let column = String(decoding: prefix[lineStart...], as: UTF8.self).count + 1
        return (line, column)
    }
}
