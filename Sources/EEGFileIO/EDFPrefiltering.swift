import EEGCore
import Foundation

/// The filters an EDF/BDF signal header declares in its 80-character prefiltering field.
///
/// EDF+ recommends `HP:0.1Hz LP:75Hz N:50Hz`; vendors write many variants, all accepted here:
/// spaces around `:` and before the unit (`HP: DC; LP: 113 Hz`), `;` or `,` between items,
/// no unit (`HP:0.5`), `kHz`, fixed decimals (`HP:0.500000Hz`), `DC`/`NONE`/`OFF`/`0` for
/// "no filter" (a 0 Hz edge or notch means none, as eegmmidb's `HP:0Hz LP:0Hz N:0Hz`),
/// the long words `Highpass`/`High-pass`/`Lowpass`/`Low cut`/`High cut`/`Notch`, and `RF`
/// (reject filter) or `N` for the notch. A high-pass given as a time constant in seconds
/// (`HP:0.3s`) becomes the edge 1 / (2π τ) Hz. Text around the items (`[enhanced cassette BW]`,
/// `Hold during 2 seconds`) is ignored.
///
/// A rectified channel (`HP:16Hz Rectification LP:0.7Hz`, sleep-edf's submental EMG envelope)
/// is an envelope: its samples hold only what passed the final low-pass, so the passband is
/// DC–LP. Edges that contradict each other otherwise (HP ≥ LP) declare no passband.
///
/// ```swift
/// let filters = EDFPrefiltering(text: "HP:0.5Hz LP:45Hz N:50Hz")
/// filters.passband?.high  // 45
/// ```
public struct EDFPrefiltering: Sendable, Equatable {
    /// The declared passband (source ``Passband/Source/file``), or `nil` when the text
    /// declares neither a high-pass nor a low-pass edge.
    public let passband: Passband?
    /// The declared notch frequency in Hz, or `nil`.
    public let notchFrequency: Hertz?
    /// Whether the text says the signal was rectified (an envelope, not a raw potential).
    public let isRectified: Bool

    /// Parses a prefiltering field. Never fails: text it cannot read declares nothing.
    public init(text: String) {
        var high: Hertz?
        var low: Hertz?
        var notch: Hertz?
        let upper = text.uppercased()
        let range = NSRange(upper.startIndex..., in: upper)
        for match in Self.itemPattern.matches(in: upper, range: range) {
            guard let keyRange = Range(match.range(at: 1), in: upper),
                let valueRange = Range(match.range(at: 2), in: upper)
            else { continue }
            let unit = Range(match.range(at: 3), in: upper).map { String(upper[$0]) } ?? ""
            let value = Self.frequency(String(upper[valueRange]), unit: unit)
            switch Self.kind(of: String(upper[keyRange])) {
            case .highPass: low = value
            case .lowPass: high = value
            case .notch: notch = value
            }
        }
        isRectified = upper.contains("RECTIF")
        if isRectified { low = nil }
        notchFrequency = notch
        if low == nil && high == nil {
            passband = nil
        } else {
            passband = try? Passband(low: low, high: high, source: .file)
        }
    }

    /// The declaration a signal header makes: these filters plus the raw texts.
    public static func declaration(prefiltering: String, transducer: String)
        -> ChannelDeclaration
    {
        let filters = EDFPrefiltering(text: prefiltering)
        return ChannelDeclaration(
            passband: filters.passband, notchFrequency: filters.notchFrequency,
            prefiltering: prefiltering, transducer: transducer)
    }

    // MARK: - Parsing helpers

    private enum Kind { case highPass, lowPass, notch }

    /// `KEY [:=] VALUE [UNIT]` on upper-cased text. Keys are whole words (so `HP` inside
    /// another word does not count); values are numbers or a "no filter" word.
    private static let itemPattern: NSRegularExpression = {
        let keys = [
            "HIGH[- ]?PASS", "LOW[- ]?PASS", "LOW[- ]?CUT", "HIGH[- ]?CUT", "NOTCH", "HPF",
            "LPF", "HP", "LP", "RF", "N",
        ].joined(separator: "|")
        let values = "DC|NONE|OFF|N/A|NA|[0-9]*\\.?[0-9]+(?:E[-+]?[0-9]+)?"
        let pattern = "(?<![A-Z])(\(keys))\\s*[:=]?\\s*(\(values))\\s*(KHZ|HZ|MS|S)?(?![A-Z0-9])"
        // The pattern is a constant; a failure here is a programming error caught by tests.
        guard let expression = try? NSRegularExpression(pattern: pattern) else {
            preconditionFailure("invalid prefiltering pattern")
        }
        return expression
    }()

    private static func kind(of key: String) -> Kind {
        let compact = key.replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: " ", with: "")
        switch compact {
        // A "low cut" is a high-pass filter and a "high cut" a low-pass one.
        case "HP", "HPF", "HIGHPASS", "LOWCUT": return .highPass
        case "LP", "LPF", "LOWPASS", "HIGHCUT": return .lowPass
        default: return .notch
        }
    }

    /// The edge in Hz, or `nil` for "no filter" words and 0.
    private static func frequency(_ value: String, unit: String) -> Hertz? {
        guard let number = Double(value), number.isFinite, number > 0 else { return nil }
        switch unit {
        case "KHZ": return number * 1000
        // A time constant τ (first-order high-pass): edge = 1 / (2π τ).
        case "S": return 1 / (2 * Double.pi * number)
        case "MS": return 1 / (2 * Double.pi * number / 1000)
        default: return number
        }
    }
}
