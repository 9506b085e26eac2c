import Foundation
import Testing
import _TestSupport

@Suite("eegscope bandpower")
struct BandPowerCommandTests {
    @Test("csv: contract header, rows per file × channel × band, relative over the union")
    func csvOutput() throws {
        let directory = try TestData.temporaryDirectory()
        let first = try writeSineCSV(in: directory, name: "a.csv")
        let second = try writeSineCSV(in: directory, name: "b.csv")
        let result = try CLI.run([
            "bandpower", first.path, second.path, "--fs", "128", "--integration", "trapezoid",
            "--bands", "alpha=8-13,beta=13-30,low=1-4",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // The contract's columns, then the row's power unit (docs/contract.md).
        #expect(lines.first == "file,channel,band,fmin_hz,fmax_hz,absolute,relative,unit")
        #expect(lines.count == 1 + 2 * 2 * 3)
        let alpha = try #require(lines.first { $0.hasPrefix("\(first.path),Oz,alpha,") })
        let fields = alpha.split(separator: ",").map(String.init)
        #expect(Double(fields[3]) == 8 && Double(fields[4]) == 13)
        // Trapezoid sum of a sine's Welch PSD is its power A²/2 = 2.
        let absolute = try #require(Double(fields[5]))
        #expect(isClose(absolute, 2, relative: 0.01), "\(absolute)")
        let relative = try #require(Double(fields[6]))
        #expect(relative > 0.99 && relative <= 1)
    }

    @Test("json lists files, channels and bands")
    func jsonOutput() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let result = try CLI.run([
            "bandpower", file.path, "--fs", "128", "--bands", "theta=4-8,beta=13-30",
            "--format", "json", "--method", "periodogram",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "periodogram")
        let files = try #require(object["files"] as? [[String: Any]])
        let channels = try #require(files.first?["channels"] as? [[String: Any]])
        #expect(channels.map { $0["name"] as? String } == ["Oz", "Cz"])
        let bands = try #require(channels[1]["bands"] as? [[String: Any]])
        #expect(bands.map { $0["band"] as? String } == ["theta", "beta"])
        // Cz is a 20 Hz sine: all of the union's power is in beta.
        #expect(isClose(bands[1]["relative"] as? Double ?? 0, 1, relative: 1e-6))
    }

    @Test("a failing file is reported, the others still written, exit non-zero")
    func partialFailure() throws {
        let directory = try TestData.temporaryDirectory()
        let good = try writeSineCSV(in: directory)
        let missing = directory.appendingPathComponent("missing.csv").path
        let result = try CLI.run(["bandpower", good.path, missing, "--fs", "128",
                                  "--bands", "alpha=8-13"])
        #expect(result.status != 0)
        #expect(result.stdout.split(separator: "\n").count == 3)
        #expect(result.stderr.hasPrefix("eegscope: error: \(missing)"))
        // The default gamma band (30–80 Hz) is above a 128 Hz file's Nyquist frequency: its
        // cells are left empty with a warning, the other bands are still reported.
        let nyquist = try CLI.run(["bandpower", good.path, "--fs", "128"])
        #expect(nyquist.status == 0, "\(nyquist.stderr)")
        let gammaRows = nyquist.stdout.split(separator: "\n").filter { $0.contains(",gamma,") }
        #expect(!gammaRows.isEmpty && gammaRows.allSatisfy { $0.contains(",30.0,80.0,,,") })
        let alphaRow = nyquist.stdout.split(separator: "\n").first { $0.contains(",alpha,") }
        #expect(alphaRow.map { !$0.hasSuffix(",,") } ?? false)
        #expect(nyquist.stderr.contains("warning") && nyquist.stderr.contains("band gamma"))
        let badBands = try CLI.run(["bandpower", good.path, "--fs", "128", "--bands", "a=5-2"])
        #expect(badBands.status != 0 && badBands.stderr.contains("--bands"))
    }
}

@Suite("eegscope bandpower on EDF (streaming)")
struct BandPowerStreamingCommandTests {
    @Test("--channels picks rows equal to the all-channel run; unknown names fail")
    func channelSelection() throws {
        let directory = try TestData.temporaryDirectory()
        let file = directory.appendingPathComponent("stream.edf")
        let synth = try CLI.run([
            "synth", "--scenario", "aperiodic", "--output", file.path, "--duration", "20",
            "--fs", "200", "--channels", "Cz,Pz,Oz",
        ])
        #expect(synth.status == 0, "\(synth.stderr)")
        let all = try CLI.run(["bandpower", file.path])
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.split(separator: "\n").count == 1 + 3 * 5)
        let picked = try CLI.run(["bandpower", file.path, "--channels", "Oz,Cz"])
        #expect(picked.status == 0, "\(picked.stderr)")
        let allRows = Set(all.stdout.split(separator: "\n").dropFirst())
        let pickedRows = picked.stdout.split(separator: "\n").dropFirst()
        #expect(pickedRows.count == 10 && pickedRows.allSatisfy { allRows.contains($0) })
        #expect(pickedRows.first?.contains(",Oz,") == true)
        let unknown = try CLI.run(["bandpower", file.path, "--channels", "T9"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.hasPrefix("eegscope: error: \(file.path)"))
        #expect(unknown.stderr.contains("T9"))
    }
}
