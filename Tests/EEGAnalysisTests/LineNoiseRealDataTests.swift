import EEGCore
import EEGDSP
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("Line-noise detection on real EEG")
struct LineNoiseRealDataTests {
    @Test("the US recording S001R01 (PhysioNet eegmmidb, 160 Hz) shows 60 Hz mains",
        .enabled(if: TestData.hasShared("eegmmidb/S001R01.edf"),
            "needs ../shared/data/eeg/eegmmidb/S001R01.edf (absent in a fresh clone)"))
    func eegmmidb() throws {
        let url = try TestData.shared("eegmmidb/S001R01.edf")
        let recording = try RecordingFile.read(url)
        let subset = Recording(signals: Array(recording.signals.prefix(8)))
        let detector = LineNoiseDetector()
        let prominence = try detector.prominence(of: 60, in: subset.signals[0])
        print("S001R01 \(subset.signals[0].label): 60 Hz prominence \(prominence) dB")
        #expect(prominence > 3)
        #expect(abs(try detector.prominence(of: 50, in: subset.signals[0])) < 2)
        #expect(try detector.lineFrequency(in: subset) == 60)
    }
}
