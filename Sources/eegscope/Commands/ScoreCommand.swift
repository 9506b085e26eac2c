import ArgumentParser
import EEGCore
import EEGDSP
import EEGFileIO
import Foundation

/// `eegscope score`: precision, recall and F1 of detected events against a ground truth.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score detected rhythm events against ground truth (precision, recall, F1).",
        discussion: """
            Events match within the same channel and rhythm when their overlap is at least \
            F (--min-overlap) of the shorter event; matching is one-to-one, greedy by \
            largest overlap. With no truth and no detections all scores are 1; otherwise an \
            empty denominator gives 0. Prints JSON: true_positives, false_positives, \
            false_negatives, precision, recall, f1 (and min_overlap).
            """)

    @Option(help: ArgumentHelp("Ground-truth events TSV (e.g. from synth).", valueName: "path"),
            completion: .eventTable)
    var truth: String

    @Option(help: ArgumentHelp("Detected events TSV (e.g. from detect).", valueName: "path"),
            completion: .eventTable)
    var detected: String

    @Option(name: .customLong("min-overlap"), help: ArgumentHelp(
        "Overlap fraction F of the shorter event.", valueName: "fraction"))
    var minimumOverlap: Double = 0.5

    @Option(name: .shortAndLong, help: .standardOutput("Write the JSON here"), completion: .outputFile("json"))
    var output: String?

    func validate() throws {
        guard minimumOverlap.isFinite, (0...1).contains(minimumOverlap) else {
            throw ValidationError(
                "--min-overlap must be a fraction in [0, 1], got \(minimumOverlap)")
        }
    }

    func run() throws {
        try refuseOverwriting(inputs: [truth, detected], outputs: [output])
        let truthEvents = try withFile(truth) { try EventTable.read(URL(fileURLWithPath: truth)) }
        let detectedEvents = try withFile(detected) {
            try EventTable.read(URL(fileURLWithPath: detected))
        }
        let score = try reportingErrors {
            try EventScore(
                truth: truthEvents, detected: detectedEvents, minimumOverlap: minimumOverlap)
        }
        let document = ScoreDocument(
            truePositives: score.truePositives, falsePositives: score.falsePositives,
            falseNegatives: score.falseNegatives, precision: score.precision,
            recall: score.recall, f1: score.f1, minimumOverlap: score.minimumOverlap)
        try OutputSink.write(try JSONOutput.encode(document), to: output)
    }
}

/// The contract's score JSON.
struct ScoreDocument: Encodable {
    let truePositives: Int
    let falsePositives: Int
    let falseNegatives: Int
    let precision: Double
    let recall: Double
    let f1: Double
    let minimumOverlap: Double

    enum CodingKeys: String, CodingKey {
        case truePositives = "true_positives"
        case falsePositives = "false_positives"
        case falseNegatives = "false_negatives"
        case precision, recall, f1
        case minimumOverlap = "min_overlap"
    }
}
