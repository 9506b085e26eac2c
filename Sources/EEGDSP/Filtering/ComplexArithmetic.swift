import EEGCore
import Foundation

// Complex helpers for filter design (pole/zero arithmetic). They follow NumPy's conventions
// (Smith's division, principal square root) so designs agree with SciPy to rounding.

extension Complex {
    /// Whether the imaginary part is exactly zero (NumPy's `isreal`).
    var isExactlyReal: Bool { imaginary == 0 }

    static prefix func - (value: Complex) -> Complex {
        Complex(-value.real, -value.imaginary)
    }

    static func + (value: Complex, scalar: Double) -> Complex {
        Complex(value.real + scalar, value.imaginary)
    }

    static func - (scalar: Double, value: Complex) -> Complex {
        Complex(scalar - value.real, -value.imaginary)
    }

    static func / (numerator: Complex, denominator: Complex) -> Complex {
        // Smith's algorithm avoids overflow and matches NumPy's complex division.
        let (a, b) = (numerator.real, numerator.imaginary)
        let (c, d) = (denominator.real, denominator.imaginary)
        if abs(c) >= abs(d) {
            if c == 0 && d == 0 { return Complex(a / abs(c), b / abs(d)) }
            let ratio = d / c
            let scale = 1.0 / (c + d * ratio)
            return Complex((a + b * ratio) * scale, (b - a * ratio) * scale)
        }
        let ratio = c / d
        let scale = 1.0 / (c * ratio + d)
        return Complex((a * ratio + b) * scale, (b * ratio - a) * scale)
    }

    static func / (numerator: Double, denominator: Complex) -> Complex {
        Complex(numerator) / denominator
    }

    /// The principal square root (non-negative real part).
    var squareRoot: Complex {
        if imaginary == 0 {
            return real >= 0
                ? Complex(real.squareRoot(), imaginary)
                : Complex(0, ((-real).squareRoot()).withSign(of: imaginary))
        }
        let modulus = magnitude
        let rootReal = ((modulus + abs(real)) / 2).squareRoot()
        if real >= 0 {
            return Complex(rootReal, imaginary / (2 * rootReal))
        }
        return Complex(abs(imaginary) / (2 * rootReal), rootReal.withSign(of: imaginary))
    }

    /// e^(i·angle).
    static func unit(angle: Double) -> Complex { Complex(cos(angle), sin(angle)) }
}

extension Double {
    fileprivate func withSign(of other: Double) -> Double {
        other.sign == .minus ? -abs(self) : abs(self)
    }
}

/// The product of `values` taken left to right (NumPy's `prod`), 1 for none.
func complexProduct(_ values: [Complex]) -> Complex {
    values.reduce(Complex(1, 0)) { $0 * $1 }
}
