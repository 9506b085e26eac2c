import EEGCore
import EEGFileIO
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reading throughput on a 64 ch × 256 Hz × 1 h 16-bit EDF+C file (1 s records, ~118 MB)
/// made by `Benchmarks/Scripts/make_large_edf.py` (path in `$EEGSCOPE_LARGE_EDF`, default
/// `/tmp/eegscope-large.edf`). Rates are file megabytes (10^6 bytes) per second, after a warm-up
/// run, so the file is in the page cache and the comparison is decode cost vs copying bytes.
///
/// Rows: `plain pread` (4 MiB reads of the raw bytes, the ceiling), `open` (header and the
/// annotation scan of all 3600 records), `stream decode all channels` (forEachBlock, constant
/// memory, 4 MiB blocks), the same with 256 KiB blocks (output stays in cache), `stream decode
/// 8 channels`, and `read whole file` (a `Recording` of 64 × 921,600
/// doubles).
enum FileIOBenchmarks: BenchmarkSuite {
    static let name = "fileio"

    static func run() throws -> [BenchmarkResult] {
        let path = ProcessInfo.processInfo.environment["EEGSCOPE_LARGE_EDF"]
            ?? "/tmp/eegscope-large.edf"
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data(
                "fileio: skipped; run python3 Benchmarks/Scripts/make_large_edf.py first\n".utf8))
            return []
        }
        let url = URL(fileURLWithPath: path)
        let reader = try EDFReader(url: url)
        let bytes = Double(reader.fileSize)
        let megabytes = bytes / 1e6
        var results: [BenchmarkResult] = []
        func add(_ name: String, _ seconds: Double, size: Int = reader.fileSize) {
            results.append(BenchmarkResult(
                suite: Self.name, name: name, size: size, secondsPerOp: seconds,
                throughput: Double(size) / 1e6 / seconds, throughputUnit: "MB/s"))
        }

        let plain = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
            try plainRead(path: path)
        }
        add("plain pread (4 MiB blocks)", plain)

        let open = try Harness.measure(minimumRuns: 3, minimumSeconds: 0.5) {
            blackHole(try EDFReader(url: url).segments.count)
        }
        results.append(BenchmarkResult(
            suite: Self.name, name: "open (header + 3600 TALs)", size: reader.header.recordCount,
            secondsPerOp: open, throughput: nil, throughputUnit: nil))

        let all = Array(0..<reader.dataSignals.count)
        let stream = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
            var total = 0.0
            try reader.forEachBlock(channels: all) { block in
                total += block.samples(0).first ?? 0
            }
            blackHole(total)
        }
        add("stream decode all 64 channels", stream)

        let small = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
            var total = 0.0
            try reader.forEachBlock(channels: all, maximumBlockBytes: 256 << 10) { block in
                total += block.samples(0).first ?? 0
            }
            blackHole(total)
        }
        add("stream decode all 64 channels, 256 KiB blocks", small)

        let some = try Harness.measure(minimumRuns: 3, minimumSeconds: 1) {
            var total = 0.0
            try reader.forEachBlock(channels: Array(0..<8)) { block in
                total += block.samples(0).first ?? 0
            }
            blackHole(total)
        }
        add("stream decode 8 channels", some)

        let whole = try Harness.measure(minimumRuns: 2, minimumSeconds: 1) {
            blackHole(try reader.read().signals.count)
        }
        add("read whole file to Recording", whole)

        let ratio = plain / stream
        FileHandle.standardError.write(Data(String(
            format: "fileio: %.1f MB file; streaming decode runs at %.2f× the plain read\n",
            megabytes, ratio).utf8))
        return results
    }

    /// Reads every byte of the file with 4 MiB `pread`s into one reused buffer.
    static func plainRead(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
        defer { close(descriptor) }
        let size = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        var offset = 0
        var checksum: UInt8 = 0
        while true {
            let count = pread(descriptor, buffer, size, off_t(offset))
            if count <= 0 { break }
            checksum ^= buffer.load(as: UInt8.self)
            offset += count
        }
        blackHole(checksum)
    }
}
