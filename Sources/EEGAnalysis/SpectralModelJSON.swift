import EEGDSP

/// The JSON form of a fitted ``EEGDSP/SpectralModel`` shared by `eegscope fit` and
/// `eegscope batch` (`fit.json`), so both write the contract's fields the same way:
/// `"aperiodic": {"offset", "knee", "exponent"}` (knee `null` in fixed mode) and
/// `"peaks": [{"frequency_hz", "power", "bandwidth_hz"}]` (power in log10 units above the
/// aperiodic fit, bandwidth 2 × the Gaussian standard deviation, as FOOOF reports them).
public enum SpectralModelJSON {
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
}
