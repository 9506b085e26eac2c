import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

@Suite("Line-noise detection")
struct LineNoiseDetectorTests {
    static func signal(mains: Double?, amplitude: Double = 0.5, rate: Double) throws -> Signal {
        let count = Int(rate * 20)
        var samples = try testPinkNoise(count: count, seed: 7)
        if let mains {
            for index in samples.indices {
                samples[index] += amplitude * sin(2 * Double.pi * mains * Double(index) / rate)
            }
        }
        return try Signal(samples: samples, sampleRate: rate, label: "Cz")
    }

    @Test("finds 50 or 60 Hz hum in pink noise", arguments: [50.0, 60.0])
    func detects(mains: Double) throws {
        let detector = LineNoiseDetector()
        let noisy = try Self.signal(mains: mains, rate: 256)
        #expect(try detector.lineFrequency(in: noisy) == mains)
        #expect(try detector.prominence(of: mains, in: noisy) > 15)
        let recording = Recording(signals: [noisy, noisy, try Self.signal(mains: nil, rate: 256)])
        #expect(try detector.lineFrequency(in: recording) == mains)
    }

    @Test("returns nil when neither frequency stands out", arguments: [123.0, 256.0, 500.0])
    func clean(rate: Double) throws {
        let detector = LineNoiseDetector()
        let quiet = try Self.signal(mains: nil, rate: rate)
        #expect(try detector.lineFrequency(in: quiet) == nil)
        // 20 s of pink noise: the prominence estimate scatters by about ±1 dB.
        #expect(abs(try detector.prominence(of: 50, in: quiet)) < 3)
    }

    @Test("60 Hz is skipped below a 130 Hz sample rate; 50 Hz still found at 123 Hz")
    func lowRate() throws {
        let detector = LineNoiseDetector()
        #expect(try detector.lineFrequency(in: try Self.signal(mains: 50, rate: 123)) == 50)
        #expect(throws: DSPError.self) {
            try detector.prominence(of: 60, in: try Self.signal(mains: nil, rate: 123))
        }
    }

    @Test("short or non-finite input throws")
    func errors() throws {
        let short = try Signal(samples: Array(repeating: 0, count: 100), sampleRate: 256)
        #expect(throws: DSPError.self) { try LineNoiseDetector().lineFrequency(in: short) }
        let bad = try Signal(samples: [0, .nan] + Array(repeating: 0, count: 600), sampleRate: 256)
        #expect(throws: DSPError.self) { try LineNoiseDetector().lineFrequency(in: bad) }
    }
}
