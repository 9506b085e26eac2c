import Foundation
import EEGCore
import EEGDSP

/// Two spans of one recording to compare, e.g. a baseline and a drug infusion.
public struct ConditionSpans: Sendable, Equatable {
    /// The reference span in seconds from the first sample.
    public let baseline: ClosedRange<Seconds>
    /// The span compared with it, in seconds.
    public let condition: ClosedRange<Seconds>
    /// The condition's name (its annotation text, e.g. `ketamine infusion`).
    public let conditionName: String

    /// Creates spans.
    public init(
        baseline: ClosedRange<Seconds>, condition: ClosedRange<Seconds>, conditionName: String
    ) {
        self.baseline = baseline
        self.condition = condition
        self.conditionName = conditionName
    }

    /// Finds a baseline/condition pair in the annotations: an annotation `baseline` (any case)
    /// with a duration, and the first annotation with a duration that starts where the baseline
    /// ends (within 1 s) — the layout `eegscope synth --scenario ketamine` writes (`baseline`,
    /// `ketamine infusion`). Returns `nil` when there is no such pair.
    public static func fromAnnotations(_ annotations: [Annotation]) -> ConditionSpans? {
        guard let baseline = annotations.first(where: {
            $0.description.trimmingCharacters(in: .whitespaces).lowercased() == "baseline"
                && ($0.duration ?? 0) > 0
        }), let baselineDuration = baseline.duration else { return nil }
        let end = baseline.onset + baselineDuration
        guard let condition = annotations.first(where: {
            $0 != baseline && ($0.duration ?? 0) > 0 && abs($0.onset - end) <= 1
        }), let conditionDuration = condition.duration else { return nil }
        return ConditionSpans(
            baseline: baseline.onset...end,
            condition: condition.onset...(condition.onset + conditionDuration),
            conditionName: condition.description)
    }
}

/// The change of band power between two spans of one channel.
public struct ConditionChange: Sendable, Equatable {
    /// The channel label.
    public let channel: String
    /// The band.
    public let band: FrequencyBand
    /// Band power in the baseline span, unit².
    public let baselinePower: Double
    /// Band power in the condition span, unit².
    public let conditionPower: Double

    /// `10 log10(condition / baseline)` in dB (positive = rise).
    public var changeDecibels: Decibels { 10 * log10(conditionPower / baselinePower) }
}

/// Band power of two spans of a recording, channel by channel, and their change in dB.
///
/// Each span's PSD is Welch's (same ``WelchOptions`` as the rest of the analysis) over the
/// span's samples; band power integrates it with Simpson's rule
/// (``EEGCore/Spectrum/bandPowers(_:rule:)``). The change is the ratio in dB, the measure the
/// ketamine scenario's gain parameters use.
public struct ConditionComparison: Sendable, Equatable {
    /// The spans compared.
    public let spans: ConditionSpans
    /// Per channel, the Welch PSD of the baseline span (unit²/Hz).
    public let baselineSpectra: [Spectrum]
    /// Per channel, the Welch PSD of the condition span (unit²/Hz).
    public let conditionSpectra: [Spectrum]
    /// Per channel and band (outer: channels in order; inner: bands in order).
    public let changes: [[ConditionChange]]

    /// Compares the spans on `signals`.
    ///
    /// - Parameters:
    ///   - signals: The channels to compare (e.g. the posterior midline ones).
    ///   - spans: Baseline and condition spans in seconds.
    ///   - bands: Bands (each below every channel's Nyquist frequency).
    ///   - options: Welch parameters (default 2 s Hann segments, 50 % overlap).
    /// - Throws: ``DSPError`` when a span is shorter than one Welch segment or a band does not
    ///   fit the PSD.
    public init(
        signals: [Signal], spans: ConditionSpans, bands: [FrequencyBand],
        options: WelchOptions = WelchOptions()
    ) throws {
        try self.init(
            recording: Recording(signals: signals), spans: spans, bands: bands, options: options)
    }

    /// Compares the spans on every channel of `recording`, spans in recording time; for a
    /// discontinuous recording (EDF+D) each span's Welch segments stay inside its gap-free
    /// stretches (``EEGCore/Recording/excerpt(from:to:)``,
    /// ``EEGDSP/Signal/powerSpectrum(method:stretches:)``).
    ///
    /// - Throws: As ``init(signals:spans:bands:options:)``.
    public init(
        recording: Recording, spans: ConditionSpans, bands: [FrequencyBand],
        options: WelchOptions = WelchOptions()
    ) throws {
        self.spans = spans
        var baselineSpectra: [Spectrum] = []
        var conditionSpectra: [Spectrum] = []
        var changes: [[ConditionChange]] = []
        let baseline = try recording.excerpt(
            from: spans.baseline.lowerBound, to: spans.baseline.upperBound
        ).powerSpectra(method: .welch(options))
        let condition = try recording.excerpt(
            from: spans.condition.lowerBound, to: spans.condition.upperBound
        ).powerSpectra(method: .welch(options))
        for (signal, (before, after)) in zip(recording.signals, zip(baseline, condition)) {
            let beforePowers = try before.bandPowers(bands)
            let afterPowers = try after.bandPowers(bands)
            changes.append(zip(beforePowers, afterPowers).map {
                ConditionChange(
                    channel: signal.label, band: $0.band, baselinePower: $0.absolute,
                    conditionPower: $1.absolute)
            })
            baselineSpectra.append(before)
            conditionSpectra.append(after)
        }
        self.baselineSpectra = baselineSpectra
        self.conditionSpectra = conditionSpectra
        self.changes = changes
    }
}

/// A band's power over time: short-time spectra (Hann windows) integrated over the
/// band, for time-course plots.
public struct BandPowerTimeCourse: Sendable, Equatable {
    /// Window centre times in seconds.
    public let times: [Seconds]
    /// Band power in each window, unit².
    public let power: [Double]

    /// The band power of `signal` in `window`-second Hann windows with 50 % overlap.
    ///
    /// Each window's one-sided density spectrum (as `scipy.signal.spectrogram` with a Hann
    /// window) is integrated over the band's bins with the trapezoid rule: with few bins per
    /// band, Simpson's alternating weights would weigh a narrow peak by where it falls (up to
    /// 11 % low for a sine), while the trapezoid sum over a Hann main lobe is exact.
    /// - Throws: ``DSPError`` when the signal is shorter than one window or the band has
    ///   fewer than two bins.
    public init(signal: Signal, band: FrequencyBand, window: Seconds = 2) throws {
        let spectrogram = try signal.spectrogram(SpectrogramOptions(
            segment: .duration(window), overlap: 0.5, window: .hann))
        times = spectrogram.times
        power = try spectrogram.power.map { row in
            try Spectrum(frequencies: spectrogram.frequencies, power: row, unit: signal.unit)
                .integratedPower(in: band, rule: .trapezoid)
        }
    }

    /// The band power of channel `signal` of a discontinuous recording, stretch by stretch:
    /// no window straddles a gap, times are in recording time, and each gap gets one `NaN`
    /// value at its midpoint so that plots break the line there. Stretches shorter than one
    /// window have no values. With one stretch this is ``init(signal:band:window:)``.
    ///
    /// - Parameters:
    ///   - signal: A channel of `recording`.
    ///   - recording: Gives the gap-free stretches (``EEGCore/Recording/stretches``).
    ///   - band: The band.
    ///   - window: Window length in seconds (default 2).
    /// - Throws: As ``init(signal:band:window:)`` when no stretch holds one window.
    public init(
        signal: Signal, of recording: Recording, band: FrequencyBand, window: Seconds = 2
    ) throws {
        let stretches = recording.stretches
        guard stretches.count > 1 else {
            try self.init(signal: signal, band: band, window: window)
            return
        }
        var times: [Seconds] = []
        var power: [Double] = []
        var failure: (any Error)? = nil
        for (stretch, range) in zip(stretches, recording.stretchSampleRanges(of: signal)) {
            let part: BandPowerTimeCourse
            do {
                part = try BandPowerTimeCourse(
                    signal: signal.slice(range), band: band, window: window)
            } catch {
                failure = failure ?? error
                continue
            }
            if let last = times.last {
                times.append((last + stretch.onset + (part.times.first ?? 0)) / 2)
                power.append(.nan)
            }
            times += part.times.map { stretch.onset + $0 }
            power += part.power
        }
        if times.isEmpty, let failure { throw failure }
        self.init(times: times, power: power)
    }

    private init(times: [Seconds], power: [Double]) {
        self.times = times
        self.power = power
    }
}
