// swift-tools-version: 6.0
// libFuzzer targets for chatterm's parsers and its output sanitiser (Benchmarks/README.md § Fuzzing).
// Build them only through run.sh, which adds -sanitize=fuzzer,address and -enable-testing: each
// target defines LLVMFuzzerTestOneInput and no main, so a plain `swift build` cannot link them.
import PackageDescription

let fuzzFlags: [SwiftSetting] = []

func fuzzer(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: dependencies, swiftSettings: fuzzFlags)
}

let package = Package(
    name: "chatterm-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "chatterm", path: "../..")],
    targets: [
        fuzzer("FuzzSSE", [.product(name: "ChatClient", package: "chatterm")]),
        fuzzer("FuzzConversation", [.product(name: "ChatStore", package: "chatterm")]),
        fuzzer("FuzzTheme", [.product(name: "ChatTUI", package: "chatterm")]),
        fuzzer("FuzzConfig", [.product(name: "ChatConfig", package: "chatterm")]),
        fuzzer("FuzzSanitizer", [.product(name: "ChatTUI", package: "chatterm")]),
    ],
    swiftLanguageModes: [.v6]
)
