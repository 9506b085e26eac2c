import Foundation
import _TestSupport

/// Decoded reference fixtures written by `Fixtures/make_filter_fixtures.py`.
enum FilterFixtures {
    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try TestData.loadJSON(
            T.self,
            from: TestData.fixtures("EEGDSPTests")
                .appendingPathComponent(name))
    }

    struct ButterworthCase: Decodable, Sendable, CustomStringConvertible {
        let order: Int
        let btype: String
        let edges_hz: [Double]
        let sampling_rate_hz: Double
        let x: [Double]
        let sos: [[Double]]
        let sosfilt_zi: [[Double]]
        let sosfilt: [Double]
        let sosfilt_with_zi: [Double]
        let sosfiltfilt: [Double]
        var description: String {
            "order \(order) \(btype) \(edges_hz) Hz at \(sampling_rate_hz) Hz, n=\(x.count)"
        }
    }

    struct NotchCase: Decodable, Sendable, CustomStringConvertible {
        let frequency_hz: Double
        let quality_factor: Double
        let sampling_rate_hz: Double
        let harmonic_count: Int
        let x: [Double]
        let sos: [[Double]]
        let sosfilt: [Double]
        let sosfiltfilt: [Double]
        let filtfilt_single: [Double]
        var description: String {
            "notch \(frequency_hz) Hz ×\(harmonic_count) Q\(quality_factor) "
                + "at \(sampling_rate_hz) Hz"
        }
    }

    struct HilbertCase: Decodable, Sendable, CustomStringConvertible {
        let sampling_rate_hz: Double
        let x: [Double]
        let real: [Double]
        let imag: [Double]
        let envelope: [Double]
        let phase: [Double]
        let instantaneous_frequency_hz: [Double]
        var description: String { "n=\(x.count) at \(sampling_rate_hz) Hz" }
    }

    struct FirwinCase: Decodable, Sendable, CustomStringConvertible {
        let taps: Int
        let edges_hz: [Double]
        let btype: String
        let window: WindowSpec
        let sampling_rate_hz: Double
        let scale: Bool
        let h: [Double]
        var description: String {
            "firwin \(taps) taps \(btype) \(edges_hz) Hz \(window) at \(sampling_rate_hz) Hz"
        }
    }

    /// A SciPy window: a name, or `["kaiser", beta]`.
    enum WindowSpec: Decodable, Sendable, CustomStringConvertible {
        case name(String)
        case kaiser(Double)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                self = .name(name)
                return
            }
            var list = try decoder.unkeyedContainer()
            _ = try list.decode(String.self)
            self = .kaiser(try list.decode(Double.self))
        }
        var description: String {
            switch self {
            case .name(let name): return name
            case .kaiser(let beta): return "kaiser \(beta)"
            }
        }
    }

    /// A transition bandwidth: `"auto"`, a number of Hz, or absent.
    enum TransitionSpec: Decodable, Sendable {
        case automatic
        case hertz(Double)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) {
                self = .hertz(value)
            } else {
                self = .automatic
            }
        }
    }

    struct MNECase: Decodable, Sendable, CustomStringConvertible {
        let btype: String
        let edges_hz: [Double]
        let sampling_rate_hz: Double
        let window: String
        let low_transition_hz: TransitionSpec?
        let high_transition_hz: TransitionSpec?
        let length: String
        let x: [Double]
        let h: [Double]
        let filter_data: [Double]
        let lfilter: [Double]
        var description: String {
            "MNE \(btype) \(edges_hz) Hz \(window) at \(sampling_rate_hz) Hz, n=\(x.count)"
        }
    }

    struct ResampleCase: Decodable, Sendable, CustomStringConvertible {
        let up: Int
        let down: Int
        let sampling_rate_hz: Double
        let x: [Double]
        let y: [Double]
        var description: String { "up \(up) down \(down), n=\(x.count)" }
    }

    /// `n_cycles`: one number or one per frequency.
    enum CyclesSpec: Decodable, Sendable {
        case constant(Double)
        case list([Double])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Double.self) {
                self = .constant(value)
            } else {
                self = .list(try container.decode([Double].self))
            }
        }
    }

    struct MorletCase: Decodable, Sendable, CustomStringConvertible {
        let sampling_rate_hz: Double
        let frequencies_hz: [Double]
        let n_cycles: CyclesSpec
        let zero_mean: Bool
        let x: [Double]
        let power: [[Double]]
        let wavelet_lengths: [Int]
        let first_wavelet_real: [Double]
        let first_wavelet_imag: [Double]
        var description: String {
            "Morlet \(frequencies_hz) Hz at \(sampling_rate_hz) Hz, n=\(x.count)"
        }
    }

    struct MNENotchCase: Decodable, Sendable, CustomStringConvertible {
        let frequency_hz: Double
        let sampling_rate_hz: Double
        let x: [Double]
        let notch_filter: [Double]
        var description: String { "MNE notch \(frequency_hz) Hz at \(sampling_rate_hz) Hz" }
    }

    struct Cases<Case: Decodable & Sendable>: Decodable, Sendable { let cases: [Case] }

    static let butterworth: [ButterworthCase] =
        (try? load(Cases<ButterworthCase>.self, "filter_butterworth.json").cases) ?? []
    static let notch: [NotchCase] =
        (try? load(Cases<NotchCase>.self, "filter_notch.json").cases) ?? []
    static let firwin: [FirwinCase] =
        (try? load(Cases<FirwinCase>.self, "filter_firwin.json").cases) ?? []
    static let mne: [MNECase] =
        ((try? load(Cases<MNECase>.self, "filter_mne_fir_1.json").cases) ?? [])
        + ((try? load(Cases<MNECase>.self, "filter_mne_fir_2.json").cases) ?? [])
    static let resample: [ResampleCase] =
        (try? load(Cases<ResampleCase>.self, "filter_resample.json").cases) ?? []
    static let morlet: [MorletCase] =
        (try? load(Cases<MorletCase>.self, "filter_morlet.json").cases) ?? []
    static let mneNotch: [MNENotchCase] =
        (try? load(Cases<MNENotchCase>.self, "filter_mne_notch.json").cases) ?? []
    static let hilbert: [HilbertCase] =
        (try? load(Cases<HilbertCase>.self, "filter_hilbert.json").cases) ?? []
}

/// A tolerance scale: `factor` × the largest magnitude in `values` (for absolute tolerances on
/// outputs that cross zero, where a relative tolerance alone is meaningless).
func scaled(_ values: [Double], _ factor: Double) -> Double {
    factor * (values.map(abs).max() ?? 0)
}
