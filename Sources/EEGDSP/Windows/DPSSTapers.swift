import EEGCore
import EEGFFT
import Foundation

/// Discrete prolate spheroidal sequences (Slepian tapers) and their spectral concentrations.
///
/// The k-th taper of length M maximizes the fraction λₖ of its energy inside the band
/// |f| < W = NW / M (cycles per sample), subject to orthogonality to the earlier tapers
/// (Slepian 1978, "Prolate spheroidal wave functions, Fourier analysis, and uncertainty — V",
/// Bell Syst. Tech. J. 57(5), doi:10.1002/j.1538-7305.1978.tb02104.x). They are the
/// eigenvectors of the tridiagonal matrix that commutes with the concentration problem
/// (Percival & Walden 1993, *Spectral Analysis for Physical Applications*, §8.3), found here
/// with ``SymmetricTridiagonalEigensolver``; λₖ comes from the taper's autocorrelation
/// (Percival & Walden p. 390).
///
/// Matches `scipy.signal.windows.dpss(M, NW, Kmax, sym=..., norm=..., return_ratios=True)`,
/// including its sign convention: even-order tapers have a positive sum and odd-order tapers
/// start with a positive lobe (the first sample whose square exceeds max(1e-7, 1/M)).
///
/// ```swift
/// let dpss = try DPSSTapers(count: 1000, timeHalfBandwidth: 4, taperCount: 7)
/// print(dpss.concentrations)   // [0.99999…, …]
/// ```
public struct DPSSTapers: Sendable, Equatable {
    /// How the tapers are scaled.
    public enum Normalization: Sendable, Hashable {
        /// Unit energy (Σ w² = 1). SciPy `norm=2`, the default when a taper count is given;
        /// what multitaper estimators use.
        case unitEnergy
        /// Peak 1, with an approximate correction for even lengths. SciPy `norm='approximate'`.
        case approximate
        /// Peak 1, with the exact sub-sample-shift correction for even lengths.
        /// SciPy `norm='subsample'`.
        case subsample
    }

    /// The tapers, `tapers[k][n]` for order k and sample n (each of length ``count``).
    public let tapers: [[Double]]
    /// The concentration ratio λₖ of each taper: its fraction of energy within ±W, in (0, 1).
    public let concentrations: [Double]
    /// The taper length M in samples.
    public let count: Int
    /// The time-half-bandwidth product NW (dimensionless).
    public let timeHalfBandwidth: Double

    /// Computes the first `taperCount` tapers.
    ///
    /// - Parameters:
    ///   - count: The taper length M in samples, ≥ 1 (M = 1 gives one taper `[1]` with
    ///     concentration 1, as SciPy).
    ///   - timeHalfBandwidth: NW, with 0 < NW < M/2. The half bandwidth in Hz is NW divided by
    ///     the taper duration in seconds.
    ///   - taperCount: How many tapers (orders 0 … K−1), 1 ≤ K ≤ M. At most 2NW of them are
    ///     well concentrated.
    ///   - symmetry: ``Window/Symmetry/symmetric`` (SciPy's default `sym=True`) or
    ///     ``Window/Symmetry/periodic`` (length M+1 truncated, as MNE uses).
    ///   - normalization: ``Normalization/unitEnergy`` by default.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for parameters outside
    ///   those ranges.
    /// - Complexity: O(K·M) for the tapers plus O(K·M log M) for the concentrations.
    public init(
        count: Int, timeHalfBandwidth: Double, taperCount: Int,
        symmetry: Window.Symmetry = .symmetric, normalization: Normalization = .unitEnergy
    ) throws {
        guard count >= 1 else {
            throw DSPError.invalidParameter(
                name: "DPSS length", value: "\(count)", expected: "at least 1 sample")
        }
        self.count = count
        self.timeHalfBandwidth = timeHalfBandwidth
        if count == 1 {
            tapers = [[1]]
            concentrations = [1]
            return
        }
        guard taperCount >= 1, taperCount <= count else {
            throw DSPError.invalidParameter(
                name: "DPSS taper count", value: "\(taperCount)", expected: "1 ... \(count)")
        }
        guard timeHalfBandwidth.isFinite, timeHalfBandwidth > 0,
            timeHalfBandwidth < Double(count) / 2
        else {
            throw DSPError.invalidParameter(
                name: "time-half-bandwidth product NW", value: "\(timeHalfBandwidth)",
                expected: "0 < NW < \(Double(count) / 2) (half the taper length)")
        }
        let length = symmetry == .periodic ? count + 1 : count
        let bandwidth = timeHalfBandwidth / Double(length)
        let cosine = cos(2 * Double.pi * bandwidth)
        let diagonal = (0..<length).map { index -> Double in
            let half = (Double(length - 1) - 2 * Double(index)) / 2
            return half * half * cosine
        }
        let offDiagonal = (1..<length).map { Double($0) * Double(length - $0) / 2 }
        let solver = SymmetricTridiagonalEigensolver(diagonal: diagonal, offDiagonal: offDiagonal)
        // Largest eigenvalue first: taper order k has ascending rank length − 1 − k.
        let ranks = (0..<taperCount).map { length - 1 - $0 }
        var windows = solver.eigenpairs(ranks: ranks).vectors
        DPSSTapers.applySignConvention(&windows, length: length)
        let ratios = try DPSSTapers.concentrations(of: windows, bandwidth: bandwidth)

        if normalization != .unitEnergy {
            var peak = -Double.infinity
            for window in windows { for value in window { peak = max(peak, value) } }
            var correction = 1.0
            if length % 2 == 0 {
                correction = normalization == .approximate
                    ? Double(length * length) / (Double(length * length) + timeHalfBandwidth)
                    : try DPSSTapers.subsampleCorrection(windows[0].map { $0 / peak })
            }
            windows = windows.map { window in window.map { $0 / peak * correction } }
        }
        if symmetry == .periodic { windows = windows.map { Array($0.dropLast()) } }
        tapers = windows
        concentrations = ratios
    }

    /// Even orders: positive sum; odd orders: first sample above the noise floor positive.
    static func applySignConvention(_ windows: inout [[Double]], length: Int) {
        let threshold = max(1e-7, 1 / Double(length))
        for order in windows.indices {
            let flip: Bool
            if order % 2 == 0 {
                flip = windows[order].reduce(0, +) < 0
            } else {
                let first = windows[order].first { $0 * $0 > threshold }
                flip = (first ?? 0) < 0
            }
            if flip { windows[order] = windows[order].map { -$0 } }
        }
    }

    /// λₖ = Σ_τ r_k[τ]·c[τ] over lags τ ≥ 0, with r_k the taper's autocorrelation and
    /// c[0] = 2W, c[τ] = 4W·sinc(2Wτ) (Percival & Walden 1993, p. 390).
    static func concentrations(of windows: [[Double]], bandwidth: Double) throws -> [Double] {
        guard let length = windows.first?.count else { return [] }
        let fftLength = fastTransformLength(atLeast: 2 * length - 1)
        let fft = try RealFFT(count: fftLength)
        let signal = AlignedBuffer(count: fftLength)
        let spectrum = AlignedBuffer(count: 2 * fft.spectrumCount)
        let autocorrelation = AlignedBuffer(count: fftLength)
        var kernel = [Double](repeating: 2 * bandwidth, count: length)
        for lag in 1..<max(length, 1) {
            let argument = Double.pi * 2 * bandwidth * Double(lag)
            kernel[lag] = 4 * bandwidth * sin(argument) / argument
        }
        return windows.map { window in
            signal.zero()
            for (index, value) in window.enumerated() { signal[index] = value }
            fft.forward(input: signal, output: spectrum)
            spectrum.withUnsafeMutableBufferPointer { bins in
                for bin in 0..<fft.spectrumCount {
                    let re = bins[2 * bin]
                    let im = bins[2 * bin + 1]
                    bins[2 * bin] = re * re + im * im
                    bins[2 * bin + 1] = 0
                }
            }
            fft.inverse(destroyingInput: spectrum, output: autocorrelation)
            var ratio = 0.0
            for lag in 0..<length { ratio += autocorrelation[lag] * kernel[lag] }
            return ratio
        }
    }

    /// SciPy's `norm='subsample'` factor: M / Re Σ (rfft bins shifted by half a sample).
    static func subsampleCorrection(_ window: [Double]) throws -> Double {
        let length = window.count
        let fft = try RealFFT(count: length)
        let bins = fft.forward(window)
        var total = bins[0].real
        for bin in 1...(length / 2) {
            let angle = Double.pi * -(1 - 1 / Double(length)) * Double(bin)
            // Re{2 · X · e^{−iπ·shift}}
            total += 2 * (bins[bin].real * cos(angle) + bins[bin].imaginary * sin(angle))
        }
        return Double(length) / total
    }
}

/// The smallest n' ≥ n whose prime factors are all 2, 3, 5 or 7 (fast for FFTW).
func fastTransformLength(atLeast length: Int) -> Int {
    var candidate = max(length, 1)
    while true {
        var remainder = candidate
        for factor in [2, 3, 5, 7] { while remainder % factor == 0 { remainder /= factor } }
        if remainder == 1 { return candidate }
        candidate += 1
    }
}
