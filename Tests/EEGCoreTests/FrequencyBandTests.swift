import EEGCore
import Testing

@Suite("FrequencyBand")
struct FrequencyBandTests {
    @Test("parses the contract's default band list")
    func parsesDefaultList() throws {
        let bands = try FrequencyBand.parseList("delta=1-4,theta=4-8,alpha=8-13,beta=13-30,gamma=30-80")
        #expect(bands == FrequencyBand.standard)
    }

    @Test("unnamed bands are named LOW-HIGH")
    func unnamedBand() throws {
        let band = try FrequencyBand.parse("2.5-3.5")
        #expect(band.name == "2.5-3.5")
        #expect(band.low == 2.5 && band.high == 3.5)
    }

    @Test("rejects malformed and inverted bands", arguments: ["alpha", "a=8", "=1-2", "x=4-1", "x=-1-2", ""])
    func rejectsBad(text: String) {
        #expect(throws: CoreError.self) { try FrequencyBand.parseList(text) }
    }

    @Test("rejects a band above Nyquist")
    func nyquist() throws {
        let band = try FrequencyBand(name: "g", low: 40, high: 60)
        let error = #expect(throws: CoreError.self) {
            try band.requireBelowNyquist(sampleRate: 100)
        }
        #expect(error?.description == "band g 40–60 Hz exceeds the Nyquist frequency 50 Hz")
        try band.requireBelowNyquist(sampleRate: 120)
    }

    @Test("rhythm names round-trip")
    func rhythmNames() throws {
        #expect(try Rhythm(parsing: "delta3") == .delta3)
        #expect(try Rhythm(parsing: "gamma").band.low == 30)
        #expect(try Rhythm(parsing: "8-13").name == "8-13")
        #expect(throws: CoreError.self) { try Rhythm(parsing: "theta") }
    }
}
