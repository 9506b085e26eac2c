import ArgumentParser
import EEGAnalysis
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// `--integration simpson|trapezoid`.
enum IntegrationArgument: String, ExpressibleByArgument, CaseIterable {
    case simpson
    case trapezoid

    var rule: IntegrationRule { self == .simpson ? .simpson : .trapezoid }
}

/// `eegscope bandpower`: absolute and relative band power per file and channel.
struct BandPowerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bandpower",
        abstract: "Absolute and relative power in frequency bands, per file and channel.",
        discussion: """
            Absolute power integrates the PSD (default Welch, as `psd`) over the bins with \
            low <= f <= high (Simpson's rule as scipy.integrate.simpson, like YASA), in \
            unit^2. Relative power divides by the power over the union of the requested bands \
            (overlaps counted once). EDF/BDF files with Welch are streamed (constant \
            memory, channels in parallel); for EDF+D/BDF+D no Welch segment spans a gap. \
            A band a channel's spectrum cannot cover (above its Nyquist frequency, or narrower \
            than two bins) is left empty with a warning, and that channel's relative power \
            uses the covered bands only. \
            Every file is processed; failures are reported on stderr and make the exit \
            status non-zero, with the other files' rows still written.
            """)

    @Argument(help: "EDF/BDF files, or CSV with --fs.", completion: .recordingFile)
    var files: [String]

    @Option(help: ArgumentHelp(
        "Bands as name=low-high, comma-separated.",
        valueName: "list"))
    var bands: String = "delta=1-4,theta=4-8,alpha=8-13,beta=13-30,gamma=30-80"

    @Option(help: "Integration rule.")
    var integration: IntegrationArgument = .simpson

    @OptionGroup var recording: RecordingOptions
    @OptionGroup var reference: ReferenceOptions
    @OptionGroup var estimator: PSDMethodOptions
    @OptionGroup var scope: ChannelScopeOptions

    @Option(help: "Output format.")
    var format: TableFormat = .csv

    @Option(name: .shortAndLong, help: .standardOutput("Write here"), completion: .file())
    var output: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one FILE") }
        do {
            _ = try FrequencyBand.parseList(bands)
        } catch {
            throw ValidationError("--bands: \(error)")
        }
        if estimator.scaling == .spectrum {
            throw ValidationError("band power needs --scaling density")
        }
    }

    func run() throws {
        try refuseOverwriting(inputs: files, outputs: [output])
        let bandList = try FrequencyBand.parseList(bands)
        let method = try estimator.psdMethod()
        var results: [BandPowerDocument.File] = []
        var failures: [CommandFailure] = []
        for file in files {
            do {
                if case let .welch(options) = method, reference.scheme == nil,
                    let channels = try streamedChannels(file, options: options, bands: bandList)
                {
                    results.append(BandPowerDocument.File(file: file, channels: channels))
                    continue
                }
                let loaded = try screened(try recording.load(file, reference: reference), file: file)
                let channels = try withFile(file) {
                    guard !loaded.signals.isEmpty else {
                        throw DSPError.emptyInput(what: "the recording's channel list")
                    }
                    // Gap-aware: periodogram/multitaper refuse EDF+D files (one window per
                    // channel cannot span a gap).
                    let spectra = try loaded.powerSpectra(method: method)
                    var notes: [(label: String, notes: [String])] = []
                    let channels = try zip(loaded.signals, spectra).map { signal, spectrum in
                        let (powers, texts) = limited(
                            try spectrum.coveredBandPowers(bandList, rule: integration.rule),
                            bands: bandList, signal: signal)
                        notes.append((signal.label, texts))
                        return BandPowerDocument.Channel(
                            name: signal.label, samplingRateHz: signal.sampleRate,
                            unit: signal.unit.isEmpty ? "unit^2" : "\(signal.unit)^2",
                            bands: bandList, powers: powers)
                    }
                    warn(notes, file: file)
                    return channels
                }
                results.append(BandPowerDocument.File(file: file, channels: channels))
            } catch let failure as CommandFailure {
                failures.append(failure)
            }
        }
        warnUncoveredBands(results)
        if !results.isEmpty || failures.isEmpty {
            let text: String
            switch format {
            case .csv: text = Self.csv(results)
            case .json:
                text = try JSONOutput.encode(BandPowerDocument(
                    method: method.name, integration: integration.rawValue, files: results))
            }
            try OutputSink.write(text, to: output)
        }
        guard let last = failures.last else { return }
        for failure in failures.dropLast() {
            FileHandle.standardError.write(Data("eegscope: error: \(failure.message)\n".utf8))
        }
        throw last
    }

    /// EDF/BDF files with Welch: one streaming pass (constant memory, channels in parallel),
    /// the same numbers as the in-memory path. `nil` for other inputs (CSV).
    private func streamedChannels(
        _ file: String, options: WelchOptions, bands: [FrequencyBand]
    ) throws -> [BandPowerDocument.Channel]? {
        try withFile(file) {
            let url = try InputPath.url(for: file)
            guard try RecordingFile.kind(of: url) == .edfOrBDF else { return nil }
            let reader = try EDFReader(url: url)
            var indices: [Int]? = nil
            if let names = recording.channels, !names.isEmpty {
                indices = try StreamingWelch.channelIndices(named: names, in: reader)
            } else {
                let described = reader.dataSignals.map { header in
                    Signal.describing(
                        label: header.label, unit: header.physicalDimension,
                        sampleRate: header.sampleRate(recordDuration: reader.header.recordDuration),
                        declared: header.declaration)
                }
                indices = described.indices.filter {
                    scope.screening.exclusionReason(for: described[$0]) == nil
                }
                noteExcluded(described, file: file)
            }
            let headers = reader.dataSignals
            guard indices.map({ !$0.isEmpty }) ?? !reader.dataSignals.isEmpty else {
                throw DSPError.emptyInput(what: "the recording's channel list")
            }
            let powers = try StreamingWelch(options: options).bandPowers(
                of: reader, channels: indices, bands: bands, rule: integration.rule)
            var notes: [(label: String, notes: [String])] = []
            let channels = zip(indices ?? Array(headers.indices), powers).map { index, channel in
                let signal = Signal.describing(
                    label: channel.label, unit: channel.unit, sampleRate: channel.sampleRate,
                    declared: headers[index].declaration)
                let (limitedPowers, texts) = limited(channel.powers, bands: bands, signal: signal)
                notes.append((channel.label, texts))
                return BandPowerDocument.Channel(
                    name: channel.label, samplingRateHz: channel.sampleRate,
                    unit: channel.unit.isEmpty ? "unit^2" : "\(channel.unit)^2",
                    bands: bands, powers: limitedPowers)
            }
            warn(notes, file: file)
            return channels
        }
    }

    /// The recording without the channels the screening leaves out (unless --channels named
    /// them), with a note naming them on stderr.
    private func screened(_ loaded: Recording, file: String) throws -> Recording {
        guard recording.channels == nil else { return loaded }
        noteExcluded(loaded.signals, file: file)
        return loaded.selectingSignals(
            loaded.signals.filter { scope.screening.exclusionReason(for: $0) == nil })
    }

    private func noteExcluded(_ signals: [Signal], file: String) {
        if let note = scope.screening.note(for: signals) {
            FileHandle.standardError.write(Data("eegscope: warning: \(file): \(note)\n".utf8))
        }
    }

    /// Band powers with the bands outside the channel's usable passband (declared filters or
    /// --passband, and the Nyquist margin) emptied, and a note per band left out or only
    /// partly usable (its power is still over the requested edges).
    private func limited(
        _ powers: [BandPower?], bands: [FrequencyBand], signal: Signal
    ) -> (powers: [BandPower?], notes: [String]) {
        let usable = UsablePassband(
            sampleRate: signal.sampleRate, declared: signal.declared.passband,
            user: scope.passbandPolicy.user)
        var notes: [String] = []
        let kept = zip(bands, powers).map { band, power -> BandPower? in
            switch usable.availability(of: band) {
            case .full: return power
            case .clipped(_, let warning):
                notes.append("\(warning); its power still spans the requested edges")
                return power
            case .unavailable(let reason):
                notes.append("\(reason); left empty")
                return nil
            }
        }
        return (kept, notes)
    }

    /// One stderr line per note, naming the channels it applies to.
    private func warn(_ notes: [(label: String, notes: [String])], file: String) {
        var labels: [String: [String]] = [:]
        var order: [String] = []
        for (label, texts) in notes {
            for text in texts {
                if labels[text] == nil { order.append(text) }
                labels[text, default: []].append(label)
            }
        }
        for text in order {
            let names = labels[text] ?? []
            let shown = names.prefix(4).joined(separator: ", ")
                + (names.count > 4 ? ", … (\(names.count) channels)" : "")
            FileHandle.standardError.write(
                Data("eegscope: warning: \(file): \(shown): \(text)\n".utf8))
        }
    }

    /// One stderr line per file and band that some channels could not cover, and per file for
    /// channels without any power in the bands (flat: constant or disconnected), whose relative
    /// powers of 0 mean nothing.
    private func warnUncoveredBands(_ files: [BandPowerDocument.File]) {
        for file in files {
            let flat = file.channels.filter { channel in
                let covered = channel.bands.compactMap(\.absolute)
                return !covered.isEmpty && covered.allSatisfy { $0 == 0 }
            }.map(\.name)
            if !flat.isEmpty {
                let shown = flat.prefix(4).joined(separator: ", ")
                    + (flat.count > 4 ? ", … (\(flat.count) channels)" : "")
                let message = "eegscope: warning: \(file.file): \(shown) has no power in the "
                    + "bands (flat signal: constant or disconnected?); relative power is 0\n"
                FileHandle.standardError.write(Data(message.utf8))
            }
            var channelsByBand: [String: [String]] = [:]
            var order: [String] = []
            for channel in file.channels {
                for band in channel.uncoveredBands {
                    if channelsByBand[band] == nil { order.append(band) }
                    channelsByBand[band, default: []].append(channel.name)
                }
            }
            for band in order {
                let names = channelsByBand[band] ?? []
                let shown = names.prefix(4).joined(separator: ", ")
                    + (names.count > 4 ? ", … (\(names.count) channels)" : "")
                let message = "eegscope: warning: \(file.file): band \(band) is beyond the "
                    + "spectrum of \(shown) (sampling rate too low or band too narrow); left empty\n"
                FileHandle.standardError.write(Data(message.utf8))
            }
        }
    }

    static func csv(_ files: [BandPowerDocument.File]) -> String {
        var lines = ["file,channel,band,fmin_hz,fmax_hz,absolute,relative,unit"]
        for file in files {
            for channel in file.channels {
                for power in channel.bands {
                    lines.append([
                        CSVEscaping.field(file.file), CSVEscaping.field(channel.name),
                        CSVEscaping.field(power.band), "\(power.fminHz)", "\(power.fmaxHz)",
                        power.absolute.map { "\($0)" } ?? "", power.relative.map { "\($0)" } ?? "",
                        CSVEscaping.field(channel.unit),
                    ].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The JSON document of `eegscope bandpower --format json`.
struct BandPowerDocument: Encodable {
    struct Band: Encodable {
        let band: String
        let fminHz: Double
        let fmaxHz: Double
        /// `nil` (JSON null, an empty CSV cell) when the channel's spectrum cannot cover the band.
        let absolute: Double?
        let relative: Double?

        enum CodingKeys: String, CodingKey {
            case band, absolute, relative
            case fminHz = "fmin_hz"
            case fmaxHz = "fmax_hz"
        }
    }

    struct Channel: Encodable {
        let name: String
        let samplingRateHz: Double
        let unit: String
        let bands: [Band]

        enum CodingKeys: String, CodingKey {
            case name, unit, bands
            case samplingRateHz = "sampling_rate_hz"
        }

        init(
            name: String, samplingRateHz: Double, unit: String, bands requested: [FrequencyBand],
            powers: [BandPower?]
        ) {
            self.name = name
            self.samplingRateHz = samplingRateHz
            self.unit = unit
            bands = zip(requested, powers).map { band, power in
                Band(band: band.name, fminHz: band.low, fmaxHz: band.high,
                     absolute: power?.absolute, relative: power?.relative)
            }
        }

        /// The names of the bands this channel's spectrum could not cover.
        var uncoveredBands: [String] { bands.filter { $0.absolute == nil }.map(\.band) }
    }

    struct File: Encodable {
        let file: String
        let channels: [Channel]
    }

    let method: String
    let integration: String
    let files: [File]
}
