// swift-tools-version: 6.0
import PackageDescription

// MARK: - Package

let package = Package(
    name: "EEGScope",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "eegscope", targets: ["eegscope"]),
        .library(name: "EEGCore", targets: ["EEGCore"]),
        .library(name: "EEGFFT", targets: ["EEGFFT"]),
        .library(name: "EEGDSP", targets: ["EEGDSP"]),
        .library(name: "EEGFileIO", targets: ["EEGFileIO"]),
        .library(name: "EEGPlot", targets: ["EEGPlot"]),
        .library(name: "EEGStatistics", targets: ["EEGStatistics"]),
        .library(name: "EEGAnalysis", targets: ["EEGAnalysis"]),
        // Internal: the timing code of `eegscope bench`, shared with the Benchmarks/ package.
        .library(name: "_EEGBenchmarks", targets: ["_EEGBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: - System libraries

        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),

        // MARK: - Public API

        .target(name: "EEGCore"),
        .target(name: "EEGFFT", dependencies: ["EEGCore", "CFFTW"]),
        .target(name: "EEGDSP", dependencies: ["EEGCore", "EEGFFT"]),
        .target(name: "EEGFileIO", dependencies: ["EEGCore", "CZlib"]),
        .target(name: "EEGPlot", dependencies: ["EEGCore"]),
        .target(name: "EEGStatistics", dependencies: ["EEGCore"]),
        .target(
            name: "EEGAnalysis",
            dependencies: [
                "EEGCore", "EEGFFT", "EEGDSP", "EEGFileIO", "EEGPlot", "EEGStatistics",
            ]
        ),

        // MARK: - Command-line tool

        .executableTarget(
            name: "eegscope",
            dependencies: [
                "EEGCore", "EEGFFT", "EEGDSP", "EEGFileIO", "EEGPlot", "EEGStatistics",
                "EEGAnalysis", "_EEGBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details

        .target(name: "_TestSupport", dependencies: ["EEGCore"]),
        // The FFT, Welch and end-to-end timings of `eegscope bench` (not part of the shipped
        // library API).
        .target(
            name: "_EEGBenchmarks",
            dependencies: ["EEGCore", "EEGFFT", "EEGDSP", "EEGFileIO", "EEGAnalysis"]
        ),

        // MARK: - Unit test bundles

        .testTarget(name: "EEGCoreTests", dependencies: ["EEGCore", "_TestSupport"]),
        .testTarget(
            name: "EEGFFTTests",
            dependencies: ["EEGFFT", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EEGDSPTests",
            dependencies: ["EEGDSP", "EEGFFT", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EEGFileIOTests",
            dependencies: ["EEGFileIO", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EEGPlotTests",
            dependencies: ["EEGPlot", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EEGStatisticsTests",
            dependencies: ["EEGStatistics", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EEGAnalysisTests",
            dependencies: ["EEGAnalysis", "_EEGBenchmarks", "_TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EEGScopeCLITests",
            dependencies: ["_TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
