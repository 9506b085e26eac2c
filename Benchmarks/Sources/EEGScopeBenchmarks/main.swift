import Foundation

// Register each suite here.
let suites: [any BenchmarkSuite.Type] = [
    FFTBenchmarks.self,
    SpectralBenchmarks.self,
    FileIOBenchmarks.self,
    FilteringBenchmarks.self,
    PipelineBenchmarks.self,
]

let requested = Set(CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("-") })
let asJSON = CommandLine.arguments.contains("--json")
var results: [BenchmarkResult] = []
for suite in suites where requested.isEmpty || requested.contains(suite.name) {
    let suiteResults = try suite.run()
    results += suiteResults
    if !asJSON {
        for result in suiteResults {
            let rate = result.throughput.map {
                String(format: "%12.4g ", $0) + (result.throughputUnit ?? "")
            } ?? ""
            let label = result.suite.padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                + result.name.padding(toLength: 44, withPad: " ", startingAt: 0)
            print(label + String(format: " %10d %12.6f s  ", result.size, result.secondsPerOp)
                + rate)
        }
    }
}
if asJSON {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(results), as: UTF8.self))
}
