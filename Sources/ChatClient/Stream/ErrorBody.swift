import ChatCore
import Foundation
import NIOHTTP1

/// Finds the human explanation in an error response body: JSON `error.message` (or `error` as a
/// string, `message`, `detail`, FastChat's `text`), else the `<title>` or first text line of an
/// HTML page, else the first non-empty line of plain text.
///
/// Every message passes the endpoint's `Redactor` here, before it is cut to length, so a key
/// that a gateway echoes never reaches a `ChatError`, a screen or a file.
enum ErrorBody {
    static let limit = 300

    /// The error for a non-2xx response: the server's own words, else the status's reason phrase,
    /// and how long it asked the client to wait.
    static func httpError(
        _ status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: [UInt8], redactor: Redactor
    ) -> ChatError {
        .http(
            status: Int(status.code), message: message(from: body, redactor: redactor) ?? status.reasonPhrase,
            retryAfter: retryAfter(headers))
    }

    /// The wait a response asks for: `retry-after-ms` (OpenAI's), else `Retry-After` in seconds
    /// or as an HTTP date. Nonsense and the past count as no wait given.
    static func retryAfter(_ headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let text = headers.first(name: "retry-after-ms"), let ms = Double(text.trimmingCharacters(in: .whitespaces)),
            ms.isFinite, ms >= 0
        {
            return .milliseconds(Int64(min(ms, 86_400_000)))
        }
        guard let text = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int64(min(seconds, 86_400) * 1000))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds > 0 ? .milliseconds(Int64(min(seconds, 86_400) * 1000)) : nil
    }

    static func message(from body: [UInt8], redactor: Redactor) -> String? {
        let excerpt = { (text: String) in Self.excerpt(text, redactor: redactor) }
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            if let error = object["error"] as? [String: Any] {
                if let message = error["message"] as? String, !message.isEmpty { return excerpt(message) }
                if let type = error["type"] as? String { return excerpt(type) }
            }
            for key in ["error", "message", "detail", "text"] {
                if let message = object[key] as? String, !message.isEmpty { return excerpt(message) }
            }
            if let details = object["detail"] as? [[String: Any]],
                let first = details.first?["msg"] as? String
            {
                return excerpt(first)
            }
        }
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        if text.range(of: "<html", options: .caseInsensitive) != nil
            || text.range(of: "<!doctype", options: .caseInsensitive) != nil
        {
            if let open = text.range(of: "<title>", options: .caseInsensitive),
                let close = text.range(
                    of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
            {
                let title = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
                if !title.isEmpty { return excerpt(title) }
            }
            let stripped = text.replacingOccurrences(of: "<[^>]*>", with: "\n", options: .regularExpression)
            return firstLine(stripped).map(excerpt)
        }
        return firstLine(text).map(excerpt)
    }

    private static func firstLine(_ text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { return trimmed }
        }
        return nil
    }

    /// The text with its secrets hidden, cut to a readable length on one line. Hiding comes
    /// first: a cut through a secret would leave its start to read.
    static func excerpt(_ text: String, redactor: Redactor) -> String {
        let oneLine = redactor(text).split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count > limit ? String(oneLine.prefix(limit - 1)) + "…" : oneLine
    }
}
