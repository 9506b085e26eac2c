import EEGCore
import EEGFFT
import Foundation

/// Band-limited analytic signals of several sub-bands from one forward FFT per block.
///
/// Equivalent to notching (forward-backward), band-passing each sub-band forward-backward
/// (`scipy.signal.sosfiltfilt`) and taking `scipy.signal.hilbert` of the result, but computed
/// in the frequency domain: each block's spectrum is multiplied by the sub-band's zero-phase
/// response `|H_band(f)|² · Π|H_notch(f)|²` and by the analytic mask (positive frequencies
/// doubled, negative ones zeroed), then one inverse complex FFT gives the block's analytic
/// signal `z`, whose real part is the band-passed signal and whose modulus is the envelope.
/// The forward FFTs are shared by every sub-band, so nine sub-bands cost one forward and nine
/// inverse transforms per block instead of nine IIR passes pairs plus nine whole-signal
/// Hilbert transforms.
///
/// Blocks overlap by a margin on each side at least as long as the filters' effective impulse
/// response (the smallest length outside of which the complex impulse response of
/// response × mask carries at most ``tailFraction`` of its absolute sum), so the kept middle of
/// every block equals the linear convolution up to that fraction (overlap-save). The signal is
/// extended at both ends by point reflection about its end samples (as `sosfiltfilt`'s
/// `padtype='odd'`), so values within a margin of the ends differ from `sosfiltfilt` +
/// `hilbert` (whose edge handling differs again); the detector blanks those edges.
///
/// Away from the ends the results equal the IIR path to about 1e-7 of the envelope's scale
/// (tested in `SubbandFilterBankTests`).
final class SubbandFilterBank {
    /// The largest fraction of the impulse response's absolute sum left outside the margin.
    static let tailFraction = 1e-10
    /// The smallest block (FFT) length in samples.
    static let minimumBlockCount = 4096
    /// The largest probe length tried when measuring the impulse response (2^22 samples).
    static let maximumProbeCount = 1 << 22

    /// The sample rate in Hz.
    let sampleRate: Hertz
    /// The FFT length of one block, in samples.
    let blockCount: Int
    /// Samples discarded at each side of a block, in samples.
    let marginCount: Int
    /// Per sub-band: the first bin with a non-negligible gain and the gains from there on
    /// (mask × zero-phase response, including the notches).
    private let gains: [(firstBin: Int, values: [Double])]

    /// The number of sub-bands.
    var subbandCount: Int { gains.count }

    /// The forward spectra of the blocks of one signal, ready for ``analytic(_:subband:)``.
    struct BlockSpectra {
        /// The number of samples of the signal.
        let sampleCount: Int
        /// Interleaved complex bins 0…blockCount/2 of every block, block after block.
        let bins: [Double]
    }

    /// Prepares the bank.
    ///
    /// - Parameters:
    ///   - filters: One band-pass cascade per sub-band, applied forward and backward.
    ///   - notches: Notch cascades applied forward and backward before every band-pass.
    ///   - sampleRate: The rate in Hz of the signals to analyse.
    ///   - sampleCount: The length of the signals to come (caps the block length), in samples.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when an impulse response
    ///   does not decay within ``maximumProbeCount`` samples; FFT plan errors.
    init(
        filters: [SecondOrderSections], notches: [SecondOrderSections], sampleRate: Hertz,
        sampleCount: Int
    ) throws {
        self.sampleRate = sampleRate
        var margin = 1
        for filter in filters {
            margin = max(margin, try Self.effectiveLength(of: [filter] + notches, sampleRate: sampleRate))
        }
        marginCount = margin
        var block = Self.minimumBlockCount
        while block < 8 * margin { block *= 2 }
        // One block covers a short signal whole: no need for a longer transform.
        var whole = Self.minimumBlockCount
        while whole < sampleCount + 2 * margin { whole *= 2 }
        blockCount = min(block, whole)
        gains = filters.map {
            Self.gains(of: [$0] + notches, sampleRate: sampleRate, count: min(block, whole))
        }
    }

    // MARK: - Analysis

    /// The forward FFTs of the overlapping blocks of `samples` (extended at both ends by
    /// point reflection).
    func spectra(of samples: [Double]) throws -> BlockSpectra {
        let fft = try RealFFT(count: blockCount)
        let input = AlignedBuffer(count: blockCount)
        let output = AlignedBuffer(count: 2 * fft.spectrumCount)
        let stride = blockCount - 2 * marginCount
        let blocks = (samples.count + stride - 1) / stride
        var bins = [Double]()
        bins.reserveCapacity(blocks * 2 * fft.spectrumCount)
        let count = samples.count
        samples.withUnsafeBufferPointer { source in
            for block in 0..<blocks {
                let start = block * stride - marginCount
                input.withUnsafeMutableBufferPointer { target in
                    for offset in 0..<blockCount {
                        target[offset] = Self.extended(source, count: count, at: start + offset)
                    }
                }
                fft.forward(input: input, output: output)
                output.withUnsafeBufferPointer { bins.append(contentsOf: $0) }
            }
        }
        return BlockSpectra(sampleCount: count, bins: bins)
    }

    /// The band-passed signal and its amplitude envelope for sub-band `index`, both
    /// `spectra.sampleCount` long, in the input's unit.
    func analytic(_ spectra: BlockSpectra, subband index: Int) throws
        -> (filtered: [Double], envelope: [Double])
    {
        let fft = try ComplexFFT(count: blockCount)
        let input = AlignedBuffer(count: 2 * blockCount)
        let output = AlignedBuffer(count: 2 * blockCount)
        let binCount = 2 * (blockCount / 2 + 1)
        let stride = blockCount - 2 * marginCount
        let count = spectra.sampleCount
        var filtered = [Double](repeating: 0, count: count)
        var envelope = [Double](repeating: 0, count: count)
        let (firstBin, values) = gains[index]
        var start = 0
        var block = 0
        while start < count {
            let kept = min(stride, count - start)
            input.zero()
            input.withUnsafeMutableBufferPointer { target in
                spectra.bins.withUnsafeBufferPointer { source in
                    let offset = block * binCount
                    for (step, gain) in values.enumerated() {
                        let bin = firstBin + step
                        target[2 * bin] = source[offset + 2 * bin] * gain
                        target[2 * bin + 1] = source[offset + 2 * bin + 1] * gain
                    }
                }
            }
            fft.inverse(input: input, output: output)
            output.withUnsafeBufferPointer { z in
                filtered.withUnsafeMutableBufferPointer { real in
                    envelope.withUnsafeMutableBufferPointer { amplitude in
                        for position in 0..<kept {
                            let (re, im) = (
                                z[2 * (marginCount + position)],
                                z[2 * (marginCount + position) + 1]
                            )
                            real[start + position] = re
                            amplitude[start + position] = (re * re + im * im).squareRoot()
                        }
                    }
                }
            }
            start += stride
            block += 1
        }
        return (filtered, envelope)
    }

    // MARK: - Design

    /// The signal at `index`, extended past both ends by point reflection about the end
    /// samples (`2·x[0] − x[−i]`, `2·x[n−1] − x[2n−2−i]`), and by zeros beyond one length.
    private static func extended(
        _ samples: UnsafeBufferPointer<Double>, count: Int, at index: Int
    ) -> Double {
        if index >= 0 && index < count { return samples[index] }
        if index < 0 {
            let mirror = -index
            return mirror < count ? 2 * samples[0] - samples[mirror] : 0
        }
        let mirror = 2 * (count - 1) - index
        return mirror >= 0 ? 2 * samples[count - 1] - samples[mirror] : 0
    }

    /// Mask × zero-phase response on the bins 0…count/2 of a `count`-point FFT, trimmed to the
    /// bins above `tailFraction` of the largest gain.
    private static func gains(
        of cascades: [SecondOrderSections], sampleRate: Hertz, count: Int
    ) -> (firstBin: Int, values: [Double]) {
        let half = count / 2
        var values = [Double](repeating: 0, count: half + 1)
        for bin in 0...half {
            let frequency = Double(bin) * sampleRate / Double(count)
            var response = 1.0
            for cascade in cascades {
                response *= cascade.powerResponse(at: frequency)
            }
            // Forward-backward multiplies the amplitude by one pass's power response |H|².
            let mask = bin == 0 || bin == half ? 1.0 : 2.0
            values[bin] = mask * response
        }
        let largest = values.max() ?? 0
        let floor = largest * tailFraction * 1e-3
        let first = values.firstIndex { $0 > floor } ?? 0
        let last = values.lastIndex { $0 > floor } ?? 0
        return (first, Array(values[first...max(first, last)]))
    }

    /// The margin in samples outside of which the complex impulse response of
    /// mask × |H|² of `cascades` carries at most ``tailFraction`` of its absolute sum.
    private static func effectiveLength(
        of cascades: [SecondOrderSections], sampleRate: Hertz
    ) throws -> Int {
        var probe = minimumBlockCount
        while probe <= maximumProbeCount {
            let fft = try ComplexFFT(count: probe)
            let input = AlignedBuffer(count: 2 * probe)
            let output = AlignedBuffer(count: 2 * probe)
            let (first, values) = gains(of: cascades, sampleRate: sampleRate, count: probe)
            input.withUnsafeMutableBufferPointer { target in
                for (step, gain) in values.enumerated() { target[2 * (first + step)] = gain }
            }
            fft.inverse(input: input, output: output)
            // |g[n]| + |g[−n]| for n = 0…probe/2, then the tail sums from the outside in.
            let half = probe / 2
            var magnitudes = [Double](repeating: 0, count: half + 1)
            output.withUnsafeBufferPointer { g in
                func magnitude(_ index: Int) -> Double {
                    (g[2 * index] * g[2 * index] + g[2 * index + 1] * g[2 * index + 1])
                        .squareRoot()
                }
                magnitudes[0] = magnitude(0)
                for lag in 1...half {
                    magnitudes[lag] = magnitude(lag) + (lag == half ? 0 : magnitude(probe - lag))
                }
            }
            let total = magnitudes.reduce(0, +)
            var tail = 0.0
            var margin = half
            while margin > 0 && tail + magnitudes[margin] <= tailFraction * total {
                tail += magnitudes[margin]
                margin -= 1
            }
            // Trust the measurement only when the response has died out well inside the probe
            // (the probe's grid aliases whatever lies beyond its half length).
            if margin <= probe / 8 { return margin + 1 }
            probe *= 2
        }
        throw DSPError.invalidParameter(
            name: "filter bank impulse response",
            value: "longer than \(maximumProbeCount / 8) samples",
            expected: "a response that decays within \(maximumProbeCount / 8) samples")
    }
}
