import EEGDSP

/// The JSON form of a fitted ``EEGDSP/SpectralModel`` shared by `eegscope fit` and
/// `eegscope batch` (`fit.json`), so both write the contract's fields the same way:
/// `"aperiodic": {"offset", "knee", "exponent"}` (knee `null` in fixed mode) and
/// `"peaks": [{"frequency_hz", "power", "bandwidth_hz"}]` (power in log10 units above the
/// aperiodic fit, bandwidth 2 × the Gaussian standard deviation, as FOOOF reports them).
public enum SpectralModelJSON {
    /// The FOOOF settings of a fit as both write them: `aperiodic_mode`,
    /// `peak_width_limits_hz`, `max_peaks` (`null` = inf), `min_peak_height`,
    /// `peak_threshold` and `line_noise_hz` (`null` without masking). Encoded into the
    /// enclosing object's keys, beside the caller's own.
    public struct Settings: Encodable, Sendable, Equatable {
        public let aperiodicMode: String
        public let peakWidthLimitsHz: [Double]
        public let maxPeaks: Int?
        public let minPeakHeight: Double
        public let peakThreshold: Double
        public let lineNoiseHz: Double?

        public init(_ settings: SpectralFitSettings) {
            aperiodicMode = settings.aperiodicMode.rawValue
            peakWidthLimitsHz = [
                settings.peakWidthLimits.lowerBound, settings.peakWidthLimits.upperBound,
            ]
            maxPeaks = settings.maximumPeakCount
            minPeakHeight = settings.minimumPeakHeight
            peakThreshold = settings.peakThreshold
            lineNoiseHz = settings.lineNoiseMask?.frequency
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(aperiodicMode, forKey: .aperiodicMode)
            try container.encode(peakWidthLimitsHz, forKey: .peakWidthLimitsHz)
            try container.encode(maxPeaks, forKey: .maxPeaks)  // null = inf, as FOOOF's None
            try container.encode(minPeakHeight, forKey: .minPeakHeight)
            try container.encode(peakThreshold, forKey: .peakThreshold)
            try container.encode(lineNoiseHz, forKey: .lineNoiseHz)
        }

        enum CodingKeys: String, CodingKey {
            case aperiodicMode = "aperiodic_mode"
            case peakWidthLimitsHz = "peak_width_limits_hz"
            case maxPeaks = "max_peaks"
            case minPeakHeight = "min_peak_height"
            case peakThreshold = "peak_threshold"
            case lineNoiseHz = "line_noise_hz"
        }
    }

    /// The aperiodic parameters; `knee` is written as `null` in fixed mode.
    public struct Aperiodic: Encodable, Sendable, Equatable {
        public let offset: Double
        public let knee: Double?
        public let exponent: Double

        public init(_ model: SpectralModel) {
            offset = model.aperiodic.offset
            knee = model.aperiodic.knee
            exponent = model.aperiodic.exponent
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(offset, forKey: .offset)
            try container.encode(knee, forKey: .knee)  // null in fixed mode, as the contract says
            try container.encode(exponent, forKey: .exponent)
        }

        enum CodingKeys: String, CodingKey { case offset, knee, exponent }
    }

    /// One Gaussian peak: centre frequency in Hz, power in log10 units above the aperiodic
    /// fit, bandwidth in Hz (2 × the Gaussian standard deviation).
    public struct Peak: Encodable, Sendable, Equatable {
        public let frequencyHz: Double
        public let power: Double
        public let bandwidthHz: Double

        enum CodingKeys: String, CodingKey {
            case power
            case frequencyHz = "frequency_hz"
            case bandwidthHz = "bandwidth_hz"
        }

        /// The peaks of `model`, in the model's order.
        public static func peaks(of model: SpectralModel) -> [Peak] {
            model.peaks.map {
                Peak(frequencyHz: $0.centerFrequency, power: $0.power, bandwidthHz: $0.bandwidth)
            }
        }
    }

    /// One channel's fit: `name`, `sampling_rate_hz`, `aperiodic`, `peaks`, `r_squared`,
    /// `error`, `frequency_range_hz`, `failure` (the reason when the fit failed, else null), and
    /// optionally `excluded_line_noise_bins`. Absent values are written as `null`, so every
    /// channel object has the same keys.
    public struct Channel: Encodable, Sendable, Equatable {
        public let name: String
        public let samplingRateHz: Double
        public let aperiodic: Aperiodic?
        public let peaks: [Peak]
        public let rSquared: Double?
        public let error: Double?
        public let frequencyRangeHz: [Double]?
        /// Bins masked as line noise; written only when `includesExcludedBins`.
        public let excludedBins: Int?
        public let failure: String?
        /// Whether the object carries the `excluded_line_noise_bins` key (`eegscope fit` does,
        /// `batch`'s `fit.json` does not).
        public let includesExcludedBins: Bool

        /// A fitted channel.
        public init(
            name: String, samplingRateHz: Double, model: SpectralModel,
            includesExcludedBins: Bool = false
        ) {
            self.name = name
            self.samplingRateHz = samplingRateHz
            aperiodic = Aperiodic(model)
            peaks = Peak.peaks(of: model)
            rSquared = model.rSquared
            error = model.meanAbsoluteError
            frequencyRangeHz = [model.frequencyRange.lowerBound, model.frequencyRange.upperBound]
            excludedBins = model.excludedFrequencies.count
            failure = nil
            self.includesExcludedBins = includesExcludedBins
        }

        /// A channel whose fit failed for `failure`.
        public init(
            name: String, samplingRateHz: Double, failure: String,
            includesExcludedBins: Bool = false
        ) {
            self.name = name
            self.samplingRateHz = samplingRateHz
            aperiodic = nil
            peaks = []
            rSquared = nil
            error = nil
            frequencyRangeHz = nil
            excludedBins = nil
            self.failure = failure
            self.includesExcludedBins = includesExcludedBins
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(samplingRateHz, forKey: .samplingRateHz)
            try container.encode(aperiodic, forKey: .aperiodic)
            try container.encode(peaks, forKey: .peaks)
            try container.encode(rSquared, forKey: .rSquared)
            try container.encode(error, forKey: .error)
            try container.encode(frequencyRangeHz, forKey: .frequencyRangeHz)
            if includesExcludedBins { try container.encode(excludedBins, forKey: .excludedBins) }
            try container.encode(failure, forKey: .failure)
        }

        enum CodingKeys: String, CodingKey {
            case name, aperiodic, peaks, error, failure
            case samplingRateHz = "sampling_rate_hz"
            case rSquared = "r_squared"
            case frequencyRangeHz = "frequency_range_hz"
            case excludedBins = "excluded_line_noise_bins"
        }
    }
}
