import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

@Suite("BIDS sidecars")
struct BIDSSidecarsTests {
    static func makeTree() throws -> URL { try TestData.makeTinyBIDSTree() }

    @Test("sidecars are found by inheritance and parsed into typed values")
    func parsed() throws {
        let sidecars = try #require(try BIDSSidecars(recording: Self.makeTree()))
        #expect(sidecars.channels.map(\.name) == ["Fz", "Cz", "Pz", "Oz"])
        #expect(sidecars.channels.map(\.type) == [.eeg, .eeg, .eeg, .ecg])
        #expect(sidecars.channels[1].isBad && sidecars.channels[1].statusDescription == "flat")
        #expect(sidecars.channels[0].lowCutoff == 0.5 && sidecars.channels[0].highCutoff == 45)
        #expect(sidecars.events == [
            BIDSEvent(onset: 1, duration: 2, trialType: "eyes_closed", value: "1"),
            BIDSEvent(onset: 4, duration: nil, trialType: nil, value: "7"),
        ])
        #expect(sidecars.electrodes.first?.position == .init(x: 0.1, y: 0.2, z: 0.3))
        #expect(sidecars.electrodes.last?.position == nil)
        // The subject-level JSON overrides the root's line frequency; the rest is inherited.
        #expect(sidecars.eeg?.powerLineFrequency == 50)
        #expect(sidecars.eeg?.reference == "Cz")
        #expect(sidecars.eeg?.softwareFilters.first?.notchFrequency == 60)
    }

    @Test("reading a recording in a BIDS tree applies its sidecars")
    func applied() throws {
        let url = try Self.makeTree()
        let recording = try RecordingFile.read(url)
        let declared = recording.signals.map(\.declared)
        #expect(declared.map(\.type) == [.eeg, .eeg, .eeg, .ecg])
        #expect(declared.map(\.isBad) == [false, true, false, false])
        #expect(declared[0].passband == (try Passband(low: 0.5, high: 45, source: .sidecar)))
        #expect(declared[0].notchFrequency == 60)
        #expect(recording.powerLineFrequency == 50)
        #expect(recording.metadata["eeg_reference"] == "Cz")
        let texts = recording.annotations.map(\.description)
        #expect(texts.contains("eyes_closed") && texts.contains("7"))
        #expect(recording.annotations.first { $0.description == "eyes_closed" }?.duration == 2)
        let plain = try RecordingFile.read(url, bidsSidecars: false)
        #expect(plain.signals.allSatisfy { $0.declared == .none } && plain.powerLineFrequency == nil)
        let info = try RecordingInfo(url: url)
        #expect(info.channels[1].declared.isBad)
        #expect(info.annotations.count == recording.annotations.count)
    }

    @Test("a file outside a BIDS layout has no sidecars")
    func outsideBIDS() throws {
        let tiny = TestData.fixtures("EEGFileIOTests").appendingPathComponent("tiny/tiny_bv.vhdr")
        #expect(try BIDSSidecars(recording: tiny) == nil)
    }

    @Test("a malformed events.tsv gives a one-line error naming it")
    func badEvents() throws {
        let url = try Self.makeTree()
        let events = url.deletingLastPathComponent()
            .appendingPathComponent("sub-01_ses-1_task-rest_run-1_events.tsv")
        try "onset\tduration\nsoon\t1\n".write(to: events, atomically: true, encoding: .utf8)
        let error = #expect(throws: BIDSError.self) { try RecordingFile.read(url) }
        #expect(error?.description.hasPrefix(events.path) == true)
        #expect(error?.description.contains("\n") == false)
    }

    @Test(
        "the shared tiny_bids tree: PO10 bad, ECG/EOG/GSR/TEMP typed, 60 Hz line, events",
        .enabled(
            if: TestData.hasShared("bids/tiny_bids/dataset_description.json"),
            "needs ../shared/data/eeg/bids (or $EEGSCOPE_SHARED_DATA)"))
    func sharedTree() throws {
        let url = try TestData.shared(
            "bids/tiny_bids/sub-01/ses-eeg/eeg/sub-01_ses-eeg_task-rest_eeg.vhdr")
        let sidecars = try #require(try BIDSSidecars(recording: url))
        #expect(sidecars.channels.count == 69)
        #expect(sidecars.channels.filter(\.isBad).map(\.name) == ["PO10"])
        #expect(sidecars.channel(named: "ECG")?.type == .ecg)
        #expect(sidecars.channel(named: "HEOG")?.type == .eog)
        #expect(sidecars.channel(named: "GSR")?.type == .misc)
        #expect(sidecars.eeg?.powerLineFrequency == 60)
        #expect(sidecars.eeg?.reference == nil)
        #expect(sidecars.events.map(\.label) == ["start_experiment", "show_stimulus"])
        #expect(sidecars.electrodes.count == 64)
        let recording = try RecordingFile.read(url)
        #expect(recording.powerLineFrequency == 60)
        #expect(recording.annotations.map(\.description).contains("show_stimulus"))
    }
}

@Suite("Canonical 10-05 channel names")
struct StandardChannelNameTests {
    @Test(
        "labels from different datasets map to one 10-05 name",
        arguments: [
            ("EEG Pz-Ref", "Pz"), ("Pz..", "Pz"), ("PZ", "Pz"), ("EEG Fp1-REF", "Fp1"),
            ("FP1", "Fp1"), ("Fc5.", "FC5"), ("afz", "AFz"), ("POz-A1", "POz"), ("T7-Ref", "T7"),
            ("AFF1h", "AFF1h"), ("Oz", "Oz"), ("M1", "M1"), ("Nz", "Nz"), ("PO10", "PO10"),
        ])
    func canonical(_ label: String, _ expected: String) {
        #expect(ChannelName.standard1005(label) == expected)
    }

    @Test("non-10-05 labels have no canonical name", arguments: ["ECG", "HEOG", "E12", "Status", "", "Fz0"])
    func notStandard(_ label: String) {
        #expect(ChannelName.standard1005(label) == nil)
    }
}
