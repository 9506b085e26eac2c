/// A complex number in double precision, laid out as (real, imaginary).
public struct Complex: Sendable, Equatable, Hashable {
    public var real: Double
    public var imaginary: Double

    public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    /// |z|.
    public var magnitude: Double { (real * real + imaginary * imaginary).squareRoot() }
    /// |z|², the power of the coefficient.
    public var squaredMagnitude: Double { real * real + imaginary * imaginary }
    /// arg(z) in radians, in (-π, π].
    public var phase: Double { atan2Approx(imaginary, real) }
    /// The complex conjugate.
    public var conjugate: Complex { Complex(real, -imaginary) }

    public static func + (a: Complex, b: Complex) -> Complex {
        Complex(a.real + b.real, a.imaginary + b.imaginary)
    }
    public static func - (a: Complex, b: Complex) -> Complex {
        Complex(a.real - b.real, a.imaginary - b.imaginary)
    }
    public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.real * b.real - a.imaginary * b.imaginary,
                a.real * b.imaginary + a.imaginary * b.real)
    }
    public static func * (a: Complex, s: Double) -> Complex {
        Complex(a.real * s, a.imaginary * s)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func atan2Approx(_ y: Double, _ x: Double) -> Double { atan2(y, x) }
