// swift-tools-version: 6.0
// libFuzzer targets for chatterm's parsers and its output sanitiser (Benchmarks/README.md § Fuzzing).
// Build them only through run.sh, which adds -sanitize=fuzzer,address and -enable-testing: each
// target hands its test to libFuzzer's driver (FuzzDriver), which only -sanitize=fuzzer links in.
import PackageDescription

let fuzzFlags: [SwiftSetting] = []

func fuzzer(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzDriver"] + dependencies, swiftSettings: fuzzFlags)
}

let package = Package(
    name: "chatterm-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "chatterm", path: "../..")],
    targets: [
        .target(name: "FuzzDriver"),
        fuzzer("FuzzSSE", [.product(name: "ChatClient", package: "chatterm")]),
        fuzzer("FuzzConversation", [.product(name: "ChatStore", package: "chatterm")]),
        fuzzer("FuzzTheme", [.product(name: "ChatTUI", package: "chatterm")]),
        fuzzer("FuzzConfig", [.product(name: "ChatConfig", package: "chatterm")]),
        fuzzer("FuzzSanitizer", [.product(name: "ChatTUI", package: "chatterm")]),
    ],
    swiftLanguageModes: [.v6]
)
