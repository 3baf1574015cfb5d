import Foundation

/// Certificates for TLS tests, made with the `openssl` command once per test process in a
/// temporary folder: a test CA; a server certificate it signed for `localhost` and
/// `127.0.0.1`, and the same one expired; a self-signed server certificate; a client
/// certificate the CA signed, and one a CA nobody trusts signed. Keys are P-256, unencrypted.
public struct TestCertificates: Sendable {
    public let folder: String

    public var caCertificate: String { folder + "/ca.pem" }
    public var serverCertificate: String { folder + "/server.pem" }
    public var serverKey: String { folder + "/server.key" }
    /// `serverKey`'s certificate, expired yesterday.
    public var expiredServerCertificate: String { folder + "/expired.pem" }
    /// `serverKey`'s certificate for `other.example` only.
    public var otherNameCertificate: String { folder + "/other-name.pem" }
    public var selfSignedCertificate: String { folder + "/self-signed.pem" }
    public var selfSignedKey: String { folder + "/self-signed.key" }
    public var clientCertificate: String { folder + "/client.pem" }
    public var clientKey: String { folder + "/client.key" }
    /// `clientKey` encrypted with the passphrase "secret".
    public var encryptedClientKey: String { folder + "/client-encrypted.key" }
    /// The client certificate and its key in one file.
    public var clientCertificateAndKey: String { folder + "/client-and-key.pem" }
    /// A client certificate signed by a CA the servers do not trust.
    public var strangerCertificate: String { folder + "/stranger.pem" }
    public var strangerKey: String { folder + "/stranger.key" }

    /// The certificates, made on first use.
    public static func shared() throws -> TestCertificates {
        try made.get()
    }

    private static let made: Result<TestCertificates, any Error> = Result {
        let folder = NSTemporaryDirectory() + "chatterm-tests-certificates-\(getpid())"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificates = TestCertificates(folder: folder)
        try certificates.make()
        return certificates
    }

    private func make() throws {
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let names = folder + "/names.ext"
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: names, atomically: true, encoding: .utf8)
        let otherName = folder + "/other-name.ext"
        try "subjectAltName=DNS:other.example\n".write(toFile: otherName, atomically: true, encoding: .utf8)
        try openssl(
            ["req", "-x509"] + key + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=chatterm test CA",
            ])
        try openssl(["req"] + key + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
        for (file, days, extensions) in [
            ("server.pem", "30", names), ("expired.pem", "-1", names), ("other-name.pem", "30", otherName),
        ] {
            try openssl(
                [
                    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                    file,
                    "-days", days, "-extfile", extensions,
                ])
        }
        try openssl(
            ["req", "-x509"] + key + [
                "-keyout", "self-signed.key", "-out", "self-signed.pem", "-days", "30", "-subj",
                "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        try openssl(["req"] + key + ["-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=chatterm client"])
        try openssl(
            [
                "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "client.pem",
                "-days", "30",
            ])
        try openssl(
            ["req", "-x509"] + key + [
                "-keyout", "stranger-ca.key", "-out", "stranger-ca.pem", "-days", "30", "-subj", "/CN=nobody's CA",
            ])
        try openssl(["req"] + key + ["-keyout", "stranger.key", "-out", "stranger.csr", "-subj", "/CN=stranger"])
        try openssl(
            [
                "x509", "-req", "-in", "stranger.csr", "-CA", "stranger-ca.pem", "-CAkey", "stranger-ca.key",
                "-CAcreateserial",
                "-out", "stranger.pem", "-days", "30",
            ])
        try openssl(["pkey", "-in", "client.key", "-aes256", "-passout", "pass:secret", "-out", "client-encrypted.key"])
        let combined =
            try String(contentsOfFile: clientCertificate, encoding: .utf8)
            + String(contentsOfFile: clientKey, encoding: .utf8)
        try combined.write(toFile: clientCertificateAndKey, atomically: true, encoding: .utf8)
    }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CertificateError(
                description:
                    "openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: said, as: UTF8.self))")
        }
    }

    private struct CertificateError: Error, CustomStringConvertible {
        let description: String
    }
}
