import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Scenarios")
struct ScenarioTests {
    static func parameters(
        duration: Double, sampleRate: Double = 256, seed: UInt64 = 1, channels: [String]? = nil
    ) -> ScenarioParameters {
        var parameters = ScenarioParameters()
        parameters.duration = duration
        parameters.sampleRate = sampleRate
        parameters.seed = seed
        parameters.channels = channels
        return parameters
    }

    @Test("aperiodic: a log-log fit on a long recording returns the exponent within 0.05",
          arguments: [1.5, 1.0, 2.0])
    func aperiodicExponent(exponent: Double) throws {
        var parameters = Self.parameters(duration: 300, channels: ["Pz", "Fz"])
        parameters.exponent = exponent
        let result = try Scenario.aperiodic.synthesize(parameters)
        #expect(result.events.isEmpty)
        for signal in result.recording.signals {
            // The library's Welch (2 s Hann segments, as scipy.signal.welch) and a straight
            // log-log line over 2–40 Hz; ~300 averaged segments keep the scatter near 0.01.
            let psd = try signal.powerSpectrum(method: .welch(segmentDuration: 2))
            let fit = SynthesisCheck.logLogSlope(
                frequencies: psd.frequencies, power: psd.power, low: 2, high: 40)
            #expect(abs(-fit.slope - exponent) < 0.05, "\(signal.label): \(-fit.slope)")
        }
    }

    @Test("aperiodic: the spectral model (FOOOF-style, fixed mode) returns the exponent")
    func aperiodicSpectralModel() throws {
        let result = try Scenario.aperiodic.synthesize(
            Self.parameters(duration: 300, channels: ["Cz"]))
        let model = try result.recording.signals[0].spectralModel(from: 2, to: 40)
        #expect(abs(model.aperiodic.exponent - 1.5) < 0.05, "\(model.aperiodic.exponent)")
    }

    @Test("aperiodic default exponent is 1.5 and the background is 1 uV^2/Hz at 10 Hz")
    func aperiodicDefaults() throws {
        #expect(ScenarioParameters().exponent == 1.5)
        let result = try Scenario.aperiodic.synthesize(Self.parameters(duration: 200))
        #expect(result.recording.signals.count == 22)
        #expect(result.recording.labels.contains("POz"))
        #expect(result.recording.signals.allSatisfy { $0.unit == "uV" && $0.sampleRate == 256 })
        let oz = try #require(result.recording.signal(named: "Oz"))
        let psd = try SynthesisCheck.welch(oz.samples, sampleRate: 256, segmentCount: 512)
        let band = zip(psd.frequencies, psd.power).filter { abs($0.0 - 10) <= 2 }
        let ratio = band.map { $0.1 * pow($0.0 / 10, 1.5) }.reduce(0, +) / Double(band.count)
        #expect(abs(ratio - 1) < 0.1, "PSD at 10 Hz / model = \(ratio)")
        let rms = SynthesisCheck.rms(oz.samples)
        #expect(rms > 10 && rms < 100, "overall amplitude \(rms) uV")
    }

    @Test("delta3-bursts: truth rows are on channels with weight ≥ 0.5 and are in 2.5–3.5 Hz")
    func delta3Truth() throws {
        let result = try Scenario.delta3Bursts.synthesize(Self.parameters(duration: 120))
        #expect(result.events.count >= 10)
        let labels = result.recording.labels
        for event in result.events {
            #expect(event.rhythm == "delta3")
            #expect((2.5...3.5).contains(event.frequency))
            // 5–12 cycles (cycle lengths jitter by 5 %), so ≥ 4 above half amplitude.
            #expect(event.duration * event.frequency >= 4.5, "\(event)")
            #expect(labels.contains(event.channel))
            #expect(event.onset >= 0 && event.end <= 120 + 1e-9)
        }
        // Per channel, episodes never overlap (the detector scores one-to-one).
        for label in labels {
            let rows = result.events.filter { $0.channel == label }
            for pair in zip(rows, rows.dropFirst()) { #expect(pair.0.end <= pair.1.onset) }
        }
        let episodes = result.recording.annotations.filter { $0.description.hasPrefix("delta3 ") }
        #expect(episodes.count == Set(result.events.map(\.onset)).count)
    }

    @Test("burst sources are focal by default: one truth channel per episode on 10-20")
    func focalSpread() throws {
        let focal = try Scenario.delta3Bursts.synthesize(Self.parameters(duration: 120))
        let episodes = Dictionary(grouping: focal.events, by: \.onset)
        #expect(episodes.count >= 10)
        // 8°: the nearest other 10-20 electrode (18° away) has weight 0.08 < 0.5.
        #expect(episodes.values.allSatisfy { $0.count == 1 })
        #expect(
            focal.recording.annotations.first?.description.contains("spread=8.0deg") == true)

        var parameters = Self.parameters(duration: 120)
        parameters.burstSpread = 30
        let broad = try Scenario.delta3Bursts.synthesize(parameters)
        // 30°: neighbours at 18–33° have weights 0.55–0.84 and are listed too.
        let broadEpisodes = Dictionary(grouping: broad.events, by: \.onset)
        #expect(broadEpisodes.values.contains { $0.count >= 3 })
        // The spread changes where a burst shows, not when: same onsets.
        #expect(Set(broadEpisodes.keys) == Set(episodes.keys))

        parameters.burstSpread = 0.5
        #expect(throws: DSPError.self) { try Scenario.delta3Bursts.synthesize(parameters) }
    }

    @Test("delta3-bursts at odd rates: truth lies on the sample grid and inside the signal",
          arguments: [123.0, 250.0, 500.0])
    func oddRates(sampleRate: Double) throws {
        let result = try Scenario.delta3Bursts.synthesize(
            Self.parameters(duration: 40, sampleRate: sampleRate, channels: ["Pz", "Oz", "C3"]))
        let count = result.recording.signals[0].count
        #expect(count == Int((40 * sampleRate).rounded()))
        for event in result.events {
            let first = event.onset * sampleRate
            let length = event.duration * sampleRate
            #expect(abs(first - first.rounded()) < 1e-6 && abs(length - length.rounded()) < 1e-6)
            #expect(Int(first.rounded() + length.rounded()) <= count)
            #expect((2.3...3.7).contains(event.frequency))
        }
    }

    @Test("the SNR sets the episode amplitude from the background's band power")
    func snrAmplitude() throws {
        var parameters = Self.parameters(duration: 60)
        parameters.snr = 0
        parameters.channels = ["Pz"]
        let quiet = try Scenario.delta3Bursts.synthesize(parameters)
        parameters.snr = 20
        let loud = try Scenario.delta3Bursts.synthesize(parameters)
        // Background power in 2–4 Hz with χ = 1.5 and 1 uV²/Hz at 10 Hz:
        // 10^1.5 · 2 · (2^−0.5 − 4^−0.5) = 13.10 uV²; A = sqrt(2 · P · 10^(SNR/10)).
        let bandPower = pow(10, 1.5) * 2 * (pow(2, -0.5) - 0.5)
        let expected = (2 * bandPower).squareRoot()
        let quietRow = try #require(quiet.events.first)
        let loudRow = try #require(loud.events.first)
        #expect(quietRow.amplitude >= 0.8 * expected && quietRow.amplitude <= 1.2 * expected)
        #expect(isClose(loudRow.amplitude / quietRow.amplitude, 10, relative: 1e-9))
    }

    @Test("gamma-bursts: bursts avoid the line frequency; 50 Hz line noise is present")
    func gamma() throws {
        let result = try Scenario.gammaBursts.synthesize(
            Self.parameters(duration: 60, channels: ["Cz", "C3", "C4", "Pz", "Fz"]))
        #expect(!result.events.isEmpty)
        for event in result.events {
            #expect(event.rhythm == "gamma")
            #expect((30...80).contains(event.frequency))
            #expect(abs(event.frequency - 50) >= 3)
        }
        let cz = try #require(result.recording.signal(named: "Cz"))
        let psd = try SynthesisCheck.welch(cz.samples, sampleRate: 256, segmentCount: 512)
        let at50 = psd.power[100]
        let nearby = (psd.power[90] + psd.power[110]) / 2
        // Line noise (5 uV × 0.5–1.5) gives ≥ 4 uV²/Hz at 50 Hz; the background there is
        // 0.09 uV²/Hz, plus gamma bursts at 45 and 55 Hz.
        #expect(at50 > 20 * nearby)
        #expect(at50 > 40 * pow(10.0 / 50, 1.5))
        #expect(throws: DSPError.self) {
            try Scenario.gammaBursts.synthesize(Self.parameters(duration: 10, sampleRate: 128))
        }
    }

    @Test("ketamine: ~3 Hz episodes only after the infusion, on the posterior midline")
    func ketamineEpisodes() throws {
        let result = try Scenario.ketamine.synthesize(Self.parameters(duration: 100))
        let onset = 40.0
        #expect(!result.events.isEmpty)
        let channels = Set(result.events.map(\.channel))
        #expect(channels == ["Pz", "POz", "CPz", "Oz"])
        for event in result.events {
            #expect(event.onset >= onset)
            #expect(event.rhythm == "delta3")
        }
        let descriptions = result.recording.annotations.map(\.description)
        #expect(descriptions.contains("baseline"))
        #expect(descriptions.contains("ketamine infusion"))
        #expect(descriptions.contains("gamma +3.0 dB (30-80 Hz, all channels)"))
        #expect(descriptions.contains("alpha -1.5 dB (8-13 Hz, posterior)"))
        let infusion = try #require(
            result.recording.annotations.first { $0.description == "ketamine infusion" })
        #expect(infusion.onset == onset && infusion.duration == 60)
    }

    @Test("ketamine: 30–80 Hz power rises by the gain; alpha falls on posterior channels")
    func ketaminePower() throws {
        var parameters = Self.parameters(duration: 300, channels: ["Fz", "Oz"])
        parameters.gammaGain = 3
        parameters.alphaChange = -2
        let result = try Scenario.ketamine.synthesize(parameters)
        let rate = 256.0
        func bandPower(_ signal: Signal, from start: Double, to end: Double,
                       _ low: Double, _ high: Double) throws -> Double {
            let slice = signal.slice(from: start, to: end).samples
            let psd = try SynthesisCheck.welch(slice, sampleRate: rate, segmentCount: 512)
            return SynthesisCheck.bandPower(
                frequencies: psd.frequencies, power: psd.power, low: low, high: high)
        }
        let fz = try #require(result.recording.signal(named: "Fz"))
        let gammaRise = 10 * log10(
            try bandPower(fz, from: 140, to: 300, 30, 80)
                / bandPower(fz, from: 0, to: 120, 30, 80))
        // ~480 segments per period over 100 bins: the band power's error is ~1 %, 0.05 dB.
        #expect(abs(gammaRise - 3) < 0.3, "gamma change \(gammaRise) dB")
        let oz = try #require(result.recording.signal(named: "Oz"))
        let alphaChange = 10 * log10(
            try bandPower(oz, from: 140, to: 300, 8, 12)
                / bandPower(oz, from: 0, to: 120, 8, 12))
        // The slow log-normal amplitude modulation makes alpha power vary by ~±1 dB between
        // two-minute windows; the sign and rough size are what can be checked.
        #expect(alphaChange < -0.5 && alphaChange > -4, "alpha change \(alphaChange) dB")
    }

    @Test("same parameters, same recording; a new seed changes it; channels are independent")
    func reproducible() throws {
        let first = try Scenario.ketamine.synthesize(Self.parameters(duration: 20))
        let second = try Scenario.ketamine.synthesize(Self.parameters(duration: 20))
        #expect(first == second)
        let other = try Scenario.ketamine.synthesize(Self.parameters(duration: 20, seed: 2))
        #expect(first.recording.signals[0] != other.recording.signals[0])
        // Adding channels does not change the background of the others.
        let few = try Scenario.aperiodic.synthesize(
            Self.parameters(duration: 10, channels: ["Pz", "Oz"]))
        let more = try Scenario.aperiodic.synthesize(
            Self.parameters(duration: 10, channels: ["Fz", "Pz", "Oz"]))
        #expect(few.recording.signal(named: "Oz") == more.recording.signal(named: "Oz"))
    }

    @Test("artifacts add muscle episodes and line noise", arguments: Scenario.allCases)
    func artifacts(scenario: Scenario) throws {
        var parameters = Self.parameters(duration: 90, channels: ["T7", "Cz", "Pz", "T8"])
        parameters.artifacts = true
        let result = try scenario.synthesize(parameters)
        let descriptions = result.recording.annotations.map(\.description)
        #expect(descriptions.contains { $0.hasPrefix("muscle artifact: T7") })
        #expect(descriptions.contains("line noise 50 Hz"))
    }

    @Test("names, summaries and defaults")
    func catalogue() throws {
        #expect(Scenario.allCases.map(\.name)
                == ["aperiodic", "delta3-bursts", "gamma-bursts", "ketamine",
                    "ketamine-headmodel", "dipole"])
        #expect(try Scenario(named: "ketamine") == .ketamine)
        for scenario in Scenario.allCases {
            #expect(!scenario.summary.isEmpty && !scenario.summary.contains("\n"))
        }
        #expect(Scenario.ketamine.summary.contains("Vesuna 2020"))
        #expect(Scenario.ketamine.defaultDuration == 300)
        #expect(Scenario.delta3Bursts.defaultDuration == 120)
    }

    @Test("bad names and parameters throw")
    func errors() {
        #expect(throws: DSPError.self) { try Scenario(named: "propofol") }
        #expect(throws: DSPError.self) {
            try Scenario.aperiodic.synthesize(Self.parameters(duration: 10, channels: ["Pz", "X1"]))
        }
        var parameters = Self.parameters(duration: 10)
        parameters.exponent = 9
        #expect(throws: DSPError.self) { try Scenario.aperiodic.synthesize(parameters) }
        parameters = Self.parameters(duration: 10)
        parameters.snr = .nan
        #expect(throws: DSPError.self) { try Scenario.delta3Bursts.synthesize(parameters) }
        parameters = Self.parameters(duration: 10)
        parameters.infusionOnset = 20
        #expect(throws: DSPError.self) { try Scenario.ketamine.synthesize(parameters) }
        parameters = Self.parameters(duration: 100_000, sampleRate: 1000)
        #expect(throws: DSPError.self) { try Scenario.aperiodic.synthesize(parameters) }
        parameters = Self.parameters(duration: 10, sampleRate: 10)
        #expect(throws: DSPError.self) { try Scenario.aperiodic.synthesize(parameters) }
    }
}
