import EEGAnalysis
import Testing

@Suite("AnalysisError messages")
struct AnalysisErrorTests {
    @Test("file failures lead with the file")
    func fileFailed() {
        #expect(AnalysisError.fileFailed(file: "a.edf", reason: "truncated").description
            == "a.edf: truncated")
    }
}
