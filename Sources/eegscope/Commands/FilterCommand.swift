import ArgumentParser
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// `eegscope filter`: band-pass, high-pass, low-pass or notch every channel, optionally
/// writing the Hilbert envelope instead of the filtered signal.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Filter each channel (FIR or Butterworth IIR), optionally to its envelope.",
        discussion: """
            Exactly one of --band, --highpass, --lowpass, --notch. Zero-phase unless --causal. \
            --method fir (default) is MNE's default FIR design (mne.filter.create_filter, \
            Hamming window, automatic transition bandwidth and length) applied like \
            mne.filter.filter_data; --order N then fixes the FIR order (N + 1 taps). \
            --method iir is a Butterworth filter of order N (default 4) in second-order \
            sections applied like scipy.signal.sosfiltfilt (or sosfilt with --causal). \
            --notch uses MNE's FIR notch (width f/200 Hz, 0.5 Hz transitions) or, with \
            --method iir, scipy.signal.iirnotch (Q = 30); --harmonics K also removes 2f … Kf. \
            --envelope writes the Hilbert amplitude envelope of the filtered signal. The \
            output format follows the extension: .csv (a time_s column in seconds, then one \
            column per channel as in CSV input, which skips time_s when read back; all \
            channels must share one rate; - writes it to standard output), .edf \
            (EDF+) or .bdf (BDF+), keeping the input's annotations. Discontinuous input \
            (EDF+D/BDF+D): each gap-free stretch is filtered on its own (no filter runs \
            across a gap; each stretch has its own edges) and .edf/.bdf output is written as \
            EDF+D/BDF+D with the same record onsets; CSV cannot hold gaps, so it gets the \
            stretches back to back (a warning says so).
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case fir
        case iir
    }

    @Argument(help: "An EDF/BDF file, or CSV with --fs.", completion: .recordingFile)
    var file: String

    @OptionGroup var recording: RecordingOptions

    @Option(help: ArgumentHelp("Band-pass edges in Hz, e.g. 2-4.", valueName: "low-high"))
    var band: String?

    @Option(help: ArgumentHelp("High-pass cutoff in Hz.", valueName: "hz"))
    var highpass: Double?

    @Option(help: ArgumentHelp("Low-pass cutoff in Hz.", valueName: "hz"))
    var lowpass: Double?

    @Option(help: ArgumentHelp("Remove line noise at this frequency in Hz (e.g. 50 or 60).",
                               valueName: "hz"))
    var notch: Double?

    @Option(help: ArgumentHelp("With --notch: also notch the harmonics 2f … Kf below Nyquist.",
                               valueName: "n"))
    var harmonics: Int = 1

    @Option(help: "Filter type: fir (MNE's design) or iir (Butterworth).")
    var method: Method = .fir

    @Option(help: ArgumentHelp(
        "IIR: Butterworth order; FIR: filter order, i.e. taps − 1 (default: 4 for IIR, MNE's "
            + "automatic length for FIR).", valueName: "n"))
    var order: Int?

    @Flag(help: "Filter causally (single forward pass) instead of zero-phase.")
    var causal = false

    @Flag(help: "Write the Hilbert amplitude envelope of the filtered signal.")
    var envelope = false

    @Option(name: .shortAndLong, help: .outputFile(
        "Output file: .csv (with a time_s column), .edf or .bdf", acceptsStandardOutput: true),
        completion: .outputFile("csv", "edf", "bdf"))
    var output: String

    enum OutputFormat { case csv, edf, bdf }

    /// The format `--output` names by its extension; `-` (standard output) is CSV.
    var outputFormat: OutputFormat? {
        if output == "-" { return .csv }
        switch URL(fileURLWithPath: output).pathExtension.lowercased() {
        case "csv": return .csv
        case "edf": return .edf
        case "bdf": return .bdf
        default: return nil
        }
    }

    func validate() throws {
        let chosen = [band != nil, highpass != nil, lowpass != nil, notch != nil].filter { $0 }
        guard chosen.count == 1 else {
            throw ValidationError(
                "give exactly one of --band LOW-HIGH, --highpass HZ, --lowpass HZ, --notch HZ")
        }
        if let band { _ = try Self.parseBand(band) }
        for (name, value) in [("--highpass", highpass), ("--lowpass", lowpass), ("--notch", notch)]
        {
            if let value, !(value.isFinite && value > 0) {
                throw ValidationError("\(name) must be a positive frequency in Hz, got \(value)")
            }
        }
        if let order {
            let limit = method == .iir ? SecondOrderSections.maximumButterworthOrder : 1 << 20
            guard (1...limit).contains(order) else {
                throw ValidationError(
                    "--order must be 1…\(limit) for --method \(method), got \(order)")
            }
        }
        guard harmonics >= 1 else {
            throw ValidationError("--harmonics must be at least 1, got \(harmonics)")
        }
        if harmonics > 1 && notch == nil {
            throw ValidationError("--harmonics applies only with --notch")
        }
        guard outputFormat != nil else {
            throw ValidationError("--output must end in .csv, .edf or .bdf (or be - for CSV on standard output), got "
                    + "'\(output)'")
        }
    }

    static func parseBand(_ text: String) throws -> (Double, Double) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let low = Double(parts[0].trimmingCharacters(in: .whitespaces)),
            let high = Double(parts[1].trimmingCharacters(in: .whitespaces)),
            low.isFinite, high.isFinite, low > 0, low < high
        else {
            throw ValidationError(
                "--band must be LOW-HIGH in Hz with 0 < LOW < HIGH, e.g. 2-4; got '\(text)'")
        }
        return (low, high)
    }

    /// The filter designs to apply in order (several only for FIR notches with harmonics).
    func designs() throws -> [FilterDesign] {
        let phase: FilterPhase = causal ? .causal : .zero
        if let notch {
            switch method {
            case .iir:
                return [.lineNoise(frequency: notch, harmonicCount: harmonics, phase: phase)]
            case .fir:
                return (1...harmonics).map {
                    .mneNotch(frequency: notch * Double($0), phase: phase)
                }
            }
        }
        let filterBand: FilterBand
        if let band {
            let (low, high) = try Self.parseBand(band)
            filterBand = .bandpass(low: low, high: high)
        } else if let highpass {
            filterBand = .highpass(cutoff: highpass)
        } else {
            filterBand = .lowpass(cutoff: lowpass ?? 0)
        }
        switch method {
        case .iir:
            return [.butterworth(order: order ?? 4, band: filterBand, phase: phase)]
        case .fir:
            let length: FIRLength = order.map { .taps($0 + 1) } ?? .automatic
            return [.fir(band: filterBand, length: length, phase: phase)]
        }
    }

    func run() throws {
        try refuseOverwriting(inputs: [file], outputs: [output])
        let input = try recording.load(file)
        var designs = try designs()
        let result = try withFile(file) { () -> Recording in
            guard !input.signals.isEmpty else {
                throw DSPError.emptyInput(what: "the recording's channel list")
            }
            if let notch, harmonics > 1, method == .fir {
                // Harmonics at or above a channel's Nyquist are skipped, as for the IIR notch.
                let lowest = input.signals.map(\.sampleRate).min() ?? 0
                designs = designs.enumerated().filter { index, _ in
                    let harmonic = notch * Double(index + 1)
                    return index == 0 || harmonic + harmonic / 400 + 0.5 < lowest / 2
                }.map(\.element)
            }
            var current = input
            for (index, design) in designs.enumerated() {
                let last = index == designs.count - 1
                current = last && envelope
                    ? try current.envelope(after: design) : try current.filtered(by: design)
            }
            return current
        }
        try write(result)
    }

    private func write(_ result: Recording) throws {
        let url = URL(fileURLWithPath: output)
        switch outputFormat {
        case .csv:
            let rates = Set(result.signals.map(\.sampleRate))
            guard rates.count <= 1 else {
                throw CommandFailure(message: "\(output): CSV output needs one sampling rate for "
                    + "all channels; got \(rates.sorted().map(formatHertz).joined(separator: ", "))"
                    + " Hz (select channels with --channels or write .edf)")
            }
            if result.isDiscontinuous {
                FileHandle.standardError.write(Data(
                    ("eegscope: warning: \(file): \(result.stretches.count) gap-free stretches "
                        + "(EDF+D), each filtered on its own, are joined back to back in the CSV; "
                        + "write .edf or .bdf to keep the gaps\n").utf8))
            }
            let rate = result.signals.first?.sampleRate ?? 1
            let text = CSVRecording.text(of: result.signals) {
                result.recordingTime(atDataTime: Double($0) / rate)
            }
            try OutputSink.write(text, to: output)
        case .edf:
            try withFile(output) { try EDFWriter.write(result, to: url, format: .edfPlus) }
        case .bdf:
            try withFile(output) { try EDFWriter.write(result, to: url, format: .bdfPlus) }
        case nil:
            throw CommandFailure(message: "\(output): unsupported output extension")
        }
    }
}
