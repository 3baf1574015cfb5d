import Foundation

/// The one place that knows chatterm's secrets — the API key, the values of sensitive headers, a
/// URL's password — and hides each of them as `•••` in text that chatterm shows, prints or saves.
///
/// Servers and gateways echo a request's headers in their error bodies (DESIGN.md §2), as sent
/// or encoded, so each secret is also looked for percent-encoded (`%2B`, `%2b`) and JSON-escaped
/// (`\/`, `\u00e9`). Whatever it was told, it also hides the token of any `Bearer` or `Basic`
/// credential and the user information of any URL (`http://•••@host`), so that a header or a URL
/// it never heard of does not leak either.
public struct Redactor: Sendable {
    /// What a secret is replaced with.
    public static let mask = "•••"

    /// Headers whose values are secret whatever the configuration says (lowercased).
    public static let sensitiveHeaders: Set<String> = [
        "authorization", "api-key", "x-api-key", "cookie", "proxy-authorization",
    ]

    /// Values shorter than this are not hidden: a key such as `x` or `EMPTY` (what local servers
    /// are often given) guards nothing, and hiding every `x` would make every message unreadable.
    public static let shortestSecret = 4

    /// Every form of every secret, longest first, so that a secret that contains another is
    /// hidden whole.
    private let forms: [[UInt8]]

    /// A redactor for `secrets` (and the generic rules).
    public init(secrets: [String] = []) {
        var forms: Set<[UInt8]> = []
        for secret in secrets where secret.count >= Self.shortestSecret {
            for form in Self.forms(of: secret) { forms.insert(Array(form.utf8)) }
        }
        self.forms = forms.sorted { $0.count > $1.count }
    }

    /// The secrets of a request: the key, the value of every header that `isSecretHeader` names,
    /// and the URL's password (and the proxy's) with the basic credentials made of it.
    public init(
        apiKey: String?, headers: [(name: String, value: String)] = [], secretHeaders: Set<String> = [],
        credentials: BaseURL.Credentials? = nil, proxyCredentials: BaseURL.Credentials? = nil
    ) {
        var secrets: [String] = apiKey.map { [$0] } ?? []
        for header in headers where Self.isSecretHeader(header.name, marked: secretHeaders) {
            secrets += Self.parts(ofHeaderValue: header.value)
        }
        for credentials in [credentials, proxyCredentials].compactMap({ $0 }) {
            secrets += [credentials.password, credentials.encodedPassword]
            let pair = credentials.user + ":" + credentials.password
            secrets += [pair, Data(pair.utf8).base64EncodedString()]
        }
        self.init(secrets: secrets)
    }

    /// Whether a header's value is secret: one of `sensitiveHeaders`, or one the configuration
    /// marks (`marked`, compared without case).
    public static func isSecretHeader(_ name: String, marked: Set<String> = []) -> Bool {
        let lowered = name.lowercased()
        return sensitiveHeaders.contains(lowered) || marked.contains { $0.lowercased() == lowered }
    }

    /// `text` with every secret, every `Bearer`/`Basic` token and every URL's user information
    /// replaced by `mask`.
    public func callAsFunction(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for form in forms where Self.replace(form, in: &bytes) { changed = true }
        var result = changed ? String(decoding: bytes, as: UTF8.self) : text
        if result.contains("://") {
            result = result.replacingOccurrences(
                of: #"([A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#"'<>\\]+@"#, with: "$1" + Self.mask + "@",
                options: .regularExpression)
        }
        // A token of 8 characters or more that looks random (a character that is not a letter,
        // or a lowercase letter before an uppercase one): "Bearer sk-…" and "Basic dXNlcjpw…" go,
        // "bearer token" and "basic authentication" in a sentence stay.
        if result.range(of: "bearer", options: .caseInsensitive) != nil {
            result = result.replacingOccurrences(
                of:
                    #"\b((?i:bearer))(\s+)(?=[A-Za-z0-9._~+/=\-]{8})(?=[A-Za-z]*[0-9._~+/=\-]|[A-Za-z]*[a-z][A-Z])[A-Za-z0-9._~+/\-]+=*"#,
                with: "$1$2" + Self.mask, options: .regularExpression)
        }
        if result.range(of: "basic", options: .caseInsensitive) != nil {
            result = result.replacingOccurrences(
                of:
                    #"\b((?i:basic))(\s+)(?=[A-Za-z0-9+/=]{8})(?=[A-Za-z]*[0-9+/=]|[A-Za-z]*[a-z][A-Z])[A-Za-z0-9+/]+=*"#,
                with: "$1$2" + Self.mask, options: .regularExpression)
        }
        return result
    }

    /// The value and the pieces a server may echo alone: the token after `Bearer `, each
    /// cookie's value.
    private static func parts(ofHeaderValue value: String) -> [String] {
        var parts = [value]
        if let space = value.firstIndex(of: " ") {
            parts.append(value[value.index(after: space)...].trimmingCharacters(in: .whitespaces))
        }
        for piece in value.split(separator: ";") {
            if let equals = piece.firstIndex(of: "=") {
                parts.append(piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return parts
    }

    /// `secret` as sent and as a server may echo it: percent-encoded (upper- and lowercase hex)
    /// and JSON-escaped (with and without `\/`, with and without `\u` for non-ASCII).
    static func forms(of secret: String) -> Set<String> {
        var forms: Set<String> = [secret]
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: unreserved) {
            forms.insert(encoded)
            forms.insert(lowercasingPercentHex(encoded))
        }
        for escapesSlash in [false, true] {
            for escapesNonASCII in [false, true] {
                forms.insert(jsonEscaped(secret, escapesSlash: escapesSlash, escapesNonASCII: escapesNonASCII))
            }
        }
        return forms
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func lowercasingPercentHex(_ text: String) -> String {
        var result = ""
        var hexLeft = 0
        for character in text {
            if character == "%" {
                hexLeft = 2
                result.append(character)
            } else if hexLeft > 0 {
                hexLeft -= 1
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func jsonEscaped(_ text: String, escapesSlash: Bool, escapesNonASCII: Bool) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "/": result += escapesSlash ? "\\/" : "/"
            default:
                if scalar.value < 0x20 || (escapesNonASCII && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { result += String(format: "\\u%04x", unit) }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Replaces every occurrence of `needle` in `bytes` with `mask`; whether there was one.
    private static func replace(_ needle: [UInt8], in bytes: inout [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        let mask = Array(Self.mask.utf8)
        var result: [UInt8] = []
        var found = false
        var i = 0
        let last = bytes.count - needle.count
        while i < bytes.count {
            if i <= last && bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                if !found {
                    result.reserveCapacity(bytes.count)
                    result.append(contentsOf: bytes[..<i])
                    found = true
                }
                result.append(contentsOf: mask)
                i += needle.count
            } else {
                if found { result.append(bytes[i]) }
                i += 1
            }
        }
        if found { bytes = result }
        return found
    }
}
