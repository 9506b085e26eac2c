import EEGCore
import Foundation

/// A parameterized power spectrum: log10 power = aperiodic component + Gaussian peaks.
///
/// The model of FOOOF / specparam (Donoghue et al. 2020, "Parameterizing neural power spectra
/// into periodic and aperiodic components", Nature Neuroscience 23:1655–1665,
/// doi:10.1038/s41593-020-00744-x). Create one with ``SpectralModelFitter`` or
/// ``EEGCore/Spectrum/spectralModel(in:settings:)``:
///
/// ```swift
/// let model = try spectrum.spectralModel(in: 1...40)
/// print(model.aperiodic.exponent, model.peaks.map(\.centerFrequency))
/// if let delta = model.strongestPeak(in: try FrequencyBand(low: 2, high: 4)) { … }
/// ```
///
/// Conventions: the exponent χ is positive for P(f) ∝ 1/f^χ; peak `power` is in log10 units
/// above the aperiodic fit; `bandwidth` is 2 × the Gaussian standard deviation, as FOOOF
/// reports it.
public struct SpectralModel: Sendable, Equatable {
    /// The aperiodic (1/f-like) component.
    public struct Aperiodic: Sendable, Equatable, Hashable {
        /// Offset in log10 power (log10 of unit²/Hz for a density spectrum).
        public let offset: Double
        /// Knee parameter in Hz^exponent (≥ 0), or nil in ``AperiodicMode/fixed`` mode. The knee
        /// frequency is `knee^(1/exponent)` Hz (see ``kneeFrequency``).
        public let knee: Double?
        /// Aperiodic exponent χ, positive for 1/f^χ.
        public let exponent: Double

        /// Creates an aperiodic component (`knee` nil for fixed mode).
        public init(offset: Double, knee: Double?, exponent: Double) {
            self.offset = offset
            self.knee = knee
            self.exponent = exponent
        }

        /// The mode implied by `knee`.
        public var mode: AperiodicMode { knee == nil ? .fixed : .knee }

        /// The knee frequency `knee^(1/exponent)` in Hz, where the spectrum bends; nil in fixed
        /// mode or when knee or exponent is not positive.
        public var kneeFrequency: Hertz? {
            guard let knee, knee > 0, exponent > 0 else { return nil }
            return pow(knee, 1 / exponent)
        }

        /// Log10 power of the aperiodic component at `frequency` (Hz, > 0): `offset −
        /// log10(knee + f^χ)`. At 0 Hz this is +∞ in fixed mode.
        public func logPower(at frequency: Hertz) -> Double {
            let powerLaw = pow(frequency, exponent)
            return offset - log10((knee ?? 0) + powerLaw)
        }
    }

    /// One Gaussian of the periodic component, in FOOOF's `gaussian_params_` form.
    public struct Gaussian: Sendable, Equatable, Hashable {
        /// Centre in Hz.
        public let center: Hertz
        /// Height in log10 power (≥ 0).
        public let height: Double
        /// Standard deviation in Hz.
        public let standardDeviation: Hertz

        /// Creates a Gaussian.
        public init(center: Hertz, height: Double, standardDeviation: Hertz) {
            self.center = center
            self.height = height
            self.standardDeviation = standardDeviation
        }

        /// `height · exp(−(f − center)² / (2 sd²))`, log10 power.
        public func value(at frequency: Hertz) -> Double {
            let z = (frequency - center) / standardDeviation
            return height * exp(-0.5 * z * z)
        }
    }

    /// A spectral peak as FOOOF reports it in `peak_params_`.
    public struct Peak: Sendable, Equatable, Hashable {
        /// Centre frequency in Hz.
        public let centerFrequency: Hertz
        /// Height above the aperiodic fit in log10 power, read from the full model at the fitted
        /// bin nearest the centre (so overlapping Gaussians add), as FOOOF does.
        public let power: Double
        /// Bandwidth in Hz: 2 × the Gaussian standard deviation.
        public let bandwidth: Hertz
        /// The underlying Gaussian.
        public let gaussian: Gaussian

        /// Creates a peak.
        public init(centerFrequency: Hertz, power: Double, bandwidth: Hertz, gaussian: Gaussian) {
            self.centerFrequency = centerFrequency
            self.power = power
            self.bandwidth = bandwidth
            self.gaussian = gaussian
        }

        /// The peak's height above the aperiodic fit in dB (10 × ``power``).
        public var powerDecibels: Decibels { 10 * power }
    }

    /// The aperiodic fit.
    public let aperiodic: Aperiodic
    /// Peaks sorted by ascending centre frequency.
    public let peaks: [Peak]
    /// Squared Pearson correlation between the log10 spectrum and the model over the fitted bins
    /// (FOOOF `r_squared_`).
    public let rSquared: Double
    /// Mean absolute error between the log10 spectrum and the model over the fitted bins (FOOOF
    /// `error_` with its default metric `'mae'`).
    public let meanAbsoluteError: Double
    /// The frequency range actually fitted: first to last bin used, in Hz.
    public let frequencyRange: ClosedRange<Hertz>
    /// Frequencies of the fitted bins in Hz (line-noise bins excluded).
    public let frequencies: [Hertz]
    /// Log10 of the input power at ``frequencies``.
    public let logPower: [Double]
    /// Bins inside the range that were excluded by the line-noise mask, in Hz.
    public let excludedFrequencies: [Hertz]
    /// The settings used.
    public let settings: SpectralFitSettings
    /// Channel name of the input spectrum.
    public let label: String
    /// Physical unit of the underlying signal (power is in unit²/Hz).
    public let unit: String

    /// Creates a model from its parts (normally done by ``SpectralModelFitter``).
    public init(
        aperiodic: Aperiodic, peaks: [Peak], rSquared: Double, meanAbsoluteError: Double,
        frequencyRange: ClosedRange<Hertz>, frequencies: [Hertz], logPower: [Double],
        excludedFrequencies: [Hertz] = [], settings: SpectralFitSettings = .init(),
        label: String = "", unit: String = ""
    ) {
        self.aperiodic = aperiodic
        self.peaks = peaks
        self.rSquared = rSquared
        self.meanAbsoluteError = meanAbsoluteError
        self.frequencyRange = frequencyRange
        self.frequencies = frequencies
        self.logPower = logPower
        self.excludedFrequencies = excludedFrequencies
        self.settings = settings
        self.label = label
        self.unit = unit
    }

    // MARK: - Evaluating the model

    /// Aperiodic log10 power at `frequency` (Hz, > 0).
    public func aperiodicLogPower(at frequency: Hertz) -> Double {
        aperiodic.logPower(at: frequency)
    }

    /// Aperiodic power at `frequency` (Hz, > 0) in linear units (unit²/Hz for a density
    /// spectrum): `10^aperiodicLogPower`. This is the background a BOSC-style threshold uses.
    public func aperiodicPower(at frequency: Hertz) -> Double {
        pow(10, aperiodic.logPower(at: frequency))
    }

    /// Periodic log10 power at `frequency`: the sum of the Gaussians (0 without peaks).
    public func periodicLogPower(at frequency: Hertz) -> Double {
        peaks.reduce(0) { $0 + $1.gaussian.value(at: frequency) }
    }

    /// Full-model log10 power at `frequency` (Hz, > 0): aperiodic + Gaussians.
    public func modelLogPower(at frequency: Hertz) -> Double {
        aperiodicLogPower(at: frequency) + periodicLogPower(at: frequency)
    }

    /// Full-model power at `frequency` (Hz, > 0) in linear units (unit²/Hz).
    public func modelPower(at frequency: Hertz) -> Double {
        pow(10, modelLogPower(at: frequency))
    }

    // MARK: - Peaks in a band

    /// Peaks whose centre frequency lies in `band` (closed interval), ascending in frequency.
    public func peaks(in band: FrequencyBand) -> [Peak] {
        peaks.filter { band.contains($0.centerFrequency) }
    }

    /// The highest peak (largest ``Peak/power``) centred in `band`, or nil when there is none:
    /// "is there a peak in 2–4 Hz above the aperiodic fit, where, how high".
    public func strongestPeak(in band: FrequencyBand) -> Peak? {
        peaks(in: band).max { $0.power < $1.power }
    }
}
