import EEGCore
import EEGDSP

/// Rhythm-episode detection for the batch, report and demo pipelines: the `eegscope detect`
/// pipeline (``RhythmAnalysis`` with its defaults: BOSC thresholds over the fitted aperiodic
/// background, mains found per chunk and notched, the half-maximum channel rule) run once per
/// rhythm of ``AnalysisSettings/rhythms``.
public enum RhythmDetection {
    /// A detector for ``RecordingAnalyzer`` finding the episodes of `settings.rhythms`.
    ///
    /// A rhythm whose band does not fit a chunk's sampling rates (e.g. gamma at 60 Hz
    /// sampling) yields no episodes for that chunk, with a warning, instead of failing the
    /// recording. The warnings are those `detect --summary` writes for the chunk (band
    /// clipped to the passband, high muscle index, skipped channels), the muscle index's
    /// unavailability, and failed channels, each prefixed with the rhythm's name.
    public static func detector(settings: AnalysisSettings) -> RecordingEpisodeDetector {
        let analyses = settings.rhythms.map {
            RhythmAnalysis(settings: RhythmAnalysisSettings(
                rhythm: $0, screening: settings.screening, passband: settings.passband))
        }
        return { chunk, _ in
            var events: [RhythmEvent] = []
            var warnings: [String] = []
            var muscle: MuscleSummary? = nil
            for analysis in analyses {
                let name = analysis.settings.rhythm.name
                do {
                    let result = try analysis.analyse(chunk, file: "")
                    events += result.events
                    warnings += result.summary.warnings.map { "\(name): \($0)" }
                    muscle = result.summary.muscle ?? muscle
                    if let muscle = result.summary.muscle, !muscle.available {
                        warnings.append("\(name): muscle index unavailable: "
                            + (muscle.reason ?? "no reason given"))
                    }
                    for channel in result.summary.channels {
                        if let error = channel.error {
                            warnings.append("\(name): channel \(channel.name) skipped: \(error)")
                        }
                    }
                } catch let error as DSPError {
                    warnings.append("\(name): not detected: \(error)")
                }
            }
            var found = ChunkDetection(events: events, warnings: warnings)
            found.muscle = muscle
            return found
        }
    }
}
