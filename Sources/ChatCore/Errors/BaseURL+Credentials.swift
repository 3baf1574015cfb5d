import Foundation

/// The user name and password a URL may carry (`http://user:password@host/v1`). chatterm sends
/// them as HTTP basic authentication, as curl does, and never keeps them in the URL it stores,
/// shows or logs.
extension BaseURL {
    /// A URL's user name and password, percent-decoded, and the password as the URL spelled it.
    public struct Credentials: Sendable, Hashable {
        public var user: String
        public var password: String
        /// The password as written in the URL (`p%40ss`), which a server may echo too.
        public var encodedPassword: String

        public init(user: String, password: String, encodedPassword: String) {
            self.user = user
            self.password = password
            self.encodedPassword = encodedPassword
        }
    }

    /// The user information of `url`, if it has any. A user without a password has an empty one.
    public static func credentials(in url: String) -> Credentials? {
        guard let range = userInfoRange(in: url), !range.isEmpty else { return nil }
        let userInfo = url[range]
        let user: Substring
        let password: Substring
        if let colon = userInfo.firstIndex(of: ":") {
            user = userInfo[..<colon]
            password = userInfo[userInfo.index(after: colon)...]
        } else {
            user = userInfo
            password = ""
        }
        return Credentials(
            user: String(user).removingPercentEncoding ?? String(user),
            password: String(password).removingPercentEncoding ?? String(password),
            encodedPassword: String(password))
    }

    /// `url` without its user information: `http://user:password@host/v1` → `http://host/v1`.
    public static func withoutCredentials(_ url: String) -> String {
        guard let range = userInfoRange(in: url) else { return url }
        var stripped = url
        stripped.removeSubrange(range.lowerBound...range.upperBound)
        return stripped
    }

    /// Where the user information is: from after `scheme://` to the last `@` of the authority
    /// (a password may hold an unencoded `@`, as browsers accept), the `@` excluded.
    private static func userInfoRange(in url: String) -> Range<String.Index>? {
        guard let scheme = url.range(of: "://") else { return nil }
        let authorityEnd = url[scheme.upperBound...].firstIndex { "/?#".contains($0) } ?? url.endIndex
        guard let at = url[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return nil }
        return scheme.upperBound..<at
    }
}
