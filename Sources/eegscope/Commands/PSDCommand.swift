import ArgumentParser
import EEGCore
import EEGAnalysis
import EEGDSP
import Foundation

/// `eegscope psd`: power spectral density of each channel.
struct PSDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psd",
        abstract: "Power spectral density of each channel (Welch, multitaper or periodogram).",
        discussion: """
            Defaults follow scipy.signal.welch: periodic Hann window, 2 s segments, 50 % \
            overlap, constant detrend, mean average, one-sided density in unit^2/Hz. \
            Multitaper matches mne psd_array_multitaper(normalization='full'). Channels with \
            different sampling rates are each analysed at their own rate. Discontinuous files \
            (EDF+D/BDF+D): Welch segments stay inside each gap-free stretch and the \
            periodograms of all stretches are averaged (as bandpower and batch do); \
            periodogram and multitaper need one contiguous window and refuse such files. See \
            docs/spectral.md.
            """)

    @Argument(help: "An EDF/BDF file, or CSV with --fs.", completion: .recordingFile)
    var file: String

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var reference: ReferenceOptions
    @OptionGroup var estimator: PSDMethodOptions

    @Option(help: ArgumentHelp("Lowest frequency to output, in Hz.", valueName: "hz"))
    var fmin: Double = 0

    /// Optional so that `--help` states "Nyquist" as the default rather than "inf".
    @Option(name: .customLong("fmax"),
            help: ArgumentHelp("Highest frequency to output, in Hz (default: Nyquist).",
                               valueName: "hz"))
    var highestFrequency: Double?

    /// `--fmax` in Hz, or +infinity (up to the Nyquist frequency) when it is not given.
    var fmax: Double { highestFrequency ?? .infinity }

    @Option(help: "Output format.")
    var format: TableFormat = .csv

    @Option(name: .shortAndLong, help: .standardOutput("Write here"), completion: .file())
    var output: String?

    func validate() throws {
        guard fmin.isFinite, fmin >= 0 else {
            throw ValidationError("--fmin must be a non-negative frequency, got \(fmin)")
        }
        guard !fmax.isNaN, fmin < fmax else {
            throw ValidationError("--fmin (\(fmin) Hz) must be below --fmax (\(fmax) Hz)")
        }
    }

    func run() throws {
        try refuseOverwriting(inputs: [file], outputs: [output])
        let method = try estimator.psdMethod()
        let (spectra, rates) = try withFile(file) { () throws -> ([Spectrum], [Hertz]) in
            let (signals, spectra) = try recording.channelSpectra(file, reference: reference, method: method)
            guard !signals.isEmpty else {
                throw DSPError.emptyInput(what: "the recording's channel list")
            }
            return (
                try spectra.map { try $0.get().cropped(minimum: fmin, maximum: fmax) },
                signals.map(\.sampleRate)
            )
        }
        let text: String
        switch format {
        case .csv: text = Self.csv(spectra)
        case .json:
            text = try JSONOutput.encode(PSDDocument(
                file: file, method: method, spectra: spectra, sampleRates: rates))
        }
        try OutputSink.write(text, to: output)
    }

    static func csv(_ spectra: [Spectrum]) -> String {
        // One growing string, not an array of line strings joined at the end: a full-resolution
        // periodogram has ~10^6 rows, and the array and the joined copy tripled peak memory.
        var text = "channel,frequency_hz,psd\n"
        let rows = spectra.reduce(0) { $0 + $1.frequencies.count }
        text.reserveCapacity(text.utf8.count + rows * 48)
        for spectrum in spectra {
            let name = CSVEscaping.field(spectrum.label)
            for (frequency, power) in zip(spectrum.frequencies, spectrum.power) {
                text += name
                text += ","
                text += frequency.description
                text += ","
                text += power.description
                text += "\n"
            }
        }
        return text
    }
}

/// The JSON document of `eegscope psd --format json`.
struct PSDDocument: Encodable {
    struct Channel: Encodable {
        let name: String
        let psd: [Double]
        /// Present only when this channel's rate (and so its grid) differs from the file's.
        let samplingRateHz: Double?
        let frequenciesHz: [Double]?

        enum CodingKeys: String, CodingKey {
            case name, psd
            case samplingRateHz = "sampling_rate_hz"
            case frequenciesHz = "frequencies_hz"
        }
    }

    let file: String
    let method: String
    let samplingRateHz: Double
    let unit: String
    let scaling: String
    let frequenciesHz: [Double]
    let channels: [Channel]

    enum CodingKeys: String, CodingKey {
        case file, method, unit, scaling, channels
        case samplingRateHz = "sampling_rate_hz"
        case frequenciesHz = "frequencies_hz"
    }

    init(file: String, method: PSDMethod, spectra: [Spectrum], sampleRates: [Hertz]) {
        self.file = file
        self.method = method.name
        let rate = sampleRates.first ?? 0
        let grid = spectra.first?.frequencies ?? []
        samplingRateHz = rate
        frequenciesHz = grid
        let scaling = spectra.first?.scaling ?? .density
        self.scaling = scaling.rawValue
        unit = psdUnit(spectra.first?.unit ?? "", scaling: scaling)
        channels = zip(spectra, sampleRates).map { spectrum, channelRate in
            let differs = channelRate != rate || spectrum.frequencies != grid
            return Channel(
                name: spectrum.label, psd: spectrum.power,
                samplingRateHz: differs ? channelRate : nil,
                frequenciesHz: differs ? spectrum.frequencies : nil)
        }
    }
}
