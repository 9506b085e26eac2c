import EEGAnalysis
import EEGCore
import Foundation
import Testing
import _TestSupport

@Suite("Report building blocks")
struct ReportTests {
    @Test("channel labels map to scalp regions", arguments: [
        ("Fp1", ScalpRegion.frontal), ("AF3", .frontal), ("Fz", .frontal), ("FCz", .central),
        ("Fc5.", .central), ("C3..", .central), ("T7", .temporal), ("TP8", .temporal),
        ("CPz", .parietal), ("EEG Pz-Ref", .parietal), ("POz", .occipital), ("Oz", .occipital),
        ("Iz..", .occipital), ("A1", .other), ("Status", .other), ("ECG ECG", .other),
    ])
    func regions(label: String, region: ScalpRegion) {
        #expect(ScalpRegion(label: label) == region)
    }

    @Test("groups follow the regions and hold at most 8 channels")
    func groups() {
        let labels = (1...10).map { "F\($0)" } + ["Pz", "Oz", "Status"]
        let groups = ChannelGroup.groups(labels: labels)
        #expect(groups.map(\.title) == [
            "Frontal (1 of 2)", "Frontal (2 of 2)", "Parietal", "Occipital", "Other",
        ])
        #expect(groups.map(\.channelIndices.count) == [5, 5, 1, 1, 1])
        #expect(groups.flatMap(\.channelIndices).sorted() == Array(labels.indices))
    }

    @Test("posterior midline channels are found under BCI2000 and plain labels")
    func midline() {
        let bci = ["Fc5.", "Cpz.", "Pz..", "Poz.", "Oz..", "Iz.."]
        #expect(ChannelGroup.posteriorMidlineIndices(labels: bci) == [1, 2, 3, 4])
        #expect(ChannelGroup.posteriorMidlineIndices(labels: ["Fz", "Oz"]) == [1])
    }

    @Test("a baseline annotation and the condition starting at its end define the spans")
    func spans() {
        let annotations = [
            Annotation(onset: 0, duration: nil, description: "EEGScope synth scenario=ketamine"),
            Annotation(onset: 0, duration: 120, description: "baseline"),
            Annotation(onset: 120, duration: 180, description: "ketamine infusion"),
            Annotation(onset: 120, duration: 180, description: "gamma +3.0 dB"),
        ]
        let spans = ConditionSpans.fromAnnotations(annotations)
        #expect(spans == ConditionSpans(
            baseline: 0...120, condition: 120...300, conditionName: "ketamine infusion"))
        #expect(ConditionSpans.fromAnnotations(Array(annotations.prefix(1))) == nil)
        #expect(ConditionSpans.fromAnnotations([annotations[1]]) == nil)
    }

    @Test("a condition span √2 times the baseline is +3.01 dB in every band")
    func comparisonGain() throws {
        var generator = SeededGenerator(seed: 11)
        let rate = 123.0
        let half = (0..<Int(40 * rate)).map { _ in generator.nextGaussian() }
        let signal = try Signal(
            samples: half + half.map { $0 * 2.0.squareRoot() }, sampleRate: rate, label: "Pz")
        let spans = ConditionSpans(baseline: 0...40, condition: 40...80, conditionName: "x")
        let comparison = try ConditionComparison(
            signals: [signal], spans: spans, bands: FrequencyBand.standard.dropLast() + [
                try FrequencyBand(name: "gamma", low: 30, high: 60),
            ])
        // The spans hold exactly scaled copies, so the ratio is exact up to rounding.
        for change in comparison.changes[0] {
            #expect(isClose(change.changeDecibels, 10 * log10(2), relative: 1e-9, absolute: 1e-9))
        }
        let bad = ConditionSpans(baseline: 0...0.5, condition: 40...80, conditionName: "x")
        #expect(throws: (any Error).self) {
            try ConditionComparison(signals: [signal], spans: bad, bands: FrequencyBand.standard)
        }
    }

    @Test("the band-power time course of a sine is its power A²/2", arguments: [128.0, 123.0])
    func timeCourse(rate: Double) throws {
        let amplitude = 3.0
        let samples = (0..<Int(20 * rate)).map { amplitude * sin(2 * .pi * 10 * Double($0) / rate) }
        let signal = try Signal(samples: samples, sampleRate: rate, label: "Oz")
        let course = try BandPowerTimeCourse(
            signal: signal, band: try FrequencyBand(low: 7, high: 13))
        #expect(course.times.count == course.power.count && course.times.count == 19)
        // Hann leakage beyond ±3 Hz of 10 Hz is < 0.1 %; Simpson over the bins: ~1 %.
        for power in course.power {
            #expect(isClose(power, amplitude * amplitude / 2, relative: 0.02, absolute: 0))
        }
        #expect(throws: (any Error).self) {
            try BandPowerTimeCourse(signal: signal.slice(0..<10), band: FrequencyBand.standard[0])
        }
    }
}

@Suite("Reports and chunked detection")
struct RecordingReportTests {
    /// A detector that reports one 1-s episode per channel at every whole 50 s of the samples
    /// it gets.
    static let marker: RecordingEpisodeDetector = { chunk, _ in
        ChunkDetection(events: chunk.signals.flatMap { signal in
            stride(from: 0.0, to: signal.duration, by: 50).map {
                RhythmEvent(
                    onset: $0, duration: 1, channel: signal.label, rhythm: "delta3",
                    frequency: 3, amplitude: 1, snrDecibels: 6)
            }
        })
    }

    @Test("detection chunks of a long recording own disjoint onset ranges")
    func chunkedDetection() throws {
        let folder = try TestData.temporaryDirectory("chunks")
        let url = folder.appendingPathComponent("long.edf")
        try BatchTestData.writeRecording(
            to: url, channels: ["Pz"], duration: 700, sampleRate: 64, seed: 5)
        var settings = AnalysisSettings()
        settings.bands = [FrequencyBand.standard[2]]
        let analyzer = try RecordingAnalyzer(settings: settings, detector: Self.marker)
        let streamed = try analyzer.analyze(BatchInput(path: url.path))
        let recording = try EEGFileIOAccess.read(url)
        let inMemory = try analyzer.analyze(recording, input: BatchInput(path: url.path))
        #expect(streamed.events == inMemory.events)
        // Chunks [0,300) read 0–310, [300,600) read 290–610, [600,700] read 590–700: every
        // onset is counted once, by the chunk whose core holds it.
        let onsets = streamed.events.map(\.onset)
        #expect(Set(onsets).count == onsets.count)
        #expect(onsets.contains(0) && onsets.contains(290 + 50) && onsets.contains(640))
        #expect(onsets.allSatisfy { $0 >= 0 && $0 < 700 })
    }

    @Test("the report has every section, the comparison and the truth, deterministically")
    func reportHTML() throws {
        var generator = SeededGenerator(seed: 3)
        let rate = 200.0
        let signals = try ["Fz", "Cz", "Pz", "Oz"].map { label in
            try Signal(
                samples: (0..<Int(60 * rate)).map { index in
                    let time = Double(index) / rate
                    let delta = time >= 30 ? 10 * sin(2 * .pi * 3 * time) : 0
                    return delta + 5 * generator.nextGaussian()
                }, sampleRate: rate, label: label, unit: "uV")
        }
        let recording = Recording(
            signals: signals,
            annotations: [
                Annotation(onset: 0, duration: 30, description: "baseline"),
                Annotation(onset: 30, duration: 30, description: "infusion"),
            ], metadata: ["format": "EDF+C"])
        let analyzer = try RecordingAnalyzer(settings: AnalysisSettings(), detector: Self.marker)
        let analysis = try analyzer.analyze(recording, input: BatchInput(path: "x/rec.edf"))
        let truth = [RhythmEvent(
            onset: 35, duration: 2, channel: "Pz", rhythm: "delta3", frequency: 3, amplitude: 10)]
        let report = RecordingReport(
            analysis: analysis, recording: recording, settings: AnalysisSettings(), truth: truth)
        let html = try report.html()
        for heading in ["Recording", "Caveats", "Condition comparison: baseline vs infusion",
            "Power spectra", "Band power", "Spectral parameterization", "Rhythm episodes",
            "Annotations"]
        {
            #expect(html.contains(">\(heading)</"), "missing section \(heading)")
        }
        #expect(html.contains("Vesuna"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(try report.html() == html)
        let comparison = try ConditionComparison(
            signals: [signals[2]], spans: try #require(ConditionSpans.fromAnnotations(
                recording.annotations)), bands: [Rhythm.delta3.band])
        // 10 uV sine: 50 uV² on top of ≈ 2 × 25 / 100 × 2 uV² of 2–4 Hz noise.
        #expect(comparison.changes[0][0].changeDecibels > 10)
    }

    @Test("the report pipeline writes pages and an index, and lists failures")
    func pipeline() throws {
        let folder = try TestData.temporaryDirectory("report-in")
        let good = folder.appendingPathComponent("good.edf")
        try BatchTestData.writeRecording(to: good, seed: 8)
        let bad = folder.appendingPathComponent("bad.edf")
        try BatchTestData.writeCorrupt(to: bad)
        let output = try TestData.temporaryDirectory("report-out")
        let written = try ReportPipeline(settings: AnalysisSettings())
            .write(files: [good.path, bad.path, good.path], to: output)
        #expect(written.map(\.page) == ["good.edf.html", nil, "good.edf-2.html"])
        #expect(written[1].error?.isEmpty == false)
        let index = try String(
            contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("good.edf.html") && index.contains("bad.edf"))
    }
}
