import EEGCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The number type of one stored sample in a headerless binary data file.
public enum BinarySampleType: String, Sendable, Equatable {
    /// Little-endian signed 16-bit integer (BrainVision `INT_16`).
    case int16 = "INT_16"
    /// Little-endian signed 32-bit integer (BrainVision `INT_32`).
    case int32 = "INT_32"
    /// Little-endian IEEE 754 single precision (BrainVision `IEEE_FLOAT_32`, EEGLAB `.fdt`).
    case float32 = "IEEE_FLOAT_32"

    /// Bytes per stored sample.
    public var byteCount: Int { self == .int16 ? 2 : 4 }
}

/// How a channels × samples matrix is laid out in a data file.
public enum BinarySampleOrientation: String, Sendable, Equatable {
    /// All channels of sample 0, then all channels of sample 1, … (BrainVision
    /// `MULTIPLEXED`; the column-major order EEGLAB writes to `.fdt`).
    case multiplexed = "MULTIPLEXED"
    /// All samples of channel 0, then all samples of channel 1, … (BrainVision `VECTORIZED`).
    case vectorized = "VECTORIZED"
}

/// Reads a headerless binary matrix of channels × samples with `pread`, block by block.
///
/// Shared by the BrainVision (`.eeg`/`.dat`) and EEGLAB (`.fdt`) readers. The layout is checked
/// against the real file size when the file is opened, so no request can read past the end or
/// allocate more than the span asked for; physical value = stored value × `scales[channel]`.
final class BinarySampleFile: Sendable {
    let path: String
    let sampleType: BinarySampleType
    let orientation: BinarySampleOrientation
    let channelCount: Int
    let sampleCount: Int
    let scales: [Double]
    private let descriptor: Int32

    /// Opens `url`; `sampleCount == nil` takes as many whole samples as the file holds.
    ///
    /// - Throws: `ReaderFileError` built by `failure` when the file cannot be opened or is
    ///   smaller than the layout needs.
    init(
        url: URL, sampleType: BinarySampleType, orientation: BinarySampleOrientation,
        channelCount: Int, sampleCount: Int?, scales: [Double],
        failure: (String) -> any Error
    ) throws {
        path = url.path
        self.sampleType = sampleType
        self.orientation = orientation
        self.channelCount = channelCount
        self.scales = scales
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else {
            throw failure("cannot open data file '\(url.path)': \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw failure("data file '\(url.path)' is not a readable regular file")
        }
        let size = Int(info.st_size)
        let frameBytes = channelCount * sampleType.byteCount
        let available = frameBytes > 0 ? size / frameBytes : 0
        if let declared = sampleCount {
            guard declared <= available else {
                close(descriptor)
                throw failure(
                    "data file '\(url.lastPathComponent)' has \(size) bytes but the header "
                        + "declares \(declared) samples × \(channelCount) channels × "
                        + "\(sampleType.byteCount) bytes (\(declared * frameBytes) bytes); "
                        + "the file is truncated or the header lies")
            }
            self.sampleCount = declared
        } else {
            self.sampleCount = available
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Decodes `channels` for the sample range `samples` into one array per channel.
    func readSamples(channels: [Int], samples: Range<Int>) throws -> [[Double]] {
        var output = channels.map { _ in [Double](repeating: 0, count: samples.count) }
        var written = 0
        try forEachBlock(channels: channels, samples: samples, maximumBlockBytes: 4 << 20) {
            block in
            for position in channels.indices {
                output[position].withUnsafeMutableBufferPointer { destination in
                    block.copySamples(
                        position,
                        into: UnsafeMutableBufferPointer(
                            rebasing: destination[written..<(written + block.sampleCount)]))
                }
            }
            written += block.sampleCount
        }
        return output
    }

    /// Streams `channels` over `samples` in blocks of at most `maximumBlockBytes` of file data
    /// (at least one sample), never crossing a sample index listed in `joins`.
    func forEachBlock(
        channels: [Int], samples: Range<Int>, maximumBlockBytes: Int, joins: [Int] = [],
        _ body: (SampleBlock) throws -> Void
    ) throws {
        guard !samples.isEmpty, !channels.isEmpty else { return }
        let bytes = sampleType.byteCount
        let perBlock: Int
        switch orientation {
        case .multiplexed: perBlock = max(1, maximumBlockBytes / max(1, channelCount * bytes))
        case .vectorized: perBlock = max(1, maximumBlockBytes / max(1, channels.count * bytes))
        }
        let capacity = min(perBlock, samples.count)
        var raw = [UInt8](
            repeating: 0,
            count: orientation == .multiplexed ? capacity * channelCount * bytes : capacity * bytes)
        var storage = channels.map { _ in [Double](repeating: 0, count: capacity) }
        let sortedJoins = joins.sorted()
        var first = samples.lowerBound
        var startsStretch = true
        while first < samples.upperBound {
            var last = min(samples.upperBound, first + capacity)
            if let join = sortedJoins.first(where: { $0 > first && $0 < last }) { last = join }
            let count = last - first
            switch orientation {
            case .multiplexed:
                let frame = channelCount * bytes
                try raw.withUnsafeMutableBytes { buffer in
                    try EDFReader.readFully(
                        descriptor, into: UnsafeMutableRawBufferPointer(
                            rebasing: buffer[0..<(count * frame)]),
                        at: first * frame, path: path)
                }
                raw.withUnsafeBytes { buffer in
                    for (position, channel) in channels.enumerated() {
                        storage[position].withUnsafeMutableBufferPointer { target in
                            decode(
                                buffer.baseAddress! + channel * bytes, stride: frame,
                                count: count, scale: scales[channel], into: target.baseAddress!)
                        }
                    }
                }
            case .vectorized:
                for (position, channel) in channels.enumerated() {
                    let offset = (channel * sampleCount + first) * bytes
                    try raw.withUnsafeMutableBytes { buffer in
                        try EDFReader.readFully(
                            descriptor,
                            into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(count * bytes)]),
                            at: offset, path: path)
                    }
                    raw.withUnsafeBytes { buffer in
                        storage[position].withUnsafeMutableBufferPointer { target in
                            decode(
                                buffer.baseAddress!, stride: bytes, count: count,
                                scale: scales[channel], into: target.baseAddress!)
                        }
                    }
                }
            }
            let block = SampleBlock(
                samples: first..<last, startsStretch: startsStretch || sortedJoins.contains(first),
                channels: channels, storage: storage)
            try body(block)
            startsStretch = false
            first = last
        }
    }

    private func decode(
        _ source: UnsafeRawPointer, stride: Int, count: Int, scale: Double,
        into target: UnsafeMutablePointer<Double>
    ) {
        switch sampleType {
        case .int16:
            for index in 0..<count {
                let value = Int16(littleEndian: source.loadUnaligned(
                    fromByteOffset: index * stride, as: Int16.self))
                target[index] = Double(value) * scale
            }
        case .int32:
            for index in 0..<count {
                let value = Int32(littleEndian: source.loadUnaligned(
                    fromByteOffset: index * stride, as: Int32.self))
                target[index] = Double(value) * scale
            }
        case .float32:
            for index in 0..<count {
                let bits = UInt32(littleEndian: source.loadUnaligned(
                    fromByteOffset: index * stride, as: UInt32.self))
                target[index] = Double(Float(bitPattern: bits)) * scale
            }
        }
    }
}

/// One block of consecutive samples streamed from a BrainVision or EEGLAB reader.
///
/// The block's arrays are reused for the next block: copy what you keep, and do not let the
/// block escape the closure it is handed to.
public struct SampleBlock {
    /// The block's sample indices (half-open, 0-based, data time: joined stretches).
    public let samples: Range<Int>
    /// Whether the block starts the request or a new gap-free stretch (segment or epoch).
    public let startsStretch: Bool
    /// The requested channel indices.
    public let channels: [Int]
    let storage: [[Double]]

    /// The number of samples per channel in the block.
    public var sampleCount: Int { samples.count }

    /// The physical samples of the `position`-th requested channel (not the channel index).
    public func samples(_ position: Int) -> ArraySlice<Double> {
        storage[position][0..<samples.count]
    }

    /// Copies the `position`-th requested channel into a caller's buffer, which must hold at
    /// least ``sampleCount`` values (extra room is left untouched).
    public func copySamples(_ position: Int, into destination: UnsafeMutableBufferPointer<Double>) {
        precondition(destination.count >= samples.count, "SampleBlock: destination too small")
        storage[position].withUnsafeBufferPointer { source in
            guard let base = destination.baseAddress, let from = source.baseAddress else { return }
            base.update(from: from, count: samples.count)
        }
    }
}
