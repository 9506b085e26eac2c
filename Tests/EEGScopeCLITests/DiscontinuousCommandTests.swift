import Foundation
import Testing
import _TestSupport

/// Commands on an EDF+D file: `gaps_sine.edf` has stretches at 0-7 s, 10.7-16.7 s and 19-20 s
/// with a 10 Hz sine whose phase jumps by π at each gap (see make_gap_fixtures.py).
enum GapFile {
    static var fixtures: URL { TestData.fixtures("EEGAnalysisTests") }
    static var edf: URL { fixtures.appendingPathComponent("gaps_sine.edf") }
    /// Stretch spans in seconds of recording time.
    static let stretches: [ClosedRange<Double>] = [0...7, 10.7...16.7, 19...20]

    /// SciPy's Welch PSD pooled over the stretches, per channel name.
    static func pooledReference() throws -> [String: (frequencies: [Double], psd: [Double])] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("gaps_reference.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let channels = try #require(object["channels"] as? [[String: Any]])
        var result: [String: (frequencies: [Double], psd: [Double])] = [:]
        for channel in channels {
            let name = try #require(channel["name"] as? String)
            result[name] = (
                try #require(channel["frequencies_hz"] as? [Double]),
                try #require(channel["pooled_psd"] as? [Double])
            )
        }
        return result
    }

    static func isInsideOneStretch(_ start: Double, _ end: Double) -> Bool {
        stretches.contains { $0.lowerBound - 1e-9 <= start && end <= $0.upperBound + 1e-9 }
    }
}

@Suite("Commands on discontinuous (EDF+D) files")
struct DiscontinuousCommandTests {
    @Test("psd: Welch pools segments per stretch and matches SciPy's pooled PSD")
    func psdWelch() throws {
        let result = try CLI.run(["psd", GapFile.edf.path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let frequencies = try #require(object["frequencies_hz"] as? [Double])
        let channels = try #require(object["channels"] as? [[String: Any]])
        let reference = try GapFile.pooledReference()
        #expect(channels.count == 2)
        for channel in channels {
            let name = try #require(channel["name"] as? String)
            let expected = try #require(reference[name])
            #expect(frequencies == expected.frequencies)
            let psd = try #require(channel["psd"] as? [Double])
            // FFTW vs pocketfft on the same samples (measured 3e-15), JSON round trip: 1e-12
            // relative, with a floor of 1e-12 of the peak for the near-zero bins of the sine.
            let check = compareArrays(
                psd, expected.psd, relative: 1e-12, absolute: 1e-12 * (expected.psd.max() ?? 1))
            #expect(check.passed, "\(name): \(check)")
        }
    }

    @Test("psd: periodogram and multitaper refuse several stretches in one line")
    func psdSingleWindowMethods() throws {
        for method in ["periodogram", "multitaper"] {
            let result = try CLI.run(["psd", GapFile.edf.path, "--method", method])
            #expect(result.status != 0)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.hasPrefix(
                "eegscope: error: \(GapFile.edf.path): channel Sine has 3 gap-free stretches"))
            #expect(result.stderr.contains("--method welch"))
        }
        let short = try CLI.run(["psd", GapFile.edf.path, "--segment", "8"])
        #expect(short.status != 0)
        #expect(short.stderr.contains("the longest gap-free stretch has 1400 samples"))
    }

    @Test("fit: the alpha peak of the gap-free PSD stays narrow (joined data broaden it)")
    func fit() throws {
        let result = try CLI.run([
            "fit", GapFile.edf.path, "--channels", "EEG", "--fmin", "2", "--fmax", "40",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let channel = try #require((object["channels"] as? [[String: Any]])?.first)
        let peaks = try #require(channel["peaks"] as? [[String: Any]])
        let alpha = try #require(peaks.first {
            abs(($0["frequency_hz"] as? Double ?? 0) - 10) < 0.2
        })
        // Gap-free PSD: 2.59 log10 above the fit, 1.04 Hz wide; the joined samples give
        // 2.24 and 1.58 Hz (measured with the same fit on a CSV of the joined samples).
        let power = try #require(alpha["power"] as? Double)
        let bandwidth = try #require(alpha["bandwidth_hz"] as? Double)
        #expect(power > 2.45, "\(power)")
        #expect(bandwidth < 1.3, "\(bandwidth)")
    }

    @Test("plot psd: draws the gap-free PSD; multitaper refuses")
    func plotPSD() throws {
        let directory = try TestData.temporaryDirectory()
        let output = directory.appendingPathComponent("psd.svg")
        let result = try CLI.run(["plot", "psd", GapFile.edf.path, "--output", output.path])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOf: output, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") || svg.hasPrefix("<svg"))
        let refused = try CLI.run([
            "plot", "psd", GapFile.edf.path, "--method", "multitaper", "--output", output.path,
        ])
        #expect(refused.status != 0 && refused.stderr.contains("gap-free stretches"))
    }

    @Test("spectrogram: CSV columns stay inside stretches; the SVG hatches both gaps")
    func spectrogram() throws {
        let directory = try TestData.temporaryDirectory()
        let csv = directory.appendingPathComponent("map.csv")
        let result = try CLI.run([
            "spectrogram", GapFile.edf.path, "--channel", "Sine", "--output", csv.path,
            "--fmax", "20",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        var times: [Double] = []
        for row in rows {
            let time = try #require(Double(row.split(separator: ",")[0]))
            if times.last != time { times.append(time) }
        }
        // 1 s segments, 50 % overlap: 13 columns in A, 11 in B, 1 in C; none in a gap.
        #expect(times.count == 25)
        for time in times {
            #expect(GapFile.isInsideOneStretch(time - 0.5, time + 0.5), "column at \(time) s")
        }
        #expect(times.contains(11.2) && times.contains(19.5))
        let svgURL = directory.appendingPathComponent("map.svg")
        let svg = try CLI.run([
            "spectrogram", GapFile.edf.path, "--channel", "Sine", "--output", svgURL.path,
        ])
        #expect(svg.status == 0, "\(svg.stderr)")
        let text = try String(contentsOf: svgURL, encoding: .utf8)
        #expect(text.contains("no data (gap) 7–10.7 s"))
        #expect(text.contains("no data (gap) 16.7–19 s"))
        let short = try CLI.run([
            "spectrogram", GapFile.edf.path, "--channel", "Sine", "--output", csv.path,
            "--segment", "7.5",
        ])
        #expect(short.status != 0)
        #expect(short.stderr.contains("the longest gap-free stretch has 1400 samples"))
    }

    /// The rows (after the header) of an events TSV as (onset, end, channel).
    static func events(_ text: String) throws -> [(onset: Double, end: Double, channel: String)] {
        try text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let onset = try #require(Double(fields[0]))
            let duration = try #require(Double(fields[1]))
            return (onset, onset + duration, String(fields[2]))
        }
    }

    @Test("detect: one episode per stretch, in recording time, none spanning a gap")
    func detect() throws {
        let result = try CLI.run(["detect", GapFile.edf.path, "--rhythm", "8-12"])
        #expect(result.status == 0, "\(result.stderr)")
        let events = try Self.events(result.stdout).filter { $0.channel == "Sine" }
        #expect(events.count == 3)
        for event in events {
            #expect(GapFile.isInsideOneStretch(event.onset, event.end), "\(event)")
        }
        // The episode of the second stretch starts one 8 Hz cycle after 10.7 s, not at the
        // 7.125 s a reader of the joined samples reports.
        #expect(events.map(\.onset) == [0.125, 10.825, 19.125])
    }

    @Test("batch and report: episodes inside the stretches, gap-free band powers")
    func batchAndReport() throws {
        let directory = try TestData.temporaryDirectory()
        let output = directory.appendingPathComponent("out")
        let result = try CLI.run([
            "batch", GapFile.edf.path, "--output", output.path, "--jobs", "1",
            "--rhythms", "8-12",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(
            contentsOf: output.appendingPathComponent("events.tsv"), encoding: .utf8)
        let header = try #require(text.split(separator: "\n").first)
        let channelColumn = try #require(
            header.split(separator: "\t").firstIndex(of: "channel"))
        var count = 0
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let onsetColumn = try #require(header.split(separator: "\t").firstIndex(of: "onset"))
            let onset = try #require(Double(fields[onsetColumn]))
            let duration = try #require(Double(fields[onsetColumn + 1]))
            #expect(GapFile.isInsideOneStretch(onset, onset + duration), "\(line)")
            if fields[channelColumn] == "Sine" { count += 1 }
        }
        #expect(count == 3)
        let summary = try String(
            contentsOf: output.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(!summary.contains("not detected"))
        let reports = directory.appendingPathComponent("reports")
        let report = try CLI.run(["report", GapFile.edf.path, "--output", reports.path])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(
            contentsOf: reports.appendingPathComponent("gaps_sine.edf.html"), encoding: .utf8)
        #expect(page.contains("<svg"))
    }

    @Test("info --json lists the three gap-free segments")
    func info() throws {
        let result = try CLI.run(["info", GapFile.edf.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["duration_s"] as? Double == 20)
        #expect(object["data_duration_s"] as? Double == 14)
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.count == 3)
        let text = try CLI.run(["info", GapFile.edf.path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("discontinuous: 3 segments, 14 s of data\n  0–7 s  (7 s)\n"
            + "  10.7–16.7 s  (6 s)\n  19–20 s  (1 s)\n"))
    }

    /// The two channel columns of `filter` CSV output and its leading `time_s` column.
    static func csvColumns(_ url: URL) throws -> [[Double]] {
        try csvColumnsAndTimes(url).columns
    }

    static func csvColumnsAndTimes(_ url: URL) throws -> (columns: [[Double]], times: [Double]) {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.hasPrefix("time_s,") == true)
        var columns: [[Double]] = [[], []]
        var times: [Double] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            times.append(try #require(Double(fields[0])))
            for index in 0..<2 {
                columns[index].append(try #require(Double(fields[index + 1])))
            }
        }
        return (columns, times)
    }

    @Test(
        "filter: each stretch filtered on its own; EDF output stays EDF+D",
        arguments: [["--method", "iir"], ["--method", "fir"]])
    func filter(method: [String]) throws {
        let directory = try TestData.temporaryDirectory()
        let joined = directory.appendingPathComponent("all.csv")
        let result = try CLI.run(
            ["filter", GapFile.edf.path, "--band", "8-12", "--output", joined.path] + method)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3 gap-free stretches"))
        let alone = directory.appendingPathComponent("b.csv")
        let single = try CLI.run([
            "filter", GapFile.fixtures.appendingPathComponent("gaps_stretch_b.csv").path,
            "--fs", "200", "--band", "8-12", "--output", alone.path,
        ] + method)
        #expect(single.status == 0, "\(single.stderr)")
        let (all, times) = try Self.csvColumnsAndTimes(joined)
        // time_s is recording time: stretch B (sample 1400 at 200 Hz) starts at 10.7 s.
        #expect(isClose(times[1399], 6.995, relative: 0, absolute: 1e-9)
            && isClose(times[1400], 10.7, relative: 0, absolute: 1e-9))
        let stretch = try Self.csvColumns(alone)
        for channel in 0..<2 {
            #expect(all[channel].count == 2800 && stretch[channel].count == 1200)
            // Stretch B (samples 1400..<2600) equals the stretch filtered as its own file;
            // 1e-9 µV covers the decimal round trip of the CSV input.
            let check = compareArrays(
                Array(all[channel][1400..<2600]), stretch[channel], relative: 0, absolute: 1e-9)
            #expect(check.passed, "\(check)")
        }
        let edf = directory.appendingPathComponent("out.edf")
        let written = try CLI.run(
            ["filter", GapFile.edf.path, "--band", "8-12", "--output", edf.path] + method)
        #expect(written.status == 0 && !written.stderr.contains("warning"), "\(written.stderr)")
        let info = try CLI.run(["info", edf.path, "--json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "EDF+D")
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.compactMap { $0["onset"] as? Double } == [0, 10.7, 19])
    }

    @Test("compare: spans in recording time, epochs only inside the stretches")
    func compare() throws {
        let result = try CLI.run([
            "compare", GapFile.edf.path, "--rhythm", "8-12", "--channels", "Sine",
            "--baseline", "0-12", "--condition", "10.7-20", "--permutations", "50",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let channel = try #require((object["channels"] as? [[String: Any]])?.first)
        let baseline = try #require(channel["baseline"] as? [String: Any])
        let condition = try #require(channel["condition"] as? [String: Any])
        // 0-12 s holds stretch A (7 s: 3 epochs) and 1.3 s of B (none); 10.7-20 s holds B
        // (6 s: 3 epochs) and C (1 s: none).
        #expect(baseline["epochs"] as? Int == 3 && condition["epochs"] as? Int == 3)
        let change = try #require(channel["band_power_change_db"] as? Double)
        #expect(abs(change) < 1e-6)  // a steady 50 µV sine in both spans
    }

    @Test("bandpower: Welch streams per stretch; multitaper refuses; short stretches explained")
    func bandpower() throws {
        let welch = try CLI.run(["bandpower", GapFile.edf.path, "--format", "json"])
        #expect(welch.status == 0, "\(welch.stderr)")
        let refused = try CLI.run(["bandpower", GapFile.edf.path, "--method", "multitaper"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("3 gap-free stretches"))
    }

    @Test("bandpower on 1 s stretches: the short-stretch error, then --segment 1 fits",
        .enabled(if: TestData.hasShared("edge-cases/Discontinuous1.edf"),
            "needs ../shared/data/eeg/edge-cases/Discontinuous1.edf (absent in a fresh clone)"))
    func bandpowerShortStretches() throws {
        let shared = try TestData.shared("edge-cases/Discontinuous1.edf")
        // 1 s stretches: no 2 s Welch segment fits; 1 s segments do.
        let short = try CLI.run(["bandpower", shared.path, "--channels", "sine 8.5 Hz"])
        #expect(short.status != 0)
        #expect(short.stderr.contains("the longest gap-free stretch has 200 samples"))
        let fits = try CLI.run([
            "bandpower", shared.path, "--channels", "sine 8.5 Hz", "--segment", "1",
        ])
        #expect(fits.status == 0, "\(fits.stderr)")
    }
}

