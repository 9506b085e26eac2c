import EEGCore
import Foundation

/// Plain-language statements about a ``RhythmComparison`` result, from its corrected p-values.
///
/// Each statistic whose max-statistic corrected p is below `alpha` on some channels gets one
/// line naming the channels and the mean change. Band power is interpreted against the
/// periodic power and the aperiodic parameters: a band-power change without a periodic change
/// is reported as broadband (aperiodic), never as an oscillation change.
public enum ComparisonFindings {
    /// The findings, most specific first.
    /// - Parameters:
    ///   - rows: The per-channel comparisons (with ``ChannelComparison/tests``).
    ///   - rhythmName: The rhythm's name for the text (e.g. `gamma`).
    ///   - alpha: The family-wise error level (default 0.05).
    public static func lines(
        _ rows: [ChannelComparison], rhythmName: String, alpha: Double = 0.05
    ) -> [String] {
        let tested = rows.filter { $0.tests != nil }
        guard !tested.isEmpty else { return [] }
        func significant(_ index: Int) -> [(name: String, test: ChangeTest)] {
            tested.compactMap { row in
                guard let test = row.tests?.all[index], let corrected = test.pCorrected,
                    corrected < alpha
                else { return nil }
                return (row.name, test)
            }
        }
        func describe(_ hits: [(name: String, test: ChangeTest)], unit: String) -> String {
            let mean = hits.map(\.test.change).reduce(0, +) / Double(hits.count)
            let smallest = hits.compactMap(\.test.pCorrected).min() ?? 1
            return "on \(hits.map(\.name).joined(separator: ", ")) (mean change "
                + "\(signed(mean)) \(unit), smallest corrected p \(format(smallest)))"
        }
        var lines: [String] = []
        // A "periodic" change (power above each epoch's aperiodic fit) is an oscillation only
        // where a span has a narrowband peak; a step or rise across the band also lifts the
        // power above a straight fit (the ketamine scenario's broadband gamma rise gave
        // +1.2 dB "periodic" change on all 22 channels with no peak present in either span).
        let broadbandNames = Set(tested.filter { finding(of: $0, alpha: alpha) == broadbandChange }
            .map(\.name))
        let broadbandRows = tested.filter { broadbandNames.contains($0.name) }
        if !broadbandRows.isEmpty {
            let mean = broadbandRows.compactMap { $0.tests?.bandPowerDecibels.change }
                .reduce(0, +) / Double(broadbandRows.count)
            let smallest = broadbandRows.flatMap { row in
                [row.tests?.bandPowerDecibels.pCorrected, row.tests?.periodicPowerDecibels.pCorrected]
                    .compactMap { $0 }
            }.min() ?? 1
            lines.append("broadband \(rhythmName) \(mean > 0 ? "rise" : "fall") on "
                + "\(broadbandRows.map(\.name).joined(separator: ", ")) (mean band power change "
                + "\(signed(mean)) dB, smallest corrected p \(format(smallest))): no narrowband "
                + "peak is present in either span, so this is a broadband (aperiodic) change "
                + "across the band, not an oscillation")
        }
        func narrowband(_ hits: [(name: String, test: ChangeTest)])
            -> [(name: String, test: ChangeTest)]
        {
            hits.filter { !broadbandNames.contains($0.name) }
        }
        let periodic = narrowband(significant(1))
        if !periodic.isEmpty {
            let rising = periodic.filter { $0.test.change > 0 }
            let falling = periodic.filter { $0.test.change <= 0 }
            if !rising.isEmpty {
                lines.append("periodic \(rhythmName) increase (power above the aperiodic fit) "
                    + describe(rising, unit: "dB"))
            }
            if !falling.isEmpty {
                lines.append("periodic \(rhythmName) decrease (power above the aperiodic fit) "
                    + describe(falling, unit: "dB"))
            }
        }
        let exponent = significant(3)
        if !exponent.isEmpty {
            lines.append("aperiodic exponent change " + describe(exponent, unit: "")
                + ": a broadband 1/f change, not an oscillation")
        }
        let offset = significant(4)
        if !offset.isEmpty {
            lines.append("aperiodic offset change " + describe(offset, unit: "log10"))
        }
        let periodicNames = Set(periodic.map(\.name))
        let band = narrowband(significant(0))
        let broadband = band.filter { !periodicNames.contains($0.name) }
        let withPeriodic = band.filter { periodicNames.contains($0.name) }
        if !withPeriodic.isEmpty {
            lines.append("\(rhythmName) band power change with a periodic change "
                + describe(withPeriodic, unit: "dB"))
        }
        if !broadband.isEmpty {
            lines.append("\(rhythmName) band power change without a periodic change "
                + describe(broadband, unit: "dB")
                + ": the power above the aperiodic fit does not change significantly there, "
                + "so this is a change of the aperiodic background, not of the rhythm")
        }
        let height = narrowband(significant(2))
        if !height.isEmpty {
            lines.append("\(rhythmName) peak height change " + describe(height, unit: "dB"))
        }
        if lines.isEmpty {
            let family = tested.flatMap { $0.tests?.all ?? [] }.filter { $0.pCorrected != nil }
            let withheld = tested.count * 5 - family.count
            lines.append("no change survives the max-statistic correction over "
                + "\(family.count) tests (\(tested.count) channels × 5 statistics"
                + (withheld > 0 ? ", \(withheld) withheld for drift" : "")
                + ") at p < \(format(alpha))")
        }
        return lines
    }

    /// ``finding(of:alpha:)`` for a change without a narrowband peak in either span.
    public static let broadbandChange = "broadband change"
    /// ``finding(of:alpha:)`` for a change with a narrowband peak in a span.
    public static let narrowbandChange = "narrowband oscillation change"
    /// ``finding(of:alpha:)`` when no test survives the correction.
    public static let noChange = "no change"

    /// What changed on one channel: `no change` when none of the band-power, periodic-power
    /// and peak-height tests has a corrected p below `alpha`; otherwise `narrowband oscillation
    /// change` when the baseline or the condition has a `present` peak (narrowband, above its
    /// flanks, see ``PeakSummary``), else `broadband change`. Aperiodic exponent and offset
    /// changes alone are broadband by definition and reported in their own lines.
    public static func finding(of row: ChannelComparison, alpha: Double = 0.05) -> String {
        guard let tests = row.tests else { return noChange }
        let changed = [tests.bandPowerDecibels, tests.periodicPowerDecibels,
            tests.peakHeightDecibels].contains { ($0.pCorrected ?? 1) < alpha }
        guard changed else { return noChange }
        return row.baseline.peak.present || row.condition.peak.present
            ? narrowbandChange : broadbandChange
    }

    /// Design warnings: tests withheld for drift, and channels whose band power drifts
    /// within the spans.
    public static func warnings(_ rows: [ChannelComparison]) -> [String] {
        var out: [String] = []
        for (index, name) in ChannelTests.names.enumerated() {
            let channels = rows.filter { $0.tests?.all[index].withheldForDrift == true }
                .map(\.name)
            guard !channels.isEmpty else { continue }
            let shown = channels.prefix(8).joined(separator: ", ")
                + (channels.count > 8 ? ", …" : "")
            out.append("\(name) drifts within the spans on \(channels.count) of \(rows.count) "
                + "channels (\(shown)): one baseline block followed by one condition block "
                + "cannot separate that drift from the condition, so these tests have no "
                + "corrected p (p_corrected null, withheld_for_drift) and are left out of the "
                + "family-wise correction; their uncorrected p is not calibrated")
        }
        let drifting = rows.filter { $0.driftWarning == true }.map(\.name)
        guard !drifting.isEmpty else { return out }
        let shown = drifting.prefix(8).joined(separator: ", ") + (drifting.count > 8 ? ", …" : "")
        return ["\(drifting.count) of \(rows.count) channels drift within the spans "
            + "(\(shown)): "
            + "with one baseline block followed by one condition block, a slow drift cannot be "
            + "separated from the condition; treat their changes and p-values with caution, or "
            + "use a design that alternates conditions or compares across recordings "
            + "(eegscope group)"] + out
    }

    private static func signed(_ value: Double) -> String {
        String(format: "%+.2f", value)
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.3g", value)
    }
}
