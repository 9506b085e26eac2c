import EEGCore

extension Spectrogram {
    /// Power relative to a baseline span: each frequency's power divided by its mean over the
    /// segments whose centre times lie in `baseline`.
    ///
    /// 10·log10 of the result is the change from baseline in dB, which is MNE's
    /// `mne.baseline.rescale(..., mode='logratio')` (log10 of the ratio) times 10; the ratio
    /// itself is its `mode='ratio'`. A frequency whose baseline mean is 0 gives NaN.
    ///
    /// ```swift
    /// let change = try spectrogram.relative(toBaseline: 0...48)   // ratio; dB = 10·log10
    /// ```
    /// - Parameter baseline: The baseline span in seconds (the spectrogram's time axis).
    /// - Returns: A spectrogram of dimensionless power ratios (empty unit, same axes and label).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when no segment centre
    ///   lies inside `baseline`.
    public func relative(toBaseline baseline: ClosedRange<Seconds>) throws -> Spectrogram {
        let rows = times.indices.filter { baseline.contains(times[$0]) }
        guard !rows.isEmpty else {
            let first = times.first.map(formatHertz) ?? "none"
            let last = times.last.map(formatHertz) ?? "none"
            throw DSPError.invalidParameter(
                name: "baseline",
                value: "\(formatHertz(baseline.lowerBound))–\(formatHertz(baseline.upperBound)) s",
                expected: "a span holding at least one segment centre (centres run from "
                    + "\(first) to \(last) s)")
        }
        let reference = frequencies.indices.map { column in
            rows.map { power[$0][column] }.reduce(0, +) / Double(rows.count)
        }
        let ratios = power.map { row in
            zip(row, reference).map { value, mean in mean > 0 ? value / mean : .nan }
        }
        return try Spectrogram(
            times: times, frequencies: frequencies, power: ratios, scaling: scaling,
            label: label, unit: "")
    }
}
