import EEGCore
import EEGFFT

/// The one segment → detrend → taper → FFT → |X|² core that every spectral estimator shares.
///
/// An engine owns one cached ``RealFFT`` plan and two ``AlignedBuffer``s sized once, so
/// transforming a segment allocates nothing. Estimators differ only in which segments they
/// feed, which tapers they apply and how they combine and scale the squared magnitudes.
///
/// Not thread-safe (the buffers are reused); each estimator call makes its own engine, and the
/// FFT plan itself is shared process-wide.
final class SpectralEngine {
    /// Samples per segment (before zero-padding).
    let segmentLength: Int
    /// FFT length ≥ `segmentLength`.
    let fftLength: Int
    /// One-sided bins, `fftLength / 2 + 1`.
    let binCount: Int
    let detrend: Detrend
    private let fft: RealFFT
    private let input: AlignedBuffer
    private let output: AlignedBuffer

    init(segmentLength: Int, fftLength: Int, detrend: Detrend) throws {
        precondition(segmentLength >= 1 && fftLength >= segmentLength, "bad engine sizes")
        self.segmentLength = segmentLength
        self.fftLength = fftLength
        self.binCount = fftLength / 2 + 1
        self.detrend = detrend
        self.fft = try RealFFT(count: fftLength)
        self.input = AlignedBuffer(count: fftLength)
        self.output = AlignedBuffer(count: 2 * binCount)
    }

    /// Transforms one segment: detrend, multiply by `taper`, zero-pad, FFT — one pass
    /// from `segment` into the aligned input buffer.
    func transform(_ segment: UnsafePointer<Double>, taper: UnsafePointer<Double>) {
        let count = segmentLength
        input.withUnsafeMutableBufferPointer { buffer in
            let data = buffer.baseAddress!
            switch detrend {
            case .none:
                for index in 0..<count { data[index] = segment[index] * taper[index] }
            case .constant:
                let mean = Self.mean(segment, count: count)
                for index in 0..<count { data[index] = (segment[index] - mean) * taper[index] }
            case .linear:
                let (mean, slope) = Self.line(segment, count: count)
                let center = Double(count - 1) / 2
                for index in 0..<count {
                    let trend = mean + slope * (Double(index) - center)
                    data[index] = (segment[index] - trend) * taper[index]
                }
            }
            if fftLength > count {
                (data + count).update(repeating: 0, count: fftLength - count)
            }
        }
        fft.forward(input: input, output: output)
    }

    /// Adds `scale · |X_k|²` to `destination[k]` for every bin, doubling interior bins (all but
    /// DC and, for an even FFT length, Nyquist) when `oneSided` — the one-sided convention of
    /// SciPy and MNE alike.
    func addPower(to destination: UnsafeMutablePointer<Double>, scale: Double, oneSided: Bool) {
        let binCount = self.binCount
        let lastInterior = fftLength % 2 == 0 ? binCount - 1 : binCount
        // The edge bins apart, so the interior loop has no branch and vectorizes; the factors
        // are rounded as `doubling * scale` was, so the sums are bit-for-bit unchanged.
        let edge = 1.0 * scale
        let interior = (oneSided ? 2.0 : 1.0) * scale
        output.withUnsafeBufferPointer { buffer in
            let bins = buffer.baseAddress!
            destination[0] += edge * (bins[0] * bins[0] + bins[1] * bins[1])
            if lastInterior > 1 {
                for bin in 1..<lastInterior {
                    let re = bins[2 * bin]
                    let im = bins[2 * bin + 1]
                    destination[bin] += interior * (re * re + im * im)
                }
            }
            for bin in max(1, lastInterior)..<binCount {
                let re = bins[2 * bin]
                let im = bins[2 * bin + 1]
                destination[bin] += edge * (re * re + im * im)
            }
        }
    }

    /// Writes (rather than adds) the scaled squared magnitudes; see
    /// ``addPower(to:scale:oneSided:)``.
    func writePower(to destination: UnsafeMutablePointer<Double>, scale: Double, oneSided: Bool) {
        destination.update(repeating: 0, count: binCount)
        addPower(to: destination, scale: scale, oneSided: oneSided)
    }

    /// The bin frequencies `k · sampleRate / fftLength` in Hz (`numpy.fft.rfftfreq`).
    func frequencies(sampleRate: Hertz) -> [Hertz] {
        let spacing = 1 / (Double(fftLength) / sampleRate)
        return (0..<binCount).map { Double($0) * spacing }
    }

    /// Σ values, with four partial sums so the loop is not bound by addition latency.
    /// The mean, computed about the first value (x₀ + Σ(x − x₀)/n): a constant segment (a flat
    /// or disconnected channel) gets exactly its value, so its detrended PSD is exactly 0
    /// rather than rounding residue (~1e-64) whose band shares looked like real relative power.
    static func mean(_ values: UnsafePointer<Double>, count: Int) -> Double {
        let reference = values[0]
        var partial = (0.0, 0.0, 0.0, 0.0)
        var index = 0
        while index + 4 <= count {
            partial.0 += values[index] - reference
            partial.1 += values[index + 1] - reference
            partial.2 += values[index + 2] - reference
            partial.3 += values[index + 3] - reference
            index += 4
        }
        var total = (partial.0 + partial.1) + (partial.2 + partial.3)
        while index < count {
            total += values[index] - reference
            index += 1
        }
        return reference + total / Double(count)
    }

    static func sum(_ values: UnsafePointer<Double>, count: Int) -> Double {
        var partial = (0.0, 0.0, 0.0, 0.0)
        var index = 0
        while index + 4 <= count {
            partial.0 += values[index]
            partial.1 += values[index + 1]
            partial.2 += values[index + 2]
            partial.3 += values[index + 3]
            index += 4
        }
        var total = (partial.0 + partial.1) + (partial.2 + partial.3)
        while index < count {
            total += values[index]
            index += 1
        }
        return total
    }

    /// The least-squares line through (n, x[n]) as (mean, slope) about the centre
    /// (count − 1)/2; centred abscissae keep the normal equations well conditioned.
    static func line(_ values: UnsafePointer<Double>, count: Int) -> (Double, Double) {
        let mean = sum(values, count: count) / Double(count)
        guard count > 1 else { return (mean, 0) }
        let center = Double(count - 1) / 2
        var covariance = 0.0
        for index in 0..<count {
            covariance += (Double(index) - center) * (values[index] - mean)
        }
        // Σ (n − c)² = count (count² − 1) / 12.
        let spread = Double(count) * (Double(count) * Double(count) - 1) / 12
        return (mean, covariance / spread)
    }
}

// MARK: - Input checks shared by the estimators

extension Signal {
    /// Throws unless the signal has samples and all of them are finite.
    func requireSpectralInput() throws {
        guard !samples.isEmpty else {
            throw DSPError.emptyInput(what: label.isEmpty ? "signal" : "channel \(label)")
        }
        if let index = firstNonFiniteIndex {
            throw DSPError.nonFiniteInput(label: label, index: index)
        }
    }
}

/// ⌊overlap × length⌋ overlapping samples; throws unless overlap ∈ [0, 1).
func overlapSampleCount(_ overlap: Double, segmentLength: Int) throws -> Int {
    guard overlap.isFinite, overlap >= 0, overlap < 1 else {
        throw DSPError.invalidParameter(
            name: "overlap", value: "\(overlap)", expected: "a fraction in [0, 1)")
    }
    return min(Int((overlap * Double(segmentLength)).rounded(.down)), segmentLength - 1)
}

/// The FFT length: `requested` (≥ segment length) or the segment length.
func resolvedFFTLength(_ requested: Int?, segmentLength: Int) throws -> Int {
    guard let requested else { return segmentLength }
    guard requested >= segmentLength, requested <= Int(Int32.max) else {
        throw DSPError.invalidParameter(
            name: "FFT length", value: "\(requested)",
            expected: "at least the segment length \(segmentLength)")
    }
    return requested
}

/// The density or spectrum scale factor for a taper (SciPy's convention):
/// 1 / (sampleRate · Σw²) for density, 1 / (Σw)² for spectrum.
func spectralScale(taper: [Double], sampleRate: Hertz, scaling: PSDScaling) -> Double {
    let energy = WindowEnergy(taper)
    switch scaling {
    case .density: return 1 / (sampleRate * energy.sumOfSquares)
    case .spectrum: return 1 / (energy.sum * energy.sum)
    }
}
