import Foundation

/// JSON encoding for everything the server writes.
///
/// Keys are sorted so that the bytes on the wire are deterministic (Foundation does not keep declaration
/// order), and slashes are left unescaped as in Python's `json.dumps`. Non-ASCII text is written as UTF-8.
enum WireJSON {
    /// A fresh encoder with the server's output settings.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The UTF-8 JSON encoding of `value`, using `encoder` (a fresh one by default).
    static func encode(_ value: some Encodable, with encoder: JSONEncoder = makeEncoder()) -> [UInt8] {
        do {
            return Array(try encoder.encode(value))
        } catch {
            // Unreachable for the server's own types, which hold only strings, integers and booleans.
            return Array(#"{"error":{"message":"demo server could not encode a response","type":"server_error"}}"#.utf8)
        }
    }
}
