import EEGCore
import EEGFFT
import Foundation
import Testing
import _TestSupport

/// Naive O(N²) DFT, the independent reference for small lengths.
private func naiveDFT(_ x: [Double]) -> [Complex] {
    let n = x.count
    return (0..<(n / 2 + 1)).map { k in
        var re = 0.0
        var im = 0.0
        for (index, value) in x.enumerated() {
            let angle = -2 * Double.pi * Double(k * index % n) / Double(n)
            re += value * cos(angle)
            im += value * sin(angle)
        }
        return Complex(re, im)
    }
}

private func randomSignal(_ count: Int, seed: UInt64) -> [Double] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in rng.nextGaussian() }
}

@Suite("RealFFT")
struct RealFFTTests {
    @Test("matches a naive DFT", arguments: [1, 2, 7, 16, 97, 100, 128, 250])
    func matchesNaive(count: Int) throws {
        let x = randomSignal(count, seed: UInt64(count))
        let fft = try RealFFT(count: count)
        let fast = fft.forward(x)
        let slow = naiveDFT(x)
        // Naive summation error grows ~ N·eps·|x|; 1e-9 absolute is far above it for N ≤ 250.
        let comparison = compareArrays(
            fast.flatMap { [$0.real, $0.imaginary] }, slow.flatMap { [$0.real, $0.imaginary] },
            relative: 1e-9, absolute: 1e-9)
        #expect(comparison.passed, "\(comparison)")
    }

    @Test("inverse(forward(x)) == x", arguments: [1, 3, 64, 1000, 44100, 65536])
    func roundTrip(count: Int) throws {
        let x = randomSignal(count, seed: 99)
        let fft = try RealFFT(count: count)
        let restored = fft.inverse(fft.forward(x))
        // FFT round-trip error is O(log N · eps).
        let comparison = compareArrays(restored, x, relative: 0, absolute: 1e-12)
        #expect(comparison.passed, "\(comparison)")
    }

    @Test("Parseval: Σ|x|² = (1/N) Σ|X|² over the full spectrum", arguments: [255, 256, 1021])
    func parseval(count: Int) throws {
        let x = randomSignal(count, seed: 5)
        let spectrum = try RealFFT(count: count).forward(x)
        let timeEnergy = x.map { $0 * $0 }.reduce(0, +)
        var frequencyEnergy = spectrum[0].squaredMagnitude
        for k in 1..<spectrum.count {
            let doubled = (count % 2 == 0 && k == count / 2) ? 1.0 : 2.0
            frequencyEnergy += doubled * spectrum[k].squaredMagnitude
        }
        frequencyEnergy /= Double(count)
        #expect(isClose(frequencyEnergy, timeEnergy, relative: 1e-12))
    }

    @Test("a one-period cosine puts N/2 in bin 1")
    func exactCosine() throws {
        let n = 64
        let x = (0..<n).map { cos(2 * Double.pi * Double($0) / Double(n)) }
        let spectrum = try RealFFT(count: n).forward(x)
        #expect(isClose(spectrum[1].real, 32, relative: 1e-13))
        #expect(spectrum.enumerated().filter { $0.offset != 1 }
            .allSatisfy { $0.element.magnitude < 1e-12 })
    }

    @Test("plans are cached by length")
    func cached() throws {
        _ = try RealFFT(count: 4321)
        let before = FFTPlanCacheInfo.planCount
        _ = try RealFFT(count: 4321)
        #expect(FFTPlanCacheInfo.planCount == before)
    }

    @Test("invalid lengths throw", arguments: [0, -5])
    func invalidLength(count: Int) {
        #expect(throws: FFTError.invalidLength(count)) { try RealFFT(count: count) }
    }

    @Test("batched transforms equal single transforms")
    func batch() throws {
        let n = 100, howMany = 5
        let signals = (0..<howMany).map { randomSignal(n, seed: UInt64(10 + $0)) }
        let batch = try RealFFTBatch(count: n, transformCount: howMany)
        let input = AlignedBuffer(signals.flatMap { $0 })
        let output = AlignedBuffer(count: batch.outputCount)
        batch.forward(input: input, output: output)
        let single = try RealFFT(count: n)
        let expected = signals.flatMap { single.forward($0).flatMap { [$0.real, $0.imaginary] } }
        #expect(compareArrays(output.array, expected, relative: 0, absolute: 1e-12).passed)
    }

    @Test("concurrent use of one plan from many threads gives the same result")
    func concurrent() throws {
        let n = 2048
        let fft = try RealFFT(count: n)
        let x = randomSignal(n, seed: 3)
        let expected = fft.forward(x)
        let results = Mutex<[[Complex]]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            let value = fft.forward(x)
            results.withLock { $0.append(value) }
        }
        #expect(results.withLock { $0 }.allSatisfy { $0 == expected })
    }
}

import Synchronization

@Suite("ComplexFFT and wisdom")
struct ComplexFFTTests {
    @Test("complex round trip and a pure tone", arguments: [1, 5, 32, 77])
    func roundTrip(count: Int) throws {
        var rng = SeededGenerator(seed: 11)
        let x = (0..<count).map { _ in Complex(rng.nextGaussian(), rng.nextGaussian()) }
        let fft = try ComplexFFT(count: count)
        let back = fft.inverse(fft.forward(x))
        let comparison = compareArrays(
            back.flatMap { [$0.real, $0.imaginary] }, x.flatMap { [$0.real, $0.imaginary] },
            relative: 0, absolute: 1e-12)
        #expect(comparison.passed, "\(comparison)")
        // A pure tone e^{+2πi k n / N} transforms to N at bin k and 0 elsewhere.
        let bin = count / 3
        let tone = (0..<count).map { n in
            let phase = 2 * Double.pi * Double(bin * n) / Double(count)
            return Complex(cos(phase), sin(phase))
        }
        let spectrum = fft.forward(tone)
        let expected: [Double] = (0..<count).flatMap { k -> [Double] in
            [k == bin ? Double(count) : 0, 0]
        }
        let toneComparison = compareArrays(
            spectrum.flatMap { [$0.real, $0.imaginary] }, expected,
            relative: 0, absolute: 1e-10 * Double(count))
        #expect(toneComparison.passed, "\(toneComparison)")
    }

    @Test("wisdom saves and loads; a missing file throws")
    func wisdom() throws {
        let folder = try TestData.temporaryDirectory()
        let path = folder.appendingPathComponent("wisdom").path
        _ = try RealFFT(count: 512, effort: .measure)
        try FFTWisdom.save(to: path)
        try FFTWisdom.load(from: path)
        #expect(throws: FFTError.self) { try FFTWisdom.load(from: path + ".missing") }
    }
}
