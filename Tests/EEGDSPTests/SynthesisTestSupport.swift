import EEGCore
import EEGFFT
import Foundation

/// Small reference estimators for the synthesis tests (kept here so that the tests do not
/// depend on the spectral estimators they are meant to check).
enum SynthesisCheck {
    /// One-sided Welch PSD (periodic Hann, 50 % overlap, constant detrend, mean), density
    /// scaling as `scipy.signal.welch`.
    static func welch(_ samples: [Double], sampleRate: Hertz, segmentCount: Int)
        throws -> (frequencies: [Hertz], power: [Double])
    {
        let fft = try RealFFT(count: segmentCount)
        let window = (0..<segmentCount).map {
            0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(segmentCount))
        }
        let windowEnergy = window.reduce(0) { $0 + $1 * $1 }
        var power = [Double](repeating: 0, count: fft.spectrumCount)
        var segments = 0
        var start = 0
        while start + segmentCount <= samples.count {
            let segment = Array(samples[start..<(start + segmentCount)])
            let mean = segment.reduce(0, +) / Double(segmentCount)
            let tapered = zip(segment, window).map { ($0 - mean) * $1 }
            for (bin, value) in fft.forward(tapered).enumerated() {
                power[bin] += value.squaredMagnitude
            }
            segments += 1
            start += segmentCount / 2
        }
        let scale = 1 / (sampleRate * windowEnergy * Double(max(segments, 1)))
        for bin in power.indices {
            let isEdge = bin == 0 || (segmentCount % 2 == 0 && bin == power.count - 1)
            power[bin] *= scale * (isEdge ? 1 : 2)
        }
        let frequencies = power.indices.map { Double($0) * sampleRate / Double(segmentCount) }
        return (frequencies, power)
    }

    /// One-sided boxcar periodogram (density scaling).
    static func periodogram(_ samples: [Double], sampleRate: Hertz)
        throws -> (frequencies: [Hertz], power: [Double])
    {
        let segmentCount = samples.count
        let fft = try RealFFT(count: segmentCount)
        let coefficients = fft.forward(samples)
        let power = coefficients.enumerated().map { bin, value in
            let isEdge = bin == 0 || (segmentCount % 2 == 0 && bin == coefficients.count - 1)
            return value.squaredMagnitude / (sampleRate * Double(segmentCount)) * (isEdge ? 1 : 2)
        }
        return (power.indices.map { Double($0) * sampleRate / Double(segmentCount) }, power)
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
