import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

// MARK: - Streaming a recording file

extension StreamingWelch {
    /// The channels of one streamed file: their descriptions (no samples) and Welch PSDs.
    public struct FileSpectra: Sendable {
        /// One description per channel (label, unit, rate, declared filters; no samples), in
        /// the requested order.
        public let signals: [Signal]
        /// The PSD of each channel, or the error that stopped it.
        public let spectra: [Result<Spectrum, any Error>]
    }

    /// The Welch PSDs of the data channels of an EDF/BDF file in one streaming pass (memory
    /// bounded by one block and one segment per channel, not by the recording's length), or
    /// `nil` when `url` is not EDF/BDF (CSV is read into memory by the caller).
    ///
    /// The same numbers as reading the file into a ``EEGCore/Recording`` and calling
    /// ``EEGDSP/Recording/powerSpectra(method:)`` with ``options`` (both run
    /// ``WelchAccumulator``), including the gap handling of EDF+D/BDF+D files; declarations
    /// include those of BIDS sidecars (as ``EEGFileIO/RecordingFile/read(_:csvSampleRate:bidsSidecars:)``).
    ///
    /// - Parameters:
    ///   - url: The recording file.
    ///   - names: Channel names to keep, in this order (as
    ///     ``EEGCore/Recording/selecting(channels:)``); `nil` for every data channel.
    /// - Throws: ``EEGFileIO/EDFError`` for an unreadable file;
    ///   ``EEGCore/CoreError/invalidParameter(name:value:expected:)`` for an unknown name.
    public func spectra(ofFile url: URL, channels names: [String]?) throws -> FileSpectra? {
        guard try RecordingFile.kind(of: url) == .edfOrBDF else { return nil }
        let reader = try EDFReader(url: url)
        let headers = reader.dataSignals
        let indices = try names.map { try Self.channelIndices(named: $0, in: reader) }
            ?? Array(headers.indices)
        // The declarations a reader's recording would carry, BIDS sidecars included.
        let sidecars = try BIDSSidecars(recording: url)
        let signals = indices.map { index in
            let base = headers[index].declaration
            return Signal.describing(
                label: headers[index].label, unit: headers[index].physicalDimension,
                sampleRate: reader.sampleRate(ofChannel: index),
                declared: sidecars?.declaration(for: headers[index].label, base: base) ?? base)
        }
        guard !indices.isEmpty else { return FileSpectra(signals: [], spectra: []) }
        return FileSpectra(signals: signals, spectra: try spectra(of: reader, channels: indices))
    }
}
