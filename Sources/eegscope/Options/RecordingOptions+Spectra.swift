import EEGAnalysis
import EEGCore
import EEGDSP
import Foundation

extension RecordingOptions {
    /// The requested channels of `path` and their PSDs: streamed from EDF/BDF for Welch
    /// without re-referencing (memory bounded by a block, whatever the recording's length),
    /// else computed from the recording read into memory (CSV, other formats, periodogram and
    /// multitaper, `--reference`). Both paths give the same numbers.
    func channelSpectra(_ path: String, reference: ReferenceOptions, method: PSDMethod)
        throws -> (signals: [Signal], spectra: [Result<Spectrum, any Error>])
    {
        if case .welch(let options) = method, reference.scheme == nil {
            // `-` is standard input, spooled to a private file (``InputPath``).
            let url = try InputPath.url(for: path)
            warnAboutExtension(of: url)
            if let streamed = try StreamingWelch(options: options)
                .spectra(ofFile: url, channels: channels)
            {
                return (streamed.signals, streamed.spectra)
            }
        }
        let loaded = try load(path, reference: reference)
        let spectra = try Parallel.map(loaded.signals.count) { index in
            let signal = loaded.signals[index]
            return Result<Spectrum, any Error> {
                try signal.powerSpectrum(
                    method: method, stretches: loaded.stretchSampleRanges(of: signal))
            }
        }
        return (loaded.signals, spectra)
    }
}
