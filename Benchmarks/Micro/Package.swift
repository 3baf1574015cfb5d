// swift-tools-version: 6.1
// Micro-benchmarks of chatterm's hot paths (Benchmarks/README.md § Micro-benchmarks), with
// ordo-one/benchmark: `swift package --package-path Benchmarks/Micro benchmark`.
// A package of its own, so the root package's build, tests and CI never build the benchmark
// tool; it depends on the root package through its library products.
import PackageDescription

func benchmark(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "chatterm-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "chatterm", path: "../.."),
        // Only the malloc interposer: the default traits add swift-runtime-interposer on Linux
        // with Swift 6.3, which this machine's package mirror does not have.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        benchmark(
            "ParsingBenchmarks",
            [.product(name: "ChatClient", package: "chatterm"), .product(name: "ChatCore", package: "chatterm")]),
        benchmark(
            "LayoutBenchmarks",
            [.product(name: "ChatTUI", package: "chatterm"), .product(name: "ChatCore", package: "chatterm")]),
        // Benchmarks/store_bench.sh: the conversation store against a temporary data directory.
        .executableTarget(
            name: "StoreBench",
            dependencies: [
                .product(name: "ChatStore", package: "chatterm"), .product(name: "ChatCore", package: "chatterm"),
            ],
            path: "StoreBench"),
    ],
    swiftLanguageModes: [.v6]
)
