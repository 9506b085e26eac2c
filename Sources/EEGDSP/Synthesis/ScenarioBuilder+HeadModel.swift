import EEGCore

// MARK: - Physical scenarios: sources through the spherical head model

/// A source's lead field on the montage and the episode moment to synthesize it with.
struct LeadField {
    /// µV per nAm on each channel, reference at infinity (sign of the moment included).
    let gains: [Double]
    /// The peak moment of an episode at full envelope, nAm (positive).
    let moment: NanoampereMetres

    /// The smallest |gain| at which a channel is listed in the truth:
    /// ``Scenario/truthWeightThreshold`` of the largest.
    var truthFloor: Double {
        Scenario.truthWeightThreshold * (gains.map { abs($0) }.max() ?? 0)
    }
}

extension ScenarioBuilder {
    /// The head model of the physical scenarios: MNE's default shells on the sphere fitted to
    /// the standard 10-05 template (``SphericalHeadModel/fittedToStandardTemplate()``).
    func headModel() throws -> SphericalHeadModel {
        try SphericalHeadModel.fittedToStandardTemplate()
    }

    /// The montage's standard 10-05 positions (MNE head frame) projected onto `model`'s scalp.
    func headFramePositions(on model: SphericalHeadModel) throws -> [ElectrodePosition] {
        try montage.electrodes.map { electrode in
            guard let position = StandardElectrodePositions.position(of: electrode.name) else {
                throw DSPError.invalidParameter(
                    name: "channel", value: "'\(electrode.name)'",
                    expected: "an electrode of the standard 10-05 template for the head model")
            }
            return model.projectedOntoScalp(position)
        }
    }

    /// The lead field of `source` and its episode moment: the source's own moment, or the one
    /// giving the scenario's SNR in the rhythm's band at the channel with the largest lead
    /// field.
    ///
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for a source outside the
    ///   brain sphere, a zero orientation, or a source invisible on every channel.
    func leadField(of source: HeadModelSource) throws -> LeadField {
        let model = try headModel()
        let unit = try model.potentials(
            of: try source.unitDipole(in: model), at: try headFramePositions(on: model))
        let largest = unit.map { abs($0) }.max() ?? 0
        guard largest > 0, largest.isFinite else {
            throw DSPError.invalidParameter(
                name: "dipole", value: source.summary,
                expected: "a source with a non-zero potential on at least one channel")
        }
        let moment = source.moment ?? amplitude(forSNRIn: source.rhythm.band) / largest
        guard moment != 0 else {
            throw DSPError.invalidParameter(
                name: "dipole moment", value: "0 nAm", expected: "a non-zero moment")
        }
        let sign: Double = moment < 0 ? -1 : 1
        return LeadField(gains: unit.map { sign * $0 }, moment: abs(moment))
    }

    /// Adds `component` (in nAm) through `lead` to every channel, with truth rows where the
    /// lead field reaches half its largest magnitude.
    mutating func place(
        _ component: SynthesizedComponent, offset: Int, lead: LeadField, rhythm: Rhythm
    ) {
        place(
            component, offset: offset,
            gains: Array(repeating: lead.gains, count: component.episodes.count),
            truthFloors: Array(repeating: lead.truthFloor, count: component.episodes.count),
            rhythm: rhythm)
    }

    /// `dipole`: a burst train of the source's rhythm, in nAm, through its lead field.
    mutating func addDipoleBursts(_ source: HeadModelSource) throws {
        let rhythm = source.rhythm
        try requireBand(rhythm.band, for: "\(rhythm.name) bursts")
        let lead = try leadField(of: source)
        var settings = burstSettings(for: rhythm)
        settings.amplitude = lead.moment
        var generator = componentGenerator(seed: parameters.seed, stream: "dipole/bursts")
        let component = try Signal.burstyOscillation(
            settings: settings, duration: duration, sampleRate: sampleRate, using: &generator)
        place(component, offset: 0, lead: lead, rhythm: rhythm)
        annotations.append(
            Annotation(
                onset: 0, duration: duration,
                description: "dipole \(source.summary) moment="
                    + "\(formatFixed(lead.moment, decimals: 3))nAm peak"))
    }

    /// The distributed cortical background (``CorticalBackground``): each dipole an independent
    /// 1/f^χ time course, scaled so that together they give
    /// ``ScenarioParameters/corticalBackgroundFraction`` of the background PSD at 10 Hz,
    /// averaged over the channels.
    mutating func addCorticalBackground() throws {
        let sourceCount = Self.backgroundSourceCount(parameters)
        guard sourceCount > 0, parameters.corticalBackgroundFraction > 0 else { return }
        var placement = componentGenerator(seed: parameters.seed, stream: "cortex/placement")
        let model = try headModel()
        let cortex = try CorticalBackground(
            count: sourceCount, model: model, electrodes: try headFramePositions(on: model),
            using: &placement)
        let meanSquaredGain = cortex.meanSquaredGain
        guard meanSquaredGain > 0 else { return }
        // nAm²/Hz per dipole at 10 Hz.
        let sourceDensity = parameters.corticalBackgroundFraction * parameters.backgroundDensity
            / meanSquaredGain
        let fraction = parameters.corticalBackgroundFraction
        for channel in backgroundScale.indices {
            let squaredGain = cortex.gains.reduce(0) { $0 + $1[channel] * $1[channel] }
            backgroundScale[channel] = 1 - fraction + fraction * squaredGain / meanSquaredGain
        }
        for (index, gains) in cortex.gains.enumerated() {
            var generator = componentGenerator(seed: parameters.seed, stream: "cortex/\(index)")
            let activity = try Signal.powerLawNoise(
                exponent: parameters.exponent, duration: duration, sampleRate: sampleRate,
                knee: parameters.knee, level: .density(sourceDensity, at: 10),
                using: &generator)
            for (channel, gain) in gains.enumerated() {
                activity.samples.withUnsafeBufferPointer { samples in
                    channels[channel].withUnsafeMutableBufferPointer { target in
                        for sample in 0..<count { target[sample] += gain * samples[sample] }
                    }
                }
            }
        }
        annotations.append(
            Annotation(
                onset: 0, duration: duration,
                description: "cortical background: \(sourceCount) dipoles, "
                    + "\(formatFixed(100 * parameters.corticalBackgroundFraction, decimals: 0))"
                    + " % of the 10 Hz background"))
    }
}
