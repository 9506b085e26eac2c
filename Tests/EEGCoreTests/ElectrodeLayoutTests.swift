import EEGCore
import Testing

@Suite("Electrode positions")
struct ElectrodeLayoutTests {
    @Test("Standard 10-05 table: MNE head-frame values and label variants")
    func standardLookup() throws {
        // Values from MNE 1.13.2 standard_1005 after set_montage (head frame, metres).
        let cz = try #require(StandardElectrodePositions.position(of: "Cz"))
        #expect(abs(cz.x - -0.0013741) < 1e-6 && abs(cz.y - 0.0276171) < 1e-6
            && abs(cz.z - 0.1401995) < 1e-6)
        for variant in ["EEG Pz-Ref", "PZ", "Pz.", " pz "] {
            #expect(StandardElectrodePositions.position(of: variant)
                == StandardElectrodePositions.position(of: "Pz"))
        }
        #expect(StandardElectrodePositions.canonicalName(of: "POZ") == "POz")
        #expect(StandardElectrodePositions.labels.count == 343)
        #expect(StandardElectrodePositions.position(of: "ECG") == nil)
    }

    @Test("Left electrodes have x < 0, frontal y > 0, vertex highest")
    func geometry() throws {
        let t7 = try #require(StandardElectrodePositions.position(of: "T7"))
        let t8 = try #require(StandardElectrodePositions.position(of: "T8"))
        let fpz = try #require(StandardElectrodePositions.position(of: "Fpz"))
        let oz = try #require(StandardElectrodePositions.position(of: "Oz"))
        #expect(t7.x < 0 && t8.x > 0 && fpz.y > 0 && oz.y < 0)
    }

    @Test("Supplied positions win; unknown labels are named, not guessed")
    func layout() throws {
        let custom = ElectrodePosition(x: 0.01, y: 0.02, z: 0.09)
        let layout = ElectrodeLayout(
            labels: ["EEG Fz-Ref", "Cz", "ECG", "X1"], supplied: ["Cz": custom])
        #expect(layout.positions[1] == custom)
        #expect(layout.sources == [.standard1005, .supplied, nil, nil])
        #expect(layout.unplacedLabels == ["ECG", "X1"])
        #expect(throws: CoreError.self) { try layout.requireAllPlaced() }
        let zero = ElectrodeLayout(labels: ["Cz"], supplied: ["Cz": .init(x: 0, y: 0, z: 0)])
        #expect(zero.sources == [.standard1005])
    }
}
