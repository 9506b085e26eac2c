import EEGCore

/// A run of whole data records as the file stores them, decoded on demand straight into the
/// caller's memory (e.g. the input buffer of an FFT), with no intermediate per-channel arrays.
///
/// Handed out by ``EDFReader/forEachRecordBlock(records:maximumBlockBytes:_:)``; valid only
/// inside that call's body. Decoding is read-only, so several threads may decode different
/// channels of one block at the same time.
public struct EDFRecordBlock: @unchecked Sendable {
    // @unchecked: `raw` points into the reader's block buffer, which is only read while the
    // body runs; the block must not escape the body (documented above).

    /// The data records in the block (contiguous in time: a block never spans an EDF+D gap).
    public let records: Range<Int>
    /// Seconds from sample 0 to the block's first sample.
    public let onset: Seconds
    /// Whether a gap (EDF+D/BDF+D) or the start of the request precedes the block.
    public let startsSegment: Bool

    let raw: UnsafeRawPointer
    let layout: EDFChannelLayout

    /// The number of samples of data channel `channel` (index into
    /// ``EDFReader/dataSignals``) in the block: records × samples per record.
    public func sampleCount(channel: Int) -> Int {
        records.count * layout.samplesPerRecord[channel]
    }

    /// Decodes samples `samples` (0-based within this block, across record boundaries) of data
    /// channel `channel` to physical values (`digital · scale + offset`, as
    /// ``EDFSignalHeader/physicalValue(ofDigital:)``) into `destination[0..<samples.count]`.
    ///
    /// - Precondition: `channel` is a data-channel index and `samples` lies within
    ///   `0..<sampleCount(channel:)` (checked: these are programming errors, not file errors).
    public func decode(
        channel: Int, samples: Range<Int>, into destination: UnsafeMutablePointer<Double>
    ) {
        let perRecord = layout.samplesPerRecord[channel]
        precondition(
            samples.lowerBound >= 0 && samples.upperBound <= records.count * perRecord,
            "EDFRecordBlock.decode: sample range outside the block")
        let scale = layout.scales[channel]
        let offset = layout.offsets[channel]
        let signalStart = layout.byteOffsets[channel]
        let bytesPerSample = layout.bytesPerSample
        var position = samples.lowerBound
        var written = 0
        while position < samples.upperBound {
            let record = position / perRecord
            let within = position - record * perRecord
            let count = min(perRecord - within, samples.upperBound - position)
            let source = raw + record * layout.recordByteCount + signalStart
                + within * bytesPerSample
            if bytesPerSample == 2 {
                EDFDecoding.decode16(
                    source, count: count, scale: scale, offset: offset,
                    into: destination + written)
            } else {
                EDFDecoding.decode24(
                    source, count: count, scale: scale, offset: offset,
                    into: destination + written)
            }
            position += count
            written += count
        }
    }
}

/// Where each data channel lives inside a data record, and its digital-to-physical map.
struct EDFChannelLayout: Sendable {
    let samplesPerRecord: [Int]
    let byteOffsets: [Int]
    let scales: [Double]
    let offsets: [Double]
    let recordByteCount: Int
    let bytesPerSample: Int

    init(header: EDFHeader) {
        let indices = header.dataSignalIndices
        samplesPerRecord = indices.map { header.signals[$0].samplesPerRecordCount }
        byteOffsets = indices.map { header.signalByteOffsets[$0] }
        scales = indices.map { header.signals[$0].scale }
        offsets = indices.map { header.signals[$0].offset }
        recordByteCount = header.recordByteCount
        bytesPerSample = header.bytesPerSample
    }
}

extension EDFReader {
    /// Streams the file as raw blocks of whole records; decode what you need from each block
    /// with ``EDFRecordBlock/decode(channel:samples:into:)``. Memory is one block of file
    /// bytes, whatever the file size.
    ///
    /// Blocks hold at most `maximumBlockBytes` of file data (but at least one record) and never
    /// span a gap of an EDF+D/BDF+D file. Small blocks (the default 256 KiB) keep the bytes
    /// in the CPU cache between reading and decoding.
    ///
    /// - Parameters:
    ///   - records: The records to read (default all).
    ///   - maximumBlockBytes: File bytes per block (default 256 KiB).
    ///   - body: Called once per block, in file order; the block is valid only during the call.
    /// - Throws: ``EDFError/invalidRequest(path:parameter:value:expected:)`` for records out
    ///   of range, ``EDFError/unreadable(path:reason:)`` for I/O errors, or what `body` throws.
    public func forEachRecordBlock(
        records: Range<Int>? = nil, maximumBlockBytes: Int = 256 << 10,
        _ body: (EDFRecordBlock) throws -> Void
    ) throws {
        let records = records ?? 0..<header.recordCount
        guard records.lowerBound >= 0, records.upperBound <= header.recordCount else {
            throw EDFError.invalidRequest(
                path: path, parameter: "records", value: "\(records)",
                expected: "within 0..<\(header.recordCount)")
        }
        let layout = EDFChannelLayout(header: header)
        var isFirst = true
        try forEachRawBlock(
            records: records, maximumBlockBytes: maximumBlockBytes, splitAtGaps: true
        ) { raw, blockRecords in
            guard let base = raw.baseAddress else { return }
            let lower = blockRecords.lowerBound
            let block = EDFRecordBlock(
                records: blockRecords, onset: recordOnset(lower),
                startsSegment: isFirst || !isContiguous(lower - 1, lower), raw: base,
                layout: layout)
            isFirst = false
            try body(block)
        }
    }
}
