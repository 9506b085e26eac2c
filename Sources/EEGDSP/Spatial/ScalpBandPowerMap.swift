import EEGCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Band power per scalp channel with positions, ready for a scalp map.
public struct ScalpBandPowerMap: Sendable {
    /// Labels of the mapped channels (those with an electrode position).
    public let labels: [String]
    /// Their positions (head frame, metres).
    public let positions: [ElectrodePosition]
    /// Band power in dB re 1 unit² (10 log10 of the integrated PSD).
    public let powersDecibels: [Decibels]
    /// The channels' unit (of the first mapped channel).
    public let unit: String
    /// Channels left out (no position, or a spectrum that cannot cover the band).
    public let omittedLabels: [String]

    /// Band power of every channel of `recording` that has an electrode position.
    ///
    /// - Parameters:
    ///   - recording: The (re-referenced) recording.
    ///   - band: The band, Hz.
    ///   - method: The PSD estimator (default Welch, as `eegscope psd`).
    ///   - positions: Caller-supplied positions by label (head frame, metres).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when fewer than 3 channels
    ///   can be mapped; spectral errors of the estimator.
    public init(
        recording: Recording, band: FrequencyBand, method: PSDMethod = .welch(),
        positions: [String: ElectrodePosition] = [:]
    ) throws {
        let layout = ElectrodeLayout(labels: recording.labels, supplied: positions)
        let placed = layout.positions.indices.filter { layout.positions[$0] != nil }
        let picked = Recording(signals: placed.map { recording.signals[$0] })
        let spectra = picked.signals.isEmpty ? [] : try picked.powerSpectra(method: method)
        var labels: [String] = []
        var mapped: [ElectrodePosition] = []
        var powers: [Double] = []
        var omitted = layout.unplacedLabels
        for (index, spectrum) in zip(placed, spectra) {
            let label = recording.signals[index].label
            guard let power = try? spectrum.integratedPower(in: band), power > 0 else {
                omitted.append(label)
                continue
            }
            labels.append(label)
            mapped.append(layout.positions[index]!)
            powers.append(10 * log10(power))
        }
        guard labels.count >= 3 else {
            throw DSPError.invalidParameter(
                name: "scalp map", value: "\(labels.count) channel(s) with positions and power "
                    + "in \(formatHertz(band.low))-\(formatHertz(band.high)) Hz",
                expected: "at least 3 scalp channels with standard 10-05 names")
        }
        self.labels = labels
        self.positions = mapped
        powersDecibels = powers
        unit = placed.first.map { recording.signals[$0].unit } ?? ""
        omittedLabels = omitted
    }
}
