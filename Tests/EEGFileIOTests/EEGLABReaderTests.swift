import EEGCore
import Foundation
import Testing
import _TestSupport

@testable import EEGFileIO

/// A minimal Level 5 MAT-file writer for building hostile EEGLAB files inside tests.
enum TinyMAT {
    enum Value {
        case double([Double], dimensions: [Int])
        case text(String)
        case structure([(String, Value)])
    }

    static func tag(_ type: UInt32, _ payload: [UInt8]) -> [UInt8] {
        var bytes = le(type) + le(UInt32(payload.count)) + payload
        while bytes.count % 8 != 0 { bytes.append(0) }
        return bytes
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func matrix(_ name: String, _ value: Value) -> [UInt8] {
        var body: [UInt8] = []
        func header(classID: UInt32, dimensions: [Int]) {
            body += tag(6, le(classID) + le(UInt32(0)))
            body += tag(5, dimensions.flatMap { le(Int32($0)) })
            body += tag(1, Array(name.utf8))
        }
        switch value {
        case let .double(values, dimensions):
            header(classID: 6, dimensions: dimensions)
            body += tag(9, values.flatMap { le($0.bitPattern) })
        case let .text(text):
            header(classID: 4, dimensions: [1, text.utf16.count])
            body += tag(4, text.utf16.flatMap { le($0) })
        case let .structure(fields):
            header(classID: 2, dimensions: [1, 1])
            body += tag(5, le(Int32(32)))
            body += tag(1, fields.flatMap { Array($0.0.utf8) + Array(repeating: 0, count: 32 - $0.0.utf8.count) })
            for (_, field) in fields { body += matrix("", field) }
        }
        return tag(14, body)
    }

    static func file(_ variables: [(String, Value)]) -> [UInt8] {
        var header = Array("MATLAB 5.0 MAT-file, written by EEGScope tests".utf8)
        header += Array(repeating: 0x20, count: 116 - header.count)
        header += Array(repeating: 0, count: 8) + [0x00, 0x01] + Array("IM".utf8)
        return header + variables.flatMap { matrix($0.0, $0.1) }
    }

    /// An `EEG` struct of `channels` × `samples` whose data are `data`.
    static func eeg(channels: Double, samples: Double, trials: Double = 1, data: Value) -> [UInt8] {
        file([("EEG", .structure([
            ("nbchan", .double([channels], dimensions: [1, 1])),
            ("srate", .double([100], dimensions: [1, 1])),
            ("pnts", .double([samples], dimensions: [1, 1])),
            ("trials", .double([trials], dimensions: [1, 1])),
            ("data", data),
        ]))])
    }
}

@Suite("EEGLAB reader")
struct EEGLABReaderTests {
    static let tiny = TestData.fixtures("EEGFileIOTests").appendingPathComponent("tiny")

    @Test("embedded (compressed), .fdt and BrainVision copies of one recording read alike")
    func tinyRecordingsAgree() throws {
        let reference = try RecordingFile.read(Self.tiny.appendingPathComponent("tiny_bv.vhdr"))
        for name in ["tiny.set", "tiny_fdt.set"] {
            let recording = try RecordingFile.read(Self.tiny.appendingPathComponent(name))
            #expect(recording.labels == ["Fz", "Cz", "Pz", "Oz"])
            #expect(recording.signals.allSatisfy { $0.sampleRate == 250 && $0.count == 2000 })
            for (mine, theirs) in zip(recording.signals, reference.signals) {
                // float32 storage of values with 0.1 µV steps: within float32 rounding.
                let comparison = compareArrays(
                    mine.samples, theirs.samples, relative: 1e-6, absolute: 1e-5)
                #expect(comparison.passed, "\(name): \(comparison)")
            }
            #expect(recording.annotations.map(\.description) == ["stim", "resp"])
            #expect(recording.annotations.map(\.onset) == [2.0, 5.0])
            #expect(recording.metadata["type.0"] == "EEG")
        }
        let reader = try EEGLABReader(url: Self.tiny.appendingPathComponent("tiny.set"))
        #expect(reader.channels[1].position?.z == 1.0)
    }

    @Test("epochs read as back-to-back stretches; streaming never crosses an epoch")
    func epochs() throws {
        let reader = try EEGLABReader(url: Self.tiny.appendingPathComponent("tiny_epochs.set"))
        #expect(reader.epochCount == 4 && reader.epochSampleCount == 500)
        let recording = try reader.read()
        #expect(recording.stretches.count == 4)
        #expect(recording.splitAtGaps().count == 4)
        var starts: [Int] = []
        var streamed: [Double] = []
        try reader.forEachBlock(channels: [2], maximumBlockBytes: 1200) { block in
            if block.startsStretch { starts.append(block.samples.lowerBound) }
            streamed += block.samples(0)
        }
        #expect(starts == [0, 500, 1000, 1500])
        #expect(streamed == recording.signals[2].samples)
        let continuous = try RecordingFile.read(Self.tiny.appendingPathComponent("tiny.set"))
        #expect(compareArrays(
            recording.signals[0].samples, continuous.signals[0].samples, relative: 0).passed)
    }

    @Test("the MAT parser reads top-level variables of a written file")
    func parser() throws {
        let bytes = TinyMAT.file([
            ("a", .double([1, 2, 3, 4, 5, 6], dimensions: [2, 3])), ("b", .text("hello")),
        ])
        let file = try MATFile(bytes: bytes, path: "x.mat")
        #expect(file["a"] == .numeric(dimensions: [2, 3], values: [1, 2, 3, 4, 5, 6]))
        #expect(file["b"]?.string == "hello")
    }

    // MARK: - Hostile inputs

    static func write(_ bytes: [UInt8], name: String = "bad.set", in folder: URL? = nil) throws
        -> URL
    {
        let url = try (folder ?? TestData.temporaryDirectory()).appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func expectOneLineError(_ url: URL, _ needle: String) {
        let error = #expect(throws: (any Error).self) { try RecordingFile.read(url) }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.hasPrefix(url.path), "\(text)")
        #expect(!text.contains("\n"), "\(text)")
        #expect(text.contains(needle), "\(text)")
    }

    @Test("every truncation of a MAT-file gives a one-line error, never a crash")
    func truncations() throws {
        for name in ["tiny.set", "tiny_fdt.set", "tiny_epochs.set"] {
            let bytes = Array(try Data(contentsOf: Self.tiny.appendingPathComponent(name)))
            let folder = try TestData.temporaryDirectory()
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
                let url = try Self.write(Array(bytes.prefix(length)), in: folder)
                let error = #expect(throws: (any Error).self) { try RecordingFile.read(url) }
                let text = error.map { String(describing: $0) } ?? ""
                #expect(text.hasPrefix(url.path) && !text.contains("\n"), "\(length): \(text)")
            }
        }
    }

    @Test("corrupt bytes inside a compressed element give a one-line error")
    func corruptCompressed() throws {
        var bytes = Array(try Data(contentsOf: Self.tiny.appendingPathComponent("tiny.set")))
        for index in stride(from: 200, to: min(bytes.count, 400), by: 3) { bytes[index] ^= 0x5A }
        Self.expectOneLineError(try Self.write(bytes), "zlib")
    }

    @Test("an element claiming more bytes than the file has")
    func lyingElementSize() throws {
        var bytes = TinyMAT.eeg(channels: 1, samples: 1, data: .double([1], dimensions: [1, 1]))
        bytes.replaceSubrange(132..<136, with: TinyMAT.le(UInt32.max))
        Self.expectOneLineError(try Self.write(bytes), "claims")
    }

    @Test("MAT v7.3 (HDF5) says how to re-save")
    func hdf5() throws {
        var bytes = Array("MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00".utf8)
        bytes += Array(repeating: 0x20, count: 512 - bytes.count)
        bytes += [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
        Self.expectOneLineError(try Self.write(bytes), "'version', '7'")
    }

    @Test("not a MAT-file at all")
    func notMAT() throws {
        Self.expectOneLineError(
            try Self.write(Array(repeating: 0x41, count: 300)), "not a MATLAB MAT-file")
    }

    @Test("embedded data smaller than nbchan × pnts (lying header)")
    func lyingDimensions() throws {
        let bytes = TinyMAT.eeg(
            channels: 64, samples: 1e9, data: .double([1, 2, 3, 4], dimensions: [2, 2]))
        Self.expectOneLineError(try Self.write(bytes), "nbchan")
    }

    @Test("a missing .fdt and a .fdt shorter than the header says")
    func fdtProblems() throws {
        let folder = try TestData.temporaryDirectory()
        let bytes = TinyMAT.eeg(channels: 2, samples: 1000, data: .text("data.fdt"))
        let url = try Self.write(bytes, in: folder)
        Self.expectOneLineError(url, "data.fdt")
        try Data(count: 100).write(to: folder.appendingPathComponent("data.fdt"))
        Self.expectOneLineError(url, "header lies")
    }

    @Test("nbchan claiming 1e9 channels is refused before anything per channel is allocated")
    func billionChannels() throws {
        let start = Date()
        Self.expectOneLineError(
            try Self.write(TinyMAT.eeg(
                channels: 1e9, samples: 2, data: .double([1, 2, 3, 4], dimensions: [2, 2]))),
            "nbchan")
        let folder = try TestData.temporaryDirectory()
        try Data(count: 32_000).write(to: folder.appendingPathComponent("data.fdt"))
        Self.expectOneLineError(
            try Self.write(
                TinyMAT.eeg(channels: 1e9, samples: 2000, data: .text("data.fdt")), in: folder),
            "header lies")
        // Before: an abort after one descriptor, or an 8 GB scale list, per claimed channel.
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("missing and absurd fields")
    func badFields() throws {
        Self.expectOneLineError(
            try Self.write(TinyMAT.file([("EEG", .structure([("srate", .double([1], dimensions: [1, 1]))]))])),
            "nbchan")
        Self.expectOneLineError(
            try Self.write(TinyMAT.eeg(channels: -3, samples: 10, data: .text("x.fdt"))), "nbchan")
        Self.expectOneLineError(
            try Self.write(TinyMAT.eeg(channels: 1, samples: .nan, data: .text("x.fdt"))), "pnts")
    }

    @Test("deeply nested structs are refused, not a stack overflow")
    func deepNesting() throws {
        var value = TinyMAT.Value.double([1], dimensions: [1, 1])
        for _ in 0..<200 { value = .structure([("x", value)]) }
        Self.expectOneLineError(try Self.write(TinyMAT.file([("EEG", value)])), "nested")
    }
}
