import ArgumentParser
import EEGAnalysis
import EEGCore

/// `--passband LOW-HIGH`: the user's passband in Hz; either edge may be left empty
/// (`-45` = DC to 45 Hz, `0.5-` = from 0.5 Hz up).
struct PassbandArgument: ExpressibleByArgument, Equatable {
    let passband: Passband

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !(parts[0].isEmpty && parts[1].isEmpty) else { return nil }
        let low = parts[0].isEmpty ? nil : Double(parts[0])
        let high = parts[1].isEmpty ? nil : Double(parts[1])
        if (!parts[0].isEmpty && low == nil) || (!parts[1].isEmpty && high == nil) { return nil }
        guard let passband = try? Passband(low: low, high: high, source: .user) else { return nil }
        self.passband = passband
    }

}

/// `--channel-types eeg,eog`: channel types to analyse.
struct ChannelTypesArgument: ExpressibleByArgument, Equatable {
    let types: Set<ChannelType>

    init?(argument: String) {
        let names = argument.split(separator: ",").map(String.init)
        let parsed = names.compactMap(ChannelType.init(declaredName:))
        guard !parsed.isEmpty, parsed.count == names.count else { return nil }
        types = Set(parsed)
    }
}

/// Options shared by the analysis commands: which channels (by type) and which passband.
struct ChannelScopeOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Usable passband in Hz, replacing the declared and detected filters (e.g. 0.5-45, "
            + "or -45 for DC to 45 Hz). Bands are limited to LOW x 2 ... HIGH x 0.9.",
        valueName: "low-high"))
    var passband: PassbandArgument?

    @Option(name: .customLong("channel-types"), help: ArgumentHelp(
        "Channel types to analyse (default eeg): eeg, eog, ecg, emg, resp, misc, status.",
        valueName: "list"))
    var channelTypes: ChannelTypesArgument?

    @Flag(name: .customLong("all-channels"), help: "Analyse every channel, bad ones included.")
    var allChannels = false

    @Flag(name: .customLong("no-lowpass-detection"),
        help: "Do not look for an undeclared low-pass in the spectrum.")
    var noLowPassDetection = false

    func validate() throws {
        if allChannels && channelTypes != nil {
            throw ValidationError("give --all-channels or --channel-types, not both")
        }
    }

    /// Which channels are analysed.
    var screening: ChannelScreening {
        if allChannels { return .all }
        return ChannelScreening(types: channelTypes?.types ?? [.eeg])
    }

    /// How passbands are found.
    var passbandPolicy: PassbandPolicy {
        PassbandPolicy(user: passband?.passband, detectsLowPass: !noLowPassDetection)
    }
}
