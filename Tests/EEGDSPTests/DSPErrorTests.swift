import EEGDSP
import Testing

@Suite("DSPError messages")
struct DSPErrorTests {
    @Test("messages say what failed, the value and what was expected")
    func messages() {
        #expect(DSPError.aboveNyquist(name: "band edge", frequency: 60, nyquist: 50).description
            == "band edge 60 Hz is at or above the Nyquist frequency 50 Hz")
        #expect(DSPError.signalTooShort(label: "Cz", sampleCount: 10, required: 512,
                                        purpose: "a 2 s Welch segment").description
            == "channel Cz has 10 samples; a 2 s Welch segment needs at least 512")
    }
}
