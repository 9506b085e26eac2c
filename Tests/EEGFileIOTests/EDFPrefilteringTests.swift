import EEGCore
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("EDF prefiltering field")
struct EDFPrefilteringTests {
    /// (text, high-pass Hz, low-pass Hz, notch Hz). Every spelling found in the developer data
    /// set (/work/shared/data/eeg) comes first, then common vendor spellings.
    static let spellings: [(String, Hertz?, Hertz?, Hertz?)] = [
        // Found in the data set.
        ("", nil, nil, nil),
        ("HP:0Hz LP:0Hz N:0Hz", nil, nil, nil),  // eegmmidb: 0 means no filter
        ("HP:0.500000Hz LP:45.000000Hz RF:50Hz", 0.5, 45, 50),  // eegmat
        ("HP: DC; LP: 417 Hz", nil, 417, nil),  // BioSemi
        ("HP: DC; LP: 113 Hz", nil, 113, nil),
        ("DC", nil, nil, nil),
        ("none", nil, nil, nil),
        ("HP:0.5Hz LP:100Hz [enhanced cassette BW]", 0.5, 100, nil),  // sleep-edf EEG
        ("No filtering", nil, nil, nil),
        ("HP:0.03Hz LP:0.9Hz", 0.03, 0.9, nil),  // sleep-edf respiration
        ("HP:16Hz Rectification LP:0.7Hz", nil, 0.7, nil),  // rectified EMG envelope
        ("Hold during 2 seconds", nil, nil, nil),  // sleep-edf event marker
        // Common vendor spellings.
        ("HP:0.5Hz LP:45Hz N:50Hz", 0.5, 45, 50),
        ("HP:0.1Hz LP:70Hz", 0.1, 70, nil),
        ("HP: 0.1 Hz LP: 70 Hz N: 60 Hz", 0.1, 70, 60),
        ("HP:0.16Hz,LP:70Hz,Notch:50Hz", 0.16, 70, 50),
        ("HP 1 Hz; LP 40 Hz; Notch 50 Hz", 1, 40, 50),
        ("hp:0.5 lp:35", 0.5, 35, nil),
        ("HP:DC LP:NONE N:NONE", nil, nil, nil),
        ("HP:OFF LP:1kHz", nil, 1000, nil),
        ("Highpass 0.3 Hz, Lowpass 30 Hz", 0.3, 30, nil),
        ("Low cut 0.5 Hz High cut 70 Hz Notch 60 Hz", 0.5, 70, 60),
        ("HPF=0.1Hz LPF=100Hz", 0.1, 100, nil),
        ("HP:0.1Hz LP:1.5e2Hz", 0.1, 150, nil),
    ]

    @Test("every spelling yields the declared edges", arguments: spellings.indices)
    func spelling(index: Int) {
        let (text, low, high, notch) = Self.spellings[index]
        let parsed = EDFPrefiltering(text: text)
        #expect(parsed.passband?.low == low, "\(text)")
        #expect(parsed.passband?.high == high, "\(text)")
        #expect(parsed.notchFrequency == notch, "\(text)")
        if low != nil || high != nil { #expect(parsed.passband?.source == .file) }
    }

    @Test("a high-pass time constant in seconds becomes 1/(2πτ) Hz")
    func timeConstant() throws {
        let parsed = EDFPrefiltering(text: "HP:0.3s LP:70Hz")
        let low = try #require(parsed.passband?.low)
        #expect(abs(low - 1 / (2 * Double.pi * 0.3)) < 1e-12)
    }

    @Test("contradicting edges declare no passband")
    func contradiction() {
        #expect(EDFPrefiltering(text: "HP:50Hz LP:10Hz").passband == nil)
    }

    @Test("words containing HP or LP are not read as filters")
    func wholeWords() {
        #expect(EDFPrefiltering(text: "ALPHA:10Hz HELP:3").passband == nil)
    }

    @Test(
        "the eegmat recordings declare a 0.5–45 Hz passband on every signal",
        .enabled(
            if: TestData.hasShared("eegmat/Subject00_1.edf"),
            "needs ../shared/data/eeg/eegmat/Subject00_1.edf (or $EEGSCOPE_SHARED_DATA)"))
    func eegmatPassband() throws {
        let url = try TestData.shared("eegmat/Subject00_1.edf")
        let recording = try EDFReader(url: url).read()
        for signal in recording.signals {
            #expect(signal.declared.passband?.high == 45, "\(signal.label)")
            #expect(signal.declared.passband?.low == 0.5, "\(signal.label)")
        }
    }
}
