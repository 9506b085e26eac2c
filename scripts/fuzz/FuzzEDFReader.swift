// libFuzzer harness for the whole EDF/BDF reading path: each input is written to a scratch
// file and opened with EDFReader (header, annotation scan, record onsets), then read whole,
// streamed in small blocks, and read by a time span. Any trap (out-of-range index, overflow)
// or AddressSanitizer report is a bug; thrown EDFErrors are the expected outcome for junk.
// Built by `scripts/fuzz/run.sh SECONDS reader` with all of EEGCore and EEGFileIO.

import Foundation

let scratch = URL(fileURLWithPath: NSTemporaryDirectory())
    .appendingPathComponent("eegscope-fuzz-\(getpid()).edf")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard (try? bytes.write(to: scratch)) != nil else { return 0 }
    guard let reader = try? EDFReader(url: scratch) else { return 0 }
    // Keep each run small: skip files whose samples would take more than 1.6 MB as doubles.
    let samples = reader.dataSignals.reduce(0) {
        $0 + $1.samplesPerRecordCount * reader.header.recordCount
    }
    guard samples <= 200_000 else { return 0 }
    _ = try? reader.read()
    _ = try? reader.readSegments()
    let channels = Array(0..<reader.dataSignals.count)
    _ = try? reader.forEachBlock(channels: channels, maximumBlockBytes: 1000) { _ in }
    _ = try? reader.read(channels: channels, from: 0.5, to: reader.dataDuration / 2 + 1)
    _ = try? RecordingInfo(url: scratch)
    return 0
}
