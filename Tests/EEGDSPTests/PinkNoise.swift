import EEGFFT
import _TestSupport
import EEGCore

/// Seeded 1/f (pink) noise for filter tests: white Gaussian noise shaped by 1/√f in the
/// frequency domain, scaled to unit standard deviation.
func testPinkNoise(count: Int, seed: UInt64) throws -> [Double] {
    var generator = SeededGenerator(seed: seed)
    let white = (0..<count).map { _ in generator.nextGaussian() }
    let fft = try RealFFT(count: count)
    var spectrum = fft.forward(white)
    spectrum[0] = Complex(0, 0)
    for bin in 1..<spectrum.count { spectrum[bin] = spectrum[bin] * (1 / Double(bin).squareRoot()) }
    let shaped = fft.inverse(spectrum)
    let mean = shaped.reduce(0, +) / Double(count)
    let deviation = (shaped.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count))
        .squareRoot()
    return shaped.map { ($0 - mean) / deviation }
}
