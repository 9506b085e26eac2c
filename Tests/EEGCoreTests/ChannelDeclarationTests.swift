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

@Suite("Channel types from labels, units and transducers")
struct ChannelTypeInferenceTests {
    /// (label, unit, transducer, expected). Labels and units as found in the shared data set
    /// (sleep-edf, Nihon Kohden, BioSemi, eegmat, eegmmidb, edge cases) and common spellings.
    static let cases: [(String, String, String, ChannelType)] = [
        ("EEG Fpz-Cz", "uV", "Ag-AgCl electrodes", .eeg),
        ("Fc5.", "uV", "BCI2000", .eeg),
        ("POL G12", "uV", "", .eeg),
        ("POL $A1", "uV", "", .eeg),
        ("REF_EEG REF_EEG", "uV", "?", .eeg),
        ("sine 50 Hz", "uV", "", .eeg),
        ("Pz", "", "", .eeg),
        ("EXG1", "uV", "Active Electrode", .eeg),
        ("EOG horizontal", "uV", "Ag-AgCl electrodes", .eog),
        ("EOG VEOG_I", "uV", "?", .eog),
        ("HEOG", "uV", "", .eog),
        ("ECG ECG", "mV", "", .ecg),
        ("ECG1", "uV", "", .ecg),
        ("POL ECG1", "uV", "", .ecg),
        ("POL EKG2", "uV", "", .ecg),
        ("EKG", "mV", "", .ecg),
        ("EMG submental", "uV", "Ag-AgCl electrodes", .emg),
        ("EMG", "uV", "none", .emg),
        ("Chin1", "uV", "", .emg),
        ("Resp oro-nasal", "", "Oral-nasal thermistors", .resp),
        ("Thorax", "uV", "", .resp),
        ("Temp rectal", "DegC", "Rectal thermistor", .misc),
        ("Event marker", "", "Marker button", .status),
        ("Status", "Boolean", "Triggers and Status", .status),
        ("Trigger", "uV", "none", .status),
        ("DIG DTRIG", "uV", "?", .status),
        ("STI 014", "V", "", .status),
        ("POL E", "uV", "", .misc),
        ("POL X9", "uV", "", .misc),
        ("POL DC01", "uV", "", .misc),
        ("acc1", "G", "none", .misc),
        ("SpO2", "%", "", .misc),
    ]

    @Test("labels, units and transducers give the channel type", arguments: cases.indices)
    func inference(index: Int) {
        let (label, unit, transducer, expected) = Self.cases[index]
        #expect(
            ChannelType.inferred(label: label, unit: unit, transducer: transducer) == expected,
            "\(label) [\(unit)] \(transducer)")
    }

    @Test("a declared type wins over the label")
    func declaredWins() throws {
        let signal = try Signal(
            samples: [0], sampleRate: 100, label: "ECG", unit: "uV",
            declared: ChannelDeclaration(type: .eeg))
        #expect(signal.channelType == .eeg)
        let plain = try Signal(samples: [0], sampleRate: 100, label: "ECG", unit: "uV")
        #expect(plain.channelType == .ecg)
    }
}

@Suite("Usable passband")
struct UsablePassbandTests {
    @Test("a declared 45 Hz low-pass clips gamma to 40.5 Hz and removes 110-140 Hz")
    func declaredLowPass() throws {
        let usable = UsablePassband(
            sampleRate: 500, declared: try Passband(low: 0.5, high: 45, source: .file))
        #expect(usable.high == 40.5)
        #expect(usable.low == 1)
        let gamma = usable.availability(of: try FrequencyBand(name: "gamma", low: 30, high: 80))
        #expect(gamma.band == (try FrequencyBand(name: "gamma", low: 30, high: 40.5)))
        #expect(gamma.note?.contains("low-pass 45 Hz declared by the file") == true)
        let muscle = usable.availability(of: try FrequencyBand(name: "muscle", low: 110, high: 140))
        #expect(muscle.band == nil)
        #expect(muscle.note?.contains("above the usable passband") == true)
        #expect(usable.holds(try FrequencyBand(low: 2, high: 4)))
    }

    @Test("without a declared filter the Nyquist margin limits the range")
    func nyquistOnly() throws {
        let usable = UsablePassband(sampleRate: 160)
        #expect(usable.high == 76)
        #expect(usable.low == 0)
        #expect(usable.highReason == "Nyquist frequency 80 Hz")
    }

    @Test("a user passband replaces the declared and detected ones")
    func userWins() throws {
        let usable = UsablePassband(
            sampleRate: 500, declared: try Passband(low: 0.5, high: 45, source: .file),
            detected: try Passband(low: nil, high: 40, source: .spectrum),
            user: try Passband(low: 1, high: 100, source: .user))
        #expect(usable.high == 90)
        #expect(usable.highReason.contains("--passband"))
    }

    @Test("the lower of declared and detected low-pass edges wins")
    func intersection() throws {
        let usable = UsablePassband(
            sampleRate: 500, declared: try Passband(low: nil, high: 100, source: .file),
            detected: try Passband(low: nil, high: 50, source: .spectrum))
        #expect(usable.high == 45)
        #expect(usable.highReason.contains("detected from the spectrum"))
    }

    @Test("a band left narrower than a quarter of its width is unavailable")
    func tooLittleLeft() throws {
        let usable = UsablePassband(
            sampleRate: 500, declared: try Passband(low: nil, high: 35, source: .file))
        // 30–31.5 Hz is 3 % of 30–80 Hz.
        #expect(usable.availability(of: try FrequencyBand(low: 30, high: 80)).band == nil)
    }
}
