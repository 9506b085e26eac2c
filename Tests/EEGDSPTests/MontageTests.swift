import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Montage and spatial weights")
struct MontageTests {
    @Test("midline and circumference electrodes sit at their 10-20 angles")
    func positions() throws {
        let expectations: [(String, Double)] = [
            ("Cz", 0), ("Fz", 45), ("Pz", 45), ("POz", 67.5), ("CPz", 22.5), ("Oz", 90),
            ("Fpz", 90), ("T7", 90), ("T8", 90), ("O1", 90), ("C3", 45), ("Iz", 112.5),
        ]
        for (name, polar) in expectations {
            let electrode = try #require(Electrode.standard(named: name))
            #expect(abs(electrode.position.polarAngle - polar) < 1e-9, "\(name)")
        }
        let t7 = try #require(Electrode.standard(named: "T7"))
        #expect(t7.position.x < -0.999)
        let f4 = try #require(Electrode.standard(named: "F4"))
        #expect(f4.position.x > 0 && f4.position.y > 0)
        // The 2-D map puts the circumference at radius 1 and Cz at the centre.
        let oz = try #require(Electrode.standard(named: "Oz")).position.planarPosition
        #expect(abs(oz.x) < 1e-12 && abs(oz.y + 1) < 1e-12)
    }

    @Test("names are matched case-insensitively, file labels and old names accepted")
    func names() throws {
        #expect(Electrode.standard(named: "poz")?.name == "POz")
        #expect(Electrode.standard(named: "EEG Pz-REF")?.name == "Pz")
        #expect(Electrode.standard(named: "Fc5.")?.name == "FC5")
        let t3 = try #require(Electrode.standard(named: "T3"))
        #expect(t3.name == "T3")
        #expect(t3.position == Electrode.standard(named: "T7")?.position)
        #expect(Electrode.standard(named: "Xy9") == nil)
        #expect(Electrode.standardNames.count == 84)
        #expect(Set(Electrode.standardNames).count == Electrode.standardNames.count)
    }

    @Test("a Gaussian pattern peaks on its centre electrode", arguments: [
        "Pz", "POz", "Oz", "Fz", "T7", "C4", "CPz", "Fp1",
    ])
    func peakOnCentre(center: String) throws {
        let montage = try Montage(channels: Montage.scenarioDefaultNames)
        let electrode = try #require(Electrode.standard(named: center))
        let weights = montage.weights(.gaussian(center: electrode.position, width: 30))
        let best = weights.indices.max { weights[$0] < weights[$1] } ?? -1
        #expect(montage.labels[best] == center)
        #expect(isClose(weights[best], 1, relative: 1e-12))
        #expect(weights.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("the posterior-midline pattern is strongest on Pz, POz, CPz and Oz")
    func posteriorMidline() throws {
        let montage = try Montage(channels: Montage.scenarioDefaultNames)
        let weights = montage.weights(Montage.posteriorMidlinePattern)
        let ranked = zip(montage.labels, weights).sorted { $0.1 > $1.1 }.map(\.0)
        #expect(Set(ranked.prefix(4)) == ["Pz", "POz", "CPz", "Oz"])
        for (label, weight) in zip(montage.labels, weights)
        where ["Pz", "POz", "CPz", "Oz"].contains(label) {
            #expect(weight >= Scenario.truthWeightThreshold, "\(label) weight \(weight)")
        }
        let fz = try #require(montage.labels.firstIndex(of: "Fz"))
        // Fz lies 101° away along the midline: exp(−101²/(2·40²)) ≈ 0.04.
        #expect(weights[fz] < 0.05)
    }

    @Test("unknown, repeated or no channels throw")
    func errors() {
        #expect(throws: DSPError.self) { try Montage(channels: ["Pz", "Q7"]) }
        #expect(throws: DSPError.self) { try Montage(channels: ["Pz", "pz"]) }
        #expect(throws: DSPError.self) { try Montage(channels: []) }
    }
}
