import EEGCore

/// How each segment is detrended before tapering.
///
/// Matches the `detrend` argument of `scipy.signal.welch` / `periodogram` / `spectrogram`.
public enum Detrend: String, Sendable, Hashable, CaseIterable {
    /// No detrending (SciPy `detrend=False`).
    case none
    /// Subtract the segment mean (SciPy `'constant'`, the default).
    case constant
    /// Subtract the least-squares line (SciPy `'linear'`).
    case linear
}

/// How the periodograms of Welch segments are combined.
public enum SpectralAverage: String, Sendable, Hashable, CaseIterable {
    /// Arithmetic mean (SciPy `average='mean'`, the default).
    case mean
    /// Per-bin median over segments divided by SciPy's bias factor for n segments,
    /// 1 + Σ_{k=1}^{⌊(n−1)/2⌋} (1/(2k+1) − 1/(2k)) (`_median_bias`), which makes it unbiased
    /// for Gaussian noise. Robust to transient artefacts.
    case median
}

/// The length of an analysis segment, in time or in samples.
public enum SegmentLength: Sendable, Hashable {
    /// A duration in seconds, converted with `round(duration × sampleRate)`.
    case duration(Seconds)
    /// A number of samples.
    case sampleCount(Int)

    /// The length in samples at `sampleRate`.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` unless ≥ 1 sample.
    public func sampleCount(sampleRate: Hertz) throws -> Int {
        switch self {
        case let .sampleCount(count):
            guard count >= 1 else {
                throw DSPError.invalidParameter(
                    name: "segment length", value: "\(count) samples", expected: "at least 1")
            }
            return count
        case let .duration(seconds):
            let samples = seconds * sampleRate
            guard seconds.isFinite, seconds > 0, samples.rounded() >= 1,
                samples < Double(Int32.max)
            else {
                throw DSPError.invalidParameter(
                    name: "segment duration", value: "\(seconds) s",
                    expected: "finite, from one sample (\(1 / sampleRate) s) to \(Int32.max) "
                        + "samples at \(sampleRate) Hz")
            }
            return Int(samples.rounded())
        }
    }
}

/// Parameters of Welch's averaged periodogram.
///
/// Defaults follow the contract and `scipy.signal.welch`: periodic Hann window, 2 s segments,
/// 50 % overlap, constant detrend, mean average, one-sided density, FFT length = segment
/// length. (SciPy's own default segment is 256 samples; MNE's `psd_array_welch` defaults
/// differ more: Hamming window, 256 samples, no overlap.)
public struct WelchOptions: Sendable, Hashable {
    /// Segment length (default 2 s).
    public var segment: SegmentLength
    /// Overlap between consecutive segments as a fraction of the segment in [0, 1); the
    /// overlap in samples is ⌊overlap × segment length⌋ (0.5 gives SciPy's `nperseg // 2`).
    public var overlap: Double
    /// Taper applied to each segment, in its periodic form (default Hann).
    public var window: Window
    /// Per-segment detrending (default constant).
    public var detrend: Detrend
    /// How segment periodograms are combined (default mean).
    public var average: SpectralAverage
    /// Density (unit²/Hz, default) or power spectrum (unit²).
    public var scaling: PSDScaling
    /// FFT length ≥ segment length (zero-padding); `nil` = segment length.
    public var fftLength: Int?

    /// Creates Welch parameters; see the properties for units and defaults.
    public init(
        segment: SegmentLength = .duration(2), overlap: Double = 0.5, window: Window = .hann,
        detrend: Detrend = .constant, average: SpectralAverage = .mean,
        scaling: PSDScaling = .density, fftLength: Int? = nil
    ) {
        self.segment = segment
        self.overlap = overlap
        self.window = window
        self.detrend = detrend
        self.average = average
        self.scaling = scaling
        self.fftLength = fftLength
    }

    /// The number of segments Welch averages over the gap-free `stretches` of a signal
    /// sampled at `sampleRate`: segments never span a stretch boundary, and a stretch shorter
    /// than one segment gives none (as ``Signal/powerSpectrum(method:stretches:)``).
    ///
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a bad segment length
    ///   or overlap.
    public func segmentCount(sampleRate: Hertz, stretches: [Range<Int>]) throws -> Int {
        let length = try segment.sampleCount(sampleRate: sampleRate)
        let step = length - (try overlapSampleCount(overlap, segmentLength: length))
        return stretches.reduce(0) { total, stretch in
            total + (stretch.count >= length ? (stretch.count - length) / step + 1 : 0)
        }
    }
}

/// Parameters of the (modified) periodogram of the whole signal.
///
/// Defaults follow `scipy.signal.periodogram`: boxcar window, constant detrend, density.
public struct PeriodogramOptions: Sendable, Hashable {
    /// Taper over the whole signal, periodic form (default boxcar).
    public var window: Window
    /// Detrending of the whole signal (default constant).
    public var detrend: Detrend
    /// Density (unit²/Hz, default) or power spectrum (unit²).
    public var scaling: PSDScaling
    /// FFT length ≥ signal length (zero-padding); `nil` = signal length.
    public var fftLength: Int?

    /// Creates periodogram parameters; see the properties for defaults.
    public init(
        window: Window = .boxcar, detrend: Detrend = .constant, scaling: PSDScaling = .density,
        fftLength: Int? = nil
    ) {
        self.window = window
        self.detrend = detrend
        self.scaling = scaling
        self.fftLength = fftLength
    }
}

/// Parameters of the DPSS multitaper PSD (Thomson 1982).
///
/// Matches `mne.time_frequency.psd_array_multitaper` with `normalization='full'`
/// (unit²/Hz); MNE's default `normalization='length'` returns the same values multiplied by
/// the sampling rate.
public struct MultitaperOptions: Sendable, Hashable {
    /// Half bandwidth W in Hz, so that NW = W × duration; `nil` uses NW = 4 (MNE's default,
    /// W = 4 / duration). MNE's `bandwidth` argument is the full bandwidth 2W.
    public var halfBandwidth: Hertz?
    /// Thomson's adaptive weighting, iterated as MNE does (default off). Needs ≥ 3 tapers;
    /// with fewer, fixed eigenvalue weights are used (MNE warns and does the same).
    public var adaptive: Bool
    /// Keep only tapers with concentration > 0.9 (default on, as MNE).
    public var lowBias: Bool
    /// Iteration limit of the adaptive weights (MNE's default 150). If the weights have not
    /// converged by then, the last estimate is returned, as MNE does (it also warns).
    public var maximumIterations: Int

    /// Creates multitaper parameters; see the properties for units and defaults.
    public init(
        halfBandwidth: Hertz? = nil, adaptive: Bool = false, lowBias: Bool = true,
        maximumIterations: Int = 150
    ) {
        self.halfBandwidth = halfBandwidth
        self.adaptive = adaptive
        self.lowBias = lowBias
        self.maximumIterations = maximumIterations
    }
}

/// A power spectral density estimator and its parameters.
///
/// ```swift
/// let psd = try signal.powerSpectrum(method: .welch(segmentDuration: 4))
/// let mt = try signal.powerSpectrum(method: .multitaper(halfBandwidth: 1))
/// let raw = try signal.powerSpectrum(method: .periodogram())
/// ```
public enum PSDMethod: Sendable, Hashable {
    /// The periodogram of the whole signal (`scipy.signal.periodogram`).
    case periodogram(PeriodogramOptions = PeriodogramOptions())
    /// Welch's averaged, overlapped, windowed periodograms (`scipy.signal.welch`); the default.
    case welch(WelchOptions = WelchOptions())
    /// DPSS multitaper over the whole signal (`mne.time_frequency.psd_array_multitaper`).
    case multitaper(MultitaperOptions = MultitaperOptions())

    /// Welch with a segment duration in seconds and the other defaults of ``WelchOptions``.
    public static func welch(
        segmentDuration: Seconds, overlap: Double = 0.5, window: Window = .hann,
        detrend: Detrend = .constant, average: SpectralAverage = .mean
    ) -> PSDMethod {
        .welch(WelchOptions(
            segment: .duration(segmentDuration), overlap: overlap, window: window,
            detrend: detrend, average: average))
    }

    /// Multitaper with half bandwidth W in Hz (`nil`: NW = 4).
    public static func multitaper(
        halfBandwidth: Hertz?, adaptive: Bool = false, lowBias: Bool = true
    ) -> PSDMethod {
        .multitaper(MultitaperOptions(
            halfBandwidth: halfBandwidth, adaptive: adaptive, lowBias: lowBias))
    }

    /// The method's name as the CLI and JSON output spell it.
    public var name: String {
        switch self {
        case .periodogram: return "periodogram"
        case .welch: return "welch"
        case .multitaper: return "multitaper"
        }
    }
}

/// Parameters of the short-time Fourier spectrogram.
///
/// Defaults follow `scipy.signal.spectrogram`: Tukey window (α = 0.25, periodic), 256-sample
/// segments, overlap 1/8 of a segment (`nperseg // 8`), constant detrend, one-sided density.
public struct SpectrogramOptions: Sendable, Hashable {
    /// Segment length (default 256 samples).
    public var segment: SegmentLength
    /// Overlap fraction in [0, 1) (default 0.125); ⌊overlap × length⌋ samples.
    public var overlap: Double
    /// Taper of each segment, periodic form (default Tukey α = 0.25).
    public var window: Window
    /// Per-segment detrending (default constant).
    public var detrend: Detrend
    /// Density (unit²/Hz, default) or power spectrum (unit²).
    public var scaling: PSDScaling
    /// FFT length ≥ segment length; `nil` = segment length.
    public var fftLength: Int?

    /// Creates spectrogram parameters; see the properties for defaults.
    public init(
        segment: SegmentLength = .sampleCount(256), overlap: Double = 0.125,
        window: Window = .tukey(alpha: 0.25), detrend: Detrend = .constant,
        scaling: PSDScaling = .density, fftLength: Int? = nil
    ) {
        self.segment = segment
        self.overlap = overlap
        self.window = window
        self.detrend = detrend
        self.scaling = scaling
        self.fftLength = fftLength
    }
}
