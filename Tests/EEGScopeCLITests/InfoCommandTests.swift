import Foundation
import Testing
import _TestSupport

@Suite("eegscope info")
struct InfoCommandTests {
    /// The eegmmidb S001R01 recording bundled in SampleData.
    static var sample: URL {
        TestData.sampleData.appendingPathComponent("eegmmidb_S001R01.edf")
    }

    @Test("--json has the contract fields with the file's values")
    func json() throws {
        let result = try CLI.run(["info", Self.sample.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["file"] as? String == Self.sample.path)
        #expect(document["format"] as? String == "EDF+C")
        #expect(document["duration_s"] as? Double == 61)
        let channels = try #require(document["channels"] as? [[String: Any]])
        #expect(channels.count == 64)
        #expect(channels[0]["name"] as? String == "Fc5.")
        #expect(channels[0]["sampling_rate_hz"] as? Double == 160)
        #expect(channels[0]["unit"] as? String == "uV")
        #expect(channels[0]["samples"] as? Int == 9760)
        let annotations = try #require(document["annotations"] as? [[String: Any]])
        #expect(annotations.count == 1)
        #expect(annotations[0]["onset"] as? Double == 0)
        #expect(annotations[0]["duration"] as? Double == 60.2)
        #expect(annotations[0]["description"] as? String == "T0")
    }

    @Test("the text form names format, channels and annotations")
    func text() throws {
        let result = try CLI.run(["info", Self.sample.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("format: EDF+C"))
        #expect(result.stdout.contains("channels: 64"))
        #expect(result.stdout.contains("160 Hz  9760 samples  uV"))
        #expect(result.stdout.contains("annotations: 1"))
        #expect(result.stdout.contains("  0  60.2  T0"))
    }

    @Test("a missing annotation duration is JSON null",
        .enabled(if: TestData.hasShared("xltek/subsecond_starttime.edf"),
            "needs ../shared/data/eeg/xltek/subsecond_starttime.edf (absent in a fresh clone)"))
    func nullDuration() throws {
        let url = try TestData.shared("xltek/subsecond_starttime.edf")
        let result = try CLI.run(["info", url.path, "--json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"duration\":null"))
        #expect(result.stdout.contains("\"start_date\":\"2020-01-24T04:05:56.395Z\""))
    }

    @Test("EDF+D: duration spans the gaps; segments describe the data",
        .enabled(if: TestData.hasShared("edge-cases/Discontinuous1.edf"),
            "needs ../shared/data/eeg/edge-cases/Discontinuous1.edf (absent in a fresh clone)"))
    func discontinuous() throws {
        let url = try TestData.shared("edge-cases/Discontinuous1.edf")
        let result = try CLI.run(["info", url.path, "--json"])
        #expect(result.status == 0)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["format"] as? String == "EDF+D")
        #expect(document["duration_s"] as? Double == 899.5)
        #expect(document["data_duration_s"] as? Double == 600)
        #expect((document["segments"] as? [Any])?.count == 600)
    }

    @Test("a corrupt file exits non-zero with one stderr line naming the file")
    func corrupt() throws {
        let folder = try TestData.temporaryDirectory()
        let url = folder.appendingPathComponent("broken.edf")
        var bytes = try Data(contentsOf: Self.sample)
        bytes.replaceSubrange(236..<244, with: Data("-5      ".utf8))
        try bytes.write(to: url)
        let result = try CLI.run(["info", url.path])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(url.path) == true)
        #expect(lines.first?.contains("'number of data records' at byte 236 is '-5'") == true)
    }

    @Test("a missing file and an empty file fail cleanly")
    func missing() throws {
        let folder = try TestData.temporaryDirectory()
        let empty = folder.appendingPathComponent("empty.edf")
        try Data().write(to: empty)
        for path in [folder.appendingPathComponent("none.edf").path, empty.path] {
            let result = try CLI.run(["info", path, "--json"])
            #expect(result.status != 0)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains(path))
        }
    }

    @Test("CSV input needs --fs and then reports the given rate")
    func csv() throws {
        let folder = try TestData.temporaryDirectory()
        let url = folder.appendingPathComponent("data.csv")
        try "A,B\n1,2\n3,4\n5,6\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["info", url.path]).status != 0)
        let result = try CLI.run(["info", url.path, "--fs", "100", "--json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"format\":\"CSV\""))
        #expect(result.stdout.contains("\"samples\":3"))
    }
}
