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
    /// sampling) yields no episodes for that chunk instead of failing the recording.
    public static func detector(settings: AnalysisSettings) -> RecordingEpisodeDetector {
        let analyses = settings.rhythms.map {
            RhythmAnalysis(settings: RhythmAnalysisSettings(rhythm: $0))
        }
        return { chunk, _ in
            var events: [RhythmEvent] = []
            for analysis in analyses {
                do {
                    events += try analysis.analyse(chunk, file: "").events
                } catch is DSPError {
                    continue
                }
            }
            return events
        }
    }
}
