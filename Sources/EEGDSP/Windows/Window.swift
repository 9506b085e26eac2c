import EEGCore
import Foundation

/// A tapering window for spectral estimation and filter design.
///
/// Coefficients match `scipy.signal.get_window` (periodic form, the default there and here,
/// `fftbins=True`) and the `scipy.signal.windows` functions with `sym=True` (symmetric form).
/// The periodic form of length M is the symmetric form of length M + 1 without its last
/// sample; it is the right choice for spectral analysis (Welch, spectrograms), the symmetric
/// form for FIR filter design.
///
/// ```swift
/// let taper = try Window.hann.coefficients(count: 512)              // periodic
/// let fir = try Window.hamming.coefficients(count: 101, symmetry: .symmetric)
/// let parsed = try Window(name: "tukey:0.25")
/// ```
public enum Window: Sendable, Hashable, CustomStringConvertible {
    /// All ones (rectangular window). Matches `scipy.signal.windows.boxcar`.
    case boxcar
    /// Hann (raised cosine, 0.5 − 0.5 cos). Matches `scipy.signal.windows.hann`.
    case hann
    /// Hamming (0.54 − 0.46 cos). Matches `scipy.signal.windows.hamming`.
    case hamming
    /// Blackman (0.42 − 0.5 cos + 0.08 cos 2θ). Matches `scipy.signal.windows.blackman`.
    case blackman
    /// Tukey (tapered cosine): a flat top with cosine tapers covering the fraction `alpha` of
    /// the window; `alpha` in [0, 1], 0 is a boxcar and 1 a Hann window. Matches
    /// `scipy.signal.windows.tukey(M, alpha)`.
    case tukey(alpha: Double)

    /// Which of the two common forms of a window to generate.
    public enum Symmetry: Sendable, Hashable {
        /// DFT-even: the symmetric window of length M + 1 truncated to M. For spectral analysis;
        /// `scipy.signal.get_window`'s default (`fftbins=True`), `sym=False` in SciPy.
        case periodic
        /// Exactly symmetric about its centre; `sym=True` in SciPy. For filter design.
        case symmetric
    }

    /// The names ``init(name:)`` accepts, for help texts.
    public static let acceptedNames = "boxcar, hann, hamming, blackman, tukey[:ALPHA]"

    /// Parses a window name as users write it on the command line.
    ///
    /// Accepts the SciPy names and aliases: `boxcar` (`box`, `ones`, `rect`, `rectangular`),
    /// `hann` (`han`, `hanning`), `hamming` (`hamm`, `ham`), `blackman` (`black`, `blk`) and
    /// `tukey` (`tuk`), case-insensitive. Tukey takes its taper fraction after a colon or comma
    /// (`tukey:0.25`); without one it is 0.5, SciPy's default.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for an unknown name or a
    ///   Tukey fraction outside [0, 1].
    public init(name: String) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = trimmed.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "," })
        let base = parts.first.map(String.init) ?? ""
        let parameter = parts.count > 1 ? String(parts[1]) : nil
        guard parts.count <= 2 else { throw Window.unknown(name) }
        switch base {
        case "boxcar", "box", "ones", "rect", "rectangular": self = .boxcar
        case "hann", "han", "hanning": self = .hann
        case "hamming", "hamm", "ham": self = .hamming
        case "blackman", "black", "blk": self = .blackman
        case "tukey", "tuk":
            let alpha: Double
            if let parameter {
                guard let value = Double(parameter.trimmingCharacters(in: .whitespaces)) else {
                    throw Window.unknown(name)
                }
                alpha = value
            } else {
                alpha = 0.5
            }
            try Window.validateTukey(alpha)
            self = .tukey(alpha: alpha)
            return
        default: throw Window.unknown(name)
        }
        if parameter != nil { throw Window.unknown(name) }
    }

    /// The canonical name (`hann`, `tukey:0.25`), accepted back by ``init(name:)``.
    public var description: String {
        switch self {
        case .boxcar: return "boxcar"
        case .hann: return "hann"
        case .hamming: return "hamming"
        case .blackman: return "blackman"
        case let .tukey(alpha): return "tukey:\(alpha)"
        }
    }

    /// The window's coefficients.
    ///
    /// - Parameters:
    ///   - count: The number of samples M, ≥ 1. M = 1 gives `[1]`, as SciPy does.
    ///   - symmetry: ``Symmetry/periodic`` (default, as `get_window`) or
    ///     ``Symmetry/symmetric``.
    /// - Returns: M dimensionless coefficients with peak ≤ 1.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for M < 1 or a Tukey
    ///   fraction outside [0, 1].
    public func coefficients(count: Int, symmetry: Symmetry = .periodic) throws -> [Double] {
        guard count >= 1 else {
            throw DSPError.invalidParameter(
                name: "window length", value: "\(count)", expected: "at least 1 sample")
        }
        if case let .tukey(alpha) = self { try Window.validateTukey(alpha) }
        if count == 1 { return [1] }
        // Periodic windows are the symmetric window one sample longer, truncated.
        let length = symmetry == .periodic ? count + 1 : count
        var values: [Double]
        switch self {
        case .boxcar: values = [Double](repeating: 1, count: length)
        case .hann: values = Window.generalCosine([0.5, 0.5], length: length)
        case .hamming: values = Window.generalCosine([0.54, 0.46], length: length)
        case .blackman: values = Window.generalCosine([0.42, 0.50, 0.08], length: length)
        case let .tukey(alpha): values = Window.tukey(alpha: alpha, length: length)
        }
        if symmetry == .periodic { values.removeLast() }
        return values
    }

    // MARK: - Generators

    /// Σ a_k cos(k θ_n) with θ running from −π to π over `length` points (SciPy's
    /// `general_cosine`, whose alternating-sign convention this sum reproduces).
    static func generalCosine(_ terms: [Double], length: Int) -> [Double] {
        let step = 2 * Double.pi / Double(length - 1)
        return (0..<length).map { index in
            let theta = index == length - 1 ? Double.pi : -Double.pi + Double(index) * step
            var sum = 0.0
            for (order, weight) in terms.enumerated() { sum += weight * cos(Double(order) * theta) }
            return sum
        }
    }

    static func tukey(alpha: Double, length: Int) -> [Double] {
        if alpha <= 0 { return [Double](repeating: 1, count: length) }
        if alpha >= 1 { return generalCosine([0.5, 0.5], length: length) }
        let span = Double(length - 1)
        let width = Int((alpha * span / 2).rounded(.down))
        return (0..<length).map { index in
            let n = Double(index)
            if index <= width {
                return 0.5 * (1 + cos(Double.pi * (-1 + 2 * n / alpha / span)))
            }
            if index >= length - width - 1 {
                return 0.5 * (1 + cos(Double.pi * (-2 / alpha + 1 + 2 * n / alpha / span)))
            }
            return 1
        }
    }

    static func validateTukey(_ alpha: Double) throws {
        guard alpha.isFinite, alpha >= 0, alpha <= 1 else {
            throw DSPError.invalidParameter(
                name: "Tukey taper fraction", value: "\(alpha)", expected: "a value in [0, 1]")
        }
    }

    static func unknown(_ name: String) -> DSPError {
        .invalidParameter(name: "window", value: "'\(name)'", expected: acceptedNames)
    }
}

/// Energy figures of a window, used to scale spectra and to compare windows.
///
/// For a window w of length M: the coherent gain Σw / M scales a sine's amplitude, the
/// power sum Σw² scales a density, and the equivalent noise bandwidth
/// M·Σw² / (Σw)² (in bins) is the width of the rectangle passing the same white-noise power
/// (Harris 1978, "On the use of windows for harmonic analysis with the discrete Fourier
/// transform", Proc. IEEE 66(1), doi:10.1109/PROC.1978.10837).
public struct WindowEnergy: Sendable, Equatable {
    /// Σ w[n] (dimensionless).
    public let sum: Double
    /// Σ w[n]² (dimensionless).
    public let sumOfSquares: Double
    /// The number of coefficients M.
    public let count: Int

    /// Measures `coefficients`.
    public init(_ coefficients: [Double]) {
        var sum = 0.0
        var squares = 0.0
        for value in coefficients {
            sum += value
            squares += value * value
        }
        self.sum = sum
        self.sumOfSquares = squares
        self.count = coefficients.count
    }

    /// Σw / M: 1 for a boxcar, 0.5 for a periodic Hann window.
    public var coherentGain: Double { count > 0 ? sum / Double(count) : 0 }

    /// M·Σw² / (Σw)², in bins: 1 for a boxcar, 1.5 for a periodic Hann window.
    public var equivalentNoiseBandwidthBins: Double {
        sum != 0 ? Double(count) * sumOfSquares / (sum * sum) : .infinity
    }

    /// The equivalent noise bandwidth in Hz for a transform of `count` samples at `sampleRate`.
    public func equivalentNoiseBandwidth(sampleRate: Hertz) -> Hertz {
        count > 0 ? equivalentNoiseBandwidthBins * sampleRate / Double(count) : .infinity
    }
}
