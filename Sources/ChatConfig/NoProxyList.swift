import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `NO_PROXY` (or `no_proxy`) read as curl reads it: the hosts reached without the proxy.
///
/// Entries are separated by commas (and blanks). `*` alone means every host. A name matches
/// itself and every name below it (`example.com` matches `example.com` and `api.example.com`,
/// not `myexample.com`); a leading or trailing dot is ignored, case too. When the server's host
/// is an IP address, only IP entries count, each an address or a CIDR range (`10.0.0.0/8`,
/// `fd00::/8`; IPv6 without brackets). A port is not part of the match: `example.com` matches
/// `example.com:8000`, and an entry with a port never matches. There are no implicit entries:
/// `localhost` and `127.0.0.1` go through the proxy unless listed.
public struct NoProxyList: Sendable, Hashable {
    /// The entries as written, blanks and empty ones dropped.
    public let entries: [String]
    private let matchesEverything: Bool

    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        matchesEverything = trimmed == "*"
        entries = trimmed.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// The entry that sends `host` around the proxy, if one does. `host` is a URL's host: a
    /// name, an IPv4 address or an IPv6 address (with or without brackets).
    public func match(host: String) -> String? {
        if matchesEverything { return "*" }
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if let address = IPAddress(name) {
            return entries.first { entry in
                let parts = entry.split(separator: "/", maxSplits: 1)
                guard let network = IPAddress(String(parts[0])), network.bytes.count == address.bytes.count else {
                    return false
                }
                let bits = parts.count == 2 ? Int(parts[1]) : address.bytes.count * 8
                guard let bits, (0...address.bytes.count * 8).contains(bits) else { return false }
                return address.sharesPrefix(of: bits == 0 ? address.bytes.count * 8 : bits, with: network)
            }
        }
        let lowered = name.lowercased()
        return entries.first { entry in
            var domain = Substring(entry.lowercased())
            if domain.hasSuffix(".") { domain.removeLast() }
            if domain.hasPrefix(".") { domain.removeFirst() }
            guard !domain.isEmpty else { return false }
            return lowered == domain || lowered.hasSuffix("." + domain)
        }
    }

    /// An IPv4 or IPv6 address as its bytes.
    private struct IPAddress {
        let bytes: [UInt8]

        init?(_ text: String) {
            var v4 = in_addr()
            var v6 = in6_addr()
            if inet_pton(AF_INET, text, &v4) == 1 {
                bytes = withUnsafeBytes(of: v4) { Array($0) }
            } else if inet_pton(AF_INET6, text, &v6) == 1 {
                bytes = withUnsafeBytes(of: v6) { Array($0) }
            } else {
                return nil
            }
        }

        /// Whether the first `bits` bits of both addresses are the same.
        func sharesPrefix(of bits: Int, with other: IPAddress) -> Bool {
            for index in 0..<bytes.count {
                let left = bits - index * 8
                if left <= 0 { return true }
                let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
                if bytes[index] & mask != other.bytes[index] & mask { return false }
            }
            return true
        }
    }
}
