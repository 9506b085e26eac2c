import EEGCore

extension SpectralModel {
    /// The robust standard deviation of the fit residual, in log10 power: 1.4826 × the median
    /// absolute deviation of `logPower − modelLogPower` over the fitted bins (0 with fewer than
    /// 3 bins).
    ///
    /// It measures the spectrum's own estimation scatter (for a Welch PSD about
    /// 0.434 · √(1/K) for K averaged segments), so it tells how high a Gaussian fitted to noise
    /// alone can get; see ``significantPeakHeight(minimum:noiseMultiple:)``.
    public var residualNoise: Double {
        guard frequencies.count >= 3 else { return 0 }
        var residuals = zip(frequencies, logPower).map { $1 - modelLogPower(at: $0) }
        let center = median(&residuals)
        var deviations = residuals.map { abs($0 - center) }
        return 1.4826 * median(&deviations)
    }

    /// The scatter of a Welch PSD estimate in log10 power: `0.4343 · √(ξ / K)` for K averaged
    /// segments of a Gaussian signal, ξ = 1.056 for Hann windows at 50 % overlap (the variance
    /// inflation 1 + 2ρ² from the overlapped segments' correlation ρ = 0.167).
    ///
    /// - Parameter segmentCount: K ≥ 1.
    public static func welchEstimationNoise(segmentCount: Int) -> Double {
        0.4343 * (1.056 / Double(max(segmentCount, 1))).squareRoot()
    }

    /// The least peak height (log10 power) that counts as a peak standing above the aperiodic
    /// background: the larger of `minimum` (FOOOF's `min_peak_height` idea, an absolute floor)
    /// and `noiseMultiple` × the spectrum's noise, which is the larger of ``residualNoise`` and
    /// `estimationNoise` (the expected scatter of the estimate, e.g.
    /// ``welchEstimationNoise(segmentCount:)``; the residual alone underestimates it when
    /// few bins are fitted, because fitted peaks absorb part of it).
    ///
    /// FOOOF keeps every Gaussian above its relative threshold (2 SD of the flattened
    /// spectrum), so on a smooth 1/f spectrum it still fits small peaks to estimation noise: on
    /// 2-minute Welch spectra of pure 1/f noise, 30–80 Hz "peaks" of 1.0–1.75 dB appeared on 21
    /// of 22 channels with only the absolute floor of 1 dB. Over 264 such channels (delta3 and
    /// gamma, seeds 4243–4248) the highest noise peak was 4.1 Welch noise SDs, while in the
    /// `ketamine` scenario a broadband 3 dB gamma rise is 8.5 or more and the ~3 Hz peak 6.2
    /// (a 2 dB peak on Cz, at the edge of its field) to 18.
    ///
    /// - Parameters:
    ///   - minimum: Absolute floor in log10 power, ≥ 0 (default 0.1, i.e. 1 dB).
    ///   - noiseMultiple: Multiple of the noise, ≥ 0 (default 5).
    ///   - estimationNoise: Expected scatter in log10 power, or `nil` to use the residual only.
    public func significantPeakHeight(
        minimum: Double = 0.1, noiseMultiple: Double = 5, estimationNoise: Double? = nil
    ) -> Double {
        max(minimum, noiseMultiple * max(residualNoise, estimationNoise ?? 0))
    }
}
