// libFuzzer harness for the EDF/BDF header parser, the TAL parser and the sample decoders.
// Built by scripts/fuzz/run.sh together with the parser sources of Sources/EEGFileIO (which
// do not need the rest of the package). Each input is treated as a whole file: the header is
// parsed and validated against the input's size, then, if it is accepted, the annotation
// signals of up to 64 records are parsed and every data signal is decoded with unchecked
// pointer arithmetic, so AddressSanitizer catches any offset the validation let through.

import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? EDFAnnotationParser.parse(bytes)
    guard let header = try? EDFHeader(parsing: bytes, fileSize: size, path: "fuzz") else {
        return 0
    }
    var scratch = [Double](repeating: 0, count: 1)
    bytes.withUnsafeBytes { raw in
        for record in 0..<min(header.recordCount, 64) {
            let recordStart = header.headerByteCount + record * header.recordByteCount
            for (index, signal) in header.signals.enumerated() {
                let start = recordStart + header.signalByteOffsets[index]
                let length = signal.samplesPerRecordCount * header.bytesPerSample
                precondition(start >= 0 && start + length <= size, "validated offsets escaped")
                if signal.isAnnotation {
                    _ = try? EDFAnnotationParser.parse(
                        UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)]),
                        path: "fuzz", record: record, baseOffset: start)
                    continue
                }
                if scratch.count < signal.samplesPerRecordCount {
                    scratch = [Double](repeating: 0, count: signal.samplesPerRecordCount)
                }
                scratch.withUnsafeMutableBufferPointer { target in
                    if header.bytesPerSample == 2 {
                        EDFDecoding.decode16(
                            raw.baseAddress! + start, count: signal.samplesPerRecordCount,
                            scale: signal.scale, offset: signal.offset,
                            into: target.baseAddress!)
                    } else {
                        EDFDecoding.decode24(
                            raw.baseAddress! + start, count: signal.samplesPerRecordCount,
                            scale: signal.scale, offset: signal.offset,
                            into: target.baseAddress!)
                    }
                }
            }
        }
    }
    return 0
}
