import EEGCore
import Foundation

extension SpectralModel {
    /// A plain-text summary of the fit, in the spirit of FOOOF's `print_results`.
    ///
    /// Numbers are printed with fixed decimals so the text is deterministic, e.g.
    /// ```
    /// Spectral model: O1, 1–40 Hz (79 bins), aperiodic mode fixed
    /// Aperiodic: offset 1.6680, exponent 1.6810
    /// Peaks (1):
    ///     10.52 Hz  power 0.7350 (log10)  bandwidth 2.10 Hz
    /// Goodness of fit: R² 0.9785, mean absolute error 0.0829
    /// ```
    public func report() -> String {
        let name = label.isEmpty ? "" : "\(label), "
        var lines: [String] = []
        lines.append(
            "Spectral model: \(name)\(trimmed(frequencyRange.lowerBound))–"
                + "\(trimmed(frequencyRange.upperBound)) Hz (\(frequencies.count) bins), "
                + "aperiodic mode \(aperiodic.mode.rawValue)")
        if let mask = settings.lineNoiseMask {
            lines.append(
                "Line noise: \(excludedFrequencies.count) bins within ±"
                    + "\(formatHertz(mask.halfWidth)) Hz of \(formatHertz(mask.frequency)) Hz "
                    + "and harmonics excluded")
        }
        var aperiodicLine = "Aperiodic: offset \(fixed(aperiodic.offset, 4))"
        if let knee = aperiodic.knee {
            aperiodicLine += ", knee \(fixed(knee, 4))"
            if let frequency = aperiodic.kneeFrequency {
                aperiodicLine += " (knee frequency \(fixed(frequency, 2)) Hz)"
            }
        }
        aperiodicLine += ", exponent \(fixed(aperiodic.exponent, 4))"
        lines.append(aperiodicLine)
        lines.append("Peaks (\(peaks.count)):" + (peaks.isEmpty ? " none" : ""))
        for peak in peaks {
            lines.append(
                "    \(fixed(peak.centerFrequency, 2)) Hz  power \(fixed(peak.power, 4)) (log10)"
                    + "  bandwidth \(fixed(peak.bandwidth, 2)) Hz")
        }
        lines.append(
            "Goodness of fit: R² \(fixed(rSquared, 4)), mean absolute error "
                + fixed(meanAbsoluteError, 4))
        return lines.joined(separator: "\n")
    }

    /// Up to 3 decimals without trailing zeros (12.5, 44.77, 1).
    private func trimmed(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private func fixed(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
