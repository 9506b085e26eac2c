import EEGCore
import EEGFFT

/// Thomson's DPSS multitaper PSD of a whole signal.
///
/// The mean is removed, the signal is multiplied by each unit-energy DPSS taper (periodic
/// form, NW = W·duration, K = ⌊2NW⌋ tapers, those with concentration ≤ 0.9 dropped when
/// `lowBias`), and the one-sided eigenspectra are combined with weights √λₖ — or, with
/// `adaptive`, with Thomson's iterative weights as MNE implements them (convergence when the
/// largest per-frequency mean squared weight change falls below 1e-10).
///
/// Matches `mne.time_frequency.psd_array_multitaper(x, sfreq, bandwidth=2W,
/// adaptive=..., low_bias=..., normalization='full')`; with MNE's default
/// `normalization='length'` MNE's numbers are these times the sampling rate. References:
/// Thomson 1982, "Spectrum estimation and harmonic analysis", Proc. IEEE 70(9),
/// doi:10.1109/PROC.1982.12433; Percival & Walden 1993, ch. 7.
enum MultitaperEstimator {
    static func spectrum(of signal: Signal, options: MultitaperOptions) throws -> Spectrum {
        try signal.requireSpectralInput()
        let count = signal.count
        let sampleRate = signal.sampleRate
        let timeHalfBandwidth: Double
        if let halfBandwidth = options.halfBandwidth {
            timeHalfBandwidth = halfBandwidth * Double(count) / sampleRate
            guard halfBandwidth.isFinite, timeHalfBandwidth >= 0.5 else {
                throw DSPError.invalidParameter(
                    name: "multitaper half bandwidth", value: "\(halfBandwidth) Hz",
                    expected: "at least \(0.5 * sampleRate / Double(count)) Hz "
                        + "(NW ≥ 0.5 for \(count) samples)")
            }
        } else {
            timeHalfBandwidth = 4
        }
        guard options.maximumIterations >= 1 else {
            throw DSPError.invalidParameter(
                name: "maximum iterations", value: "\(options.maximumIterations)",
                expected: "at least 1")
        }
        var tapers: [[Double]]
        var concentrations: [Double]
        if count <= 1 {
            tapers = [[1]]
            concentrations = [1]
        } else {
            let taperCount = Int(2 * timeHalfBandwidth)
            guard taperCount <= count, timeHalfBandwidth < Double(count + 1) / 2 else {
                throw DSPError.invalidParameter(
                    name: "multitaper half bandwidth", value: "NW = \(timeHalfBandwidth)",
                    expected: "NW < \(Double(count) / 2) for \(count) samples")
            }
            let dpss = try DPSSTapers(
                count: count, timeHalfBandwidth: timeHalfBandwidth, taperCount: taperCount,
                symmetry: .periodic)
            tapers = dpss.tapers
            concentrations = dpss.concentrations
            if options.lowBias {
                let kept = concentrations.indices.filter { concentrations[$0] > 0.9 }
                // MNE keeps the best-concentrated taper when none passes (it warns).
                var best = 0
                for index in concentrations.indices
                where concentrations[index] > concentrations[best] { best = index }
                let chosen = kept.isEmpty ? [best] : kept
                tapers = chosen.map { tapers[$0] }
                concentrations = chosen.map { concentrations[$0] }
            }
        }

        // Eigenspectra |X_k(f)|², one-sided (interior bins doubled, as MNE's √2 division of DC
        // and Nyquist followed by its factor 2 amounts to).
        let engine = try SpectralEngine(segmentLength: count, fftLength: count, detrend: .constant)
        let binCount = engine.binCount
        var eigenspectra = [Double](repeating: 0, count: tapers.count * binCount)
        signal.samples.withUnsafeBufferPointer { samples in
            eigenspectra.withUnsafeMutableBufferPointer { destination in
                for (order, taper) in tapers.enumerated() {
                    taper.withUnsafeBufferPointer {
                        engine.transform(samples.baseAddress!, taper: $0.baseAddress!)
                    }
                    engine.addPower(
                        to: destination.baseAddress! + order * binCount, scale: 1, oneSided: true)
                }
            }
        }
        let fixedWeights = concentrations.map { $0.squareRoot() }
        var power = combine(eigenspectra, weights: fixedWeights, binCount: binCount)
        if options.adaptive && tapers.count >= 3 {
            power = adaptiveCombination(
                eigenspectra, concentrations: concentrations, fixedEstimate: power,
                binCount: binCount, maximumIterations: options.maximumIterations)
        }
        for bin in power.indices { power[bin] /= sampleRate }
        return try Spectrum(
            frequencies: engine.frequencies(sampleRate: sampleRate), power: power,
            scaling: .density, label: signal.label, unit: signal.unit)
    }

    /// Σ wₖ²|Xₖ|² / Σ wₖ² per bin (MNE `_psd_from_mt` with constant weights; the factor 2 of
    /// the one-sided spectrum is already in the eigenspectra).
    static func combine(_ eigenspectra: [Double], weights: [Double], binCount: Int) -> [Double] {
        var normalization = 0.0
        for weight in weights { normalization += weight * weight }
        var power = [Double](repeating: 0, count: binCount)
        for (order, weight) in weights.enumerated() {
            let factor = weight * weight
            for bin in 0..<binCount { power[bin] += factor * eigenspectra[order * binCount + bin] }
        }
        for bin in 0..<binCount { power[bin] /= normalization }
        return power
    }

    /// Thomson's adaptive weights, iterated exactly as MNE's `_psd_from_mt_adaptive`.
    static func adaptiveCombination(
        _ eigenspectra: [Double], concentrations: [Double], fixedEstimate: [Double],
        binCount: Int, maximumIterations: Int
    ) -> [Double] {
        let taperCount = concentrations.count
        // Variance of the series from the fixed-weight estimate: trapezoid over [0, π] / 2π.
        var integral = 0.0
        let spacing = Double.pi / Double(binCount)
        for bin in 1..<max(binCount, 1) {
            integral += (fixedEstimate[bin - 1] + fixedEstimate[bin]) * spacing / 2
        }
        let variance = integral / (2 * Double.pi)
        guard variance > 0 else { return fixedEstimate }
        let roots = concentrations.map { $0.squareRoot() }

        // Start from the first two tapers.
        var estimate = [Double](repeating: 0, count: binCount)
        let startNormalization = concentrations[0] + concentrations[1]
        for bin in 0..<binCount {
            estimate[bin] = (concentrations[0] * eigenspectra[bin]
                + concentrations[1] * eigenspectra[binCount + bin]) / startNormalization
        }
        var previous = [Double](repeating: 0, count: taperCount * binCount)
        var weights = [Double](repeating: 0, count: taperCount * binCount)
        for _ in 0..<maximumIterations {
            var largestChange = 0.0
            for bin in 0..<binCount {
                var meanSquareChange = 0.0
                for order in 0..<taperCount {
                    let index = order * binCount + bin
                    let lambda = concentrations[order]
                    let weight = estimate[bin]
                        / (lambda * estimate[bin] + (1 - lambda) * variance) * roots[order]
                    weights[index] = weight
                    let change = previous[index] - weight
                    meanSquareChange += change * change
                }
                largestChange = max(largestChange, meanSquareChange / Double(taperCount))
            }
            if largestChange < 1e-10 { break }
            for bin in 0..<binCount {
                var numerator = 0.0
                var denominator = 0.0
                for order in 0..<taperCount {
                    let index = order * binCount + bin
                    let squared = weights[index] * weights[index]
                    numerator += squared * eigenspectra[index]
                    denominator += squared
                }
                // Weights vanish only where the estimate is exactly 0; keep it 0 there.
                estimate[bin] = denominator > 0 ? numerator / denominator : 0
            }
            swap(&previous, &weights)
        }
        return estimate
    }
}
