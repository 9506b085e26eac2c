import EEGAnalysis
import EEGCore
import EEGDSP
import Foundation
import Testing

@Suite("Usable passbands: the low-pass search is bounded at any sampling rate")
struct ChannelScreeningTests {
    /// A 1/f spectrum on a 0.5 Hz grid up to `nyquist`, falling 120 dB/decade above `edge`.
    static func spectrum(nyquist: Hertz, edge: Hertz?) throws -> Spectrum {
        let frequencies = stride(from: 0.0, through: nyquist, by: 0.5).map { $0 }
        let power = frequencies.map { frequency -> Double in
            let background = 1 / max(frequency, 0.5)
            guard let edge, frequency > edge else { return background }
            return background * pow(edge / frequency, 12)
        }
        return try Spectrum(frequencies: frequencies, power: power, label: "Cz", unit: "uV")
    }

    @Test("100 kHz: 100,001 bins are searched in well under a second (minutes before the cap)")
    func highRateIsFast() throws {
        let signal = try Signal(samples: [0], sampleRate: 100_000, label: "Cz", unit: "uV")
        let spectrum = try Self.spectrum(nyquist: 50_000, edge: nil)
        let start = Date()
        let result = PassbandPolicy().usablePassbands(for: [signal], spectra: [spectrum])
        // Debug builds on a loaded 2-core machine: generous, but far below the uncapped cost.
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(result.passbands.count == 1)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
    }

    @Test("an undeclared low-pass below the ceiling is still found at a high rate")
    func edgeBelowCeilingFound() throws {
        let signal = try Signal(samples: [0], sampleRate: 10_000, label: "Cz", unit: "uV")
        let spectrum = try Self.spectrum(nyquist: 5_000, edge: 300)
        let result = PassbandPolicy().usablePassbands(for: [signal], spectra: [spectrum])
        let high = try #require(result.passbands.first?.high)
        #expect(high > 280 && high < 345, "\(high) Hz")
        #expect(result.warnings.count == 1)
    }
}
