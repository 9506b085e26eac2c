import EEGFileIO
import Foundation
import Testing
import _TestSupport

/// Issue 14: format from the header bytes, special files refused, bounded physical values,
/// strict CSV.
@Suite("RecordingFile and readers on hostile inputs")
struct RecordingFileReliabilityTests {
    /// A 10 s, 100 Hz EDF with one channel, 10 records of 1 s, built field by field.
    static func edf(
        physicalMinimum: String = "-100", physicalMaximum: String = "100",
        version: [UInt8] = Array("0       ".utf8), bytesPerSample: Int = 2
    ) -> Data {
        func field(_ text: String, _ width: Int) -> [UInt8] {
            Array(text.utf8.prefix(width)) + [UInt8](repeating: 32, count: max(0, width - text.utf8.count))
        }
        var header = version
        header += field("X X X X", 80) + field("Startdate X X X X", 80)
        header += field("01.01.20", 8) + field("00.00.00", 8) + field("512", 8)
        header += field("", 44) + field("10", 8) + field("1", 8) + field("1", 4)
        header += field("Cz", 16) + field("", 80) + field("uV", 8)
        header += field(physicalMinimum, 8) + field(physicalMaximum, 8)
        header += field("-32768", 8) + field("32767", 8) + field("", 80) + field("100", 8)
        header += field("", 32)
        let samples = (0..<1000).flatMap { index -> [UInt8] in
            let value = Int32(1000 * sin(Double(index) * 0.2))
            return (0..<bytesPerSample).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        return Data(header + samples)
    }

    static func write(_ data: Data, name: String) throws -> URL {
        let url = try TestData.temporaryDirectory("recording-file").appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test("a FIFO and a device are refused by kind, without blocking")
    func specialFilesRefused() throws {
        let folder = try TestData.temporaryDirectory("recording-file-fifo")
        let fifo = folder.appendingPathComponent("pipe.edf")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let error = #expect(throws: RecordingFileError.self) { try RecordingFile.read(fifo) }
        #expect(error?.reason.contains("named pipe (FIFO)") == true)
        #expect(throws: EDFError.self) { try EDFReader(url: fifo) }
        let device = #expect(throws: RecordingFileError.self) {
            try RecordingFile.read(URL(fileURLWithPath: "/dev/zero"))
        }
        #expect(device?.reason.contains("character device") == true)
    }

    @Test("the header bytes decide the format; a disagreeing extension gives a warning")
    func formatFromHeader() throws {
        let asCSV = try Self.write(Self.edf(), name: "rec.csv")
        #expect(try RecordingFile.kind(of: asCSV) == .edfOrBDF)
        #expect(try RecordingFile.read(asCSV).signals.first?.count == 1000)
        #expect(RecordingFile.extensionWarning(for: asCSV)?.contains("header says EDF") == true)
        let plain = try Self.write(Self.edf(), name: "rec.edf")
        #expect(RecordingFile.extensionWarning(for: plain) == nil)
        let noExtension = try Self.write(Self.edf(), name: "recording")
        #expect(try RecordingFile.kind(of: noExtension) == .edfOrBDF)
        let text = try Self.write(Data("Cz\n1\n".utf8), name: "notes")
        let error = #expect(throws: RecordingFileError.self) { try RecordingFile.kind(of: text) }
        #expect(error?.reason.contains("has no file extension") == true)
    }

    @Test("BDF data under an EDF version field is an error naming the version field")
    func bdfWithEDFVersion() throws {
        let url = try Self.write(Self.edf(bytesPerSample: 3), name: "swapped.bdf")
        let error = #expect(throws: EDFError.self) { try RecordingFile.read(url) }
        #expect(error?.description.contains("'version'") == true)
        #expect(error?.description.contains("24-bit") == true)
    }

    @Test("physical bounds beyond 1e100 are refused naming the field", arguments: [
        ("-1e308", "1e308", "physical minimum of signal 1"),
        ("-100", "1e300", "physical maximum of signal 1"),
        ("-1e101", "0", "physical minimum of signal 1"),
    ])
    func nonFiniteScaling(minimum: String, maximum: String, field: String) throws {
        let url = try Self.write(
            Self.edf(physicalMinimum: minimum, physicalMaximum: maximum), name: "scale.edf")
        let error = #expect(throws: EDFError.self) { try RecordingFile.read(url) }
        #expect(error?.description.contains("'\(field)'") == true, "\(String(describing: error))")
    }

    @Test("CSV: hex, a numeric first row, duplicate names and values over 1e100 are refused",
          arguments: [
            ("Cz,Pz\n0x3,1\n", "line 2 field 1 '0x3' is not a number"),
            ("1.5,2\n3,4\n", "line 1 holds numbers"),
            ("Cz,Pz,Cz\n1,2,3\n", "names channel 'Cz' twice (columns 1 and 3)"),
            ("Cz\n1e308\n", "line 2 field 1 '1e308' exceeds 1e100"),
          ])
    func strictCSV(text: String, message: String) throws {
        let url = try Self.write(Data(text.utf8), name: "x.csv")
        let error = #expect(throws: CSVError.self) { try RecordingFile.read(url, csvSampleRate: 10) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }
}
