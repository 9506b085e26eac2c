import ArgumentParser
import EEGCore
import EEGDSP

/// `synth` options of the head-model scenarios (`dipole`, `ketamine-headmodel`): the
/// oscillating dipole and the distributed cortical background. Dipole flags have the names and
/// meanings of `headmodel`'s.
struct SynthHeadModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The oscillating dipole at a named source: posteromedial, frontal-midline, occipital, "
            + "temporal (default posteromedial).", valueName: "name"))
    var source: NamedSource?

    @Option(help: ArgumentHelp(
        "The oscillating dipole at X,Y,Z in metres (MNE head frame) instead of --source.",
        valueName: "list"))
    var dipole: VectorArgument?

    @Option(help: ArgumentHelp(
        "Dipole orientation U,V,W (default radial from the sphere centre).", valueName: "list"))
    var orientation: VectorArgument?

    @Option(name: .customLong("moment-nam"), help: ArgumentHelp(
        "Peak dipole moment of an episode in nAm (default: the moment giving --snr at the "
            + "channel with the largest lead field).", valueName: "number"))
    var moment: Double?

    @Option(help: ArgumentHelp(
        "dipole: the source's rhythm, delta3, gamma or LOW-HIGH in Hz (default delta3).",
        valueName: "rhythm"))
    var rhythm: String?

    @Option(help: ArgumentHelp(
        "Number of distributed cortical background dipoles (default 200; 0 = independent "
            + "channel noise only).", valueName: "n"))
    var backgroundSources: Int?

    @Option(help: ArgumentHelp(
        "Share of the 10 Hz background power from the cortical dipoles, 0-1 (default 0.8).",
        valueName: "number"))
    var corticalFraction: Double?

    /// Checks the flags against each other and the scenario.
    func validate(scenario: String) throws {
        let given = [
            ("--source", source != nil), ("--dipole", dipole != nil),
            ("--orientation", orientation != nil), ("--moment-nam", moment != nil),
            ("--rhythm", rhythm != nil), ("--background-sources", backgroundSources != nil),
            ("--cortical-fraction", corticalFraction != nil),
        ].filter(\.1).map(\.0)
        let usesHeadModel = Scenario(rawValue: scenario)?.usesHeadModel ?? false
        if let first = given.first, !usesHeadModel {
            throw ValidationError("\(first) applies to the dipole and ketamine-headmodel "
                + "scenarios only")
        }
        if source != nil, dipole != nil {
            throw ValidationError("give --source NAME or --dipole X,Y,Z, not both")
        }
        if let orientation, orientation.value.norm == 0 {
            throw ValidationError("--orientation must be a non-zero vector, got 0,0,0")
        }
        if let moment, !(moment.isFinite && moment != 0) {
            throw ValidationError("--moment-nam must be a non-zero finite number, got \(moment)")
        }
        if let rhythm {
            guard scenario == Scenario.dipole.name else {
                throw ValidationError("--rhythm applies to the dipole scenario only "
                    + "(ketamine-headmodel's source is delta3)")
            }
            do {
                _ = try Rhythm(parsing: rhythm)
            } catch {
                throw ValidationError("--rhythm: \(error)")
            }
        }
        if let backgroundSources, !(0...2000).contains(backgroundSources) {
            throw ValidationError(
                "--background-sources must be in 0...2000, got \(backgroundSources)")
        }
        if let corticalFraction, !(corticalFraction.isFinite && (0...1).contains(corticalFraction))
        {
            throw ValidationError(
                "--cortical-fraction must be in [0, 1], got \(corticalFraction)")
        }
    }

    /// The source asked for, or `nil` when no dipole flag is given (the scenario's default).
    func headModelSource() -> HeadModelSource? {
        guard source != nil || dipole != nil || orientation != nil || moment != nil
            || rhythm != nil
        else { return nil }
        let parsedRhythm = rhythm.flatMap { try? Rhythm(parsing: $0) } ?? .delta3
        if let dipole {
            return HeadModelSource(
                position: dipole.value, orientation: orientation?.value, moment: moment,
                rhythm: parsedRhythm)
        }
        return HeadModelSource(
            named: source ?? .posteromedial, orientation: orientation?.value, moment: moment,
            rhythm: parsedRhythm)
    }
}
