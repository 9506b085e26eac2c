// swift-tools-version: 6.0
import PackageDescription

// MARK: - Benchmarks package
// A nested package so the root build and tests never resolve benchmark-only dependencies.
// Run: `swift run -c release --package-path Benchmarks eegscope-benchmarks [suite ...]`.

let package = Package(
    name: "EEGScopeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "EEGScope", path: "../"),
    ],
    targets: [
        .executableTarget(
            name: "eegscope-benchmarks",
            dependencies: [
                .product(name: "EEGCore", package: "EEGScope"),
                .product(name: "EEGFFT", package: "EEGScope"),
                .product(name: "EEGDSP", package: "EEGScope"),
                .product(name: "EEGFileIO", package: "EEGScope"),
                .product(name: "EEGAnalysis", package: "EEGScope"),
                .product(name: "_EEGBenchmarks", package: "EEGScope"),
            ],
            path: "Sources/EEGScopeBenchmarks"
        ),
    ],
    swiftLanguageModes: [.v6]
)
