import EEGAnalysis
import EEGCore
import EEGStatistics
import Foundation
import Testing
import _TestSupport

@Suite("group analysis")
struct GroupAnalysisTests {
    @Test("design table: columns in any order, spans, reference first, relative paths")
    func design() throws {
        let text = """
            file,condition,subject,start_s,end_s
            a.edf,rest,s1,0,10
            a.edf,task,s1,10,20
            /abs/b.edf,rest,s2,,
            b2.edf,task,s2,,
            """
        let design = try GroupDesign(
            csv: text, baseDirectory: URL(fileURLWithPath: "/data/study"))
        #expect(design.conditions == ["rest", "task"])
        #expect(design.subjects == ["s1", "s2"])
        #expect(design.entries[0].file == "/data/study/a.edf")
        #expect(design.entries[2].file == "/abs/b.edf")
        #expect(design.entries[1].span == 10...20)
        #expect(design.entries[3].span == nil)
    }

    @Test("design errors name the problem", arguments: [
        ("subject,file\ns1,a.edf", "header"),
        ("subject,condition,file\ns1,a,x.edf\ns1,b,y.edf\ns2,a,z.edf", "no row for condition"),
        ("subject,condition,file\ns1,a,x.edf\ns1,b,y.edf\ns1,c,z.edf", "exactly two"),
        ("subject,condition,file,start_s,end_s\ns1,a,x.edf,5,1\ns1,b,y.edf,,", "start_s"),
    ])
    func designErrors(text: String, expected: String) {
        do {
            _ = try GroupDesign(csv: text, baseDirectory: URL(fileURLWithPath: "/"), name: "d.csv")
            Issue.record("no error for \(expected)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
            #expect("\(error)".contains("d.csv"))
        }
    }

    @Test("known effect on 3 of 8 channels: max-stat and cluster find it, not elsewhere")
    func knownEffect() throws {
        let channels = ["Fz", "Cz", "C3", "C4", "CPz", "Pz", "POz", "Oz"]
        var generator = SeededGenerator(seed: 77)
        let changes = (0..<20).map { _ in
            channels.map { name in
                generator.nextGaussian() * 0.8
                    + (["CPz", "Pz", "POz"].contains(name) ? 1.5 : 0)
            }
        }
        let band = try FrequencyBand(name: "delta3", low: 2, high: 4)
        for correction in GroupCorrection.allCases {
            let result = try GroupAnalysis(settings: .init(
                bands: [band], correction: correction, permutationCount: 999
            )).test(changes, channels: channels, conditions: ["rest", "task"])
            let significant = result.effects.filter { $0.pCorrected < 0.05 }.map(\.channel)
            #expect(Set(significant) == ["CPz", "Pz", "POz"], "\(correction): \(significant)")
            for effect in result.effects {
                #expect(effect.ciLowDecibels <= effect.changeDecibels)
                #expect(effect.changeDecibels <= effect.ciHighDecibels)
                #expect(effect.p <= effect.pCorrected + 1e-12)
            }
            if correction == .cluster {
                #expect(result.clusters.contains { Set($0.channels) == ["CPz", "Pz", "POz"] })
            }
        }
    }

    @Test("standard adjacency links posterior midline neighbours, not distant channels")
    func adjacency() {
        let labels = ["Fz", "Cz", "CPz", "Pz", "POz", "Oz", "XYZ"]
        let (adjacency, unplaced) = ChannelAdjacency.standard(labels: labels)
        #expect(unplaced == ["XYZ"])
        #expect(adjacency.neighbours[3].contains(2) && adjacency.neighbours[3].contains(4))
        #expect(!adjacency.neighbours[0].contains(5))
        #expect(adjacency.neighbours[6].isEmpty)
    }
}
