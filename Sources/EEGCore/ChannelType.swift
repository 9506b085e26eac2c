/// What a channel measures: the contract's channel types.
///
/// Rhythm results, EEG band-power tables and spatial rules use ``eeg`` channels only by default;
/// the other types are named in a note and left out. The raw values are the strings of the
/// output contract (`type` in the detect summary) and of BIDS `channels.tsv` (lower-cased).
public enum ChannelType: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Scalp electroencephalography.
    case eeg
    /// Electro-oculography (eye movements and blinks).
    case eog
    /// Electrocardiography (heart), `EKG` included.
    case ecg
    /// Electromyography (muscle), e.g. chin or limb EMG.
    case emg
    /// Respiration (airflow, belts, thermistors).
    case resp
    /// Anything else that is not EEG (temperature, light, position, SpO2, DC inputs).
    case misc
    /// Trigger, status or event-marker channels (e.g. BioSemi `Status`).
    case status

    /// Parses a type name as written in BIDS `channels.tsv` or on the command line.
    ///
    /// Case-insensitive; accepts the contract's names and the BIDS spellings that map onto
    /// them (`EKG` → ecg, `RESP`, `TRIG`/`STIM` → status, `SEEG`/`ECOG`/`MEG…`/`TEMP`/`GSR`/
    /// `PPG`/`AUDIO`/`OTHER`… → misc). Returns `nil` for an empty or unknown name.
    public init?(declaredName: String) {
        let name = declaredName.trimmingCharacters(in: .whitespaces).lowercased()
        if let type = ChannelType(rawValue: name) {
            self = type
            return
        }
        switch name {
        case "ekg": self = .ecg
        case "trig", "stim", "syst", "event", "marker": self = .status
        case "heog", "veog": self = .eog
        case "temp", "gsr", "ppg", "audio", "eyegaze", "pupil", "other", "misc", "sysclock",
            "ref", "seeg", "ecog", "dbs", "meg", "megmag", "meggradaxial", "meggradplanar",
            "megrefmag", "megrefgradaxial", "megrefgradplanar", "megother", "fiterr",
            "headloc", "vis", "spo2", "pos", "light":
            self = .misc
        default: return nil
        }
    }
}
