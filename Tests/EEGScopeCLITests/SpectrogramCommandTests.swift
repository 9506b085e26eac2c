import Foundation
import Testing
import _TestSupport

@Suite("eegscope spectrogram")
struct SpectrogramCommandTests {
    @Test("csv: long format, one row per segment centre and frequency, 10 Hz line on Oz")
    func csvOutput() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let output = directory.appendingPathComponent("map.csv")
        let result = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--segment", "1",
            "--overlap", "0.5", "--fmax", "30", "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOf: output, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.first == "time_s,frequency_hz,power")
        // 20 s at 128 Hz, 128-sample segments stepping 64: 39 segments; 0…30 Hz at 1 Hz.
        #expect(lines.count == 1 + 39 * 31)
        let rows = lines.dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        #expect(rows.first == [0.5, 0, rows.first?[2] ?? .nan])
        #expect(rows.last?[0] == 19.5 && rows.last?[1] == 30)
        let firstSegment = rows.prefix(31)
        let peak = try #require(firstSegment.max { $0[2] < $1[2] })
        #expect(peak[1] == 10)
    }

    @Test("--baseline: CSV of dB change (0 dB on average over the baseline); SVG on standard output")
    func baselineChange() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let result = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--segment", "1",
            "--fmin", "9.5", "--fmax", "10.5", "--smooth", "3", "--baseline", "0-10", "-o",
            directory.appendingPathComponent("change.csv").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOf: directory.appendingPathComponent("change.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.first == "time_s,frequency_hz,change_db")
        // A steady sine: every smoothed column equals the baseline mean within 0.01 dB.
        let changes = lines.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        #expect(changes.count == 39 && changes.allSatisfy { abs($0) < 0.01 }, "\(changes)")
        let svg = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--baseline", "0-10",
            "--annotations", "all", "-o", "-",
        ])
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(svg.stdout.hasPrefix("<svg") && svg.stdout.contains("Change from 0–10 s (dB)"))
        let empty = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--baseline", "30-40",
            "-o", directory.appendingPathComponent("x.svg").path,
        ])
        #expect(empty.status == 1 && empty.stderr.contains("a span holding at least one segment"))
    }

    @Test("svg: heatmap with axes, units and colour bar")
    func svgOutput() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let output = directory.appendingPathComponent("map.svg")
        let result = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Cz", "--output", output.path,
            "--fmax", "40", "--title", "Cz <test>",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOf: output, encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains(">Time (s)</text>") && svg.contains(">Frequency (Hz)</text>"))
        #expect(svg.contains("Power (dB re 1 unit²/Hz)"))
        #expect(svg.contains("Cz &lt;test&gt;"))
        #expect(svg.contains("<linearGradient"))
    }

    @Test("svg: episodes of the chosen channel from an events TSV are marked")
    func episodes() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let events = directory.appendingPathComponent("events.tsv")
        try """
            onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude
            2.0\t3.0\tOz\t8-12\t10\t2
            9.0\t1.5\tOz\t8-12\t10\t2
            4.0\t2.0\tCz\tgamma\t40\t1

            """.write(to: events, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("map.svg")
        let result = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--events", events.path,
            "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOf: output, encoding: .utf8)
        let strip = try #require(svg.components(separatedBy: "class=\"episode-strip\">").last)
        let bars = strip.components(separatedBy: "</g>")[0].components(separatedBy: "<rect")
        #expect(bars.count - 1 == 2, "two Oz episodes")
        let bad = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz",
            "--events", directory.appendingPathComponent("none.tsv").path,
            "--output", output.path,
        ])
        #expect(bad.status != 0 && bad.stderr.contains("none.tsv"))
    }

    @Test("bad input: one stderr line, non-zero exit")
    func errors() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let format = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--output", "x.png",
        ])
        #expect(format.status != 0 && format.stderr.contains("--output must end in .svg or .csv"))
        let channel = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Fp9",
            "--output", directory.appendingPathComponent("a.svg").path,
        ])
        #expect(channel.status != 0)
        #expect(channel.stderr.hasPrefix("eegscope: error: \(file.path): "), "\(channel.stderr)")
        #expect(channel.stderr.split(separator: "\n").count == 1)
        let long = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--segment", "60",
            "--output", directory.appendingPathComponent("b.csv").path,
        ])
        #expect(long.status != 0 && long.stderr.contains(file.path))
        let range = try CLI.run([
            "spectrogram", file.path, "--fs", "128", "--channel", "Oz", "--fmin", "100",
            "--output", directory.appendingPathComponent("c.svg").path,
        ])
        #expect(range.status != 0 && range.stderr.contains("--fmin 100 Hz"), "\(range.stderr)")
        #expect(!FileManager.default.fileExists(
            atPath: directory.appendingPathComponent("c.svg").path))
    }
}
