import ChatCore
import Foundation
import NIOHTTP1

/// A 3xx answer, which chatterm reports and never follows.
///
/// Following a redirect would send the prompt, the key and the profile's headers to wherever the
/// server points, perhaps another host (AsyncHTTPClient follows by default, turning a 302'd POST
/// into a GET that still carries them). Not following even a same-origin redirect keeps the rule
/// simple and the cause visible: a redirected API call means the base URL is not the one the
/// server wants, and saying which one it wants fixes every later request, where following would
/// cost an extra round trip on each of them for ever. A redirect is final, so it is never retried,
/// and a loop cannot form.
enum ServerRedirect {
    /// The error for a redirect of the request to `requestURL`, which is the endpoint's base URL
    /// followed by `pathSuffix` (`/chat/completions`, `/models`): where it points and, when the
    /// target ends in the same suffix, the base URL to use instead.
    static func error(
        status: HTTPResponseStatus, location: String?, requestURL: String, pathSuffix: String, redactor: Redactor
    ) -> ChatError {
        .http(
            status: Int(status.code),
            message: message(location: location, requestURL: requestURL, pathSuffix: pathSuffix, redactor: redactor))
    }

    static func message(location: String?, requestURL: String, pathSuffix: String, redactor: Redactor) -> String {
        guard let location = location?.trimmingCharacters(in: .whitespaces), !location.isEmpty else {
            return "the server answered with a redirect that names no target (chatterm follows no redirects)"
        }
        let target = resolved(location, against: requestURL)
        let shown = ErrorBody.excerpt(target, redactor: redactor)
        if target == requestURL {
            return "the server redirected to \(shown), the very URL it was asked: a redirect loop "
                + "(chatterm follows no redirects)"
        }
        if target.hasSuffix(pathSuffix), target.count > pathSuffix.count {
            let base = String(target.dropLast(pathSuffix.count))
            return "the server redirected to \(shown): use \(ErrorBody.excerpt(base, redactor: redactor)) as --base-url"
        }
        return "the server redirected to \(shown) (chatterm follows no redirects): check --base-url"
    }

    /// `location` as an absolute URL (it may be relative to the request), without a user name or
    /// password, and without a query or fragment (they belong to no base URL).
    static func resolved(_ location: String, against requestURL: String) -> String {
        guard let url = URL(string: location, relativeTo: URL(string: requestURL))?.absoluteURL,
            var components = URLComponents(url: url, resolvingAgainstBaseURL: false), components.host != nil
        else { return location }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? location
    }
}
