import EEGAnalysis
import _EEGBenchmarks
import EEGCore
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("Performance benchmarks (eegscope bench)")
struct PerformanceBenchmarksTests {
    @Test("the generated benchmark EDF is valid EDF+C with the requested layout")
    func generatedFile() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("bench.edf")
        try PerformanceBenchmarks.writeBenchmarkEDF(
            to: url, channelCount: 3, sampleRate: 17, duration: 4, seed: 2)
        let reader = try EDFReader(url: url)
        #expect(reader.format == .edfPlusContinuous)
        #expect(reader.dataSignals.map(\.label) == ["EEG 00", "EEG 01", "EEG 02"])
        #expect(reader.header.recordCount == 4 && reader.sampleRate(ofChannel: 1) == 17)
        #expect(reader.recordOnsets == [0, 1, 2, 3])
        let samples = try reader.read().signals[2].samples
        #expect(samples.count == 68)
        #expect(samples.allSatisfy { (-3276.8...3276.7).contains($0) })
        // Random 16-bit values: not constant.
        #expect(Set(samples).count > 30)
        // Same seed, same bytes.
        let again = url.deletingLastPathComponent().appendingPathComponent("again.edf")
        try PerformanceBenchmarks.writeBenchmarkEDF(
            to: again, channelCount: 3, sampleRate: 17, duration: 4, seed: 2)
        #expect(try Data(contentsOf: url) == Data(contentsOf: again))
    }

    @Test("bad generator sizes throw")
    func generatorErrors() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("bad.edf")
        #expect(throws: AnalysisError.self) {
            try PerformanceBenchmarks.writeBenchmarkEDF(to: url, channelCount: 0)
        }
        #expect(throws: AnalysisError.self) {
            try PerformanceBenchmarks.writeBenchmarkEDF(to: url, duration: 0)
        }
    }

    @Test("FFT rows: a plan and an execute row per size, benchFFT mflops")
    func fftRows() throws {
        let rows = try PerformanceBenchmarks.fft(
            sizes: [256, 1000], efforts: [.estimate], minimumSeconds: 0.01)
        #expect(rows.map(\.size) == [256, 256, 1000, 1000])
        #expect(rows[0].mflops == nil && rows[0].secondsPerOp > 0)
        let execute = rows[1]
        let expected = 2.5 * 256 * 8 / (execute.secondsPerOp * 1e6)
        #expect(isClose(try #require(execute.mflops), expected, relative: 1e-12))
        #expect(PerformanceBenchmarks.benchFFTMflops(size: 1024, seconds: 1e-6) == 25_600)
    }

    @Test("JSON rows carry name, size, seconds_per_op and mflops (null when not an FFT)")
    func jsonRow() throws {
        let row = BenchmarkRow(
            name: "x", size: 3, secondsPerOp: 0.5, throughput: 6, throughputUnit: "samples/s")
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(row)) as? [String: Any])
        #expect(Set(object.keys) == [
            "name", "size", "seconds_per_op", "mflops", "throughput", "throughput_unit",
        ])
        #expect(object["mflops"] is NSNull)
    }

    @Test("pipeline and Welch rows report throughput over all channels")
    func pipelineRows() throws {
        let url = try TestData.temporaryDirectory().appendingPathComponent("pipeline.edf")
        try PerformanceBenchmarks.writeBenchmarkEDF(
            to: url, channelCount: 4, sampleRate: 256, duration: 8)
        let rows = try PerformanceBenchmarks.pipeline(url: url, minimumSeconds: 0.01)
        #expect(!rows.isEmpty && rows.allSatisfy { $0.size == 2048 })
        for row in rows {
            let rate = try #require(row.throughput)
            #expect(isClose(rate, 4 * 2048 / row.secondsPerOp, relative: 1e-12))
        }
        let recording = try EDFReader(url: url).read()
        let welch = try PerformanceBenchmarks.welch(recording: recording, minimumSeconds: 0.01)
        #expect(welch.first?.name == "welch in memory (1 thread)")
    }
}
