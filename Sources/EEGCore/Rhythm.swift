/// A rhythm that synthesis labels and detection looks for.
///
/// The names are shared by the ground-truth event lists that `synth` writes and the events that
/// `detect` writes, so that the two score against each other directly.
public enum Rhythm: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The ~3 Hz delta rhythm: peak search 2–4 Hz. Name `delta3`.
    case delta3
    /// Gamma, 30–80 Hz, line-noise frequencies excluded. Name `gamma`.
    case gamma
    /// Any other band. Name `LOW-HIGH`, e.g. `8-13`.
    case band(FrequencyBand)

    /// The band the rhythm occupies.
    public var band: FrequencyBand {
        switch self {
        case .delta3: return FrequencyBand(uncheckedName: "delta3", low: 2, high: 4)
        case .gamma: return FrequencyBand(uncheckedName: "gamma", low: 30, high: 80)
        case .band(let band): return band
        }
    }

    /// The name written in event tables: `delta3`, `gamma` or `LOW-HIGH`.
    public var name: String {
        switch self {
        case .delta3: return "delta3"
        case .gamma: return "gamma"
        case .band(let band): return "\(formatHertz(band.low))-\(formatHertz(band.high))"
        }
    }

    public var description: String { name }

    /// Parses `delta3`, `gamma` or `LOW-HIGH`.
    /// - Throws: ``CoreError/invalidParameter(name:value:expected:)`` naming the rhythm for
    ///   text that is none of these, or the ``FrequencyBand`` error for impossible edges
    ///   (`100-50`, `nan-10`).
    public init(parsing text: String) throws {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "delta3": self = .delta3
        case "gamma": self = .gamma
        default:
            let band: FrequencyBand
            do {
                band = try FrequencyBand.parse(text)
            } catch CoreError.invalidBandSpecification {
                throw CoreError.invalidParameter(
                    name: "rhythm", value: "'\(text)'",
                    expected: "delta3, gamma or LOW-HIGH in Hz, e.g. 8-13")
            }
            self = .band(try FrequencyBand(low: band.low, high: band.high))
        }
    }
}
