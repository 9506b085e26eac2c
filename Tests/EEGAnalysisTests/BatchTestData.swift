import EEGCore
import EEGFileIO
import Foundation
import _TestSupport

/// Small synthetic recordings for the batch tests: noise plus a sine per channel, written as
/// EDF+ so the whole reading path is exercised.
enum BatchTestData {
    /// Writes a recording of `channels` channels to `url`.
    static func writeRecording(
        to url: URL, channels: [String] = ["Oz", "Pz", "Cz"], duration: Seconds = 12,
        sampleRate: Hertz = 200, frequency: Hertz = 10, seed: UInt64 = 1
    ) throws {
        var generator = SeededGenerator(seed: seed)
        let count = Int(duration * sampleRate)
        let signals = try channels.enumerated().map { index, label in
            let samples = (0..<count).map { sample -> Double in
                let time = Double(sample) / sampleRate
                return 20 * sin(2 * .pi * frequency * time + Double(index))
                    + 5 * generator.nextGaussian()
            }
            return try Signal(samples: samples, sampleRate: sampleRate, label: label, unit: "uV")
        }
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try EDFWriter.write(Recording(signals: signals), to: url)
    }

    /// Writes a file that starts like EDF but is cut short.
    static func writeCorrupt(to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(("0       " + String(repeating: "X", count: 300)).utf8).write(to: url)
    }

    /// The five result files of a batch output folder.
    static func results(in folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["bandpower.csv", "fit.json", "events.tsv", "failures.tsv", "summary.json"] {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }
}

/// Reading for tests (keeps the EEGFileIO import in one place).
enum EEGFileIOAccess {
    static func read(_ url: URL) throws -> Recording { try RecordingFile.read(url) }
}

extension EEGFileIOAccess {
    static func readEvents(_ url: URL) throws -> [RhythmEvent] { try EventTable.read(url) }
}
