@testable import EEGAnalysis
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("Comparisons and time courses on discontinuous (EDF+D) recordings")
struct GapAwareComparisonTests {
    @Test("condition comparison: each span's PSD is the gap-free PSD of its excerpt")
    func conditionComparison() throws {
        let recording = try EDFReader(url: GapFixture.url).read()
        let spans = ConditionSpans(baseline: 0...12, condition: 10.7...20, conditionName: "B")
        let comparison = try ConditionComparison(
            recording: recording, spans: spans, bands: [FrequencyBand.standard[2]])
        let baseline = try recording.excerpt(from: 0, to: 12).powerSpectra(method: .welch())
        #expect(comparison.baselineSpectra == baseline)
        // The baseline excerpt holds stretch A and 1.3 s of stretch B (too short for a 2 s
        // segment): its PSD is stretch A's alone.
        let stretchA = try recording.splitAtGaps()[0].powerSpectra(method: .welch())
        #expect(comparison.baselineSpectra == stretchA)
    }

    @Test("rhythm comparison: epochs are cut inside the stretches only")
    func rhythmComparison() throws {
        let recording = try EDFReader(url: GapFixture.url).read().selecting(channels: ["Sine"])
        let settings = RhythmComparisonSettings(
            rhythm: .band(FrequencyBand.standard[2]), epochDuration: 2, permutationCount: 20)
        let rows = try RhythmComparison(settings: settings).compare(
            recording.excerpt(from: 0, to: 12), recording.excerpt(from: 10.7, to: 20))
        // 7 s → 3 epochs, 1.3 s → 0; 6 s → 3, 1 s → 0 (cutting the joined samples by time
        // would give 6 and 1).
        #expect(rows[0].baseline.epochs == 3 && rows[0].condition.epochs == 3)
        // A steady sine: no change.
        #expect(abs(rows[0].bandPowerChangeDecibels) < 1e-6)
    }

    @Test("band-power time course: windows inside stretches, NaN at each gap")
    func timeCourse() throws {
        let recording = try EDFReader(url: GapFixture.url).read()
        let signal = recording.signals[0]
        let course = try BandPowerTimeCourse(
            signal: signal, of: recording, band: FrequencyBand.standard[2], window: 1)
        let gaps = course.power.indices.filter { course.power[$0].isNaN }
        #expect(gaps.count == 2)
        for index in course.times.indices where !course.power[index].isNaN {
            let time = course.times[index]
            #expect(recording.stretches.contains {
                $0.onset - 1e-9 <= time - 0.5 && time + 0.5 <= $0.end + 1e-9
            }, "window at \(time) s")
        }
        for index in gaps {
            #expect(recording.gaps.contains { $0.contains(course.times[index]) })
        }
        let continuous = try BandPowerTimeCourse(
            signal: signal, of: Recording(signals: [signal]), band: FrequencyBand.standard[2])
        #expect(continuous == (try BandPowerTimeCourse(
            signal: signal, band: FrequencyBand.standard[2])))
    }
}
