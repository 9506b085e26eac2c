import EEGCore
import EEGDSP

// MARK: - Artefact evidence and rejection rules

extension RhythmAnalysis {
    /// The lowest band edge in Hz from which muscle (EMG) artefacts reject episodes (20):
    /// scalp EMG overlaps beta and gamma, not the delta and theta range.
    static let muscleRejectionFromHz: Hertz = 20

    /// A key for one sampling rate and length.
    static func rateKey(_ signal: Signal) -> String { "\(signal.sampleRate)/\(signal.count)" }

    /// ``EEGDSP/EyeEvidence`` per rate and length of the analysed (EEG) channels, with the
    /// recording's EOG channels; rates whose evidence cannot be built are left out.
    static func eyeEvidence(_ analysed: [Signal], all: [Signal]) -> [String: EyeEvidence] {
        let eog = all.filter { $0.channelType == .eog }
        var evidence: [String: EyeEvidence] = [:]
        for (key, group) in Dictionary(grouping: analysed, by: rateKey) {
            evidence[key] = try? EyeEvidence(eeg: group, eog: eog)
        }
        return evidence
    }

    /// The artefacts that reject episodes of `band`: all kinds, except muscle below
    /// ``muscleRejectionFromHz`` (EMG does not make 3 Hz episodes).
    static func rejecting(_ artefacts: [Artefact], band: FrequencyBand?) -> [Artefact] {
        guard let band, band.high < muscleRejectionFromHz else { return artefacts }
        return artefacts.filter { $0.kind != .muscle }
    }
}
