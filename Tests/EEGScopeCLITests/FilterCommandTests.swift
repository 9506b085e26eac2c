import Foundation
import Testing
import _TestSupport

@Suite("eegscope filter")
struct FilterCommandTests {
    /// Parses CSV output into its channel names and columns, checking that the leading
    /// `time_s` column counts samples at `sampleRate` from 0 s.
    static func columns(_ text: String, sampleRate: Double = 128) throws -> ([String], [[Double]]) {
        let lines = text.split(separator: "\n").map(String.init)
        var header = try #require(lines.first).split(separator: ",").map(String.init)
        #expect(header.first == "time_s")
        var columns = Array(repeating: [Double](), count: header.count)
        for line in lines.dropFirst() {
            for (index, field) in line.split(separator: ",").enumerated() {
                columns[index].append(try #require(Double(field)))
            }
        }
        let times = columns.removeFirst()
        header.removeFirst()
        #expect(times.enumerated().allSatisfy { isClose($1, Double($0) / sampleRate, relative: 0, absolute: 1e-9) })
        return (header, columns)
    }

    static func peak(_ values: [Double]) -> Double {
        values[(values.count / 4)..<(3 * values.count / 4)].map(abs).max() ?? 0
    }

    @Test("FIR band-pass keeps the 10 Hz channel and removes the 20 Hz one (CSV in, CSV out)")
    func firBandPass() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let output = directory.appendingPathComponent("out.csv")
        let result = try CLI.run([
            "filter", file.path, "--fs", "128", "--band", "8-12", "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let (header, columns) = try Self.columns(String(contentsOf: output, encoding: .utf8))
        #expect(header == ["Oz", "Cz"])
        #expect(columns.allSatisfy { $0.count == 20 * 128 })
        #expect(isClose(Self.peak(columns[0]), 2, relative: 0.01))
        #expect(Self.peak(columns[1]) < 0.01)
    }

    @Test("IIR band-pass + envelope gives the 10 Hz amplitude; --channels selects")
    func iirEnvelope() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let output = directory.appendingPathComponent("envelope.csv")
        let result = try CLI.run([
            "filter", file.path, "--fs", "128", "--band", "8-12", "--method", "iir",
            "--order", "3", "--envelope", "--channels", "Oz", "--output", output.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let (header, columns) = try Self.columns(String(contentsOf: output, encoding: .utf8))
        #expect(header == ["Oz"])
        let middle = columns[0][(columns[0].count / 4)..<(3 * columns[0].count / 4)]
        #expect(middle.allSatisfy { isClose($0, 2, relative: 0.02) })
    }

    @Test("-o - writes the CSV to standard output; it reads back as CSV input (time_s skipped)")
    func standardOutputRoundTrip() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let result = try CLI.run(["filter", file.path, "--fs", "128", "--lowpass", "30", "-o", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        let (header, columns) = try Self.columns(result.stdout)
        #expect(header == ["Oz", "Cz"] && columns[0].count == 20 * 128)
        let again = directory.appendingPathComponent("again.csv")
        try result.stdout.write(to: again, atomically: true, encoding: .utf8)
        let info = try CLI.run(["info", again.path, "--fs", "128", "--json"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("\"Oz\"") && !info.stdout.contains("time_s"))
        let wrongRate = try CLI.run(["info", again.path, "--fs", "256"])
        #expect(wrongRate.status == 1)
        #expect(wrongRate.stderr.contains("time_s steps by 0.0078125 s"), "\(wrongRate.stderr)")
    }

    @Test("IIR notch removes the 20 Hz line; causal low-pass runs; EDF output reads back")
    func notchAndEDF() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let notched = directory.appendingPathComponent("notched.csv")
        let notch = try CLI.run([
            "filter", file.path, "--fs", "128", "--notch", "20", "--method", "iir",
            "--output", notched.path,
        ])
        #expect(notch.status == 0, "\(notch.stderr)")
        let (_, columns) = try Self.columns(String(contentsOf: notched, encoding: .utf8))
        #expect(Self.peak(columns[1]) < 0.02)
        #expect(isClose(Self.peak(columns[0]), 2, relative: 0.01))

        let edf = directory.appendingPathComponent("lowpass.edf")
        let lowpass = try CLI.run([
            "filter", file.path, "--fs", "128", "--lowpass", "15", "--causal", "--output",
            edf.path,
        ])
        #expect(lowpass.status == 0, "\(lowpass.stderr)")
        let info = try CLI.run(["info", edf.path, "--json"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("\"Oz\"") && info.stdout.contains("\"Cz\""))
    }

    @Test("bad arguments and impossible filters fail with one error line")
    func errors() throws {
        let directory = try TestData.temporaryDirectory()
        let file = try writeSineCSV(in: directory)
        let output = directory.appendingPathComponent("x.csv").path
        let none = try CLI.run(["filter", file.path, "--fs", "128", "--output", output])
        #expect(none.status != 0)
        #expect(none.stderr.contains("exactly one of"))
        let reversed = try CLI.run([
            "filter", file.path, "--fs", "128", "--band", "12-8", "--output", output,
        ])
        #expect(reversed.status != 0 && reversed.stderr.contains("--band"))
        let nyquist = try CLI.run([
            "filter", file.path, "--fs", "128", "--lowpass", "64", "--output", output,
        ])
        #expect(nyquist.status != 0)
        #expect(nyquist.stderr.contains(file.path) && nyquist.stderr.contains("Nyquist"))
        #expect(nyquist.stderr.split(separator: "\n").count == 1)
        let order = try CLI.run([
            "filter", file.path, "--fs", "128", "--lowpass", "10", "--method", "iir",
            "--order", "0", "--output", output,
        ])
        #expect(order.status != 0 && order.stderr.contains("--order"))
        let format = try CLI.run([
            "filter", file.path, "--fs", "128", "--lowpass", "10", "--output", "out.txt",
        ])
        #expect(format.status != 0 && format.stderr.contains(".csv, .edf or .bdf"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
