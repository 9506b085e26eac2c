import EEGCore
import Foundation
import Testing

@testable import EEGFileIO

@Suite("EDF+ TAL parser")
struct EDFAnnotationListTests {
    func parse(_ text: String) throws -> [EDFTimeStampedAnnotationList] {
        try EDFAnnotationParser.parse(Array(text.utf8))
    }

    @Test("time-keeping TAL, then TALs with and without duration, padding skipped")
    func basic() throws {
        let lists = try parse(
            "+0\u{14}\u{14}\0+0.5\u{15}1.25\u{14}eyes closed\u{14}\0+12\u{14}spike\u{14}\0\0\0")
        #expect(lists == [
            EDFTimeStampedAnnotationList(onset: 0, duration: nil, texts: [""]),
            EDFTimeStampedAnnotationList(onset: 0.5, duration: 1.25, texts: ["eyes closed"]),
            EDFTimeStampedAnnotationList(onset: 12, duration: nil, texts: ["spike"]),
        ])
    }

    @Test("several texts share one onset; negative onsets; UTF-8 texts")
    func severalTexts() throws {
        let lists = try parse("-2.5\u{15}0\u{14}A\u{14}B\u{14}中文测试\u{14}\0")
        #expect(lists.count == 1)
        #expect(lists[0].onset == -2.5)
        #expect(lists[0].duration == 0)
        #expect(lists[0].texts == ["A", "B", "中文测试"])
    }

    @Test("a text ended by 0x00 without its 0x14 is accepted")
    func lenientTextEnd() throws {
        let lists = try parse("+1\u{14}note\0")
        #expect(lists[0].texts == ["note"])
    }

    @Test("invalid UTF-8 becomes U+FFFD instead of failing")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array("+1\u{14}".utf8) + [0xFF, 0x41, 0x14, 0x00]
        let lists = try EDFAnnotationParser.parse(bytes)
        #expect(lists[0].texts == ["\u{FFFD}A"])
    }

    @Test("onsets are re-based in exact decimal arithmetic, rounded once",
        arguments: [("+290.5019531", "+0.3945312", 290.1074219), ("+1", "+0.1", 0.9),
            ("-0.25", "+0.5", -0.75), ("+583.5722656", "+0.3945312", 583.1777344),
            ("+1234567890.123456789", "+0", 1234567890.123456789)])
    func exactRebase(onset: String, origin: String, expected: Double) throws {
        let event = try parse(onset + "\u{14}x\u{14}\0")[0]
        let base = try parse(origin + "\u{14}\u{14}\0")[0]
        #expect(event.onset(relativeTo: base) == expected)
    }

    @Test("an all-zero signal holds no TALs")
    func empty() throws {
        #expect(try EDFAnnotationParser.parse([UInt8](repeating: 0, count: 30)).isEmpty)
        #expect(try EDFAnnotationParser.parse([]).isEmpty)
    }

    @Test("malformed TALs throw with the record and byte offset", arguments: [
        "1\u{14}\u{14}\0", "+\u{14}\u{14}\0", "+1.2.3\u{14}\u{14}\0", "+1e3\u{14}\u{14}\0",
        "+1\u{15}+2\u{14}x\u{14}\0", "+1\u{15}\u{14}x\u{14}\0", "+1\u{14}x",
        "+1\u{14}a\u{15}b\u{14}\0",
        "+0\u{14}\u{14}\0 ",
    ])
    func malformed(text: String) throws {
        let bytes = Array(text.utf8)
        let error = #expect(throws: EDFError.self) {
            try bytes.withUnsafeBytes {
                try EDFAnnotationParser.parse($0, path: "f.edf", record: 7, baseOffset: 1000)
            }
        }
        #expect(error?.description.hasPrefix("f.edf: annotation in data record 7 at byte 10")
            == true)
    }
}

@Suite("EDF header fields")
struct EDFHeaderFieldTests {
    @Test("two-digit years: 85-99 are 1985-1999, 00-84 are 2000-2084", arguments: [
        ("01.01.85", 1985), ("31.12.99", 1999), ("01.01.00", 2000), ("15.06.84", 2084),
    ])
    func yearRule(date: String, year: Int) throws {
        let start = try #require(EDFHeader.startDate(date: date, time: "12.30.45", recording: nil))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(calendar.component(.year, from: start) == year)
        #expect(calendar.component(.hour, from: start) == 12)
        #expect(calendar.component(.second, from: start) == 45)
    }

    @Test("after 2084 the year comes from the EDF+ Startdate subfield")
    func after2084() throws {
        let recording = try #require(
            EDFRecordingIdentification(parsing: "Startdate 02-MAR-2091 EMR7 tech eq"))
        let start = try #require(
            EDFHeader.startDate(date: "02.03.yy", time: "00.00.00", recording: recording))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        #expect(calendar.dateComponents([.year, .month, .day], from: start)
            == DateComponents(year: 2091, month: 3, day: 2))
    }

    @Test("invalid dates and times give no start date", arguments: [
        ("31.02.20", "00.00.00"), ("00.01.20", "00.00.00"), ("01.13.20", "00.00.00"),
        ("01.01.20", "24.00.00"), ("  .  .  ", "00.00.00"), ("01.01.20", "1.2.3"),
    ])
    func invalidDates(date: String, time: String) {
        #expect(EDFHeader.startDate(date: date, time: time, recording: nil) == nil)
    }

    @Test("EDF+ patient and recording subfields")
    func identification() throws {
        let patient = try #require(
            EDFPatientIdentification(parsing: "MCH-0234567 F 02-MAY-1951 Haagse_Harry extra info"))
        #expect(patient.code == "MCH-0234567")
        #expect(patient.sex == "F")
        #expect(patient.birthdate == "02-MAY-1951")
        #expect(patient.name == "Haagse_Harry")
        #expect(patient.additional == "extra info")
        #expect(EDFPatientIdentification(parsing: "") == nil)
        let recording = try #require(
            EDFRecordingIdentification(
                parsing: "Startdate 02-MAR-2002 PSG-1234/2002 NN Telemetry03"))
        #expect(recording.administrationCode == "PSG-1234/2002")
        #expect(recording.technician == "NN")
        #expect(recording.equipment == "Telemetry03")
        #expect(recording.startdateComponents! == (2002, 3, 2))
        #expect(EDFRecordingIdentification(parsing: "Anything 1 2 3 4") == nil)
        #expect(EDFPatientIdentification(code: "a b", name: "").fieldText == "a_b X X X")
    }

    @Test("field names by byte offset")
    func fieldNames() {
        #expect(FieldReader.fieldName(at: 0, signalCount: 2) == "version")
        #expect(FieldReader.fieldName(at: 240, signalCount: 2) == "number of data records")
        #expect(FieldReader.fieldName(at: 256 + 17, signalCount: 2) == "label of signal 2")
        #expect(FieldReader.fieldName(at: 256 + 32, signalCount: 2)
            == "transducer type of signal 1")
    }
}
