import Foundation
import EEGCore
import EEGDSP
import Testing
import _TestSupport

@Suite("WelchAccumulator: samples written in place")
struct WelchAccumulatorWritingTests {
    @Test(
        "append(count:writing:) equals append(_:) for any chunking",
        arguments: [1, 7, 100, 999])
    func equalsArrayAppend(chunk: Int) throws {
        var generator = SeededGenerator(seed: 5)
        let samples = (0..<2_345).map { _ in generator.nextGaussian() }
        let options = WelchOptions(segment: .sampleCount(200), overlap: 0.37)
        let reference = try WelchAccumulator(sampleRate: 123, options: options)
        try reference.append(samples)
        let written = try WelchAccumulator(sampleRate: 123, options: options)
        var start = 0
        var pieces: [Range<Int>] = []
        while start < samples.count {
            let end = min(samples.count, start + chunk)
            try written.append(count: end - start) { destination, range in
                pieces.append(range)
                for index in range { destination[index - range.lowerBound] = samples[start + index] }
            }
            start = end
        }
        // Pieces never cross a segment boundary, so none is longer than one segment.
        #expect(pieces.allSatisfy { $0.count <= 200 && !$0.isEmpty })
        #expect(written.sampleCount == reference.sampleCount)
        #expect(written.segmentCount == reference.segmentCount)
        #expect(try written.spectrum() == reference.spectrum())
    }

    @Test("a non-finite written sample throws with its index; earlier samples are kept")
    func nonFinite() throws {
        let accumulator = try WelchAccumulator(
            sampleRate: 10, options: WelchOptions(segment: .sampleCount(4)))
        try accumulator.append(count: 3) { destination, range in
            for index in range { destination[index - range.lowerBound] = 1 }
        }
        #expect(throws: DSPError.nonFiniteInput(label: "", index: 5)) {
            try accumulator.append(count: 4) { destination, range in
                for index in range {
                    destination[index - range.lowerBound] = index == 2 ? .nan : 2
                }
            }
        }
        #expect(accumulator.sampleCount == 5)
        #expect(accumulator.segmentCount == 1)
    }
}

@Suite("Welch plan sized against the samples present")
struct WelchAccumulatorSizeTests {
    @Test("a segment longer than the samples present is refused before anything is allocated")
    func refusedBeforeAllocation() throws {
        // 2 s at 1e9 Hz would be a 2e9-sample window and FFT (tens of GB); refused at once.
        let start = Date()
        #expect(throws: DSPError.signalTooShort(
            label: "Cz", sampleCount: 100_000, required: 2_000_000_000,
            purpose: "a Welch segment of 2 s")
        ) {
            _ = try WelchAccumulator(
                sampleRate: 1e9, label: "Cz", availableSampleCount: 100_000)
        }
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test("enough samples, or an unknown count, plan as before", arguments: [nil, 512, 10_000])
    func enoughSamples(available: Int?) throws {
        let accumulator = try WelchAccumulator(
            sampleRate: 256, label: "Cz", availableSampleCount: available)
        #expect(accumulator.segmentLength == 512)
    }
}
