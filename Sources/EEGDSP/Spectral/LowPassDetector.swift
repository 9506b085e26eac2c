import EEGCore
import Foundation

/// Finds a low-pass filter a file did not declare: a steep roll-off of the PSD well below the
/// 1/f trend of the frequencies under it.
///
/// **Criterion.** For each candidate edge `fc` (1 Hz steps from ``lowestCandidate`` up), a
/// straight line is fitted to log10 power against log10 frequency over `[fc/2, fc]` (the
/// local 1/f trend; fitted twice, the second time without the points more than the 75th
/// percentile above the first line, so that alpha/beta peaks do not tilt it). The PSD is
/// *rolled off* at `fc` when its median over `[1.2 fc, 1.5 fc]` lies at least
/// ``minimumDrop`` (10 dB) below that line extrapolated and, where the spectrum reaches that
/// far, its median over `(1.5 fc, 2 fc]` lies at least as far below (a filter keeps falling
/// away from the trend; a bump of activity or a bend of the background does not). A 1/f background, a knee or a steepening of
/// the exponent by 2 lose at most ~3 dB over the first range; a filter of effective order ≥ 4
/// (an order-2 Butterworth applied forwards and backwards) loses ≥ 10 dB by 1.35 × its edge.
/// Candidates start at ``lowestCandidate`` (35 Hz): below it the fall of beta activity on real
/// EEG (13 dB from 22 to 36 Hz on eegmat, an exponent near 6) looks like a filter, so an
/// undeclared low-pass below ~35 Hz is not detected. The first such `fc` is taken, and the reported edge is the
/// first frequency above `fc / 2` where the (3-bin median) PSD falls 3 dB below the line —
/// the filter's −3 dB point. Mains frequencies (multiples of 50 and 60 Hz, ±2 Hz) are left
/// out of every range so that line noise and notch filters neither hide nor fake a roll-off.
/// Only frequencies below 0.95 × the highest bin are tested (the anti-aliasing filter just
/// below Nyquist is covered by the Nyquist margin of ``UsablePassband``).
///
/// For a recording, run it on the median spectrum of its EEG channels of one rate
/// (``medianSpectrum(of:)``): a hardware filter is common to the channels of an amplifier,
/// and the median keeps one channel's bump or artefact from faking or hiding a roll-off.
///
/// ```swift
/// let found = LowPassDetector().lowPass(in: spectrum)  // Passband(high: 45, source: .spectrum)
/// ```
public struct LowPassDetector: Sendable, Equatable {
    /// The lowest candidate edge in Hz (35 Hz: below it the fall of beta activity bends the
    /// trend like a filter).
    public static let lowestCandidate: Hertz = 35
    /// The drop below the extrapolated trend that marks a roll-off, in dB (10 dB).
    public let minimumDrop: Decibels

    /// - Parameter minimumDrop: The drop in dB (default 10).
    public init(minimumDrop: Decibels = 10) {
        self.minimumDrop = minimumDrop
    }

    /// The undeclared low-pass of a PSD, or `nil` when the spectrum shows none.
    ///
    /// - Parameter spectrum: A one-sided PSD (Welch, ≥ 0.5 Hz resolution works best).
    /// - Returns: A passband with only a high edge, source ``Passband/Source/spectrum``.
    public func lowPass(in spectrum: Spectrum) -> Passband? {
        let points = zip(spectrum.frequencies, spectrum.power).filter { frequency, power in
            frequency > 0 && power > 0 && power.isFinite && !Self.nearMains(frequency)
        }.map { (x: log10($0.0), frequency: $0.0, y: log10($0.1)) }
        guard let highest = spectrum.frequencies.last, points.count > 20 else { return nil }
        let limit = 0.95 * highest
        var candidate = Self.lowestCandidate
        while candidate * 1.5 <= limit {
            defer { candidate += 1 }
            let trend = points.filter { $0.frequency >= candidate / 2 && $0.frequency <= candidate }
            let test = points.filter {
                $0.frequency >= 1.2 * candidate && $0.frequency <= 1.5 * candidate
            }
            guard trend.count >= 5, test.count >= 5,
                let line = Self.robustLine(trend.map { ($0.x, $0.y) })
            else { continue }
            let deficits = test.map { 10 * (line.at($0.x) - $0.y) }
            guard Self.median(deficits) >= minimumDrop else { continue }
            let beyond = points.filter {
                $0.frequency > 1.5 * candidate && $0.frequency <= min(2 * candidate, limit)
            }
            if beyond.count >= 5 {
                let further = beyond.map { 10 * (line.at($0.x) - $0.y) }
                guard Self.median(further) >= Self.median(deficits) else { continue }
            }
            // The −3 dB point: first frequency above fc/2 whose 3-bin median is 3 dB under.
            let above = points.filter { $0.frequency >= candidate / 2 && $0.frequency <= limit }
            for index in above.indices.dropFirst().dropLast() {
                let window = (index - 1...index + 1).map { 10 * (line.at(above[$0].x) - above[$0].y) }
                if Self.median(window) >= 3 {
                    return try? Passband(low: nil, high: above[index].frequency, source: .spectrum)
                }
            }
            return try? Passband(low: nil, high: candidate, source: .spectrum)
        }
        return nil
    }

    /// The bin-wise median (in log power) of spectra on one frequency grid, or `nil` when
    /// they are empty or their grids differ.
    public static func medianSpectrum(of spectra: [Spectrum]) -> Spectrum? {
        guard let first = spectra.first,
            spectra.allSatisfy({ $0.frequencies == first.frequencies })
        else { return nil }
        let power = first.frequencies.indices.map { bin in
            median(spectra.map { log10(max($0.power[bin], .leastNormalMagnitude)) })
        }.map { pow(10, $0) }
        return try? Spectrum(
            frequencies: first.frequencies, power: power, scaling: first.scaling,
            label: "median", unit: first.unit)
    }

    // MARK: - Helpers

    static func nearMains(_ frequency: Hertz) -> Bool {
        [50.0, 60.0].contains { base in
            let harmonic = (frequency / base).rounded() * base
            return harmonic > 0 && abs(frequency - harmonic) <= 2
        }
    }

    struct Line {
        let slope: Double
        let intercept: Double
        func at(_ x: Double) -> Double { intercept + slope * x }
    }

    /// Least squares, then again without the points above the 75th percentile of residuals.
    static func robustLine(_ points: [(Double, Double)]) -> Line? {
        guard let first = leastSquares(points) else { return nil }
        let residuals = points.map { $0.1 - first.at($0.0) }
        let cut = residuals.sorted()[(3 * residuals.count) / 4]
        let kept = zip(points, residuals).filter { $0.1 <= cut }.map(\.0)
        return leastSquares(kept) ?? first
    }

    static func leastSquares(_ points: [(Double, Double)]) -> Line? {
        let count = Double(points.count)
        guard points.count >= 2 else { return nil }
        let meanX = points.reduce(0) { $0 + $1.0 } / count
        let meanY = points.reduce(0) { $0 + $1.1 } / count
        let sxx = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.0 - meanX) }
        let sxy = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return Line(slope: slope, intercept: meanY - slope * meanX)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
