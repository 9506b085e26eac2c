import EEGAnalysis
import EEGCore
import Foundation
import Testing

@Suite("RecordingAnalyzer sizes its Welch plan by the samples present")
struct RecordingAnalysisTests {
    @Test("in memory (reports, CSV, BIDS): a header claiming 1e9 Hz fails at once, naming why")
    func absurdRateInMemory() throws {
        let signal = try Signal(
            samples: [Double](repeating: 1, count: 100_000), sampleRate: 1e9, label: "Cz",
            unit: "uV")
        let recording = Recording(signals: [signal], metadata: ["format": "EDF"])
        let start = Date()
        let analyzer = try RecordingAnalyzer(settings: AnalysisSettings())
        #expect {
            _ = try analyzer.analyze(recording, input: BatchInput(path: "fast.edf"))
        } throws: { error in
            "\(error)".contains("needs at least 2000000000")
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
