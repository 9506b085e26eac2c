/// The file formats EEGScope reads; the raw value is the name `eegscope info` prints.
public enum RecordingFormat: String, Sendable, Equatable {
    /// EDF (1992): 16-bit samples, no annotation signal required.
    case edf = "EDF"
    /// EDF+ with contiguous data records.
    case edfPlusContinuous = "EDF+C"
    /// EDF+ whose data records may have gaps between them (onsets from the TALs).
    case edfPlusDiscontinuous = "EDF+D"
    /// BioSemi BDF: 24-bit samples.
    case bdf = "BDF"
    /// BDF+ with contiguous data records.
    case bdfPlusContinuous = "BDF+C"
    /// BDF+ whose data records may have gaps between them.
    case bdfPlusDiscontinuous = "BDF+D"
    /// Comma-separated values, one column per channel.
    case csv = "CSV"
    /// BrainVision: `.vhdr` header, `.vmrk` markers, binary data file.
    case brainVision = "BrainVision"
    /// EEGLAB: `.set` MATLAB v5 file, data embedded or in a `.fdt` file.
    case eeglab = "EEGLAB"
}
