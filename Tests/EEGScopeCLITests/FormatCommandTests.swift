import Foundation
import Testing
import _TestSupport

/// The commands that take EDF take BrainVision and EEGLAB recordings alike (the tiny
/// recordings of `Tests/EEGFileIOTests/Fixtures/tiny`, the same 8 s of 4 channels).
@Suite("eegscope on BrainVision and EEGLAB")
struct FormatCommandTests {
    static let tiny = TestData.fixtures("EEGFileIOTests").appendingPathComponent("tiny")
    static let files = ["tiny_bv.vhdr", "tiny.set", "tiny_fdt.set"]

    static func path(_ name: String) -> String { tiny.appendingPathComponent(name).path }

    @Test("info --json names the format, channels, rate and events", arguments: files)
    func info(_ name: String) throws {
        let result = try CLI.run(["info", Self.path(name), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == (name.hasSuffix(".vhdr") ? "BrainVision" : "EEGLAB"))
        let channels = try #require(json["channels"] as? [[String: Any]])
        #expect(channels.compactMap { $0["name"] as? String } == ["Fz", "Cz", "Pz", "Oz"])
        #expect(channels.allSatisfy { $0["sampling_rate_hz"] as? Double == 250 })
        #expect(channels.allSatisfy { $0["samples"] as? Int == 2000 })
        let annotations = try #require(json["annotations"] as? [[String: Any]])
        #expect(annotations.count == 2)
    }

    @Test("psd, bandpower, fit and detect give the same numbers for all three files")
    func analysesAgree() throws {
        var bandPowers: [[String]] = []
        for name in Self.files {
            let psd = try CLI.run(["psd", Self.path(name), "--format", "csv"])
            #expect(psd.status == 0, "\(psd.stderr)")
            #expect(psd.stdout.hasPrefix("channel,frequency_hz,psd\nFz,0.0,"))
            let power = try CLI.run(["bandpower", Self.path(name)])
            #expect(power.status == 0, "\(power.stderr)")
            // Drop the file column; keep channel, band and the power rounded to 5 digits.
            bandPowers.append(power.stdout.split(separator: "\n").dropFirst().map { row in
                let fields = row.split(separator: ",")
                return fields[1...2].joined(separator: ",") + ","
                    + String(format: "%.5g", Double(fields[5]) ?? .nan)
            })
            let fit = try CLI.run(["fit", Self.path(name), "--format", "json"])
            #expect(fit.status == 0, "\(fit.stderr)")
            #expect(fit.stdout.contains("\"aperiodic\""))
            let detect = try CLI.run(["detect", Self.path(name), "--rhythm", "delta3"])
            #expect(detect.status == 0, "\(detect.stderr)")
            // The 3 Hz bursts on Pz (2–4 s and 5–6.5 s) are found.
            let pz = detect.stdout.split(separator: "\n").filter { $0.contains("\tPz\t") }
            #expect(pz.count == 2, "\(name): \(detect.stdout)")
        }
        #expect(bandPowers[0].count == 20)
        // float32 EEGLAB storage of 0.1 µV-step values: equal to 5 significant digits.
        #expect(bandPowers[0] == bandPowers[1] && bandPowers[1] == bandPowers[2])
    }

    @Test("epoched EEGLAB data are analysed per epoch (no window spans two epochs)")
    func epochs() throws {
        let info = try CLI.run(["info", Self.path("tiny_epochs.set")])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("4 segments"), "\(info.stdout)")
        let psd = try CLI.run(["psd", Self.path("tiny_epochs.set"), "--segment", "1"])
        #expect(psd.status == 0, "\(psd.stderr)")
    }

    @Test("report and batch take both formats; a folder scan finds .vhdr and .set")
    func reportAndBatch() throws {
        let output = try TestData.temporaryDirectory("cli-formats")
        let report = try CLI.run([
            "report", Self.path("tiny_bv.vhdr"), Self.path("tiny.set"), "--output",
            output.appendingPathComponent("report").path,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let folder = try TestData.temporaryDirectory("cli-formats-in")
        for name in ["tiny_bv.vhdr", "tiny_bv.vmrk", "tiny_bv.eeg", "tiny_fdt.set", "tiny_fdt.fdt"] {
            try FileManager.default.copyItem(
                at: Self.tiny.appendingPathComponent(name),
                to: folder.appendingPathComponent(name))
        }
        // An EEG format EEGScope cannot read, and a data file whose header is missing.
        try Data("not read".utf8).write(to: folder.appendingPathComponent("other.fif"))
        try Data(count: 64).write(to: folder.appendingPathComponent("orphan.eeg"))
        let batch = try CLI.run([
            "batch", folder.path, "--output", output.appendingPathComponent("batch").path,
            "--rhythms", "none",
        ])
        #expect(batch.status != 0, "unreadable inputs make the batch fail")
        let failures = try String(
            contentsOf: output.appendingPathComponent("batch/failures.tsv"), encoding: .utf8)
        let rows = failures.split(separator: "\n")
        #expect(rows.count == 3, "\(failures)")
        #expect(rows.contains { $0.contains("other.fif") && $0.contains("unsupported format") })
        #expect(rows.contains { $0.contains("orphan.eeg") && $0.contains(".vhdr") })
        let powers = try String(
            contentsOf: output.appendingPathComponent("batch/bandpower.csv"), encoding: .utf8)
        #expect(powers.contains("tiny_bv.vhdr,Fz,delta"))
        #expect(powers.contains("tiny_fdt.set,Oz,gamma"))
    }
}

/// BIDS sidecars show in the outputs: bad channels left out and named, non-EEG channels not
/// analysed as EEG, the declared line frequency used, events usable as annotations.
@Suite("eegscope on a BIDS tree")
struct BIDSCommandTests {
    @Test("detect leaves out the bad and the ECG channel, names them, and uses 50 Hz")
    func detect() throws {
        let url = try TestData.makeTinyBIDSTree()
        let summary = try TestData.temporaryDirectory("cli-bids").appendingPathComponent("s.json")
        let result = try CLI.run([
            "detect", url.path, "--rhythm", "gamma", "--summary", summary.path, "-o", "-",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Cz (bad)") && result.stderr.contains("Oz (ecg)"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: Any])
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["line_noise_hz"] as? Double == 50)
        let channels = try #require(file["channels"] as? [[String: Any]])
        let status = Dictionary(uniqueKeysWithValues: channels.map {
            ($0["name"] as? String ?? "", $0["status"] as? String ?? "")
        })
        #expect(status == ["Fz": "analysed", "Cz": "excluded", "Pz": "analysed", "Oz": "excluded"])
    }

    @Test("compare takes its spans from events.tsv (baseline, then the next event)")
    func compareFromEvents() throws {
        let url = try TestData.makeTinyBIDSTree()
        let events = url.deletingLastPathComponent()
            .appendingPathComponent("sub-01_ses-1_task-rest_run-1_events.tsv")
        try "onset\tduration\ttrial_type\n0\t4\tbaseline\n4\t4\tbursts\n".write(
            to: events, atomically: true, encoding: .utf8)
        let result = try CLI.run(["compare", url.path, "--rhythm", "delta3", "--epoch", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let baseline = try #require(json["baseline"] as? [String: Any])
        #expect(baseline["span_s"] as? [Double] == [0, 4])
    }

    @Test("info shows the sidecar types, the bad mark and the events.tsv events")
    func info() throws {
        let url = try TestData.makeTinyBIDSTree()
        let result = try CLI.run(["info", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("type ecg"))
        #expect(result.stdout.contains("bad (flat)"))
        #expect(result.stdout.contains("eyes_closed"))
    }

    @Test("batch over the BIDS root carries the entities and the canonical names")
    func batch() throws {
        let url = try TestData.makeTinyBIDSTree()
        let root = url.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let output = try TestData.temporaryDirectory("cli-bids-batch")
        let result = try CLI.run([
            "batch", root.path, "--output", output.path, "--rhythms", "none",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let powers = try String(
            contentsOf: output.appendingPathComponent("bandpower.csv"), encoding: .utf8)
        let rows = powers.split(separator: "\n")
        #expect(rows.count > 1)
        #expect(rows.dropFirst().allSatisfy { $0.contains(",01,1,rest,,1,Fz,") || !$0.contains(",Fz,") })
        #expect(rows.contains { $0.contains(",Pz,delta,") && $0.contains(",01,1,rest,,1,Pz,") })
    }
}
