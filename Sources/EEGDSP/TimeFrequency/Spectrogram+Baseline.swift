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

extension Spectrogram {
    /// Power averaged over a sliding window: each segment's row becomes the mean of the rows
    /// whose centre times lie within `duration / 2` of its own.
    ///
    /// A single spectrogram cell has the scatter of a periodogram (about ±5 dB for a Hann
    /// segment); averaging K segments gives the scatter of a K-segment Welch estimate, at the
    /// cost of time resolution. Used before ``relative(toBaseline:)`` so that a change of a
    /// few dB stands out of the noise. Rows on both sides of a recording gap are averaged
    /// alike (the window follows the time axis).
    ///
    /// - Parameter duration: The window length in seconds, > 0.
    /// - Returns: A spectrogram with the same axes, unit and label.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a duration ≤ 0.
    /// - Complexity: O(times × frequencies × rows per window).
    public func smoothed(over duration: Seconds) throws -> Spectrogram {
        guard duration.isFinite, duration > 0 else {
            throw DSPError.invalidParameter(
                name: "smoothing window", value: "\(duration) s", expected: "> 0 s")
        }
        let half = duration / 2
        var start = 0
        var end = 0
        var rows: [[Double]] = []
        rows.reserveCapacity(times.count)
        for time in times {
            while start < times.count, times[start] < time - half - 1e-9 { start += 1 }
            while end < times.count, times[end] <= time + half + 1e-9 { end += 1 }
            let count = Double(end - start)
            rows.append(frequencies.indices.map { column in
                (start..<end).map { power[$0][column] }.reduce(0, +) / count
            })
        }
        return try Spectrogram(
            times: times, frequencies: frequencies, power: rows, scaling: scaling, label: label,
            unit: unit)
    }
}
