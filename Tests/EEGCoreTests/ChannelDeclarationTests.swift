import EEGCore
import Testing

@Suite("Channel types, passbands and declarations")
struct ChannelDeclarationTests {
    @Test("contract names and BIDS spellings parse to channel types")
    func declaredNames() {
        #expect(ChannelType(declaredName: "EEG") == .eeg)
        #expect(ChannelType(declaredName: "ekg") == .ecg)
        #expect(ChannelType(declaredName: "TRIG") == .status)
        #expect(ChannelType(declaredName: "HEOG") == .eog)
        #expect(ChannelType(declaredName: "TEMP") == .misc)
        #expect(ChannelType(declaredName: "resp") == .resp)
        #expect(ChannelType(declaredName: "") == nil)
        #expect(ChannelType(declaredName: "brain") == nil)
        #expect(ChannelType.allCases.map(\.rawValue)
            == ["eeg", "eog", "ecg", "emg", "resp", "misc", "status"])
    }

    @Test("a passband checks its edges and stores 0 Hz as no high-pass")
    func passbandInvariants() throws {
        let band = try Passband(low: 0.5, high: 45, source: .file)
        #expect(band.description == "0.5–45 Hz (declared by the file)")
        #expect(try Passband(low: 0, high: 70, source: .user).low == nil)
        #expect(try Passband(low: nil, high: 70, source: .spectrum).rangeText == "DC–70 Hz")
        #expect(try Passband(low: 1, high: nil, source: .sidecar).rangeText == "1 Hz–Nyquist")
        #expect(throws: CoreError.self) { try Passband(low: 50, high: 40, source: .user) }
        #expect(throws: CoreError.self) { try Passband(low: -1, high: nil, source: .user) }
        #expect(throws: CoreError.self) { try Passband(low: nil, high: .nan, source: .user) }
    }

    @Test("a signal keeps its declaration through slicing and sample replacement")
    func signalKeepsDeclaration() throws {
        let declared = ChannelDeclaration(
            type: .ecg, isBad: true, badReason: "flat",
            passband: try Passband(low: 0.5, high: 45, source: .file), notchFrequency: 50,
            prefiltering: "HP:0.5Hz LP:45Hz N:50Hz", transducer: "AgAgCl electrode")
        let signal = try Signal(
            samples: [1, 2, 3, 4], sampleRate: 100, label: "ECG", unit: "mV", declared: declared)
        #expect(signal.slice(1..<3).declared == declared)
        #expect(signal.replacingSamples([0]).declared == declared)
        #expect(signal.replacingDeclaration(.none).declared == .none)
        #expect(declared.updating(isBad: false).isBad == false)
        #expect(declared.updating(isBad: false).type == .ecg)
    }

    @Test("a recording keeps its declared line frequency through selection and mapping")
    func recordingKeepsLineFrequency() throws {
        let signal = try Signal(samples: [1, 2, 3], sampleRate: 10, label: "Cz")
        let recording = Recording(signals: [signal], powerLineFrequency: 60)
        #expect(try recording.selecting(channels: ["Cz"]).powerLineFrequency == 60)
        #expect(recording.mapSignals { $0 }.powerLineFrequency == 60)
        #expect(recording.excerpt(from: 0, to: 0.2).powerLineFrequency == 60)
        #expect(Recording(signals: [signal]).powerLineFrequency == nil)
    }
}
