import EEGCore
import EEGDSP
import Foundation

/// Spectral helpers for the synthesis tests: the library's estimators (which have their own
/// SciPy fixtures) plus a log-log line fit.
enum SynthesisCheck {
    /// One-sided Welch PSD (periodic Hann, 50 % overlap, constant detrend, mean; density), as
    /// `scipy.signal.welch(nperseg=segmentCount)`.
    static func welch(_ samples: [Double], sampleRate: Hertz, segmentCount: Int)
        throws -> (frequencies: [Hertz], power: [Double])
    {
        let spectrum = try Signal(samples: samples, sampleRate: sampleRate)
            .powerSpectrum(method: .welch(WelchOptions(segment: .sampleCount(segmentCount))))
        return (spectrum.frequencies, spectrum.power)
    }

    /// One-sided boxcar periodogram (density scaling), as `scipy.signal.periodogram`.
    static func periodogram(_ samples: [Double], sampleRate: Hertz)
        throws -> (frequencies: [Hertz], power: [Double])
    {
        let spectrum = try Signal(samples: samples, sampleRate: sampleRate)
            .powerSpectrum(method: .periodogram())
        return (spectrum.frequencies, spectrum.power)
    }

    /// Least-squares slope and intercept of log10(power) against log10(frequency) over
    /// `[low, high]` Hz; the aperiodic exponent is minus the slope.
    static func logLogSlope(
        frequencies: [Hertz], power: [Double], low: Hertz, high: Hertz
    ) -> (slope: Double, intercept: Double) {
        var xs: [Double] = []
        var ys: [Double] = []
        for (frequency, value) in zip(frequencies, power)
        where frequency >= low && frequency <= high && value > 0 {
            xs.append(log10(frequency))
            ys.append(log10(value))
        }
        let n = Double(xs.count)
        let meanX = xs.reduce(0, +) / n
        let meanY = ys.reduce(0, +) / n
        var covariance = 0.0
        var variance = 0.0
        for (x, y) in zip(xs, ys) {
            covariance += (x - meanX) * (y - meanY)
            variance += (x - meanX) * (x - meanX)
        }
        let slope = covariance / variance
        return (slope, meanY - slope * meanX)
    }

    /// Mean PSD over the bins in `[low, high]` times the band width: band power in unit².
    static func bandPower(
        frequencies: [Hertz], power: [Double], low: Hertz, high: Hertz
    ) -> Double {
        let resolution = frequencies[1] - frequencies[0]
        var sum = 0.0
        for (frequency, value) in zip(frequencies, power)
        where frequency >= low && frequency < high {
            sum += value * resolution
        }
        return sum
    }

    static func rms(_ samples: [Double]) -> Double {
        (samples.reduce(0) { $0 + $1 * $1 } / Double(samples.count)).squareRoot()
    }
}
