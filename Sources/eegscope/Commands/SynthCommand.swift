import ArgumentParser
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// `eegscope synth`: writes a synthetic recording with its ground truth.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Synthesize an EEG scenario with ground truth (EDF+ and an events TSV).",
        discussion: """
            Writes FILE.edf (EDF+, or BDF+ for a .bdf name) whose annotations carry the truth \
            (one per episode, naming its channels, plus the periods of the scenario) and \
            FILE_events.tsv beside it: onset, duration, channel, rhythm, frequency_hz, \
            amplitude, one row per episode and channel on which its spatial weight is at \
            least 0.5. Samples are in uV. The same arguments give the same bytes. \
            --snr is 10*log10((A^2/2)/P) with A the episode's peak amplitude at its centre and \
            P the background's power in the rhythm's band (delta3 2-4 Hz, gamma 30-80 Hz). \
            See docs/synthesis.md for every recipe and the literature behind ketamine.
            """)

    @Flag(help: "List the scenarios with one line of description each, then exit.")
    var list = false

    @Option(help: ArgumentHelp(
        "Scenario name (see --list).", valueName: "name"))
    var scenario: String?

    @Option(name: .shortAndLong, help: .outputFile("The EDF (or BDF) file to write", acceptsStandardOutput: false),
            completion: .outputFile("edf", "bdf"))
    var output: String?

    @Option(help: ArgumentHelp(
        "Duration in seconds (default: 300 for ketamine, 120 otherwise).", valueName: "seconds"))
    var duration: Double?

    @Option(name: .customLong("fs"), help: ArgumentHelp(
        "Sampling rate in Hz.", valueName: "hz"))
    var sampleRate: Double = 256

    @Option(help: ArgumentHelp(
        "Seed of the random streams.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "Comma-separated 10-20/10-10 channel names (default: the 19 10-20 channels plus "
                + "CPz, POz, Oz).", valueName: "list"),
        transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var channels: [String]?

    @Option(help: ArgumentHelp(
        "Episode SNR in dB (burst scenarios and ketamine; default 10).", valueName: "db"))
    var snr: Double?

    @Option(
        help: ArgumentHelp(
            "delta3-bursts, gamma-bursts: Gaussian spread of each burst's source in degrees "
                + "(default 8, focal; 30 reaches the nearest 10-20 neighbours at half amplitude).",
            valueName: "degrees"))
    var spread: Double?

    @Option(help: ArgumentHelp(
        "Aperiodic exponent x of the 1/f^x background.", valueName: "number"))
    var exponent: Double = 1.5

    @Option(help: ArgumentHelp(
        "Knee frequency of the background in Hz (default: none).", valueName: "hz"))
    var knee: Double?

    @Option(help: ArgumentHelp(
        "Background PSD at 10 Hz in uV^2/Hz.", valueName: "number"))
    var backgroundDensity: Double = 1

    @Option(name: .customLong("gamma-gain-db"), help: ArgumentHelp(
        "ketamine: 30-80 Hz power rise in dB.", valueName: "db"))
    var gammaGain: Double = 3

    @Option(name: .customLong("alpha-change-db"), help: ArgumentHelp(
        "ketamine: alpha power change in dB.", valueName: "db"))
    var alphaChange: Double = -1.5

    @Option(help: ArgumentHelp(
        "ketamine: infusion start in seconds (default: 40 % of the duration).", valueName: "seconds"))
    var infusionOnset: Double?

    @Option(help: ArgumentHelp(
        "Mains frequency in Hz for line noise.", valueName: "hz"))
    var lineFrequency: Double = 50

    @Flag(help: "Add line noise, muscle (EMG) episodes on temporal channels and slow drift.")
    var artifacts = false

    @OptionGroup(title: "Head-model sources (dipole, ketamine-headmodel)")
    var headModel: SynthHeadModelOptions

    func validate() throws {
        if list { return }
        guard let scenario else { throw ValidationError("give --scenario NAME (see --list)") }
        guard Scenario(rawValue: scenario) != nil else {
            throw ValidationError(
                "unknown scenario '\(scenario)'; expected one of "
                    + Scenario.allCases.map(\.name).joined(separator: ", "))
        }
        guard let output else { throw ValidationError("give --output FILE.edf") }
        let pathExtension = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard pathExtension == "edf" || pathExtension == "bdf" else {
            throw ValidationError("--output must end in .edf or .bdf, got '\(output)'")
        }
        if let duration, !(duration.isFinite && duration > 0) {
            throw ValidationError("--duration must be a positive number of seconds")
        }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw ValidationError("--fs must be a positive sampling rate in Hz")
        }
        if spread != nil, scenario != "delta3-bursts", scenario != "gamma-bursts" {
            throw ValidationError("--spread applies to delta3-bursts and gamma-bursts only")
        }
        if let channels, channels.isEmpty || channels.contains(where: \.isEmpty) {
            throw ValidationError("--channels needs comma-separated names, e.g. Fz,Cz,Pz")
        }
        try headModel.validate(scenario: scenario)
    }

    func run() throws {
        if list {
            let width = Scenario.allCases.map(\.name.count).max() ?? 0
            let lines = Scenario.allCases.map {
                $0.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.summary
            }
            try OutputSink.write(lines.joined(separator: "\n") + "\n", to: nil)
            return
        }
        guard let name = scenario, let output else { return }
        var parameters = ScenarioParameters()
        parameters.duration = duration
        parameters.sampleRate = sampleRate
        parameters.seed = seed
        parameters.channels = channels
        parameters.exponent = exponent
        parameters.knee = knee
        parameters.backgroundDensity = backgroundDensity
        parameters.snr = snr
        parameters.burstSpread = spread
        parameters.gammaGain = gammaGain
        parameters.alphaChange = alphaChange
        parameters.infusionOnset = infusionOnset
        parameters.lineFrequency = lineFrequency
        parameters.artifacts = artifacts
        parameters.source = headModel.headModelSource()
        parameters.backgroundSourceCount = headModel.backgroundSources
        if let fraction = headModel.corticalFraction {
            parameters.corticalBackgroundFraction = fraction
        }

        let url = URL(fileURLWithPath: output)
        let eventsPath = Self.eventsPath(for: output)
        let eventsURL = URL(fileURLWithPath: eventsPath)
        let result = try withFile(output) {
            try Scenario(named: name).synthesize(parameters)
        }
        // The writer's errors already name the (absolute) path.
        try reportingErrors {
            let format: EDFWriter.Format =
                url.pathExtension.lowercased() == "bdf" ? .bdfPlus : .edfPlus
            try EDFWriter.write(result.recording, to: url, format: format)
        }
        try withFile(eventsPath) {
            try EventTable.write(result.events, to: eventsURL, includeSNR: false)
        }
        let recording = result.recording
        let summary = "wrote \(output) (\(recording.signals.count) channels, "
            + "\(formatFixed(recording.duration, decimals: 3)) s at \(formatHertz(sampleRate)) Hz, "
            + "\(recording.annotations.count) annotations) and \(eventsPath) "
            + "(\(result.events.count) truth events)\n"
        try OutputSink.write(summary, to: nil)
    }

    /// `dir/out.edf` → `dir/out_events.tsv`, keeping the path as the user wrote it.
    static func eventsPath(for output: String) -> String {
        let name = URL(fileURLWithPath: output).lastPathComponent
        let stem = URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent
        return String(output.dropLast(name.count)) + stem + "_events.tsv"
    }
}
