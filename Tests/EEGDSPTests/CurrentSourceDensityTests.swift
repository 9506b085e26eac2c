import EEGCore
import EEGDSP
import Foundation
import Testing
import _TestSupport

/// Cases of `Fixtures/spatial_csd.json` (written by `make_spatial_fixtures.py`).
struct SpatialFixture: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let labels: [String]
        let data: [[Double]]
        let radius_m: Double
        let csd: [[Double]]
        let average: [[Double]]
        var testDescription: String { name }
    }
    let cases: [Case]

    static func load() throws -> SpatialFixture {
        try TestData.loadJSON(
            SpatialFixture.self,
            from: TestData.fixtures("EEGDSPTests").appendingPathComponent("spatial_csd.json"))
    }

    static var allCases: [Case] { (try? load().cases) ?? [] }
}

func recording(labels: [String], data: [[Double]], sampleRate: Hertz = 250) throws -> Recording {
    Recording(signals: try zip(labels, data).map { label, samples in
        try Signal(samples: samples, sampleRate: sampleRate, label: label, unit: "uV")
    })
}

@Suite("Current source density (spherical splines)")
struct CurrentSourceDensityTests {
    @Test("CSD equals MNE compute_current_source_density", arguments: SpatialFixture.allCases)
    func matchesMNE(_ fixture: SpatialFixture.Case) throws {
        let input = try recording(labels: fixture.labels, data: fixture.data)
        let output = try input.rereferenced(.currentSourceDensity(.init()))
        let actual = output.signals.flatMap(\.samples)
        let expected = fixture.csd.flatMap { $0 }
        let scale = expected.map(abs).max() ?? 1
        // 1e-6 relative (the acceptance bound), plus 1e-9 of the array's scale for elements
        // near zero, where a relative bound alone measures cancellation, not agreement.
        let comparison = compareArrays(actual, expected, relative: 1e-6, absolute: 1e-9 * scale)
        #expect(comparison.passed, "\(comparison)")
        #expect(output.signals.allSatisfy { $0.unit == "uV/m^2" })
    }

    @Test("Automatic sphere radius equals MNE's fit", arguments: SpatialFixture.allCases)
    func sphereRadius(_ fixture: SpatialFixture.Case) throws {
        let positions = try ElectrodeLayout(labels: fixture.labels).requireAllPlaced()
        let transform = try CurrentSourceDensity(positions: positions)
        // The fit is a 4-parameter linear least-squares problem: agreement to rounding.
        #expect(abs(transform.sphere.radius - fixture.radius_m) <= 1e-12)
    }

    @Test("CSD of a constant is ~0 (the transform is average-referenced)")
    func constantMapsToZero() throws {
        let positions = try ElectrodeLayout(labels: Montage.scenarioDefaultNames)
            .requireAllPlaced()
        let transform = try CurrentSourceDensity(positions: positions)
        let output = transform.applied(to: Array(repeating: 37.5, count: positions.count))
        let scale = transform.applied(to: (0..<positions.count).map { Double($0 % 3) })
            .map(abs).max() ?? 1
        // Exact arithmetic gives 0; the bound is rounding relative to a unit-size pattern.
        #expect(output.allSatisfy { abs($0) <= 1e-9 * scale * 37.5 })
    }

    @Test("Bad settings and positions throw")
    func errors() throws {
        let positions = try ElectrodeLayout(labels: ["Fz", "Cz", "Pz", "Oz", "C3"])
            .requireAllPlaced()
        #expect(throws: DSPError.self) {
            try CurrentSourceDensity(positions: positions, settings: .init(lambda2: 1))
        }
        #expect(throws: DSPError.self) {
            try CurrentSourceDensity(positions: positions, settings: .init(legendreTermCount: 0))
        }
        #expect(throws: DSPError.self) {
            try CurrentSourceDensity(positions: [positions[0]])
        }
        #expect(throws: DSPError.self) {
            try CurrentSourceDensity(positions: positions + [ElectrodePosition(x: 0, y: 0, z: 0)])
        }
    }
}

@Suite("Re-referencing")
struct ReferenceSchemeTests {
    @Test("Average reference equals MNE set_eeg_reference('average')",
          arguments: SpatialFixture.allCases)
    func averageMatchesMNE(_ fixture: SpatialFixture.Case) throws {
        let input = try recording(labels: fixture.labels, data: fixture.data)
        let output = try input.rereferenced(.average)
        let comparison = compareArrays(
            output.signals.flatMap(\.samples), fixture.average.flatMap { $0 },
            relative: 0, absolute: 1e-12)  // same operations; only summation order may differ
        #expect(comparison.passed, "\(comparison)")
    }

    @Test("Average reference sums to zero across scalp channels; others untouched")
    func averageSumsToZero() throws {
        var rng = SeededGenerator(seed: 7)
        let labels = ["Fz", "Cz", "Pz", "ECG", "Oz", "T7"]
        let data = labels.map { _ in (0..<50).map { _ in Double.random(in: -50...50, using: &rng) } }
        let output = try recording(labels: labels, data: data).rereferenced(.average)
        #expect(output.signals[3].samples == data[3])
        for sample in 0..<50 {
            let sum = [0, 1, 2, 4, 5].map { output.signals[$0].samples[sample] }.reduce(0, +)
            #expect(abs(sum) < 1e-12)
        }
    }

    @Test("Channel and linked-mastoid references subtract the reference mean")
    func channelReference() throws {
        let labels = ["Fz", "Cz", "M1", "M2"]
        let data: [[Double]] = [[10, 20], [4, 6], [1, 3], [3, 5]]
        let single = try recording(labels: labels, data: data).rereferenced(.channels(["Cz"]))
        #expect(single.signals[0].samples == [6, 14])
        #expect(single.signals[1].samples == [0, 0])
        let linked = try recording(labels: labels, data: data).rereferenced(.linkedMastoids)
        #expect(linked.signals[0].samples == [8, 16])
        #expect(linked.signals[2].samples == [-1, -1])
        #expect(throws: DSPError.self) {
            try recording(labels: ["Fz", "Cz"], data: [[1], [2]]).rereferenced(.linkedMastoids)
        }
        #expect(throws: DSPError.self) {
            try recording(labels: labels, data: data).rereferenced(.channels(["Xx9"]))
        }
    }

    @Test("Blocks re-referenced separately equal the whole recording")
    func blockwiseEqualsWhole() throws {
        var rng = SeededGenerator(seed: 11)
        let labels = Montage.standard1020Names
        let data = labels.map { _ in (0..<40).map { _ in Double.random(in: -1...1, using: &rng) } }
        let whole = try recording(labels: labels, data: data)
            .rereferenced(.currentSourceDensity(.init()))
        let plan = try ReferencePlan(scheme: .currentSourceDensity(.init()), labels: labels)
        var first = data.map { Array($0[0..<15]) }
        var second = data.map { Array($0[15...]) }
        try plan.apply(to: &first)
        try plan.apply(to: &second)
        for index in labels.indices {
            #expect(first[index] + second[index] == whole.signals[index].samples)
        }
    }
}
