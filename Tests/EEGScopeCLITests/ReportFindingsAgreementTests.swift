import Foundation
import Testing
import _TestSupport

/// The findings table of a report page agrees with `detect --summary` and `compare` JSON of the
/// same recording, and every detect warning reaches the page, as an outside reader would check
/// it: from the HTML's `data-` attributes.
@Suite("report findings agree with detect and compare")
struct ReportFindingsAgreementTests {
    /// The `data-` attributes of each row of the table with `id="findings"`.
    static func findingsRows(_ html: String) throws -> [[String: String]] {
        let start = try #require(html.range(of: "id=\"findings\""))
        let end = try #require(html.range(of: "</table>", range: start.upperBound..<html.endIndex))
        let table = html[start.upperBound..<end.lowerBound]
        var rows: [[String: String]] = []
        for row in table.components(separatedBy: "<tr").dropFirst() {
            let tag = row.prefix { $0 != ">" }
            var values: [String: String] = [:]
            for part in tag.components(separatedBy: " data-").dropFirst() {
                let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard pieces.count == 2 else { continue }
                values[pieces[0]] = pieces[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
            if !values.isEmpty { rows.append(values) }
        }
        return rows
    }

    /// The same Double, allowing the last-digit rounding of Foundation's JSON parser on Linux
    /// (the JSON holds the shortest round-trip digits; the HTML attribute Swift's description).
    static func same(_ attribute: String?, _ value: Double?) -> Bool {
        guard let attribute, let parsed = Double(attribute), let value else { return false }
        return isClose(parsed, value, relative: 1e-13, absolute: 0)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test(
        "SampleData: findings rows equal detect --summary and compare values; warnings present",
        arguments: ["synth_ketamine.edf", "eegmmidb_S001R01.edf"])
    func agreement(name: String) throws {
        let file = TestData.sampleData.appendingPathComponent(name).path
        let output = try TestData.temporaryDirectory("findings-\(name)")
        let report = try CLI.run(["report", file, "-o", output.path])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(
            contentsOf: output.appendingPathComponent("\(name).html"), encoding: .utf8)
        let rows = try Self.findingsRows(html)
        let page = Self.unescaped(html)
        var compared = 0
        for rhythm in ["delta3", "gamma"] {
            let detect = try CLI.run(["detect", file, "--rhythm", rhythm, "-o",
                output.appendingPathComponent("\(rhythm).tsv").path, "--summary", "-"])
            #expect(detect.status == 0, "\(detect.stderr)")
            let summary = try Self.json(detect.stdout)
            let files = try #require(summary["files"] as? [[String: Any]])
            let entry = try #require(files.first)
            for warning in entry["warnings"] as? [String] ?? [] {
                #expect(page.contains(warning), "\(rhythm) warning missing: \(warning)")
            }
            if let muscle = entry["muscle"] as? [String: Any], muscle["available"] as? Bool == false {
                let reason = try #require(muscle["reason"] as? String)
                #expect(page.contains("muscle index unavailable: \(reason)"))
            }
            let channels = try #require(entry["channels"] as? [[String: Any]])
            var compareRows: [[String: Any]] = []
            if name == "synth_ketamine.edf" {
                let compare = try CLI.run(["compare", file, "--rhythm", rhythm])
                #expect(compare.status == 0, "\(compare.stderr)")
                compareRows = try #require(try Self.json(compare.stdout)["channels"] as? [[String: Any]])
            }
            for row in rows where row["rhythm"] == rhythm {
                let channel = try #require(channels.first { $0["name"] as? String == row["channel"] })
                let peak = channel["peak"] as? [String: Any]
                #expect(row["peak-present"] == ((peak?["present"] as? Bool) == true ? "true" : "false"))
                #expect(row["episodes"] == "\(try #require(channel["episodes"] as? Int))")
                let rate = try #require(channel["episodes_per_minute"] as? Double)
                #expect(Self.same(row["episodes-per-minute"], rate))
                if let frequency = peak?["frequency_hz"] as? Double {
                    #expect(Self.same(row["peak-frequency-hz"], frequency))
                }
                #expect(row["status"] == channel["status"] as? String)
                #expect(row["finding"] == channel["finding"] as? String)
                #expect(row["artefacts"] == (channel["artefacts"] as? Int).map { "\($0)" })
                #expect(row["episodes-rejected-on-artefacts"]
                    == (channel["episodes_rejected_on_artefacts"] as? Int).map { "\($0)" })
                let band = try #require(channel["band_hz"] as? [Double])
                #expect(row["band-hz"] == "\(band[0])-\(band[1])")
                if let comparison = compareRows.first(where: { $0["name"] as? String == row["channel"] }) {
                    #expect(Self.same(row["change-db"], comparison["band_power_change_db"] as? Double))
                    #expect(Self.same(row["p"], comparison["band_power_p"] as? Double))
                } else {
                    #expect(row["change-db"] == nil)
                }
                compared += 1
            }
        }
        // Both files have the four posterior-midline channels; each rhythm has a row for each.
        #expect(compared == 8, "\(rows)")
    }
}
