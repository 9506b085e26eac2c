import ArgumentParser
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// `--reference average|csd|linked-mastoids|CH[,CH]`.
struct ReferenceArgument: ExpressibleByArgument, Equatable {
    let scheme: ReferenceScheme

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        switch text.lowercased() {
        case "": return nil
        case "average", "avg", "car": scheme = .average
        case "csd", "laplacian": scheme = .currentSourceDensity(.init())
        case "linked-mastoids", "mastoids": scheme = .linkedMastoids
        default:
            let names = text.split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard !names.isEmpty, !names.contains(where: \.isEmpty) else { return nil }
            scheme = .channels(names)
        }
    }
}

/// The shared `--reference` option of the analysis commands.
struct ReferenceOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Re-reference the scalp channels first: average, csd (surface Laplacian by spherical "
            + "splines with MNE's settings; unit becomes unit/m^2), linked-mastoids, or channel "
            + "name(s) CH[,CH] whose mean is subtracted. Scalp channels are those with standard "
            + "10-05 names; others pass through unchanged (default: as recorded).",
        valueName: "name"))
    var reference: ReferenceArgument?

    /// The scheme, or `nil` to keep the recorded reference.
    var scheme: ReferenceScheme? { reference?.scheme }
}

extension RecordingOptions {
    /// Reads `path`, re-references all scalp channels (before `--channels` picks a subset, so
    /// the average and CSD use every electrode), then keeps the requested channels. Warns on
    /// stderr about channels without positions, which are left as recorded.
    func load(_ path: String, reference: ReferenceOptions) throws -> Recording {
        guard let scheme = reference.scheme else { return try load(path) }
        return try withFile(path) {
            let full = try RecordingFile.read(
                try InputPath.url(for: path), csvSampleRate: csvSampleRate)
            let referenced = try full.rereferenced(scheme)
            let unplaced = ElectrodeLayout(labels: full.labels).unplacedLabels
            if !unplaced.isEmpty {
                let shown = unplaced.prefix(6).joined(separator: ", ")
                    + (unplaced.count > 6 ? ", … (\(unplaced.count) channels)" : "")
                FileHandle.standardError.write(Data(
                    ("eegscope: warning: \(path): no electrode position for \(shown); left as "
                        + "recorded by --reference \(scheme.name)\n").utf8))
            }
            guard let channels, !channels.isEmpty else { return referenced }
            return try referenced.selecting(channels: channels)
        }
    }
}
