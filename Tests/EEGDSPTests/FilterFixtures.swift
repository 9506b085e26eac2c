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

    struct Cases<Case: Decodable & Sendable>: Decodable, Sendable { let cases: [Case] }

    static let butterworth: [ButterworthCase] =
        (try? load(Cases<ButterworthCase>.self, "filter_butterworth.json").cases) ?? []
    static let notch: [NotchCase] =
        (try? load(Cases<NotchCase>.self, "filter_notch.json").cases) ?? []
    static let hilbert: [HilbertCase] =
        (try? load(Cases<HilbertCase>.self, "filter_hilbert.json").cases) ?? []
}

/// A tolerance scale: `factor` × the largest magnitude in `values` (for absolute tolerances on
/// outputs that cross zero, where a relative tolerance alone is meaningless).
func scaled(_ values: [Double], _ factor: Double) -> Double {
    factor * (values.map(abs).max() ?? 0)
}
