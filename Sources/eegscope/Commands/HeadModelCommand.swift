import ArgumentParser
import EEGCore
import EEGDSP
import Foundation

/// A head-frame vector given as `X,Y,Z`.
struct VectorArgument: ExpressibleByArgument, Equatable {
    let value: ElectrodePosition

    init?(argument: String) {
        let parts = argument.split(separator: ",").map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2],
              x.isFinite, y.isFinite, z.isFinite
        else { return nil }
        value = ElectrodePosition(x: x, y: y, z: z)
    }
}

extension NamedSource: ExpressibleByArgument {}

/// `eegscope headmodel`: scalp potentials of a current dipole in the spherical head.
struct HeadModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headmodel",
        abstract: "Scalp potentials of a current dipole in a multi-shell spherical head.",
        discussion: """
            The head is MNE's make_sphere_model() default: centre (0, 0, 0.04) m, scalp \
            radius 0.09 m, brain/CSF/skull/scalp at 0.90/0.92/0.97/1.0 of it with 0.33/1.0/\
            0.004/0.33 S/m. Positions are metres in MNE's head frame (+x right, +y nasion, \
            +z up). Electrodes are MNE's standard_1005 positions. Potentials are in uV against \
            a reference at infinity unless --reference re-references them over the listed \
            electrodes (csd gives uV/m^2 under the same key). Prints \
            JSON: {"channels": [{"name", "x", "y", "z", "potential_uv"}], "dipole": {...}}.
            """)

    @Option(help: ArgumentHelp("Dipole position X,Y,Z in metres (head frame).",
                               valueName: "list"))
    var dipole: VectorArgument?

    @Option(help: ArgumentHelp(
        "A named source instead of --dipole (orientation radial unless --orientation is "
            + "given).", valueName: "name"))
    var source: NamedSource?

    @Option(help: ArgumentHelp("Dipole orientation U,V,W (normalized).", valueName: "list"))
    var orientation: VectorArgument?

    @Option(name: .customLong("moment-nam"), help: ArgumentHelp(
        "Dipole moment in nAm.", valueName: "number"))
    var moment: Double = 10

    @Option(
        help: ArgumentHelp(
            "Comma-separated electrode names (default: all standard 10-05 electrodes).",
            valueName: "list"),
        transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var channels: [String]?

    @OptionGroup var reference: ReferenceOptions

    @Option(help: ArgumentHelp(
        "mne: MNE's make_sphere_model() sphere, electrodes where they are (as MNE); fitted: "
            + "the same shells on the sphere fitted to the standard 10-05 template, electrodes "
            + "projected onto it (the geometry of synth's head-model scenarios).",
        valueName: "sphere"))
    var sphere: SphereChoice = .mne

    @Option(help: "Output format.")
    var format: HeadModelFormat = .json

    enum SphereChoice: String, ExpressibleByArgument, CaseIterable {
        case mne
        case fitted
    }

    @Option(name: .shortAndLong, help: .standardOutput("Write the JSON here"),
            completion: .outputFile("json"))
    var output: String?

    enum HeadModelFormat: String, ExpressibleByArgument, CaseIterable {
        case json
    }

    func validate() throws {
        guard (dipole == nil) != (source == nil) else {
            throw ValidationError("give exactly one of --dipole X,Y,Z or --source NAME")
        }
        if dipole != nil, orientation == nil {
            throw ValidationError("--dipole needs --orientation U,V,W")
        }
        if let orientation, orientation.value.norm == 0 {
            throw ValidationError("--orientation must be a non-zero vector, got 0,0,0")
        }
        guard moment.isFinite else {
            throw ValidationError("--moment-nam must be a finite number, got \(moment)")
        }
        if let channels, channels.isEmpty || channels.contains(where: \.isEmpty) {
            throw ValidationError("--channels must list electrode names separated by commas")
        }
    }

    func run() throws {
        let document = try reportingErrors { () throws -> HeadModelDocument in
            let model = sphere == .mne
                ? try SphericalHeadModel() : try SphericalHeadModel.fittedToStandardTemplate()
            let position = dipole?.value ?? source?.position ?? ElectrodePosition(x: 0, y: 0, z: 0)
            let direction = orientation?.value ?? position.subtracting(model.center)
            let current = try CurrentDipole(
                position: position, orientation: direction, moment: moment)
            let names = channels ?? StandardElectrodePositions.labels
            let layout = ElectrodeLayout(labels: names)
            guard layout.unplacedLabels.isEmpty else {
                throw DSPError.invalidParameter(
                    name: "channels", value: layout.unplacedLabels.joined(separator: ", "),
                    expected: "standard 10-05 electrode names such as Fz, Pz, POz")
            }
            let placed = try layout.requireAllPlaced()
            let positions = sphere == .mne ? placed : placed.map { model.projectedOntoScalp($0) }
            var potentials = try model.potentials(of: current, at: positions)
            if let scheme = reference.scheme {
                // Re-reference the potential map over the listed electrodes (one "sample").
                var channels = potentials.map { [$0] }
                try ReferencePlan(scheme: scheme, labels: names).apply(to: &channels)
                potentials = channels.map { $0[0] }
            }
            return HeadModelDocument(
                channels: zip(names, zip(positions, potentials)).map { name, pair in
                    .init(name: StandardElectrodePositions.canonicalName(of: name) ?? name,
                          x: pair.0.x, y: pair.0.y, z: pair.0.z, potentialMicrovolts: pair.1)
                },
                dipole: .init(
                    position: [position.x, position.y, position.z],
                    orientation: [current.orientation.x, current.orientation.y,
                                  current.orientation.z],
                    momentNanoampereMetres: moment, source: source?.rawValue),
                reference: reference.scheme?.name ?? "infinity", sphere: sphere.rawValue,
                unit: reference.scheme.map { ReferencePlan.unit(for: $0, input: "uV") } ?? "uV")
        }
        try OutputSink.write(try JSONOutput.encode(document), to: output)
    }
}

/// The `headmodel` JSON.
struct HeadModelDocument: Encodable {
    struct Channel: Encodable {
        let name: String
        let x: Double
        let y: Double
        let z: Double
        let potentialMicrovolts: Double

        enum CodingKeys: String, CodingKey {
            case name, x, y, z
            case potentialMicrovolts = "potential_uv"
        }
    }

    struct Dipole: Encodable {
        let position: [Double]
        let orientation: [Double]
        let momentNanoampereMetres: Double
        let source: String?

        enum CodingKeys: String, CodingKey {
            case position = "position_m", orientation
            case momentNanoampereMetres = "moment_nam"
            case source
        }
    }

    let channels: [Channel]
    let dipole: Dipole
    let reference: String
    /// `mne` (MNE's default sphere) or `fitted` (the template-fitted sphere of synthesis).
    let sphere: String
    /// `uV`, or `uV/m^2` with `--reference csd` (the values stay under `potential_uv`).
    let unit: String
}
