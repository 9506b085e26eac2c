import EEGCore
import Foundation
import Testing
@testable import EEGPlot

@Suite("Time course plot")
struct TimeCoursePlotTests {
    /// A 60 s envelope at 10 Hz with bursts where the truth says, seeded scatter.
    static func envelope() -> TimeSeries {
        var generator = SeededGenerator(seed: 11)
        let truth = truthEvents()
        let values = (0..<600).map { index -> Double in
            let time = Double(index) / 10
            let burst = truth.contains { time >= $0.onset && time < $0.end } ? 6.0 : 0
            return 2 + burst + 0.6 * abs(generator.nextGaussian())
        }
        return TimeSeries(label: "Pz 2–4 Hz envelope", values: values, sampleRate: 10)
    }

    static func truthEvents() -> [RhythmEvent] {
        [(8.0, 6.0), (30, 5), (47, 4)].map {
            RhythmEvent(
                onset: $0.0, duration: $0.1, channel: "Pz", rhythm: "delta3", frequency: 3,
                amplitude: 8)
        }
    }

    static func detectedEvents() -> [RhythmEvent] {
        [(8.4, 5.4), (30.3, 4.2), (55, 1.5)].map {
            RhythmEvent(
                onset: $0.0, duration: $0.1, channel: "Pz", rhythm: "delta3", frequency: 3,
                amplitude: 8, snrDecibels: 6)
        }
    }

    static func plot() throws -> String {
        try TimeCoursePlot.svg(
            series: [envelope()], detected: detectedEvents(), truth: truthEvents(),
            annotations: [
                Annotation(onset: 5, duration: nil, description: "eyes closed"),
                Annotation(onset: 6, duration: nil, description: "overlapping label"),
                Annotation(onset: 40, duration: 2, description: "T1 <task> & rest"),
            ],
            options: TimeCoursePlotOptions(
                title: "Delta-3 episodes on Pz", valueTitle: "Envelope", valueUnit: "uV",
                referenceLines: [ReferenceLine(value: 5, label: "threshold")]))
    }

    @Test("envelope with episodes, truth and annotations matches its snapshot")
    func snapshot() throws {
        let svg = try Self.plot()
        try Snapshot.expectMatches(svg, named: "timecourse-episodes.svg")
        #expect(svg.contains("Envelope (µV)"))
        #expect(svg.contains("T1 &lt;task&gt; &amp; rest"))
        #expect(!svg.contains("overlapping label"), "overlapping annotation labels are skipped")
        #expect(try Self.plot() == svg)
    }

    @Test("long series are reduced per pixel but keep their extremes")
    func decimation() throws {
        var values = [Double](repeating: 1, count: 200_000)
        values[123_457] = 50
        let svg = try TimeCoursePlot.svg(
            series: [TimeSeries(label: "", values: values, sampleRate: 256)])
        #expect(svg.utf8.count < 200_000)
        let points = try #require(svg.firstMatch(of: /points="([^"]*)"/)).1
        let ys = points.split(separator: " ").compactMap { Double($0.split(separator: ",")[1]) }
        #expect(ys.count < 3000)
        // The single-sample spike (50 against 1) must survive: it spans most of the height.
        let span = try #require(ys.max()) - (try #require(ys.min()))
        #expect(span > 150, "spike height \(span) px")
    }

    @Test("bad input throws")
    func errors() {
        #expect(throws: PlotError.noData(what: "no time series given")) {
            try TimeCoursePlot.svg(series: [])
        }
        #expect(throws: PlotError.invalidParameter(
            name: "series 'x'", value: "2 times, 1 values", expected: "as many times as values")) {
            try TimeCoursePlot.svg(series: [TimeSeries(label: "x", times: [0, 1], values: [1])])
        }
        #expect(throws: PlotError.noData(what: "no finite, positive values in the time range")) {
            try TimeCoursePlot.svg(
                series: [TimeSeries(label: "x", times: [0, 1], values: [0, -1])],
                options: TimeCoursePlotOptions(valueScale: .logarithmic))
        }
        #expect(throws: PlotError.self) {
            try TimeCoursePlot.svg(
                series: [Self.envelope()], options: TimeCoursePlotOptions(timeRange: 3...3))
        }
    }
}
