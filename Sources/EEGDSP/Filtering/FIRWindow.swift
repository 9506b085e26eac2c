import Foundation

/// A symmetric taper for windowed-sinc FIR design.
///
/// Values match `scipy.signal.get_window(name, count, fftbins=False)` (the symmetric form,
/// whose first and last samples are equal), which is what `scipy.signal.firwin` and MNE use.
/// Spectral estimation uses periodic windows instead; those live with the spectral code.
public enum FIRWindow: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Hamming, 0.54 + 0.46·cos: ~53 dB stop-band attenuation (`firwin`'s and MNE's default).
    case hamming
    /// Hann, 0.5 + 0.5·cos: ~44 dB attenuation.
    case hann
    /// Blackman, 0.42 + 0.5·cos + 0.08·cos 2: ~74 dB attenuation, wider transition.
    case blackman
    /// Rectangular (no taper; `boxcar`): sharpest transition, ~21 dB attenuation.
    case rectangular
    /// Kaiser with shape parameter β ≥ 0 (`('kaiser', beta)`); β = 5 is `resample_poly`'s.
    case kaiser(beta: Double)

    /// The SciPy-style name (`hamming`, `kaiser(beta: 5.0)`, …).
    public var description: String {
        switch self {
        case .hamming: return "hamming"
        case .hann: return "hann"
        case .blackman: return "blackman"
        case .rectangular: return "rectangular"
        case let .kaiser(beta): return "kaiser(beta: \(beta))"
        }
    }

    /// MNE's transition-length factor for this window (`_length_factors`): filter length ≈
    /// factor / transition bandwidth (in cycles per sample). `nil` for windows MNE does not
    /// support in its FIR design (rectangular, Kaiser).
    public var mneLengthFactor: Double? {
        switch self {
        case .hann: return 3.1
        case .hamming: return 3.3
        case .blackman: return 5.0
        case .rectangular, .kaiser: return nil
        }
    }

    /// The `count` symmetric window values.
    ///
    /// - Parameter count: The number of samples, ≥ 1 (1 gives `[1]`).
    /// - Returns: Values in [0, 1], symmetric about the centre.
    public func values(count: Int) -> [Double] {
        precondition(count >= 1, "window length must be positive")
        if count == 1 { return [1] }
        switch self {
        case .hamming: return Self.generalCosine(count: count, [0.54, 0.46])
        case .hann: return Self.generalCosine(count: count, [0.5, 0.5])
        case .blackman: return Self.generalCosine(count: count, [0.42, 0.50, 0.08])
        case .rectangular: return Array(repeating: 1, count: count)
        case let .kaiser(beta):
            let alpha = Double(count - 1) / 2
            let denominator = besselI0(beta)
            return (0..<count).map { index in
                let ratio = (Double(index) - alpha) / alpha
                return besselI0(beta * (1 - ratio * ratio).squareRoot()) / denominator
            }
        }
    }

    /// Σ a_k cos(k·φ) over φ = linspace(−π, π, count), as SciPy's `general_cosine`.
    private static func generalCosine(count: Int, _ coefficients: [Double]) -> [Double] {
        let step = 2 * Double.pi / Double(count - 1)
        return (0..<count).map { index in
            let angle = index == count - 1 ? Double.pi : Double(index) * step + -Double.pi
            var value = 0.0
            for (order, coefficient) in coefficients.enumerated() {
                value += coefficient * cos(Double(order) * angle)
            }
            return value
        }
    }
}

/// The modified Bessel function of the first kind, order 0, by its power series
/// Σ ((x/2)^k / k!)², summed until terms no longer change the total.
func besselI0(_ x: Double) -> Double {
    let quarterSquare = x * x / 4
    var term = 1.0
    var sum = 1.0
    var k = 1.0
    while k < 500 {
        term *= quarterSquare / (k * k)
        let next = sum + term
        if next == sum { break }
        sum = next
        k += 1
    }
    return sum
}
