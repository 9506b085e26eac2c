import ArgumentParser
import EEGCore
import EEGDSP
import EEGFileIO

/// `--method welch|multitaper|periodogram`.
enum PSDMethodArgument: String, ExpressibleByArgument, CaseIterable {
    case welch
    case multitaper
    case periodogram
}

/// `--detrend constant|linear|none`.
enum DetrendArgument: String, ExpressibleByArgument, CaseIterable {
    case constant
    case linear
    case none

    var detrend: Detrend {
        switch self {
        case .constant: return .constant
        case .linear: return .linear
        case .none: return .none
        }
    }
}

/// `--average mean|median`.
enum AverageArgument: String, ExpressibleByArgument, CaseIterable {
    case mean
    case median

    var average: SpectralAverage { self == .mean ? .mean : .median }
}

/// `--scaling density|spectrum`.
enum ScalingArgument: String, ExpressibleByArgument, CaseIterable {
    case density
    case spectrum

    var scaling: PSDScaling { self == .density ? .density : .spectrum }
}

/// The PSD estimator flags shared by `psd` and `bandpower`; defaults follow
/// `scipy.signal.welch` as the contract fixes them.
struct PSDMethodOptions: ParsableArguments {
    @Option(help: "PSD estimator.")
    var method: PSDMethodArgument = .welch

    @Option(help: ArgumentHelp(
        "Taper: \(Window.acceptedNames) (periodic form). Default: hann; boxcar for "
            + "--method periodogram, as scipy.signal.periodogram.",
        valueName: "name"))
    var window: String?

    @Option(help: ArgumentHelp("Welch segment length in seconds.", valueName: "seconds"))
    var segment: Double = 2

    @Option(help: ArgumentHelp("Welch segment overlap as a fraction in [0, 1).",
                               valueName: "fraction"))
    var overlap: Double = 0.5

    @Option(help: "Per-segment detrending.")
    var detrend: DetrendArgument = .constant

    @Option(help: "How Welch segments are averaged (median is bias-corrected as in SciPy).")
    var average: AverageArgument = .mean

    @Option(help: "density: unit^2/Hz; spectrum: unit^2 per bin.")
    var scaling: ScalingArgument = .density

    @Option(help: ArgumentHelp(
        "Multitaper half bandwidth W in Hz (default: NW = 4, i.e. 4 / duration Hz).",
        valueName: "hz"))
    var halfBandwidth: Double?

    @Flag(help: "Multitaper: Thomson's adaptive weights (as MNE's adaptive=True).")
    var adaptive = false

    func validate() throws {
        if let window { _ = try parsedWindow(window) }
        guard segment.isFinite, segment > 0 else {
            throw ValidationError(
                "--segment must be a positive duration in seconds, got \(segment)")
        }
        guard overlap.isFinite, overlap >= 0, overlap < 1 else {
            throw ValidationError("--overlap must be a fraction in [0, 1), got \(overlap)")
        }
        if let halfBandwidth, !(halfBandwidth.isFinite && halfBandwidth > 0) {
            throw ValidationError("--half-bandwidth must be positive, got \(halfBandwidth) Hz")
        }
        if method == .multitaper, scaling == .spectrum {
            throw ValidationError("--scaling spectrum is not available with --method multitaper")
        }
    }

    /// The library method these flags describe.
    func psdMethod() throws -> PSDMethod {
        switch method {
        case .welch:
            return .welch(WelchOptions(
                segment: .duration(segment), overlap: overlap,
                window: try window.map(parsedWindow) ?? .hann, detrend: detrend.detrend,
                average: average.average, scaling: scaling.scaling))
        case .periodogram:
            return .periodogram(PeriodogramOptions(
                window: try window.map(parsedWindow) ?? .boxcar, detrend: detrend.detrend,
                scaling: scaling.scaling))
        case .multitaper:
            return .multitaper(halfBandwidth: halfBandwidth, adaptive: adaptive)
        }
    }

    private func parsedWindow(_ name: String) throws -> Window {
        do {
            return try Window(name: name)
        } catch {
            throw ValidationError("--window: \(error)")
        }
    }
}

/// The unit of a PSD value for a channel unit, e.g. `uV^2/Hz`.
func psdUnit(_ unit: String, scaling: PSDScaling) -> String {
    let base = unit.isEmpty ? "unit" : unit
    return scaling == .density ? "\(base)^2/Hz" : "\(base)^2"
}

/// RFC 4180 quoting for one CSV field (only when needed).
enum CSVEscaping {
    static func field(_ text: String) -> String { CSVRecording.escapedField(text) }
}
