import EEGCore
import Testing

@Suite("Signal and Recording")
struct SignalTests {
    @Test("rejects non-positive and non-finite rates", arguments: [0.0, -1.0, .nan, .infinity])
    func badRate(rate: Double) {
        #expect(throws: CoreError.self) { try Signal(samples: [1, 2], sampleRate: rate) }
    }

    @Test("duration and slicing by time")
    func sliceByTime() throws {
        let signal = try Signal(samples: Array(0..<1000).map(Double.init), sampleRate: 100)
        #expect(signal.duration == 10)
        let part = signal.slice(from: 2, to: 3)
        #expect(part.count == 100)
        #expect(part.samples.first == 200)
    }

    @Test("finds the first non-finite sample")
    func nonFinite() throws {
        let signal = try Signal(samples: [0, 1, .nan, 2], sampleRate: 10, label: "Cz")
        #expect(signal.firstNonFiniteIndex == 2)
        #expect(throws: CoreError.nonFiniteSample(label: "Cz", index: 2)) {
            try signal.requireFinite()
        }
    }

    @Test("channel names match across file conventions")
    func channelNames() {
        #expect(ChannelName.matches("EEG Pz-Ref", "Pz"))
        #expect(ChannelName.matches("Fc5.", "FC5"))
        #expect(ChannelName.matches("EEG Fpz-Cz", "EEG Fpz-Cz"))
        #expect(!ChannelName.matches("EEG Fpz-Cz", "Cz"))
        #expect(!ChannelName.matches("POz", "Pz"))
    }

    @Test("selecting an unknown channel names it")
    func unknownChannel() throws {
        let recording = Recording(signals: [try Signal(samples: [1], sampleRate: 1, label: "Cz")])
        #expect(throws: CoreError.self) { try recording.selecting(channels: ["Pz"]) }
    }

    @Test("seeded generator is reproducible and roughly normal")
    func seeded() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
        var c = SeededGenerator(seed: 7)
        let values = (0..<20000).map { _ in c.nextGaussian() }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        // 20000 draws: the standard error of the mean is 0.007, of the variance 0.01.
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }
}
