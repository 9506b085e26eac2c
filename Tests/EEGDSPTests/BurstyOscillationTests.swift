import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Bursty oscillations and artifacts")
struct BurstyOscillationTests {
    static let rates: [Double] = [123, 250, 256]

    @Test("truth episodes are exactly where the envelope is non-zero", arguments: rates)
    func episodesMatchEnvelope(sampleRate: Double) throws {
        var generator = SeededGenerator(seed: 4)
        let settings = BurstSettings(frequencyRanges: [2.5...3.5], amplitude: 20)
        let component = try Signal.burstyOscillation(
            settings: settings, duration: 120, sampleRate: sampleRate, using: &generator)
        #expect(component.episodes.count >= 5)
        var inEpisode = [Bool](repeating: false, count: component.signal.count)
        for episode in component.episodes {
            for index in episode.burst.range { inEpisode[index] = true }
        }
        for index in inEpisode.indices {
            #expect(inEpisode[index] == (component.envelope[index] != 0), "sample \(index)")
            if !inEpisode[index] { #expect(component.signal.samples[index] == 0) }
        }
        for pair in zip(component.episodes, component.episodes.dropFirst()) {
            #expect(pair.0.burst.range.upperBound <= pair.1.burst.range.lowerBound)
        }
    }

    @Test("each burst has its drawn frequency, cycle count and amplitude",
          arguments: [250.0, 256.0, 501.0])
    func burstProperties(sampleRate: Double) throws {
        var generator = SeededGenerator(seed: 8)
        let settings = BurstSettings(
            frequencyRanges: [30...45, 55...80], amplitude: 5, amplitudeJitter: 0.2,
            burstProbability: 0.02, cycleCount: 6...15, taperFraction: 0.1)
        let component = try Signal.burstyOscillation(
            settings: settings, duration: 60, sampleRate: sampleRate, using: &generator)
        #expect(!component.episodes.isEmpty)
        for episode in component.episodes {
            let frequency = episode.frequency
            let inRange = (30...45).contains(frequency) || (55...80).contains(frequency)
            #expect(inRange)
            let cycles = episode.duration * episode.frequency
            // Lengths are rounded to whole samples: at most half a sample of a cycle off.
            #expect(cycles >= 6 - 0.5 * episode.frequency / sampleRate - 1e-9)
            #expect(cycles <= 15 + 0.5 * episode.frequency / sampleRate + 1e-9)
            #expect(episode.amplitude >= 4 && episode.amplitude <= 6)
            let peak = episode.burst.range.map { abs(component.signal.samples[$0]) }.max() ?? 0
            #expect(peak <= episode.amplitude + 1e-12)
        }
    }

    @Test("cycle-to-cycle frequency jitter varies the period; the mean frequency is reported",
          arguments: rates)
    func cycleJitter(sampleRate: Double) throws {
        var generator = SeededGenerator(seed: 12)
        let settings = BurstSettings(
            frequencyRanges: [5...7], amplitude: 1, burstProbability: 0.2, cycleCount: 8...12,
            taperFraction: 0, cycleFrequencyJitter: 0.2)
        let component = try Signal.burstyOscillation(
            settings: settings, duration: 60, sampleRate: sampleRate, using: &generator)
        var periods: [Double] = []
        for episode in component.episodes {
            // The mean frequency is cycles / duration with a whole number of cycles.
            let cycles = episode.frequency * episode.duration
            #expect(abs(cycles - cycles.rounded()) < 1e-9)
            #expect((5...7).contains(episode.frequency))
            let samples = episode.burst.range.map { component.signal.samples[$0] }
            var crossings: [Double] = []
            for index in 1..<samples.count where samples[index - 1] < 0 && samples[index] >= 0 {
                crossings.append(Double(index))
            }
            #expect(abs(Double(crossings.count) - cycles) <= 1)
            for pair in zip(crossings, crossings.dropFirst()) {
                periods.append((pair.1 - pair.0) / sampleRate)
            }
        }
        let mean = periods.reduce(0, +) / Double(periods.count)
        let spread = (periods.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            / Double(periods.count)).squareRoot()
        // ±20 % uniform jitter spreads the periods by ~10 %, far above one-sample rounding.
        #expect(spread / mean > 0.05, "period spread \(spread / mean)")
        #expect(mean > 1 / 7.5 && mean < 1 / 4.5)
    }

    @Test("events carry the channel, rhythm and weighted amplitude")
    func events() throws {
        var generator = SeededGenerator(seed: 1)
        let component = try Signal.burstyOscillation(
            settings: BurstSettings(frequencyRanges: [3...3], amplitude: 10),
            duration: 60, sampleRate: 100, using: &generator)
        let events = component.events(channel: "Pz", rhythm: "delta3", weight: 0.5)
        #expect(events.count == component.episodes.count)
        for (event, episode) in zip(events, component.episodes) {
            #expect(event.channel == "Pz" && event.rhythm == "delta3")
            #expect(event.frequency == 3)
            #expect(event.amplitude == episode.amplitude * 0.5)
            #expect(event.onset == Double(episode.burst.range.lowerBound) / 100)
        }
    }

    @Test("line noise has its fundamental and harmonics below Nyquist only")
    func lineNoise() throws {
        let mains = try Signal.lineNoise(
            frequency: 60, duration: 10, sampleRate: 250, amplitude: 2,
            harmonicAmplitudes: [0.5, 0.25])
        let psd = try SynthesisCheck.periodogram(mains.samples, sampleRate: 250)
        func power(at frequency: Double) -> Double {
            psd.power[Int((frequency * 10).rounded())] * psd.frequencies[1]
        }
        // A sinusoid of amplitude A on an exact bin has power A²/2.
        #expect(isClose(power(at: 60), 2, relative: 1e-9))
        #expect(isClose(power(at: 120), 0.5, relative: 1e-9))
        // 180 Hz is above Nyquist (125 Hz): left out, so no alias at 70 Hz.
        #expect(power(at: 70) < 1e-12)
    }

    @Test("muscle artifacts: episodes match the envelope and power lies in 20–115 Hz")
    func muscle() throws {
        var generator = SeededGenerator(seed: 6)
        let muscle = try Signal.muscleArtifacts(
            duration: 120, sampleRate: 256, rms: 10, episodeRate: 0.1, using: &generator)
        #expect(!muscle.episodes.isEmpty)
        var inEpisode = [Bool](repeating: false, count: muscle.signal.count)
        for episode in muscle.episodes {
            for index in episode.burst.range { inEpisode[index] = true }
            let center: Double = (20 + 0.45 * 256) / 2
            #expect(episode.frequency == center)
        }
        for index in inEpisode.indices where !inEpisode[index] {
            #expect(muscle.signal.samples[index] == 0)
        }
        let psd = try SynthesisCheck.welch(
            muscle.signal.samples, sampleRate: 256, segmentCount: 256)
        let inside = SynthesisCheck.bandPower(
            frequencies: psd.frequencies, power: psd.power, low: 18, high: 118)
        let total = SynthesisCheck.bandPower(
            frequencies: psd.frequencies, power: psd.power, low: 0, high: 129)
        // The envelope spreads a little power past the band edges (Hann leakage too).
        #expect(inside / total > 0.97)
    }

    @Test("drift keeps its power below the cutoff and adds the trend")
    func drift() throws {
        var generator = SeededGenerator(seed: 2)
        let drift = try Signal.drift(
            duration: 100, sampleRate: 50, rms: 10, maximumFrequency: 0.1, slope: 0.5,
            using: &generator)
        // Remove the known trend; the rest has RMS 10 and only bins ≤ 0.1 Hz.
        let detrended = drift.samples.enumerated().map { $0.element - 0.5 * Double($0.offset) / 50 }
        #expect(isClose(SynthesisCheck.rms(detrended), 10, relative: 1e-9))
        let psd = try SynthesisCheck.periodogram(detrended, sampleRate: 50)
        let above = SynthesisCheck.bandPower(
            frequencies: psd.frequencies, power: psd.power, low: 0.105, high: 25.1)
        #expect(above < 1e-18 * 100)
    }

    @Test("bad burst settings throw")
    func errors() throws {
        var generator = SeededGenerator(seed: 1)
        let bad: [BurstSettings] = [
            BurstSettings(frequencyRanges: []),
            BurstSettings(frequencyRanges: [0...3]),
            BurstSettings(frequencyRanges: [3...60]),
            BurstSettings(frequencyRanges: [3...4], amplitude: -1),
            BurstSettings(frequencyRanges: [3...4], amplitudeJitter: 1),
            BurstSettings(frequencyRanges: [3...4], burstProbability: 0),
            BurstSettings(frequencyRanges: [3...4], cycleCount: 0...3),
            BurstSettings(frequencyRanges: [3...4], minimumGapCycles: -1),
            BurstSettings(frequencyRanges: [3...4], taperFraction: 0.6),
            BurstSettings(frequencyRanges: [3...4], shape: .asymmetric(riseFraction: 0)),
            BurstSettings(frequencyRanges: [3...4], cycleFrequencyJitter: 0.5),
        ]
        for settings in bad {
            #expect(throws: DSPError.self) {
                try Signal.burstyOscillation(
                    settings: settings, duration: 10, sampleRate: 100, using: &generator)
            }
        }
        #expect(throws: DSPError.self) {
            try Signal.lineNoise(frequency: 50, duration: 1, sampleRate: 100)
        }
        #expect(throws: DSPError.self) {
            try Signal.lineNoise(duration: 1, sampleRate: 200, harmonicAmplitudes: [-1])
        }
        #expect(throws: DSPError.self) {
            try Signal.muscleArtifacts(duration: 10, sampleRate: 40, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.muscleArtifacts(
                duration: 10, sampleRate: 256, episodeRate: 0, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.drift(duration: 10, sampleRate: 100, maximumFrequency: 0, using: &generator)
        }
        #expect(throws: DSPError.self) {
            try Signal.drift(duration: 0.01, sampleRate: 100, using: &generator)
        }
    }
}
