import Foundation

/// An OpenAI-compatible server's base URL as chatterm keeps it: `http(s)://host[:port]/path`
/// without a trailing slash. Shared by the transport (`Endpoint`) and the configuration file,
/// so a URL the file accepts is one the transport accepts.
public enum BaseURL {
    /// `text` normalised, or nil when it is not an http or https URL with a host. A full
    /// `…/chat/completions` URL pasted from a server's docs is cut back to its base.
    public static func normalized(_ text: String) -> String? {
        var url = text.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix("/chat/completions") { url.removeLast("/chat/completions".count) }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        return url
    }

    /// "host:port" of `baseURL` (the host alone when the URL names no port): how the status bar
    /// and `chatterm stats` name an endpoint. The URL itself when it has no host.
    public static func hostLabel(_ baseURL: String) -> String {
        guard let components = URLComponents(string: baseURL), let host = components.host else { return baseURL }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    /// What a rejected URL is told to look like.
    public static let example = "http://127.0.0.1:8000/v1"
}
