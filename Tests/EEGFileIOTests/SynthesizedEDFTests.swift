import EEGCore
import EEGFileIO
import Foundation
import Testing
import _TestSupport

/// The committed `eegscope synth` output (Tests/EEGDSPTests/Fixtures/synth_ketamine_30s.*),
/// read with our EDF reader and event-table reader.
@Suite("Synthesized EDF+ and its events table")
struct SynthesizedEDFTests {
    static var folder: URL { TestData.fixtures("EEGDSPTests") }

    @Test("every truth row has an EDF+ annotation at its onset naming its channel")
    func truthInAnnotations() throws {
        let recording = try RecordingFile.read(
            Self.folder.appendingPathComponent("synth_ketamine_30s.edf"))
        let events = try EventTable.read(
            Self.folder.appendingPathComponent("synth_ketamine_30s_events.tsv"))
        #expect(recording.labels == ["Fz", "Cz", "CPz", "Pz", "POz", "Oz"])
        #expect(recording.signals.allSatisfy { $0.unit == "uV" && $0.sampleRate == 256 })
        #expect(!events.isEmpty)
        for event in events {
            #expect(event.rhythm == "delta3")
            // Both the TSV and the TAL carry six decimals.
            let annotation = recording.annotations.first {
                abs($0.onset - event.onset) <= 1e-6 && $0.description.hasPrefix("delta3")
            }
            let found = try #require(annotation, "no annotation at \(event.onset) s")
            #expect(abs((found.duration ?? 0) - event.duration) <= 1e-6)
            #expect(found.description.split(separator: " ").contains(Substring(event.channel)))
        }
        let periods = recording.annotations.map(\.description)
        #expect(periods.contains("ketamine infusion") && periods.contains("baseline"))
    }
}
