import EEGCore
import Foundation

extension SecondOrderSections {
    /// The power response `|H(e^{iω})|²` of the cascade at `frequency` Hz (one pass).
    ///
    /// A forward-backward (zero-phase) application has the square of this.
    func powerResponse(at frequency: Hertz) -> Double {
        let omega = 2 * Double.pi * frequency / sampleRate
        let (c1, s1) = (cos(omega), -sin(omega))
        let (c2, s2) = (cos(2 * omega), -sin(2 * omega))
        var power = 1.0
        for section in sections {
            let numeratorReal = section.b0 + section.b1 * c1 + section.b2 * c2
            let numeratorImaginary = section.b1 * s1 + section.b2 * s2
            let denominatorReal = 1 + section.a1 * c1 + section.a2 * c2
            let denominatorImaginary = section.a1 * s1 + section.a2 * s2
            let numerator = numeratorReal * numeratorReal + numeratorImaginary * numeratorImaginary
            let denominator =
                denominatorReal * denominatorReal + denominatorImaginary * denominatorImaginary
            power *= numerator / denominator
        }
        return power
    }
}
