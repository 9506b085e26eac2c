import EEGAnalysis
import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("compare statistics: periodic vs aperiodic, corrected p, intervals")
struct ComparisonStatisticsTests {
    /// Channels of pure 1/f^χ noise, each its own stream.
    static func aperiodic(
        exponent: Double, seed: UInt64, channels: [String] = ["Cz", "Pz", "Oz"],
        duration: Seconds = 60
    ) throws -> Recording {
        var generator = SeededGenerator(seed: seed)
        let signals = try channels.map { name in
            let signal = try Signal.powerLawNoise(
                exponent: exponent, duration: duration, sampleRate: 250, using: &generator)
            return try Signal(samples: signal.samples, sampleRate: 250, label: name, unit: "uV")
        }
        return Recording(signals: signals)
    }

    @Test("exponent-only change (1.5 → 1.2): no periodic gamma increase; aperiodic change reported")
    func exponentOnly() throws {
        // One channel, 2 × 120 s: the per-epoch exponent is noisy (2 s epochs), and the
        // rotation test needs enough epochs to resolve its change (docs/statistics.md).
        let baseline = try Self.aperiodic(
            exponent: 1.5, seed: 11, channels: ["Pz"], duration: 120)
        let condition = try Self.aperiodic(
            exponent: 1.2, seed: 12, channels: ["Pz"], duration: 120)
        let rows = try RhythmComparison(
            settings: .init(rhythm: .gamma, permutationCount: 50)
        ).compare(baseline, condition)
        for row in rows {
            let tests = try #require(row.tests)
            // Raw band power does rise (RMS-normalized flatter spectrum): the misreadable case.
            #expect(tests.bandPowerDecibels.change > 3, "\(row.name)")
            // The periodic part stays within a few tenths of a dB and is not significant.
            #expect(abs(tests.periodicPowerDecibels.change) < 0.5, "\(row.name)")
            #expect((tests.periodicPowerDecibels.pCorrected ?? 1) >= 0.05, "\(row.name)")
            #expect(abs(tests.aperiodicExponent.change + 0.3) < 0.1, "\(row.name)")
            let exponentP = try #require(tests.aperiodicExponent.pCorrected, "\(tests)")
            #expect(exponentP < 0.05, "\(row.name) \(tests)")
            let interval = tests.aperiodicExponent.interval
            #expect(interval[0] < -0.2 && interval[1] < 0, "\(row.name) \(interval)")
        }
        let findings = ComparisonFindings.lines(rows, rhythmName: "gamma")
        #expect(!findings.contains { $0.contains("periodic gamma increase") }, "\(findings)")
        #expect(findings.contains { $0.hasPrefix("aperiodic exponent change") }, "\(findings)")
        // No peak in either span: the band-power rise is named a broadband change.
        #expect(findings.contains { $0.hasPrefix("broadband gamma rise") }, "\(findings)")
        #expect(rows.allSatisfy { $0.finding == ComparisonFindings.broadbandChange })
    }

    @Test("a broadband +3 dB rise over 30-80 Hz is a broadband change; a 40 Hz line is not")
    func broadbandVersusNarrowband() throws {
        let baseline = try Self.aperiodic(exponent: 1.5, seed: 41, channels: ["Pz"], duration: 120)
        let background = try Self.aperiodic(
            exponent: 1.5, seed: 42, channels: ["Pz"], duration: 120)
        let signal = background.signals[0]
        // The background's own 30-80 Hz power, added again by independent band-limited noise:
        // +3 dB across the band with a step at its edges (as the ketamine scenario).
        let spectrum = try signal.powerSpectrum(method: .welch(segmentDuration: 2, overlap: 0.5))
        let gammaBand = try FrequencyBand(low: 30, high: 80)
        let bandPower = try #require(try spectrum.bandPowers([gammaBand]).first).absolute
        var generator = SeededGenerator(seed: 43)
        let rise = try Signal.bandLimitedNoise(
            band: gammaBand, duration: 120, sampleRate: 250,
            exponent: 1.5, level: .rms(bandPower.squareRoot()), using: &generator)
        let risen = Recording(signals: [signal.replacingSamples(
            zip(signal.samples, rise.samples).map { $0 + $1 })])
        let settings = RhythmComparisonSettings(rhythm: .gamma, permutationCount: 50)
        let rows = try RhythmComparison(settings: settings).compare(baseline, risen)
        #expect(rows.allSatisfy { $0.finding == ComparisonFindings.broadbandChange },
            "\(rows.map { ($0.finding, $0.condition.peak) })")
        let lines = ComparisonFindings.lines(rows, rhythmName: "gamma")
        #expect(lines.contains { $0.hasPrefix("broadband gamma rise on Pz") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("periodic gamma") }, "\(lines)")
        // A continuous 40 Hz sine of the same power is narrowband: a peak is present.
        let line = try Signal.sinusoid(
            frequency: 40, duration: 120, sampleRate: 250,
            amplitude: (2 * bandPower).squareRoot())
        let oscillating = Recording(signals: [signal.replacingSamples(
            zip(signal.samples, line.samples).map { $0 + $1 })])
        let narrow = try RhythmComparison(settings: settings).compare(baseline, oscillating)
        #expect(narrow.allSatisfy { $0.finding == ComparisonFindings.narrowbandChange },
            "\(narrow.map { ($0.finding, $0.condition.peak) })")
        #expect(!ComparisonFindings.lines(narrow, rhythmName: "gamma")
            .contains { $0.hasPrefix("broadband") })
    }

    @Test("a step in one channel's band power: detected, corrected p ≥ uncorrected, CI covers it")
    func stepDetected() throws {
        let baseline = try Self.aperiodic(exponent: 1.5, seed: 21)
        var condition = try Self.aperiodic(exponent: 1.5, seed: 22)
        // +6 dB on Pz: amplitude × 2.
        condition = condition.mapSignals { signal in
            guard signal.label == "Pz" else { return signal }
            return signal.replacingSamples(signal.samples.map { $0 * 2 })
        }
        let rows = try RhythmComparison(
            settings: .init(rhythm: .delta3, permutationCount: 50)
        ).compare(baseline, condition)
        let pz = try #require(rows.first { $0.name == "Pz" }?.tests)
        #expect(try #require(pz.bandPowerDecibels.pCorrected) < 0.05)
        let interval = pz.bandPowerDecibels.interval
        #expect(interval[0] < 6.02 && 6.02 < interval[1] + 1, "\(interval)")
        for row in rows {
            let tests = try #require(row.tests)
            for test in tests.all {
                if let corrected = test.pCorrected { #expect(test.p <= corrected + 1e-12) }
                #expect(test.withheldForDrift == (test.pCorrected == nil))
                // 30 + 30 epochs, 50 rotations used: p is at least 2/50.
                #expect(test.p >= 2.0 / 50 - 1e-12)
            }
        }
    }

    @Test("a slow common drift is flagged")
    func driftFlagged() throws {
        let recording = try Self.aperiodic(exponent: 1.0, seed: 31)
        // A gain ramp of 6 dB over the minute: the within-span halves differ clearly.
        let drifting = recording.mapSignals { signal in
            let count = Double(signal.count)
            return signal.replacingSamples(signal.samples.enumerated().map { index, value in
                value * pow(10, 6 * Double(index) / count / 20)
            })
        }
        let rows = try RhythmComparison(
            settings: .init(rhythm: .gamma, permutationCount: 20)
        ).compare(
            drifting.mapSignals { $0.slice(from: 0, to: 30) },
            drifting.mapSignals { $0.slice(from: 30, to: 60) })
        #expect(rows.allSatisfy { $0.driftWarning == true }, "\(rows.map { $0.driftScore ?? 0 })")
        // The ramp is common to the channels: band power is withheld from the correction
        // everywhere (no corrected p), the gain-free periodic power is not.
        for row in rows {
            let tests = try #require(row.tests)
            #expect(tests.bandPowerDecibels.withheldForDrift, "\(tests.bandPowerDecibels)")
            #expect(tests.bandPowerDecibels.pCorrected == nil)
            #expect(!tests.periodicPowerDecibels.withheldForDrift)
            #expect(tests.periodicPowerDecibels.pCorrected != nil)
        }
        let warnings = ComparisonFindings.warnings(rows)
        #expect(warnings.contains { $0.hasPrefix("band power drifts within the spans") },
            "\(warnings)")
    }
}
