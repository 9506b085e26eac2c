import EEGCore
import EEGDSP

/// Which channels an analysis uses, by type and bad mark.
///
/// Rhythm results, EEG band-power tables and spatial rules use EEG channels only by default
/// (``types`` = `[.eeg]`); ECG, EOG, EMG, respiration, misc and status channels, and channels a
/// source marks bad, are left out and named in a note. The CLI's `--channel-types eeg,eog` and
/// `--all-channels` change ``types``.
public struct ChannelScreening: Sendable, Equatable, Hashable {
    /// The channel types analysed (default EEG only).
    public var types: Set<ChannelType>
    /// Whether channels marked bad by the source are analysed too (default false).
    public var includesBad: Bool

    /// Creates a screening rule.
    public init(types: Set<ChannelType> = [.eeg], includesBad: Bool = false) {
        self.types = types
        self.includesBad = includesBad
    }

    /// Every type and bad channels too.
    public static let all = ChannelScreening(types: Set(ChannelType.allCases), includesBad: true)

    /// Why `signal` is left out, or `nil` when it is analysed.
    public func exclusionReason(for signal: Signal) -> String? {
        let type = signal.channelType
        if !types.contains(type) {
            return "\(type.rawValue.uppercased()) channel, not analysed as "
                + types.map(\.rawValue).sorted().joined(separator: "/")
                + " (include it with --channel-types or --all-channels)"
        }
        if signal.declared.isBad && !includesBad {
            let why = signal.declared.badReason.isEmpty ? "" : ": \(signal.declared.badReason)"
            return "marked bad by the source\(why)"
        }
        return nil
    }

    /// One note naming the channels left out, or `nil` when none is: e.g.
    /// "not analysed: ECG ECG (ecg), EOG horizontal (eog) — not EEG; include them with
    /// --channel-types or --all-channels".
    public func note(for signals: [Signal]) -> String? {
        let left = signals.filter { exclusionReason(for: $0) != nil }
        guard !left.isEmpty else { return nil }
        let names = left.map { signal in
            signal.declared.isBad && types.contains(signal.channelType)
                ? "\(signal.label) (bad)" : "\(signal.label) (\(signal.channelType.rawValue))"
        }
        return "channels left out of the analysis: " + names.joined(separator: ", ")
            + " — only " + types.map(\.rawValue).sorted().joined(separator: "/")
            + " channels not marked bad are analysed; include others with --channel-types or "
            + "--all-channels"
    }
}

/// How each channel's usable passband is found: the user's `--passband`, else the declared
/// filters (file header, BIDS sidecar) intersected with a low-pass detected in the spectrum
/// (``LowPassDetector``) and the Nyquist frequency (``EEGCore/UsablePassband``).
public struct PassbandPolicy: Sendable, Equatable, Hashable {
    /// The user's passband (`--passband LOW-HIGH`); replaces declared and detected edges.
    public var user: Passband?
    /// Whether an undeclared low-pass is looked for in the spectrum (default true).
    public var detectsLowPass: Bool

    /// Creates a policy.
    public init(user: Passband? = nil, detectsLowPass: Bool = true) {
        self.user = user
        self.detectsLowPass = detectsLowPass
    }

    /// A detected low-pass counts beside a declared one only when it is below this fraction
    /// of the declared edge (0.8): the shoulder of a declared filter and the fall of beta
    /// activity below it are not a second filter.
    public static let detectedBelowDeclaredFraction = 0.8

    /// The highest frequency searched for an undeclared low-pass, in Hz (1024: the Nyquist
    /// frequency of a 2048 Hz recording, so nothing changes up to that rate; candidate edges
    /// reach ~650 Hz, far above every analysed band). The search tries one candidate edge per
    /// Hz against the bins under it, so its cost grows with the square of the sampling rate:
    /// uncapped it took 3 s at 8 kHz, 46 s at 32 kHz and minutes at 100 kHz; capped it is the
    /// same fraction of a second at any rate.
    public static let lowPassSearchCeiling: Hertz = 1024

    /// The usable passband of each channel, and warnings for low-passes found in the spectra
    /// that the source did not declare.
    ///
    /// The detection runs once per sampling rate on the median spectrum of those channels
    /// (``EEGDSP/LowPassDetector/medianSpectrum(of:)``): a hardware filter is common to the
    /// channels of an amplifier.
    ///
    /// - Parameters:
    ///   - signals: The analysed channels (their declarations and rates are used).
    ///   - spectra: Their PSDs on the grid of their rate (`nil` where none could be computed).
    public func usablePassbands(for signals: [Signal], spectra: [Spectrum?])
        -> (passbands: [UsablePassband], warnings: [String])
    {
        var detected: [Hertz: Passband] = [:]
        if user == nil && detectsLowPass {
            let rates = Set(signals.map(\.sampleRate))
            for rate in rates {
                let grid = zip(signals, spectra).compactMap { $0.sampleRate == rate ? $1 : nil }
                let widest = Dictionary(grouping: grid, by: \.frequencies.count)
                    .max { $0.value.count < $1.value.count }?.value ?? []
                if let median = LowPassDetector.medianSpectrum(of: widest),
                    let found = LowPassDetector().lowPass(
                        in: median.trimmed(to: 0, Self.lowPassSearchCeiling))
                {
                    detected[rate] = found
                }
            }
        }
        var warnings: [String: [String]] = [:]
        let passbands = signals.map { signal -> UsablePassband in
            let declared = signal.declared.passband
            guard var found = detected[signal.sampleRate], let edge = found.high else {
                return UsablePassband(
                    sampleRate: signal.sampleRate, declared: declared, user: user)
            }
            if let declaredHigh = declared?.high,
                edge >= Self.detectedBelowDeclaredFraction * declaredHigh
            {
                return UsablePassband(sampleRate: signal.sampleRate, declared: declared)
            }
            found = (try? Passband(low: nil, high: edge, source: .spectrum)) ?? found
            let usable = UsablePassband(
                sampleRate: signal.sampleRate, declared: declared, detected: found)
            let warning = "a low-pass near \(formatHertz((edge * 10).rounded() / 10)) Hz was "
                + "detected from the spectrum (steep roll-off below the 1/f trend) but not "
                + "declared; analyses are limited to "
                + "\(formatHertz(UsablePassbandRounding.down(usable.high))) Hz (override with "
                + "--passband LOW-HIGH)"
            warnings[warning, default: []].append(signal.label)
            return usable
        }
        let texts = warnings.sorted { $0.key < $1.key }.map { warning, labels in
            RhythmAnalysis.naming(labels) + ": " + warning
        }
        return (passbands, texts)
    }
}

/// Rounding of passband edges for messages (0.1 Hz).
enum UsablePassbandRounding {
    static func down(_ value: Hertz) -> Hertz { (value * 10).rounded(.down) / 10 }
}
