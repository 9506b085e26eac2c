import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGDSP

@Suite("Head-model scenarios (dipole, ketamine-headmodel)")
struct HeadModelSourceTests {
    static func parameters(
        duration: Double, seed: UInt64 = 5, channels: [String]? = nil,
        source: HeadModelSource? = nil, backgroundSources: Int? = nil
    ) -> ScenarioParameters {
        var parameters = ScenarioParameters()
        parameters.duration = duration
        parameters.seed = seed
        parameters.channels = channels
        parameters.source = source
        parameters.backgroundSourceCount = backgroundSources
        return parameters
    }

    /// Lead fields (µV/nAm, reference at infinity) of `source` on `labels`, in the geometry of
    /// synthesis: the template-fitted sphere with the electrodes projected onto it.
    static func leadField(_ source: NamedSource, _ labels: [String]) throws -> [Double] {
        let model = try SphericalHeadModel.fittedToStandardTemplate()
        let positions = try labels.map {
            model.projectedOntoScalp(try #require(StandardElectrodePositions.position(of: $0)))
        }
        return try model.potentials(of: try source.dipole(moment: 1, in: model), at: positions)
    }

    @Test("the template-fitted sphere: centre and radius as MNE's fit; projection onto it")
    func fittedSphere() throws {
        let model = try SphericalHeadModel.fittedToStandardTemplate()
        // numpy least squares on the same 325 off-face template points: centre
        // (-0.00093, 0.01459, 0.04083) m, radius 0.09793 m.
        #expect(abs(model.center.x + 0.00093) < 1e-5)
        #expect(abs(model.center.y - 0.01459) < 1e-5)
        #expect(abs(model.center.z - 0.04083) < 1e-5)
        #expect(abs(model.scalpRadius - 0.09793) < 1e-5)
        let fp1 = try #require(StandardElectrodePositions.position(of: "Fp1"))
        let projected = model.projectedOntoScalp(fp1)
        #expect(abs(projected.subtracting(model.center).norm - model.scalpRadius) < 1e-12)
        // Same direction from the centre.
        let a = fp1.subtracting(model.center)
        let b = projected.subtracting(model.center)
        #expect(abs(a.dot(b) / (a.norm * b.norm) - 1) < 1e-12)
        for source in NamedSource.allCases {
            #expect(source.position.subtracting(model.center).norm < model.shells[0].radius)
        }
    }

    @Test("the dipole reaches each channel with its head-model lead field, exactly")
    func leadFieldProjection() throws {
        let labels = Montage.scenarioDefaultNames
        let source = HeadModelSource(named: .posteromedial, moment: 40)
        let withSource = try Scenario.dipole.synthesize(
            Self.parameters(duration: 60, source: source, backgroundSources: 0))
        // Without cortical dipoles the background is the per-channel noise of `aperiodic`.
        let background = try Scenario.aperiodic.synthesize(Self.parameters(duration: 60))
        let lead = try Self.leadField(.posteromedial, labels)
        let pz = try #require(labels.firstIndex(of: "Pz"))
        let added = zip(withSource.recording.signals, background.recording.signals).map {
            zip($0.samples, $1.samples).map { $0 - $1 }
        }
        let peakIndex = try #require(added[pz].indices.max { abs(added[pz][$0]) < abs(added[pz][$1]) })
        #expect(abs(added[pz][peakIndex]) > 0.5 * 40 * lead[pz], "an episode reaches Pz")
        // Exact up to rounding: the source is one time course times the lead field.
        for channel in labels.indices {
            let expected = added[pz][peakIndex] * lead[channel] / lead[pz]
            #expect(abs(added[channel][peakIndex] - expected) < 1e-9 * abs(added[pz][peakIndex]),
                    "\(labels[channel])")
        }
        // Truth: the channels within half of the largest |lead field| (POz for this source).
        let largest = lead.map(abs).max() ?? 0
        let expectedTruth = Set(labels.indices.filter { abs(lead[$0]) >= 0.5 * largest }
            .map { labels[$0] })
        #expect(Set(withSource.events.map(\.channel)) == expectedTruth)
        #expect(expectedTruth.isSuperset(of: ["CPz", "Pz", "POz"]))
        #expect(!expectedTruth.contains("Fz") && !expectedTruth.contains("T7"))
        for event in withSource.events {
            let channel = try #require(labels.firstIndex(of: event.channel))
            // Episode amplitude (40 nAm ± 20 % jitter) × lead field, in µV.
            let moment = event.amplitude / abs(lead[channel])
            #expect(moment > 40 * 0.79 && moment < 40 * 1.21, "\(event)")
            #expect(event.rhythm == "delta3")
        }
    }

    @Test("without --moment-nam the moment gives the SNR at the strongest channel")
    func momentFromSNR() throws {
        var parameters = Self.parameters(duration: 10)
        parameters.snr = 6
        let builder = try ScenarioBuilder(scenario: .dipole, parameters: parameters)
        let lead = try builder.leadField(of: .posteromedialDelta3)
        let largest = lead.gains.map(abs).max() ?? 0
        let amplitude = builder.amplitude(forSNRIn: Rhythm.delta3.band)
        #expect(abs(lead.moment * largest - amplitude) < 1e-9 * amplitude)
        // 6 dB over 13.1 uV² of 2–4 Hz background: 10.2 uV at POz (1.28 uV per 10 nAm).
        #expect(lead.moment > 70 && lead.moment < 90, "\(lead.moment) nAm")
        let negative = try builder.leadField(
            of: HeadModelSource(named: .posteromedial, moment: -20))
        let positive = try builder.leadField(
            of: HeadModelSource(named: .posteromedial, moment: 20))
        #expect(negative.moment == 20 && negative.gains == positive.gains.map { -$0 })
    }

    @Test("the cortical background has the set density on average and is correlated")
    func corticalBackground() throws {
        let labels = ["Fz", "Cz", "C3", "C4", "Pz", "POz", "Oz", "T7"]
        let result = try Scenario.dipole.synthesize(
            Self.parameters(duration: 120, seed: 11, channels: labels,
                            source: HeadModelSource(named: .temporal, moment: 1e-3)))
        var densities: [Double] = []
        for signal in result.recording.signals {
            let psd = try SynthesisCheck.welch(signal.samples, sampleRate: 256, segmentCount: 512)
            // 9–11 Hz around the 10 Hz reference (bins of 0.5 Hz).
            let band = psd.frequencies.indices.filter { (9...11).contains(psd.frequencies[$0]) }
            densities.append(band.map { psd.power[$0] }.reduce(0, +) / Double(band.count))
        }
        let mean = densities.reduce(0, +) / Double(densities.count)
        // ~120 segments × 5 bins per channel: ±5 %; the channel scale varies around 1.
        #expect(abs(mean - 1) < 0.15, "mean 10 Hz density \(mean) uV²/Hz")
        // Correlation of first differences: differencing whitens the 1/f^1.5 background, so
        // two independent channels correlate by ~1/√N instead of by the chance alignment of
        // their slow drifts.
        func correlation(_ recording: Recording, _ a: String, _ b: String) throws -> Double {
            let x = try #require(recording.signal(named: a)).samples
            let y = try #require(recording.signal(named: b)).samples
            let dx = zip(x.dropFirst(), x).map { $0 - $1 }
            let dy = zip(y.dropFirst(), y).map { $0 - $1 }
            let sxy = zip(dx, dy).map { $0 * $1 }.reduce(0, +)
            let sxx = dx.map { $0 * $0 }.reduce(0, +)
            let syy = dy.map { $0 * $0 }.reduce(0, +)
            return sxy / (sxx * syy).squareRoot()
        }
        // Volume conduction: neighbours share the cortical sources.
        #expect(try correlation(result.recording, "Pz", "POz") > 0.3)
        #expect(try correlation(result.recording, "Cz", "C3") > 0.3)
        let independent = try Scenario.dipole.synthesize(
            Self.parameters(duration: 120, seed: 11, channels: labels,
                            source: HeadModelSource(named: .temporal, moment: 1e-3),
                            backgroundSources: 0))
        // 30 720 samples: |r| of independent channels ~0.006.
        #expect(abs(try correlation(independent.recording, "Pz", "POz")) < 0.05)
    }

    @Test("ketamine-headmodel: posteromedial episodes only in the infusion; gamma +3 dB")
    func ketamineHeadModel() throws {
        var parameters = Self.parameters(
            duration: 300, seed: 21, channels: ["Fz", "Cz", "CPz", "Pz", "POz", "Oz"],
            backgroundSources: 60)
        parameters.gammaGain = 3
        let result = try Scenario.ketamineHeadModel.synthesize(parameters)
        #expect(!result.events.isEmpty)
        #expect(Set(result.events.map(\.channel)) == ["CPz", "Pz", "POz", "Oz"])
        #expect(result.events.allSatisfy { $0.onset >= 130 && $0.rhythm == "delta3" })
        let descriptions = result.recording.annotations.map(\.description)
        #expect(descriptions.contains("ketamine infusion"))
        #expect(descriptions.contains { $0.hasPrefix("cortical background: 60 dipoles") })
        func bandPower(_ name: String, _ from: Double, _ to: Double,
                       _ low: Double, _ high: Double) throws -> Double {
            let signal = try #require(result.recording.signal(named: name))
            let psd = try SynthesisCheck.welch(
                signal.slice(from: from, to: to).samples, sampleRate: 256, segmentCount: 512)
            return SynthesisCheck.bandPower(
                frequencies: psd.frequencies, power: psd.power, low: low, high: high)
        }
        // Gamma follows each channel's own background: +3 dB on frontal and occipital alike
        // (~480 segments over 100 bins: ~0.05 dB error).
        for name in ["Fz", "Oz"] {
            let rise = 10 * log10(try bandPower(name, 140, 300, 30, 80)
                / bandPower(name, 0, 120, 30, 80))
            #expect(abs(rise - 3) < 0.3, "\(name) gamma change \(rise) dB")
        }
        // The ~3 Hz rise is largest on the posterior midline, small at Fz.
        func delta3Change(_ name: String) throws -> Double {
            10 * log10(try bandPower(name, 140, 300, 2, 4) / bandPower(name, 0, 120, 2, 4))
        }
        #expect(try delta3Change("Pz") > 3)
        #expect(try delta3Change("Pz") > delta3Change("Fz") + 2)
    }

    @Test("bad sources and knobs throw")
    func errors() {
        var parameters = Self.parameters(duration: 10)
        parameters.source = HeadModelSource(position: ElectrodePosition(x: 0, y: 0, z: 0.13))
        #expect(throws: DSPError.self) { try Scenario.dipole.synthesize(parameters) }
        parameters.source = HeadModelSource(named: .posteromedial, rhythm: .gamma)
        #expect(throws: DSPError.self) { try Scenario.ketamineHeadModel.synthesize(parameters) }
        parameters = Self.parameters(duration: 10, backgroundSources: 5000)
        #expect(throws: DSPError.self) { try Scenario.dipole.synthesize(parameters) }
        parameters = Self.parameters(duration: 10)
        parameters.corticalBackgroundFraction = 1.5
        #expect(throws: DSPError.self) { try Scenario.dipole.synthesize(parameters) }
        parameters = Self.parameters(duration: 10, channels: ["Pz", "POz"])
        parameters.source = HeadModelSource(
            named: .posteromedial, orientation: ElectrodePosition(x: 0, y: 0, z: 0))
        #expect(throws: DSPError.self) { try Scenario.dipole.synthesize(parameters) }
    }
}
