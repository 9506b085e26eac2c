import EEGCore
import Foundation
import Testing
@testable import EEGPlot

@Suite("HTML report and index")
struct HTMLReportTests {
    static func smallFigure() throws -> String {
        var document = try SVGDocument(width: 120, height: 60, title: "tiny")
        document.rect(x: 10, y: 10, width: 100, height: 40, fill: "#0072b2")
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document.rendered()
    }

    static func report(figure: String) -> HTMLReport {
        HTMLReport(
            title: "Report <S001R01> & friends", subtitle: "/data/S001R01.edf",
            sections: [
                ReportSection("Recording", blocks: [
                    .summary([SummaryItem("Channels", "64"), SummaryItem("Duration", "61 s")]),
                    .paragraph("Eyes <open> & resting."),
                    .note("Line noise at 60 Hz was excluded."),
                ]),
                ReportSection("Band power", blocks: [
                    .table(DataTable(
                        header: ["channel", "band", "absolute"],
                        rows: [["Fz", "alpha", "12.5"], ["Cz", "beta <x>", "3.25"], ["Pz"]],
                        caption: "Absolute band power (µV²)")),
                    .figure(svg: figure, caption: "A tiny picture"),
                    .warning("Channel T9 is flat & was skipped."),
                    .list(["first", "second <b>"]),
                    .subheading("Model"),
                    .preformatted("offset 1.23\n  exponent 1.5 <fit>"),
                ]),
            ])
    }

    @Test("report page matches its snapshot")
    func snapshot() throws {
        let html = Self.report(figure: try Self.smallFigure()).html()
        try Snapshot.expectMatches(html, named: "report.html")
    }

    @Test("report escapes text, inlines SVG without its XML declaration, and has no scripts")
    func structure() throws {
        let html = Self.report(figure: try Self.smallFigure()).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>Report &lt;S001R01&gt; &amp; friends</title>"))
        #expect(html.contains("<p>Eyes &lt;open&gt; &amp; resting.</p>"))
        #expect(html.contains("<td>beta &lt;x&gt;</td>"))
        #expect(html.contains("<td class=\"num\">3.25</td>"))
        #expect(html.contains("<tr><td>Pz</td><td></td><td></td></tr>"))
        #expect(html.contains("<figure>\n<svg "))
        #expect(!html.contains("<?xml"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        #expect(html.contains("href=\"#section-2\""))
        #expect(Self.report(figure: try Self.smallFigure()).html() == html)
    }

    @Test("index page links reports and marks failures")
    func index() throws {
        let page = HTMLIndex(
            title: "Reports", introduction: "Two recordings.",
            entries: [
                HTMLIndex.Entry(title: "S001R01", link: "S001R01.html", summary: "64 ch, 61 s"),
                HTMLIndex.Entry(
                    title: "bad \"file\"", link: "a b&c.html", summary: "truncated <header>",
                    isFailure: true),
            ]).html()
        try Snapshot.expectMatches(page, named: "index.html")
        #expect(page.contains("<a href=\"S001R01.html\">S001R01</a>"))
        #expect(page.contains("<li class=\"failed\"><a href=\"a b&amp;c.html\">bad \"file\"</a>"))
        #expect(page.contains("truncated &lt;header&gt;"))
        let empty = HTMLIndex(title: "None", entries: []).html()
        #expect(empty.contains("No reports."))
    }
}

/// Writes a full example report and every plot kind to `$EEGSCOPE_PLOT_PREVIEW_DIR` when it is
/// set, for looking at them in a browser (the documentation pictures come from here).
@Suite("Plot previews")
struct PlotPreviewTests {
    @Test("write previews when EEGSCOPE_PLOT_PREVIEW_DIR is set",
        .enabled(if: ProcessInfo.processInfo.environment["EEGSCOPE_PLOT_PREVIEW_DIR"] != nil,
            "writes preview files only when EEGSCOPE_PLOT_PREVIEW_DIR is set"))
    func previews() throws {
        let path = try #require(ProcessInfo.processInfo.environment["EEGSCOPE_PLOT_PREVIEW_DIR"])
        let directory = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let psd = try PSDPlotTests.fullPlot(scale: .logarithmic)
        let semilog = try PSDPlotTests.fullPlot(scale: .linear)
        let spectrogram = try SpectrogramPlot.svg(
            try SampleSpectrogram.make(timeCount: 240, timeStep: 0.25, frequencyStep: 0.25),
            episodes: SampleSpectrogram.episodes(duration: 60),
            options: SpectrogramPlotOptions(title: "Pz spectrogram", frequencyRange: 1...45))
        // Wavelet-like map: log-spaced rows, a 10 Hz burst from 20 to 30 s.
        let frequencies = (0..<40).map { 2 * pow(2, Double($0) / 8) }
        let times = (0..<300).map { Double($0) * 0.2 }
        let power = times.map { time in
            frequencies.map { frequency in
                1 / frequency + ((20..<30).contains(time) ? exp(-pow(frequency - 10, 2) / 4) : 0)
            }
        }
        let wavelet = try Spectrogram(
            times: times, frequencies: frequencies, power: power, scaling: .spectrum, unit: "uV")
        let waveletLog = try SpectrogramPlot.svg(
            wavelet, options: SpectrogramPlotOptions(
                title: "Wavelet power (log axis)", frequencyScale: .logarithmic))
        let waveletLinear = try SpectrogramPlot.svg(
            wavelet, options: SpectrogramPlotOptions(title: "Wavelet power (linear axis)"))
        try Data(waveletLog.utf8).write(to: directory.appendingPathComponent("wavelet-log.svg"))
        try Data(waveletLinear.utf8).write(
            to: directory.appendingPathComponent("wavelet-linear.svg"))
        let bars = try BandPowerChart.svg(
            channels: BandPowerChartTests.channels, bands: BandPowerChartTests.bands,
            values: BandPowerChartTests.absolute)
        let course = try TimeCoursePlotTests.plot()
        let pictures = [
            ("psd-loglog.svg", psd), ("psd-semilog.svg", semilog),
            ("spectrogram.svg", spectrogram), ("bandpower.svg", bars),
            ("timecourse.svg", course),
        ]
        for (name, svg) in pictures {
            try Data(svg.utf8).write(to: directory.appendingPathComponent(name))
        }
        let report = HTMLReport(
            title: "Example report", subtitle: "synthetic data",
            sections: [
                ReportSection("Summary", blocks: [
                    .summary([SummaryItem("Channels", "O1, Cz, Pz"),
                              SummaryItem("Duration", "60 s")]),
                    .paragraph("Synthetic spectra with a 1/f background and peaks."),
                    .note("All pictures are made by EEGPlot."),
                ]),
                ReportSection("Spectra", blocks: [
                    .figure(svg: psd, caption: "Log-log PSD with aperiodic fit"),
                    .figure(svg: semilog, caption: "Semi-log PSD"),
                ]),
                ReportSection("Time–frequency", blocks: [
                    .figure(svg: spectrogram, caption: "Spectrogram with episodes"),
                    .figure(svg: course, caption: "Envelope with episodes"),
                ]),
                ReportSection("Band power", blocks: [
                    .figure(svg: bars, caption: "Absolute band power"),
                    .table(DataTable(
                        header: ["channel"] + BandPowerChartTests.bands,
                        rows: zip(BandPowerChartTests.channels, BandPowerChartTests.absolute)
                            .map { [$0.0] + $0.1.map { String(format: "%.2f", $0) } })),
                    .warning("Example warning."),
                ]),
            ])
        try Data(report.html().utf8).write(to: directory.appendingPathComponent("report.html"))
        let index = HTMLIndex(
            title: "EEGScope reports", introduction: "Example index.",
            entries: [HTMLIndex.Entry(title: "Example", link: "report.html", summary: "60 s")])
        try Data(index.html().utf8).write(to: directory.appendingPathComponent("index.html"))
    }
}
