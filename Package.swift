// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "chatterm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chatterm", targets: ["chatterm"]),
        // Libraries for Benchmarks/Fuzz, a separate package that depends on this one.
        .library(name: "ChatCore", targets: ["ChatCore"]),
        .library(name: "ChatClient", targets: ["ChatClient"]),
        .library(name: "ChatConfig", targets: ["ChatConfig"]),
        .library(name: "ChatStore", targets: ["ChatStore"]),
        .library(name: "ChatTUI", targets: ["ChatTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // SHA-256 of attached images in conversation files; already resolved for AsyncHTTPClient.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Conversation model and turn state machine: Foundation only, no curses, no HTTP.
        .target(name: "ChatCore"),
        // OpenAI-compatible transport: request building, SSE parsing, chunk decoding.
        .target(
            name: "ChatClient",
            dependencies: [
                "ChatCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The configuration file (TOML), profiles, and resolving each setting from its sources.
        .target(name: "ChatConfig", dependencies: ["ChatCore", .product(name: "TOMLKit", package: "TOMLKit")]),
        // Conversations on disk as JSON.
        .target(name: "ChatStore", dependencies: ["ChatCore", .product(name: "Crypto", package: "swift-crypto")]),
        // ncursesw as a system library: module map plus a shim header.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // The screen: layout, widgets, key handling, render loop.
        .target(name: "CTerminalGuard"),
        .target(name: "ChatTUI", dependencies: ["ChatCore", "CNcursesw", "CTerminalGuard"]),
        // An in-process OpenAI-compatible server with fault injection.
        .target(
            name: "DemoServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "chatterm",
            dependencies: [
                "ChatCore", "ChatClient", "ChatConfig", "ChatStore", "ChatTUI", "DemoServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ChatCoreTests", dependencies: ["ChatCore"]),
        .testTarget(name: "ChatConfigTests", dependencies: ["ChatConfig", "ChatCore"]),
        .testTarget(name: "ChatClientTests", dependencies: ["ChatClient", "ChatCore", "DemoServer", "TestSupport"]),
        .testTarget(
            name: "ChatTUITests", dependencies: ["ChatTUI", "ChatCore", "ChatClient", "DemoServer", "TestSupport"]
        ),
        .testTarget(name: "ChatStoreTests", dependencies: ["ChatStore", "ChatCore"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["chatterm", "ChatClient", "ChatStore", "ChatCore", "ChatTUI", "DemoServer", "TestSupport"]
        ),
        // The real binary against llama-cpp-python's server (`make conformance` sets it up).
        .testTarget(name: "ConformanceTests", dependencies: ["chatterm", "TestSupport"]),
        .testTarget(
            name: "DemoServerTests",
            dependencies: [
                "DemoServer", "TestSupport", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // What several test targets share: the binary under test and the checkout it was built
        // from, loopback sockets, quick DemoServer configurations, a forward proxy, the chat in tmux.
        .target(
            name: "TestSupport",
            dependencies: [
                "DemoServer", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ], path: "Tests/TestSupport"),
    ],
    swiftLanguageModes: [.v6]
)
