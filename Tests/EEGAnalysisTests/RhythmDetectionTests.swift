import EEGAnalysis
import EEGCore
import Foundation
import Testing
import _TestSupport

@Suite("Rhythm detection in the batch pipeline")
struct RhythmDetectionTests {
    @Test("the synthesized delta3 bursts of SampleData are found where the truth has them")
    func delta3Bursts() throws {
        let file = TestData.sampleData.appendingPathComponent("synth_delta3-bursts.edf")
        let truthFile = TestData.sampleData.appendingPathComponent(
            "synth_delta3-bursts_events.tsv")
        var settings = AnalysisSettings()
        settings.rhythms = [.delta3]
        let analyzer = try RecordingAnalyzer(
            settings: settings, detector: RhythmDetection.detector(settings: settings))
        let analysis = try analyzer.analyze(BatchInput(path: file.path))
        let truth = try EEGFileIOAccess.readEvents(truthFile)
        #expect(!truth.isEmpty)
        // Every true burst overlaps a detection on its channel (the detector's own F1 is
        // tested in the detection suites; this checks the pipeline's plumbing and timing).
        for event in truth {
            let found = analysis.events.contains {
                $0.channel == event.channel && $0.rhythm == "delta3"
                    && $0.onset < event.end && event.onset < $0.end
            }
            #expect(found, "missed \(event.channel) at \(event.onset) s")
        }
        #expect(analysis.events.allSatisfy { $0.rhythm == "delta3" })
    }

    @Test("a rhythm above a recording's Nyquist frequency gives no episodes, not a failure")
    func gammaAtLowRate() throws {
        let folder = try TestData.temporaryDirectory("low-rate")
        let url = folder.appendingPathComponent("slow.edf")
        try BatchTestData.writeRecording(to: url, duration: 30, sampleRate: 50, seed: 9)
        var settings = AnalysisSettings()
        settings.bands = [FrequencyBand.standard[2]]
        settings.rhythms = [.gamma]
        let analyzer = try RecordingAnalyzer(
            settings: settings, detector: RhythmDetection.detector(settings: settings))
        let analysis = try analyzer.analyze(BatchInput(path: url.path))
        #expect(analysis.events.isEmpty)
    }
}
