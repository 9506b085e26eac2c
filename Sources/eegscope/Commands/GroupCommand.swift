import ArgumentParser
import EEGAnalysis
import EEGCore
import EEGPlot
import Foundation

extension GroupCorrection: ExpressibleByArgument {}

/// `eegscope group`: paired group analysis of band power across recordings.
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Paired group analysis: band power change per channel across subjects.",
        discussion: """
            DESIGN.csv has the header subject,condition,file (optional start_s,end_s for a \
            span of a file); exactly two condition values, the first listed is the reference; \
            relative paths are relative to the table. Each recording's Welch PSD (2 s Hann, \
            50 % overlap) is integrated over each band (as eegscope bandpower); per subject, \
            change = 10*log10(other / reference) in dB (rows of one subject and condition are \
            averaged in power). Across subjects: one-sample t per channel and band, two-sided \
            sign-flip permutation p (--permutations random flips, --seed; all 2^(n-1)-1 flips \
            when fewer; smallest p = 1/(1+flips); Monte-Carlo SD of a p near 0.05 with 4999 \
            flips: 0.003), corrected across channels x bands by the max statistic \
            (--correction maxstat, Nichols & Holmes 2002) or by clusters of neighbouring \
            channels within a band (--correction cluster, Maris & Oostenveld 2007; neighbours \
            from standard 10-20/10-10 positions, within 1.5 x the median nearest-neighbour \
            distance; cluster-forming threshold t(0.975, n-1); a cluster's p is given to each \
            member, 1 outside clusters). Assumptions: subjects are independent and each \
            subject's changes are symmetric about 0 under the null (exchangeable signs); no \
            normality. change_db is the mean over subjects with a 95 % percentile bootstrap \
            interval (subjects resampled, 2000 times). Output JSON: {n_subjects, conditions, \
            results: [{channel, band, change_db, ci_low_db, ci_high_db, p, p_corrected}]}; \
            --table writes the same rows as TSV, --figure an SVG of the changes. See \
            docs/statistics.md.
            """)

    @Option(help: ArgumentHelp("The design table (subject,condition,file).", valueName: "path"),
            completion: .outputFile("csv"))
    var design: String

    @Option(help: ArgumentHelp(
        "delta3, gamma or LOW-HIGH in Hz (one band); or give --bands.", valueName: "rhythm"))
    var rhythm: String?

    @Option(help: ArgumentHelp(
        "Bands as name=LOW-HIGH,... (default: the rhythm's band).", valueName: "list"))
    var bands: String?

    @Option(help: "Correction across channels and bands: maxstat or cluster.")
    var correction: GroupCorrection = .maxstat

    @Option(help: ArgumentHelp("Number of random sign flips.", valueName: "n"))
    var permutations: Int = 4999

    @Option(help: ArgumentHelp("Seed of the sign flips and the bootstrap.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(
        name: .shortAndLong,
        help: .outputFile("The JSON output", acceptsStandardOutput: true),
        completion: .outputFile("json"))
    var output: String

    @Option(help: ArgumentHelp("Also write the results as TSV here.", valueName: "path"),
            completion: .eventTable)
    var table: String?

    @Option(help: ArgumentHelp(
        "Also write an SVG figure of the changes here.", valueName: "path"),
        completion: .outputFile("svg"))
    var figure: String?

    func validate() throws {
        guard (rhythm == nil) != (bands == nil) else {
            throw ValidationError("give either --rhythm or --bands")
        }
        guard (1...1_000_000).contains(permutations) else {
            throw ValidationError("--permutations must be 1...1000000, got \(permutations)")
        }
        _ = try parsedBands()
    }

    func parsedBands() throws -> [FrequencyBand] {
        if let rhythm {
            do {
                let parsed = try Rhythm(parsing: rhythm)
                return [try FrequencyBand(
                    name: parsed.name, low: parsed.band.low, high: parsed.band.high)]
            } catch {
                throw ValidationError("--rhythm: \(error)")
            }
        }
        do {
            return try FrequencyBand.parseList(bands ?? "")
        } catch {
            throw ValidationError("--bands: \(error)")
        }
    }

    func run() throws {
        let parsedDesign = try GroupDesign(contentsOf: URL(fileURLWithPath: design))
        let settings = GroupAnalysisSettings(
            bands: try parsedBands(), correction: correction, permutationCount: permutations,
            seed: seed)
        let result = try GroupAnalysis(settings: settings).run(parsedDesign)
        let document = GroupDocument(
            nSubjects: result.subjectCount, conditions: result.conditions,
            correction: correction.rawValue, permutations: result.permutationCount,
            smallestP: 1 / Double(1 + result.permutationCount), seed: seed,
            warnings: result.warnings, clusters: correction == .cluster ? result.clusters : nil,
            results: result.effects)
        try OutputSink.write(try JSONOutput.encode(document) + "\n", to: output)
        if let table {
            var text = "channel\tband\tchange_db\tci_low_db\tci_high_db\tt\tp\tp_corrected\n"
            for effect in result.effects {
                text += [effect.channel, effect.band,
                    formatFixed(effect.changeDecibels, decimals: 4),
                    formatFixed(effect.ciLowDecibels, decimals: 4),
                    formatFixed(effect.ciHighDecibels, decimals: 4),
                    formatFixed(effect.t, decimals: 4), formatFixed(effect.p, decimals: 6),
                    formatFixed(effect.pCorrected, decimals: 6)].joined(separator: "\t") + "\n"
            }
            try OutputSink.write(text, to: table)
        }
        if let figure {
            let points = result.effects.map {
                EffectPoint(
                    label: $0.channel, series: $0.band, value: $0.changeDecibels,
                    low: $0.ciLowDecibels, high: $0.ciHighDecibels,
                    significant: $0.pCorrected < 0.05)
            }
            let svg = try EffectChart.svg(
                points, unit: "dB",
                title: "\(result.conditions[1]) vs \(result.conditions[0]), "
                    + "\(result.subjectCount) subjects",
                note: "mean band power change per channel; \(correction.rawValue) correction, "
                    + "\(result.permutationCount) sign flips")
            try OutputSink.write(svg, to: figure)
        }
    }
}

/// The JSON document of `eegscope group` (contract fields first in meaning; keys sorted).
struct GroupDocument: Encodable {
    var schema = "eegscope.group/1"
    let nSubjects: Int
    let conditions: [String]
    var change = "mean over subjects of 10*log10(other / reference band power), dB"
    let correction: String
    let permutations: Int
    let smallestP: Double
    let seed: UInt64
    let warnings: [String]
    let clusters: [GroupCluster]?
    let results: [GroupEffect]

    enum CodingKeys: String, CodingKey {
        case schema, conditions, change, correction, permutations, seed, warnings, clusters
        case results
        case nSubjects = "n_subjects"
        case smallestP = "smallest_p"
    }
}
