import ArgumentParser
import EEGCore

/// A frequency range given as `LOW-HIGH` in Hz (e.g. `1-40`), with 0 ≤ LOW < HIGH.
struct FrequencyRangeArgument: ExpressibleByArgument, Equatable, Sendable {
    /// The range in Hz.
    let range: ClosedRange<Hertz>

    init(_ range: ClosedRange<Hertz>) { self.range = range }

    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let low = parts[0], let high = parts[1], low.isFinite,
            high.isFinite, low >= 0, low < high
        else { return nil }
        range = low...high
    }

    var defaultValueDescription: String {
        "\(formatHertz(range.lowerBound))-\(formatHertz(range.upperBound))"
    }
}

/// `--fit-range <low-high>`: the frequency range of the spectral parameterization (FOOOF
/// model) in commands whose output is not the fit itself (`batch`, `plot psd`, `report`).
/// In `fit` the fit is the output, so its range is `--fmin/--fmax` there as for every other
/// command's output range (docs/contract.md, "Flag names").
struct FitRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Frequency range of the spectral parameterization fit, LOW-HIGH in Hz (default: 1-40).",
        valueName: "low-high"))
    var fitRange: FrequencyRangeArgument?

    /// The fit range in Hz, 1–40 Hz when not given.
    var resolved: ClosedRange<Hertz> { fitRange?.range ?? 1...40 }
}

/// A time span given as `START-END` in seconds (e.g. `0-48`), with 0 ≤ START < END.
struct TimeSpanArgument: ExpressibleByArgument, Equatable, Sendable {
    /// The span in seconds.
    let span: ClosedRange<Seconds>

    init?(argument: String) {
        guard let range = FrequencyRangeArgument(argument: argument)?.range else { return nil }
        span = range
    }
}
