/// One episode of a rhythm on one channel: a row of a ground-truth or detection event table.
///
/// Tables are BIDS-style TSV with the columns
/// `onset duration channel rhythm frequency_hz amplitude [snr_db]`.
public struct RhythmEvent: Sendable, Equatable, Hashable {
    /// Start, in seconds from the start of the recording.
    public var onset: Seconds
    /// Length in seconds.
    public var duration: Seconds
    /// The channel label.
    public var channel: String
    /// The rhythm name (`delta3`, `gamma` or `LOW-HIGH`).
    public var rhythm: String
    /// The episode's (mean) frequency in Hz.
    public var frequency: Hertz
    /// Peak amplitude of the episode in the signal's unit.
    public var amplitude: Double
    /// Signal-to-noise ratio in dB, when known (detections); `nil` for truth.
    public var snrDecibels: Decibels?

    public init(
        onset: Seconds, duration: Seconds, channel: String, rhythm: String, frequency: Hertz,
        amplitude: Double, snrDecibels: Decibels? = nil
    ) {
        self.onset = onset
        self.duration = duration
        self.channel = channel
        self.rhythm = rhythm
        self.frequency = frequency
        self.amplitude = amplitude
        self.snrDecibels = snrDecibels
    }

    /// The end time in seconds (`onset + duration`).
    public var end: Seconds { onset + duration }
}

/// A run of samples `[start, end)` in which a rhythm is present, in sample indices.
public struct Burst: Sendable, Equatable, Hashable {
    /// The half-open sample range.
    public let range: Range<Int>
    /// The sample rate the indices refer to, in Hz.
    public let sampleRate: Hertz

    public init(range: Range<Int>, sampleRate: Hertz) {
        self.range = range
        self.sampleRate = sampleRate
    }

    /// Start in seconds.
    public var onset: Seconds { Double(range.lowerBound) / sampleRate }
    /// Length in seconds.
    public var duration: Seconds { Double(range.count) / sampleRate }
}
