import EEGCore
import EEGDSP
import Foundation
import _TestSupport

/// Decoders for the JSON written by `Fixtures/make_spectral_fixtures.py`.
enum SpectralFixtures {
    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try TestData.loadJSON(T.self, from: TestData.fixtures("EEGDSPTests")
            .appendingPathComponent(name))
    }

    static func window(_ name: String, alpha: Double?) throws -> Window {
        name == "tukey" ? .tukey(alpha: alpha ?? 0.5) : try Window(name: name)
    }

    static func detrend(_ name: String) -> Detrend { Detrend(rawValue: name) ?? .none }
    static func scaling(_ name: String) -> PSDScaling { PSDScaling(rawValue: name) ?? .density }
    static func average(_ name: String) -> SpectralAverage {
        SpectralAverage(rawValue: name) ?? .mean
    }

    struct Windows: Decodable {
        struct Case: Decodable {
            let window: String
            let alpha: Double?
            let count: Int
            let periodic: Bool
            let values: [Double]
        }
        let cases: [Case]
    }

    struct DPSS: Decodable {
        struct Case: Decodable {
            let count: Int
            let nw: Double
            let kmax: Int
            let sym: Bool
            let norm: String
            let tapers: [[Double]]
            let ratios: [Double]
        }
        let cases: [Case]
    }

    struct WelchCase: Decodable {
        let window: String
        let alpha: Double?
        let nperseg: Int
        let overlap: Double
        let noverlap: Int
        let detrend: String
        let average: String
        let scaling: String
        let nfft: Int?
        let frequencies: [Double]
        let psd: [Double]
    }

    struct Welch: Decodable {
        struct Input: Decodable {
            let sample_rate: Double
            let samples: [Double]
            let cases: [WelchCase]
        }
        let odd: Input
        let even: Input
    }

    struct Periodogram: Decodable {
        struct Case: Decodable {
            let input: String
            let window: String
            let detrend: String
            let scaling: String
            let nfft: Int?
            let frequencies: [Double]
            let psd: [Double]
        }
        let sample_rate: Double
        let inputs: [String: [Double]]
        let cases: [Case]
    }

    struct SpectrogramFixture: Decodable {
        struct Case: Decodable {
            let description: String
            let window: String
            let alpha: Double?
            let nperseg: Int
            let overlap: Double
            let detrend: String
            let scaling: String
            let frequencies: [Double]
            let times: [Double]
            let power: [[Double]]
        }
        let sample_rate: Double
        let samples: [Double]
        let cases: [Case]
    }

    struct Multitaper: Decodable {
        struct Case: Decodable {
            let input: String
            let bandwidth: Double?
            let half_bandwidth: Double?
            let adaptive: Bool
            let low_bias: Bool
            let frequencies: [Double]
            let psd_length: [Double]
            let psd_full: [Double]
        }
        let sample_rate: Double
        let inputs: [String: [Double]]
        let cases: [Case]
    }

    struct Integration: Decodable {
        struct Case: Decodable {
            let values: [Double]
            let dx: Double
            let simpson: Double
            let trapezoid: Double
        }
        struct BandResult: Decodable {
            let name: String
            let low: Double
            let high: Double
            let absolute: Double
            let relative: Double
        }
        struct BandPowerFixture: Decodable {
            let sample_rate: Double
            let samples: [Double]
            let nperseg: Int
            let overlap: Double
            let results: [String: [BandResult]]
        }
        let cases: [Case]
        let bandpower: BandPowerFixture
    }
}
