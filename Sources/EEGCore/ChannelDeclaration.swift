/// What a source (file header, BIDS sidecar) declares about one channel.
///
/// Held by every ``Signal`` (``Signal/declared``) and by the channel descriptions of the
/// streaming reader, as typed values: nothing here is re-parsed from metadata strings. All fields
/// default to "nothing declared"; the channel's effective type is then inferred from its label,
/// unit and transducer (see `ChannelClassifier` in EEGAnalysis), and its usable passband from
/// the spectrum and the Nyquist frequency.
public struct ChannelDeclaration: Sendable, Equatable, Hashable {
    /// The channel type the source states (BIDS `channels.tsv` `type`), or `nil` when it states
    /// none. A declared type wins over one inferred from the label.
    public let type: ChannelType?
    /// Whether the source marks the channel bad (BIDS `channels.tsv` `status=bad`).
    public let isBad: Bool
    /// The reason given for a bad mark (BIDS `status_description`), possibly empty.
    public let badReason: String
    /// The hardware/software filters the source declares, or `nil` when it states none.
    public let passband: Passband?
    /// A notch (line-noise) filter the source declares, in Hz, or `nil`.
    public let notchFrequency: Hertz?
    /// The raw prefiltering text (EDF/BDF, 80 characters, trimmed), possibly empty.
    public let prefiltering: String
    /// The raw transducer text (EDF/BDF, e.g. `AgAgCl electrode`), possibly empty.
    public let transducer: String

    /// Creates a declaration; every field defaults to "not declared".
    public init(
        type: ChannelType? = nil, isBad: Bool = false, badReason: String = "",
        passband: Passband? = nil, notchFrequency: Hertz? = nil, prefiltering: String = "",
        transducer: String = ""
    ) {
        self.type = type
        self.isBad = isBad
        self.badReason = badReason
        self.passband = passband
        self.notchFrequency = notchFrequency
        self.prefiltering = prefiltering
        self.transducer = transducer
    }

    /// Nothing declared.
    public static let none = ChannelDeclaration()

    /// A copy with the given fields replaced (`nil` arguments keep the current value), for a
    /// sidecar that adds to what a file header declared.
    public func updating(
        type: ChannelType? = nil, isBad: Bool? = nil, badReason: String? = nil,
        passband: Passband? = nil, notchFrequency: Hertz? = nil
    ) -> ChannelDeclaration {
        ChannelDeclaration(
            type: type ?? self.type, isBad: isBad ?? self.isBad,
            badReason: badReason ?? self.badReason, passband: passband ?? self.passband,
            notchFrequency: notchFrequency ?? self.notchFrequency,
            prefiltering: prefiltering, transducer: transducer)
    }
}
