import EEGCore
import Foundation

extension SecondOrderSections {
    /// The largest Butterworth order accepted. Higher orders are numerically fragile even in
    /// second-order sections and are never needed for EEG.
    public static let maximumButterworthOrder = 20

    /// Designs a digital Butterworth filter as second-order sections.
    ///
    /// Matches `scipy.signal.butter(order, edges, btype, fs=sampleRate, output='sos')`: the
    /// analog prototype's poles are transformed to the band (with the edges pre-warped by
    /// `2·tan(π·f/fs)`), mapped by the bilinear transform, and paired into sections with
    /// `zpk2sos`'s `'nearest'` rule (poles closest to the unit circle last; gain in the first
    /// section). Band-pass and band-stop filters of order N have 2N poles (N sections).
    ///
    /// - Parameters:
    ///   - order: The order N, 1…``maximumButterworthOrder``.
    ///   - band: The pass or stop band; edges in Hz, strictly between 0 and Nyquist.
    ///   - sampleRate: The sample rate in Hz.
    /// - Returns: The sections; the response is −3 dB at each edge.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a bad order or edge;
    ///   ``DSPError/aboveNyquist(name:frequency:nyquist:)`` for an edge at or above Nyquist;
    ///   ``DSPError/invalidFilterDesign(reason:)`` if the design comes out unstable.
    ///
    /// Reference: S. Butterworth (1930), "On the theory of filter amplifiers",
    /// Wireless Engineer 7, 536–541.
    public static func butterworth(order: Int, band: FilterBand, sampleRate: Hertz) throws
        -> SecondOrderSections
    {
        guard (1...maximumButterworthOrder).contains(order) else {
            throw DSPError.invalidParameter(
                name: "Butterworth order", value: "\(order)",
                expected: "1…\(maximumButterworthOrder)")
        }
        try band.validated(sampleRate: sampleRate)
        let normalized = band.edges.map { $0 / (sampleRate / 2) }
        let warped = normalized.map { 2 * 2 * tan(Double.pi * $0 / 2) }
        let prototype = ZerosPolesGain.butterworthPrototype(order: order)
        let analog: ZerosPolesGain
        switch band {
        case .lowpass: analog = prototype.lowpassToLowpass(cutoff: warped[0])
        case .highpass: analog = prototype.lowpassToHighpass(cutoff: warped[0])
        case .bandpass:
            analog = prototype.lowpassToBandpass(
                center: (warped[0] * warped[1]).squareRoot(), width: warped[1] - warped[0])
        case .bandstop:
            analog = prototype.lowpassToBandstop(
                center: (warped[0] * warped[1]).squareRoot(), width: warped[1] - warped[0])
        }
        let digital = analog.bilinear()
        if let unstable = digital.poles.first(where: { !($0.magnitude < 1) }) {
            throw DSPError.invalidFilterDesign(
                reason: "Butterworth order \(order) \(band) at \(formatHertz(sampleRate)) Hz has "
                    + "a pole of magnitude \(unstable.magnitude) (must be < 1)")
        }
        return SecondOrderSections(
            unchecked: digital.secondOrderSections(), sampleRate: sampleRate)
    }

    /// Designs a second-order IIR notch (band-stop) filter at `frequency`.
    ///
    /// Matches `scipy.signal.iirnotch(frequency, qualityFactor, fs=sampleRate)` as one section:
    /// zeros on the unit circle at ±`frequency`, −3 dB bandwidth `frequency / qualityFactor`.
    ///
    /// - Parameters:
    ///   - frequency: The rejected frequency in Hz, strictly between 0 and Nyquist.
    ///   - qualityFactor: Q = frequency / (−3 dB bandwidth), > 0. 30 is a common choice.
    ///   - sampleRate: The sample rate in Hz.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)``,
    ///   ``DSPError/aboveNyquist(name:frequency:nyquist:)``.
    public static func notch(frequency: Hertz, qualityFactor: Double, sampleRate: Hertz) throws
        -> SecondOrderSections
    {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw DSPError.invalidParameter(
                name: "sample rate", value: "\(sampleRate) Hz", expected: "a positive finite rate")
        }
        guard frequency.isFinite, frequency > 0 else {
            throw DSPError.invalidParameter(
                name: "notch frequency", value: "\(frequency) Hz", expected: "a positive frequency")
        }
        guard frequency < sampleRate / 2 else {
            throw DSPError.aboveNyquist(
                name: "notch frequency", frequency: frequency, nyquist: sampleRate / 2)
        }
        guard qualityFactor.isFinite, qualityFactor > 0 else {
            throw DSPError.invalidParameter(
                name: "quality factor", value: "\(qualityFactor)", expected: "a positive number")
        }
        let normalized = 2 * frequency / sampleRate
        let bandwidth = normalized / qualityFactor * Double.pi
        let center = normalized * Double.pi
        // The bandwidth is measured at −3 dB, for which SciPy's β reduces to tan(bw/2).
        let beta = tan(bandwidth / 2)
        let gain = 1 / (1 + beta)
        let section = BiquadSection(
            b0: gain, b1: gain * (-2 * cos(center)), b2: gain,
            a1: -2 * gain * cos(center), a2: 2 * gain - 1)
        return SecondOrderSections(unchecked: [section], sampleRate: sampleRate)
    }

    /// Notches at `frequency` and each harmonic below Nyquist, as one cascade.
    ///
    /// Equivalent to stacking the rows of `iirnotch` for `frequency`, 2·`frequency`, … up to
    /// `harmonicCount` (or the last harmonic below Nyquist, whichever is smaller).
    ///
    /// - Parameters:
    ///   - frequency: The base line frequency in Hz (e.g. 50 or 60).
    ///   - harmonicCount: How many multiples to notch, ≥ 1 (1 = the base only).
    ///   - qualityFactor: Q of every notch (bandwidth scales with frequency).
    ///   - sampleRate: The sample rate in Hz.
    /// - Throws: As ``notch(frequency:qualityFactor:sampleRate:)``; also for `harmonicCount < 1`.
    public static func notches(
        frequency: Hertz, harmonicCount: Int, qualityFactor: Double, sampleRate: Hertz
    ) throws -> SecondOrderSections {
        guard harmonicCount >= 1 else {
            throw DSPError.invalidParameter(
                name: "harmonic count", value: "\(harmonicCount)", expected: "at least 1")
        }
        var sections: [BiquadSection] = []
        for multiple in 1...harmonicCount {
            let harmonic = frequency * Double(multiple)
            if multiple > 1 && harmonic >= sampleRate / 2 { break }
            sections += try notch(
                frequency: harmonic, qualityFactor: qualityFactor, sampleRate: sampleRate
            ).sections
        }
        return SecondOrderSections(unchecked: sections, sampleRate: sampleRate)
    }
}
