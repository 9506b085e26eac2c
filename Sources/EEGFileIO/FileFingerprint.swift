import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A cheap identity of a file's contents: its size, its modification time, and a 64-bit
/// FNV-1a hash of its first 64 KiB (the header of any EEG format), of 16 blocks of 4 KiB
/// spread evenly over the rest, and of its last 4 KiB.
///
/// `batch --resume` reuses a finished part only when its input still has the fingerprint it
/// had when analysed, and `merge` refuses shards whose inputs changed since. Reading at most
/// 136 KiB per file keeps this fast on large datasets; an edit that keeps the size and the
/// modification time and touches only unsampled bytes goes unnoticed (FNV-1a is not a
/// cryptographic hash, and need not be: this guards against accidents, not adversaries).
///
/// ```swift
/// let before = try FileFingerprint(path: "rec.edf")
/// if try FileFingerprint(path: "rec.edf") != before { print("changed") }
/// ```
public struct FileFingerprint: Sendable, Equatable, CustomStringConvertible {
    /// The size in bytes.
    public let byteCount: Int
    /// The modification time, in nanoseconds since 1970.
    public let modificationNanoseconds: Int64
    /// FNV-1a 64 of the sampled bytes.
    public let sampleHash: UInt64

    static let headerBytes = 64 << 10
    static let blockBytes = 4 << 10
    static let blockCount = 16

    /// Fingerprints the file at `path` (symbolic links followed).
    /// - Throws: ``EDFError/unreadable(path:reason:)`` when it cannot be opened or read, or is
    ///   not a regular file.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw EDFError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw EDFError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if let kind = RecordingFile.nonRegularKind(mode: info.st_mode) {
            throw EDFError.unreadable(path: path, reason: "\(kind), not a regular file")
        }
        byteCount = Int(info.st_size)
        #if canImport(Darwin)
            let time = info.st_mtimespec
        #else
            let time = info.st_mtim
        #endif
        modificationNanoseconds = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var buffer = [UInt8](repeating: 0, count: Self.headerBytes)
        for (offset, length) in Self.sampledRanges(byteCount: byteCount) {
            let count = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress, length, off_t(offset))
            }
            guard count >= 0 else {
                throw EDFError.unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            for byte in buffer[0..<count] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        sampleHash = hash
    }

    /// (offset, length) of the sampled stretches of a file of `byteCount` bytes.
    static func sampledRanges(byteCount: Int) -> [(Int, Int)] {
        var ranges = [(0, min(byteCount, headerBytes))]
        let rest = byteCount - headerBytes
        guard rest > 0 else { return ranges }
        let stride = max(blockBytes, rest / blockCount)
        var offset = headerBytes
        while offset < byteCount, ranges.count <= blockCount {
            ranges.append((offset, min(blockBytes, byteCount - offset)))
            offset += stride
        }
        let tail = max(headerBytes, byteCount - blockBytes)
        ranges.append((tail, byteCount - tail))
        return ranges
    }

    /// `size:mtime-ns:hash`, e.g. `204800:1733300000123456789:9f3a…`.
    public var description: String {
        "\(byteCount):\(modificationNanoseconds):\(String(sampleHash, radix: 16))"
    }
}
