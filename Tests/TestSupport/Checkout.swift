import Foundation

/// The chatterm checkout these tests were built from.
public enum Checkout {
    /// The folder holding Package.swift, found from this file's own path.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
