import EEGCore

/// The header of one signal in an EDF/BDF file (one 256-byte column of the signal header).
///
/// Text fields are stored trimmed of the trailing spaces that pad them in the file.
public struct EDFSignalHeader: Sendable, Equatable {
    /// The label (16 bytes in the file), e.g. `EEG Fpz-Cz` or `EDF Annotations`.
    public let label: String
    /// The transducer type (80 bytes), e.g. `AgAgCl electrode`.
    public let transducer: String
    /// The physical dimension (unit, 8 bytes), e.g. `uV`.
    public let physicalDimension: String
    /// The physical value of ``digitalMinimum``, in ``physicalDimension``.
    public let physicalMinimum: Double
    /// The physical value of ``digitalMaximum``, in ``physicalDimension``.
    public let physicalMaximum: Double
    /// The smallest stored integer the signal may take.
    public let digitalMinimum: Int
    /// The largest stored integer the signal may take (greater than ``digitalMinimum``).
    public let digitalMaximum: Int
    /// The prefiltering text (80 bytes), e.g. `HP:0.1Hz LP:75Hz`.
    public let prefiltering: String
    /// Samples of this signal in each data record.
    public let samplesPerRecordCount: Int
    /// The signal's reserved field (32 bytes).
    public let reserved: String
    /// Whether this is an `EDF Annotations` / `BDF Annotations` signal holding TALs.
    public let isAnnotation: Bool

    /// Creates a signal header; ``EDFHeader`` parsing validates the values first.
    public init(
        label: String, transducer: String = "", physicalDimension: String,
        physicalMinimum: Double, physicalMaximum: Double, digitalMinimum: Int,
        digitalMaximum: Int, prefiltering: String = "", samplesPerRecordCount: Int,
        reserved: String = "", isAnnotation: Bool = false
    ) {
        self.label = label
        self.transducer = transducer
        self.physicalDimension = physicalDimension
        self.physicalMinimum = physicalMinimum
        self.physicalMaximum = physicalMaximum
        self.digitalMinimum = digitalMinimum
        self.digitalMaximum = digitalMaximum
        self.prefiltering = prefiltering
        self.samplesPerRecordCount = samplesPerRecordCount
        self.reserved = reserved
        self.isAnnotation = isAnnotation
    }

    /// What the header declares about the channel: filters parsed from ``prefiltering``
    /// (see ``EDFPrefiltering``) and the raw prefiltering and transducer texts.
    public var declaration: ChannelDeclaration {
        EDFPrefiltering.declaration(prefiltering: prefiltering, transducer: transducer)
    }

    /// The largest physical minimum or maximum, in magnitude, that a file may declare: 1e100.
    /// Beyond it, squares and sums of samples (power, variance) overflow `Double` to infinity.
    public static let maximumPhysicalMagnitude = 1e100

    /// Physical units per digital step: `(physicalMaximum − physicalMinimum) /
    /// (digitalMaximum − digitalMinimum)` (MNE's `cal`).
    public var scale: Double {
        (physicalMaximum - physicalMinimum) / Double(digitalMaximum - digitalMinimum)
    }

    /// The physical value of digital 0: `physicalMinimum − digitalMinimum · scale`
    /// (MNE's `offsets`).
    public var offset: Double { physicalMinimum - Double(digitalMinimum) * scale }

    /// The physical value of a stored integer: `digital · scale + offset`.
    ///
    /// This is algebraically `(digital − digitalMinimum) · (physicalMaximum − physicalMinimum) /
    /// (digitalMaximum − digitalMinimum) + physicalMinimum` and is evaluated exactly as MNE-Python
    /// does (`data * cal + offsets`), so values agree with MNE bit for bit; pyedflib (EDFlib)
    /// groups the operations differently and agrees to within a few ulps of the channel range.
    @inline(__always)
    public func physicalValue(ofDigital digital: Int) -> Double {
        Double(digital) * scale + offset
    }

    /// Samples per second when a data record lasts `recordDuration` seconds.
    public func sampleRate(recordDuration: Seconds) -> Hertz {
        Double(samplesPerRecordCount) / recordDuration
    }
}
