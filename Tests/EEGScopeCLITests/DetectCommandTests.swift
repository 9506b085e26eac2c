import Foundation
import Testing
import _TestSupport

@Suite("eegscope detect")
struct DetectCommandTests {
    /// Synthesizes `scenario`, detects `rhythm`, scores; returns the score JSON object.
    func synthDetectScore(
        scenario: String, rhythm: String, seed: Int, duration: Int, in directory: URL
    ) throws -> [String: Any] {
        let name = "\(scenario)-\(seed)"
        let synth = try CLI.run([
            "synth", "--scenario", scenario, "--seed", "\(seed)", "--duration", "\(duration)",
            "--output", "\(name).edf",
        ], in: directory)
        #expect(synth.status == 0, "\(synth.stderr)")
        let detect = try CLI.run([
            "detect", "\(name).edf", "--rhythm", rhythm, "--output", "\(name)_detected.tsv",
            "--summary", "\(name)_summary.json",
        ], in: directory)
        #expect(detect.status == 0, "\(detect.stderr)")
        let score = try CLI.run([
            "score", "--truth", "\(name)_events.tsv", "--detected", "\(name)_detected.tsv",
        ], in: directory)
        #expect(score.status == 0, "\(score.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
    }

    // Seeds 606060 and 717171 were never used while designing the scenarios or the detector
    // (tuning used 101–110; the 50-seed measurement in docs/detection.md used 30001–30050).
    // Default duration (120 s), rate (256 Hz), channels (22) and SNR (10 dB).
    @Test("delta3-bursts and gamma-bursts at the default SNR score F1 >= 0.85 (fresh seeds)",
          arguments: [606060, 717171])
    func acceptanceF1(seed: Int) throws {
        let directory = try TestData.temporaryDirectory()
        for (scenario, rhythm) in [("delta3-bursts", "delta3"), ("gamma-bursts", "gamma")] {
            let score = try synthDetectScore(
                scenario: scenario, rhythm: rhythm, seed: seed, duration: 120, in: directory)
            let f1 = score["f1"] as? Double ?? 0
            print("detect acceptance: \(scenario) seed \(seed): F1 \(f1) \(score)")
            #expect(f1 >= 0.85, "\(scenario) seed \(seed): \(score)")
        }
    }

    @Test("writes the events TSV header and a summary with caveats")
    func outputs() throws {
        let directory = try TestData.temporaryDirectory()
        let synth = try CLI.run([
            "synth", "--scenario", "delta3-bursts", "--duration", "30", "--channels", "Pz,Oz",
            "--output", "d.edf",
        ], in: directory)
        #expect(synth.status == 0, "\(synth.stderr)")
        let detect = try CLI.run(
            ["detect", "d.edf", "--rhythm", "delta3", "--summary", "s.json"], in: directory)
        #expect(detect.status == 0, "\(detect.stderr)")
        let header = detect.stdout.split(separator: "\n").first.map(String.init)
        #expect(header == "onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude\tsnr_db")
        let data = try Data(contentsOf: directory.appendingPathComponent("s.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["rhythm"] as? String == "delta3")
        #expect((object["caveats"] as? [String])?.contains { $0.contains("intracranial") } == true)
        let files = try #require(object["files"] as? [[String: Any]])
        let channels = try #require(files.first?["channels"] as? [[String: Any]])
        #expect(channels.map { $0["name"] as? String } == ["Pz", "Oz"])
        #expect(channels.allSatisfy { $0["peak"] is [String: Any] && $0["band_power"] is Double })
    }

    @Test("bad arguments and inputs give one error line and a non-zero status")
    func errors() throws {
        let directory = try TestData.temporaryDirectory()
        let missing = try CLI.run(["detect", "nope.edf", "--rhythm", "delta3"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.edf"))
        let badRhythm = try CLI.run(["detect", "x.edf", "--rhythm", "theta"], in: directory)
        #expect(badRhythm.status != 0)
        #expect(badRhythm.stderr.contains("--rhythm"))
        let badMix = try CLI.run(
            ["detect", "x.edf", "--rhythm", "delta3", "--dual-threshold", "1,2"], in: directory)
        #expect(badMix.status != 0)
        let synth = try CLI.run([
            "synth", "--scenario", "aperiodic", "--duration", "10", "--channels", "Cz",
            "--fs", "100", "--output", "a.edf",
        ], in: directory)
        #expect(synth.status == 0, "\(synth.stderr)")
        // A band wholly above the usable passband (0.95 × Nyquist) is an error; one that
        // straddles it is clipped with a warning (PassbandTests).
        let nyquist = try CLI.run(["detect", "a.edf", "--rhythm", "60-70"], in: directory)
        #expect(nyquist.status != 0)
        #expect(nyquist.stderr.contains("a.edf") && nyquist.stderr.contains("Nyquist"))
        #expect(nyquist.stderr.split(separator: "\n").count == 1)
    }
}
