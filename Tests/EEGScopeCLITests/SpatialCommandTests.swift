import Foundation
import Testing
import _TestSupport

@Suite("eegscope headmodel and --reference")
struct SpatialCommandTests {
    static let ketamine = TestData.sampleData.appendingPathComponent("synth_ketamine.edf").path

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("headmodel prints the contract JSON; a posteromedial source peaks posteriorly")
    func headmodel() throws {
        let result = try CLI.run([
            "headmodel", "--source", "posteromedial", "--moment-nam", "10",
            "--channels", "Fz,Cz,Pz,POz,Oz", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let channels = try #require(try json(result.stdout)["channels"] as? [[String: Any]])
        #expect(channels.map { $0["name"] as? String } == ["Fz", "Cz", "Pz", "POz", "Oz"])
        let potentials = channels.compactMap { $0["potential_uv"] as? Double }
        #expect(potentials.count == 5)
        #expect(potentials[2] > potentials[0] && potentials[3] > potentials[0])
        #expect(channels.allSatisfy { $0["x"] is Double && $0["y"] is Double && $0["z"] is Double })
        let doubled = try CLI.run([
            "headmodel", "--source", "posteromedial", "--moment-nam", "20",
            "--channels", "Fz,Cz,Pz,POz,Oz",
        ])
        let second = try #require(try json(doubled.stdout)["channels"] as? [[String: Any]])
        for (first, twice) in zip(potentials, second.compactMap { $0["potential_uv"] as? Double }) {
            #expect(abs(twice - 2 * first) <= 1e-12 * abs(first))
        }
    }

    @Test("headmodel refuses a dipole outside the brain and unknown electrodes")
    func headmodelErrors() throws {
        let outside = try CLI.run(["headmodel", "--dipole", "0,0,0.2", "--orientation", "0,0,1"])
        #expect(outside.status == 1 && outside.stderr.contains("inside the brain sphere"))
        let unknown = try CLI.run([
            "headmodel", "--dipole", "0,0,0.08", "--orientation", "0,0,1", "--channels", "Pz,Q7",
        ])
        #expect(unknown.status == 1 && unknown.stderr.contains("Q7"))
        let missing = try CLI.run(["headmodel", "--dipole", "0,0,0.08"])
        #expect(missing.status == 64)
    }

    @Test("--reference average makes band powers differ and names unknown channels")
    func reference() throws {
        let recorded = try CLI.run(["psd", Self.ketamine, "--channels", "Pz", "--format", "csv"])
        let averaged = try CLI.run([
            "psd", Self.ketamine, "--channels", "Pz", "--format", "csv", "--reference", "average",
        ])
        #expect(recorded.status == 0 && averaged.status == 0, "\(averaged.stderr)")
        #expect(recorded.stdout != averaged.stdout)
        let csd = try CLI.run([
            "bandpower", Self.ketamine, "--format", "json", "--reference", "csd",
        ])
        #expect(csd.status == 0, "\(csd.stderr)")
        #expect(csd.stdout.contains("uV/m^2^2"))
        let bad = try CLI.run(["fit", Self.ketamine, "--reference", "Q7"])
        #expect(bad.status == 1 && bad.stderr.contains("'Q7'"))
    }
}

@Suite("eegscope plot topomap")
struct PlotTopomapCommandTests {
    @Test("writes an SVG scalp map; needs exactly one of --band / --rhythm")
    func topomap() throws {
        let directory = try TestData.temporaryDirectory()
        let output = directory.appendingPathComponent("map.svg").path
        let result = try CLI.run([
            "plot", "topomap", SpatialCommandTests.ketamine, "--rhythm", "delta3", "-o", output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: output, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        #expect(svg.contains(">POz<") && svg.contains("dB re 1 uV^2"))
        let neither = try CLI.run(["plot", "topomap", SpatialCommandTests.ketamine, "-o", output])
        #expect(neither.status == 64)
    }
}

@Suite("eegscope compare spatial_specificity")
struct CompareSpecificityTests {
    @Test("the ketamine scenario's delta3 rise is posterior-midline")
    func ketamine() throws {
        let result = try CLI.run(["compare", SpatialCommandTests.ketamine, "--rhythm", "delta3"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let field = try #require(object["spatial_specificity"] as? [String: Any])
        #expect(field["posterior"] as? Bool == true)
        #expect((field["p"] as? Double ?? 1) < 0.05)
    }
}
