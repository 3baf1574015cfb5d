/// The proxy variables of the environment, read as curl reads them.
///
/// For an `https://` server: `https_proxy`, else `HTTPS_PROXY`; for an `http://` one:
/// `http_proxy` only, since curl ignores `HTTP_PROXY` (a CGI program gets it from a request's
/// `Proxy:` header, "httpoxy"); for either, then `all_proxy`, else `ALL_PROXY`. The hosts to
/// reach directly: `no_proxy`, else `NO_PROXY` (`NoProxyList`). A variable set to nothing counts
/// as unset.
public enum ProxyEnvironment {
    /// The variables that may name the proxy for a server of `scheme`, in the order they count.
    public static func proxyVariables(forScheme scheme: String) -> [String] {
        let specific = scheme.lowercased() == "https" ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy"]
        return specific + ["all_proxy", "ALL_PROXY"]
    }

    /// The variables that may list the hosts reached without a proxy, in the order they count.
    public static let noProxyVariables = ["no_proxy", "NO_PROXY"]

    /// The first of `variables` that `environment` sets to something, with its value.
    static func first(of variables: [String], in environment: [String: String]) -> (name: String, value: String)? {
        for name in variables {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                return (name, value)
            }
        }
        return nil
    }
}
