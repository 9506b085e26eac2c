import EEGCore
import EEGFileIO
import Foundation
import Testing
import _TestSupport

@Suite("Event tables (TSV)")
struct EventTableTests {
    static let events = [
        RhythmEvent(
            onset: 12.00390625, duration: 1.5, channel: "Pz", rhythm: "delta3", frequency: 3.04,
            amplitude: 15.123456),
        RhythmEvent(
            onset: 20, duration: 0.25, channel: "Oz", rhythm: "8-13", frequency: .nan,
            amplitude: 2, snrDecibels: 6.5),
    ]

    @Test("writes the contract header and fixed decimals")
    func text() {
        let text = EventTable.text(of: Self.events)
        let expected = """
            onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude\tsnr_db
            12.003906\t1.500000\tPz\tdelta3\t3.0400\t15.1235\tn/a
            20.000000\t0.250000\tOz\t8-13\tn/a\t2.0000\t6.500

            """
        #expect(text == expected)
        let truthOnly = EventTable.text(of: [Self.events[0]])
        #expect(truthOnly.hasPrefix("onset\tduration\tchannel\trhythm\tfrequency_hz\tamplitude\n"))
        #expect(EventTable.text(of: []) == EventTable.truthColumns.joined(separator: "\t") + "\n")
    }

    @Test("round trip through a file")
    func roundTrip() throws {
        let folder = try TestData.temporaryDirectory()
        let url = folder.appendingPathComponent("events.tsv")
        try EventTable.write(Self.events, to: url)
        let read = try EventTable.read(url)
        #expect(read.count == 2)
        #expect(read[0].onset == 12.003906 && read[0].channel == "Pz")
        #expect(read[0].snrDecibels == nil)
        #expect(read[1].frequency.isNaN && read[1].snrDecibels == 6.5)
    }

    @Test("columns in any order, extra columns, CRLF and a trailing blank line")
    func lenientReading() throws {
        let text = "channel\trhythm\tonset\tduration\textra\r\nPz\tgamma\t1.5\t0.2\tx\r\n\r\n"
        let events = try EventTable.parse(text)
        #expect(events.count == 1)
        #expect(events[0].onset == 1.5 && events[0].duration == 0.2 && events[0].rhythm == "gamma")
        #expect(events[0].frequency.isNaN)
    }

    @Test("malformed tables name the file and line", arguments: [
        ("", "is empty"),
        ("onset\tduration\tchannel\n", "lacks the 'rhythm' column"),
        ("onset\tduration\tchannel\trhythm\n1\t2\tPz\n", "line 2 has 3 fields"),
        ("onset\tduration\tchannel\trhythm\nx\t2\tPz\tgamma\n", "line 2 'onset' value 'x'"),
        ("onset\tduration\tchannel\trhythm\n1\t-2\tPz\tgamma\n", "line 2 duration -2.0"),
        ("onset\tduration\tchannel\trhythm\n-1\t2\tPz\tgamma\n", "line 2 onset -1.0"),
        ("onset\tduration\tchannel\trhythm\n1\tn/a\tPz\tgamma\n", "'duration' is n/a"),
        ("onset\tduration\tchannel\trhythm\n1\t2\t\tgamma\n", "'channel' is empty"),
        ("onset\tduration\tchannel\trhythm\n1\t2\tPz\tgamma\n\n1\t2\tPz\tgamma\n",
         "line 3 is empty"),
        ("onset\tduration\tchannel\trhythm\n1\tinf\tPz\tgamma\n", "not a finite number"),
    ])
    func errors(text: String, message: String) {
        #expect {
            try EventTable.parse(text, path: "bad.tsv")
        } throws: { error in
            let description = String(describing: error)
            return error is EventTableError && description.hasPrefix("bad.tsv")
                && description.contains(message)
        }
    }

    @Test("a missing file is an error naming it")
    func missing() {
        #expect(throws: EventTableError.self) {
            try EventTable.read(URL(fileURLWithPath: "/nonexistent/events.tsv"))
        }
    }
}
