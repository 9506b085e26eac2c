import EEGCore
import Foundation

/// A transfer function as zeros, poles and a gain (SciPy's `zpk` form).
///
/// Used internally by the IIR designs: an analog prototype is transformed (low-pass to
/// band-pass, …), mapped to the z-plane by the bilinear transform and split into second-order
/// sections by ``secondOrderSections()``, step by step as SciPy does it.
struct ZerosPolesGain: Sendable, Equatable {
    var zeros: [Complex]
    var poles: [Complex]
    var gain: Double

    /// The number of poles minus the number of zeros (`_relative_degree`).
    var relativeDegree: Int { poles.count - zeros.count }

    /// The analog Butterworth low-pass prototype of `order` with cutoff 1 rad/s (`buttap`).
    static func butterworthPrototype(order: Int) -> ZerosPolesGain {
        let poles = stride(from: -order + 1, to: order, by: 2).map { step -> Complex in
            let angle = Double.pi * Double(step) * (1 / Double(2 * order))
            return -Complex.unit(angle: angle)
        }
        return ZerosPolesGain(zeros: [], poles: poles, gain: 1)
    }

    /// Low-pass to low-pass with cutoff `cutoff` rad/s (`lp2lp_zpk`).
    func lowpassToLowpass(cutoff: Double) -> ZerosPolesGain {
        ZerosPolesGain(
            zeros: zeros.map { $0 * cutoff }, poles: poles.map { $0 * cutoff },
            gain: gain * pow(cutoff, Double(relativeDegree)))
    }

    /// Low-pass to high-pass with cutoff `cutoff` rad/s (`lp2hp_zpk`).
    func lowpassToHighpass(cutoff: Double) -> ZerosPolesGain {
        let newZeros =
            zeros.map { cutoff / $0 } + Array(repeating: Complex(0, 0), count: relativeDegree)
        let ratio = complexProduct(zeros.map { -$0 }) / complexProduct(poles.map { -$0 })
        return ZerosPolesGain(
            zeros: newZeros, poles: poles.map { cutoff / $0 }, gain: gain * ratio.real)
    }

    /// Low-pass to band-pass around `center` rad/s with width `width` rad/s (`lp2bp_zpk`).
    func lowpassToBandpass(center: Double, width: Double) -> ZerosPolesGain {
        func split(_ roots: [Complex]) -> [Complex] {
            let scaled = roots.map { $0 * width * 0.5 }
            let offsets = scaled.map { ($0 * $0 + -(center * center)).squareRoot }
            return zip(scaled, offsets).map { $0 + $1 } + zip(scaled, offsets).map { $0 - $1 }
        }
        let newZeros = split(zeros) + Array(repeating: Complex(0, 0), count: relativeDegree)
        return ZerosPolesGain(
            zeros: newZeros, poles: split(poles), gain: gain * pow(width, Double(relativeDegree)))
    }

    /// Low-pass to band-stop around `center` rad/s with width `width` rad/s (`lp2bs_zpk`).
    func lowpassToBandstop(center: Double, width: Double) -> ZerosPolesGain {
        func split(_ roots: [Complex]) -> [Complex] {
            let inverted = roots.map { (width / 2) / $0 }
            let offsets = inverted.map { ($0 * $0 + -(center * center)).squareRoot }
            return zip(inverted, offsets).map { $0 + $1 } + zip(inverted, offsets).map { $0 - $1 }
        }
        let newZeros =
            split(zeros)
            + Array(repeating: Complex(0, center), count: relativeDegree)
            + Array(repeating: Complex(0, -center), count: relativeDegree)
        let ratio = complexProduct(zeros.map { -$0 }) / complexProduct(poles.map { -$0 })
        return ZerosPolesGain(zeros: newZeros, poles: split(poles), gain: gain * ratio.real)
    }

    /// The bilinear transform with the normalized rate SciPy uses (fs = 2), `bilinear_zpk`.
    func bilinear(sampleRate: Double = 2) -> ZerosPolesGain {
        let twice = 2 * sampleRate
        let mappedZeros =
            zeros.map { (twice + $0) / (twice - $0) }
            + Array(repeating: Complex(-1, 0), count: relativeDegree)
        let ratio =
            complexProduct(zeros.map { twice - $0 }) / complexProduct(poles.map { twice - $0 })
        return ZerosPolesGain(
            zeros: mappedZeros, poles: poles.map { (twice + $0) / (twice - $0) },
            gain: gain * ratio.real)
    }
}

extension Complex {
    fileprivate static func + (scalar: Double, value: Complex) -> Complex {
        Complex(scalar + value.real, value.imaginary)
    }
}
