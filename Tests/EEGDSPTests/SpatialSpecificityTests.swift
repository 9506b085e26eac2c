import EEGCore
import EEGDSP
import Foundation
import Testing

@Suite("Spatial specificity (posterior midline)")
struct SpatialSpecificityTests {
    static let labels = Montage.scenarioDefaultNames

    /// Band power in dB of a source's potential pattern (power ∝ V²) on an average reference,
    /// plus a common background of 10 dB.
    static func powerDecibels(of potentials: [Double]) -> [Double] {
        let mean = potentials.reduce(0, +) / Double(potentials.count)
        return potentials.map { 10 * log10(pow($0 - mean, 2) + 1) }
    }

    @Test("A posteromedial source in the head model is posterior")
    func posteromedialIsPosterior() throws {
        let model = try SphericalHeadModel()
        let positions = try ElectrodeLayout(labels: Self.labels).requireAllPlaced()
        let dipole = try NamedSource.posteromedial.dipole(moment: 20, in: model)
        let values = Self.powerDecibels(of: try model.potentials(of: dipole, at: positions))
        let result = try SpatialSpecificity.posteriorMidline(labels: Self.labels, values: values)
        #expect(result.isPosterior, "\(result)")
        #expect(result.exact && result.permutations == 7315)
        #expect(result.contrast > 0)
    }

    @Test("A blink-like frontal delta pattern is not posterior")
    func frontalBlinkIsNotPosterior() throws {
        // Blink/eye-movement potentials fall off steeply from the eyes: strongest at Fp1/Fp2,
        // then F7/F8/Fz…, weakest at the back (an exponential fall-off with distance from the
        // nasion, 10 dB per 5 cm).
        let positions = try ElectrodeLayout(labels: Self.labels).requireAllPlaced()
        let nasionSide = ElectrodePosition(x: 0, y: 0.11, z: 0.0)
        let values = positions.map { 10 + 30 - 200 * $0.subtracting(nasionSide).norm }
        let result = try SpatialSpecificity.posteriorMidline(labels: Self.labels, values: values)
        #expect(!result.isPosterior)
        #expect(result.contrast < 0)
        #expect(result.p > 0.5)
        #expect(["Fp1", "Fp2"].contains(result.maximumChannel))
    }

    @Test("A frontal-midline source in the head model is not posterior")
    func frontalMidlineIsNotPosterior() throws {
        let model = try SphericalHeadModel()
        let positions = try ElectrodeLayout(labels: Self.labels).requireAllPlaced()
        let dipole = try NamedSource.frontalMidline.dipole(moment: 20, in: model)
        let values = Self.powerDecibels(of: try model.potentials(of: dipole, at: positions))
        let result = try SpatialSpecificity.posteriorMidline(labels: Self.labels, values: values)
        #expect(!result.isPosterior, "\(result)")
    }

    @Test("Too few channels are refused; ECG is ignored")
    func errors() throws {
        #expect(throws: DSPError.self) {
            try SpatialSpecificity.posteriorMidline(labels: ["Pz", "Fz", "Cz"], values: [1, 2, 3])
        }
        let result = try SpatialSpecificity.posteriorMidline(
            labels: ["Pz", "Oz", "Fz", "Cz", "ECG"], values: [5, 5, 1, 1, 100])
        #expect(result.otherChannelCount == 2 && result.maximumChannel == "Pz")
    }
}
