import CZlib
import Foundation

/// One MATLAB value read from a Level 5 MAT-file.
///
/// Numeric and logical arrays of every class become `Double`s (64-bit integers beyond 2⁵³
/// lose precision); char arrays become text; struct and object arrays become their elements'
/// fields; cell arrays their elements. Arrays are column-major with their MATLAB dimensions.
public indirect enum MATValue: Sendable, Equatable {
    /// A numeric or logical array (real part only; complex arrays keep the real part).
    case numeric(dimensions: [Int], values: [Double])
    /// A char array: one string per row (a row vector is one string).
    case text(dimensions: [Int], rows: [String])
    /// A cell array, elements in column-major order.
    case cell(dimensions: [Int], elements: [MATValue])
    /// A struct (or object) array: field names in file order, one dictionary per element.
    case structure(dimensions: [Int], fieldNames: [String], elements: [[String: MATValue]])
    /// A class this reader does not decode (sparse, function handle, opaque objects).
    case unsupported(className: String)

    /// The number of elements (product of the dimensions).
    public var elementCount: Int {
        switch self {
        case let .numeric(dimensions, _), let .text(dimensions, _), let .cell(dimensions, _),
            let .structure(dimensions, _, _):
            return dimensions.reduce(1, *)
        case .unsupported: return 0
        }
    }

    /// A real scalar (or the first element of a numeric array), else `nil`.
    public var scalar: Double? {
        if case let .numeric(_, values) = self { return values.first }
        return nil
    }

    /// The text of a char array's rows joined by newlines, else `nil`.
    public var string: String? {
        if case let .text(_, rows) = self { return rows.joined(separator: "\n") }
        return nil
    }

    /// Field `name` of element `index` of a struct array.
    public func field(_ name: String, element index: Int = 0) -> MATValue? {
        guard case let .structure(_, _, elements) = self, elements.indices.contains(index) else {
            return nil
        }
        return elements[index][name]
    }
}

/// Errors reading a MAT-file: the file, where, and what was wrong.
public enum MATFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// Not a Level 5 MAT-file (too short, or no `MATLAB 5.0 MAT-file` text).
    case notMATFile(path: String, reason: String)
    /// A MAT v7.3 (HDF5) file.
    case hdf5(path: String)
    /// An element is malformed or claims more bytes than its container holds.
    case malformed(path: String, byteOffset: Int, reason: String)

    /// One line: the file, what failed, what was expected.
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot be read: \(reason)"
        case let .notMATFile(path, reason):
            return "\(path): not a MATLAB MAT-file (\(reason)); expected a MATLAB 5.0 MAT-file"
        case let .hdf5(path):
            return "\(path): is a MATLAB v7.3 (HDF5) file, which EEGScope does not read; re-save "
                + "it in EEGLAB with pop_saveset(EEG, 'filename', NAME, 'version', '7') "
                + "(or in MATLAB: save(NAME, '-struct', 'EEG', '-v7'))"
        case let .malformed(path, offset, reason):
            return "\(path): MAT element at byte \(offset) is malformed: \(reason)"
        }
    }
}

/// A parsed Level 5 MAT-file: its top-level variables by name, in file order.
///
/// Reference: The MathWorks, "MAT-File Format" (version 5, 1999–2021): a 128-byte header,
/// then tagged data elements (`miMATRIX`, or `miCOMPRESSED` holding a zlib stream of one
/// `miMATRIX`). Little-endian files only. Every element's byte count is checked against the
/// bytes of its container before anything is allocated, and inflating a compressed element
/// stops at the size its inner tag declares and at zlib's largest possible ratio (1032:1), so
/// neither a lying tag nor a crafted zlib stream can claim unbounded memory.
public struct MATFile: Sendable {
    /// The variables in file order.
    public let variables: [(name: String, value: MATValue)]

    /// The variable named `name`, if present.
    public subscript(name: String) -> MATValue? {
        variables.first { $0.name == name }?.value
    }

    /// Reads and parses `url`.
    ///
    /// - Throws: ``MATFileError``.
    public init(url: URL) throws {
        let path = url.path
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: url))
        } catch {
            throw MATFileError.unreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(bytes: bytes, path: path)
    }

    /// Parses the bytes of a MAT-file.
    public init(bytes: [UInt8], path: String) throws {
        if bytes.count >= 520, Array(bytes[512..<520]) == [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
        {
            throw MATFileError.hdf5(path: path)
        }
        guard bytes.count >= 128 else {
            throw MATFileError.notMATFile(path: path, reason: "\(bytes.count) bytes, under the "
                + "128-byte header")
        }
        let text = String(decoding: bytes[0..<116], as: UTF8.self)
        if text.hasPrefix("MATLAB 7.3") { throw MATFileError.hdf5(path: path) }
        guard text.hasPrefix("MATLAB 5.0 MAT-file") else {
            throw MATFileError.notMATFile(path: path, reason: "header text does not start with "
                + "'MATLAB 5.0 MAT-file'")
        }
        guard bytes[126] == UInt8(ascii: "I"), bytes[127] == UInt8(ascii: "M") else {
            throw MATFileError.notMATFile(path: path, reason: "big-endian or unknown byte order "
                + "(endian indicator is not 'IM')")
        }
        var parser = MATParser(path: path)
        variables = try parser.topLevel(bytes, base: 0, start: 128)
    }
}

/// Element-level parsing over byte buffers; `base` is the buffer's offset in the file (for
/// messages; inflated buffers report the offset of their compressed element).
struct MATParser {
    let path: String
    /// Nesting depth guard against crafted, deeply nested cells and structs.
    var depth = 0
    static let maximumDepth = 64

    // MARK: Types

    static let miINT8: UInt32 = 1, miUINT8: UInt32 = 2, miINT16: UInt32 = 3, miUINT16: UInt32 = 4
    static let miINT32: UInt32 = 5, miUINT32: UInt32 = 6, miSINGLE: UInt32 = 7
    static let miDOUBLE: UInt32 = 9, miINT64: UInt32 = 12, miUINT64: UInt32 = 13
    static let miMATRIX: UInt32 = 14, miCOMPRESSED: UInt32 = 15, miUTF8: UInt32 = 16
    static let miUTF16: UInt32 = 17, miUTF32: UInt32 = 18

    static func byteSize(_ type: UInt32) -> Int? {
        switch type {
        case miINT8, miUINT8, miUTF8: return 1
        case miINT16, miUINT16, miUTF16: return 2
        case miINT32, miUINT32, miSINGLE, miUTF32: return 4
        case miDOUBLE, miINT64, miUINT64: return 8
        default: return nil
        }
    }

    struct Element {
        let type: UInt32
        /// The data bytes' range in the buffer.
        let data: Range<Int>
        /// Where the next element starts.
        let next: Int
    }

    func failure(_ offset: Int, _ reason: String) -> MATFileError {
        .malformed(path: path, byteOffset: offset, reason: reason)
    }

    /// Reads the tag at `offset` (normal 8-byte tag or 4-byte small-element tag).
    func element(_ bytes: [UInt8], at offset: Int, base: Int, end: Int) throws -> Element {
        guard offset + 8 <= end else {
            throw failure(base + offset, "the tag needs 8 bytes but \(end - offset) remain")
        }
        let first = load32(bytes, offset)
        if first >> 16 != 0 {
            let count = Int(first >> 16)
            guard count <= 4 else {
                throw failure(base + offset, "a small element claims \(count) bytes (at most 4)")
            }
            return Element(type: first & 0xFFFF, data: (offset + 4)..<(offset + 4 + count),
                next: offset + 8)
        }
        let count = Int(load32(bytes, offset + 4))
        guard count <= end - offset - 8 else {
            throw failure(base + offset, "the element claims \(count) bytes but only "
                + "\(end - offset - 8) remain; the file is truncated or corrupt")
        }
        let padded = first == Self.miCOMPRESSED ? count : (count + 7) / 8 * 8
        return Element(type: first, data: (offset + 8)..<(offset + 8 + count),
            next: min(end, offset + 8 + padded))
    }

    func load32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    // MARK: Top level

    mutating func topLevel(_ bytes: [UInt8], base: Int, start: Int) throws
        -> [(name: String, value: MATValue)]
    {
        var result: [(name: String, value: MATValue)] = []
        var offset = start
        while offset + 8 <= bytes.count {
            let tag = try element(bytes, at: offset, base: base, end: bytes.count)
            switch tag.type {
            case Self.miMATRIX:
                result.append(try matrix(bytes, tag.data, base: base))
            case Self.miCOMPRESSED:
                let inflated = try inflate(bytes, tag.data, offset: base + offset)
                let inner = try element(inflated, at: 0, base: base + offset, end: inflated.count)
                guard inner.type == Self.miMATRIX else {
                    throw failure(base + offset, "a compressed element holds type \(inner.type), "
                        + "expected miMATRIX (14)")
                }
                result.append(try matrix(inflated, inner.data, base: base + offset))
            default:
                break  // Other top-level elements carry no variables; skip them.
            }
            offset = tag.next
        }
        return result
    }

    // MARK: Matrices

    /// Parses the contents of one `miMATRIX` element.
    mutating func matrix(_ bytes: [UInt8], _ range: Range<Int>, base: Int) throws
        -> (name: String, value: MATValue)
    {
        guard !range.isEmpty else { return ("", .numeric(dimensions: [0, 0], values: [])) }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw failure(base + range.lowerBound, "cells or structs nested deeper than "
                + "\(Self.maximumDepth) levels")
        }
        let end = range.upperBound
        let flagsTag = try element(bytes, at: range.lowerBound, base: base, end: end)
        guard flagsTag.type == Self.miUINT32, flagsTag.data.count >= 8 else {
            throw failure(base + range.lowerBound, "array flags are missing")
        }
        let flags = load32(bytes, flagsTag.data.lowerBound)
        let classID = flags & 0xFF
        let isComplex = flags & 0x800 != 0
        let dimensionTag = try element(bytes, at: flagsTag.next, base: base, end: end)
        guard dimensionTag.type == Self.miINT32, dimensionTag.data.count >= 8 else {
            throw failure(base + flagsTag.next, "the dimensions are missing")
        }
        var dimensions: [Int] = []
        for index in stride(from: dimensionTag.data.lowerBound, to: dimensionTag.data.upperBound,
            by: 4)
        {
            let value = Int(Int32(bitPattern: load32(bytes, index)))
            guard value >= 0 else { throw failure(base + index, "dimension \(value) < 0") }
            dimensions.append(value)
        }
        // Element counts are checked against the bytes present before any allocation below.
        let (count, overflow) = dimensions.reduce((1, false)) { partial, value in
            let product = partial.0.multipliedReportingOverflow(by: value)
            return (product.partialValue, partial.1 || product.overflow)
        }
        guard !overflow, count <= end - range.lowerBound else {
            throw failure(base + flagsTag.next, "dimensions \(dimensions) claim more elements "
                + "than the \(end - range.lowerBound) bytes of the array could hold")
        }
        let nameTag = try element(bytes, at: dimensionTag.next, base: base, end: end)
        let name = String(decoding: bytes[nameTag.data], as: UTF8.self)
        var offset = nameTag.next
        let value: MATValue
        switch classID {
        case 1:  // mxCELL
            var elements: [MATValue] = []
            for _ in 0..<count {
                let tag = try element(bytes, at: offset, base: base, end: end)
                guard tag.type == Self.miMATRIX else {
                    throw failure(base + offset, "a cell element has type \(tag.type), expected "
                        + "miMATRIX (14)")
                }
                elements.append(try matrix(bytes, tag.data, base: base).value)
                offset = tag.next
            }
            value = .cell(dimensions: dimensions, elements: elements)
        case 2, 3:  // mxSTRUCT, mxOBJECT (objects carry a class name first)
            if classID == 3 {
                offset = try element(bytes, at: offset, base: base, end: end).next
            }
            let lengthTag = try element(bytes, at: offset, base: base, end: end)
            guard lengthTag.data.count >= 4 else {
                throw failure(base + offset, "the struct field-name length is missing")
            }
            let nameLength = Int(load32(bytes, lengthTag.data.lowerBound))
            let namesTag = try element(bytes, at: lengthTag.next, base: base, end: end)
            guard nameLength > 0 || namesTag.data.isEmpty,
                nameLength == 0 || namesTag.data.count % nameLength == 0
            else {
                throw failure(base + lengthTag.next, "field names of \(namesTag.data.count) "
                    + "bytes are not a multiple of the name length \(nameLength)")
            }
            let fieldNames = nameLength == 0 ? [] : stride(
                from: namesTag.data.lowerBound, to: namesTag.data.upperBound, by: nameLength
            ).map { start in
                String(decoding: bytes[start..<(start + nameLength)].prefix { $0 != 0 },
                    as: UTF8.self)
            }
            offset = namesTag.next
            var elements: [[String: MATValue]] = []
            for _ in 0..<(fieldNames.isEmpty ? 0 : count) {
                var fields: [String: MATValue] = [:]
                for field in fieldNames {
                    let tag = try element(bytes, at: offset, base: base, end: end)
                    guard tag.type == Self.miMATRIX else {
                        throw failure(base + offset, "struct field '\(field)' has type "
                            + "\(tag.type), expected miMATRIX (14)")
                    }
                    fields[field] = try matrix(bytes, tag.data, base: base).value
                    offset = tag.next
                }
                elements.append(fields)
            }
            value = .structure(dimensions: dimensions, fieldNames: fieldNames, elements: elements)
        case 4:  // mxCHAR
            let tag = try element(bytes, at: offset, base: base, end: end)
            let characters = try decodeCharacters(bytes, tag, base: base)
            value = .text(dimensions: dimensions, rows: Self.rows(characters, dimensions))
        case 5:
            value = .unsupported(className: "sparse")
        case 6...15:
            let tag = try element(bytes, at: offset, base: base, end: end)
            let values = try decodeNumbers(bytes, tag, base: base + offset)
            guard values.count == count else {
                throw failure(base + offset, "\(values.count) values for dimensions "
                    + "\(dimensions) (\(count) elements)")
            }
            _ = isComplex  // the imaginary part, when present, is not needed
            value = .numeric(dimensions: dimensions, values: values)
        default:
            value = .unsupported(className: "class \(classID)")
        }
        return (name, value)
    }

    /// A char array's characters (column-major) as rows of text.
    static func rows(_ characters: [Character], _ dimensions: [Int]) -> [String] {
        let rowCount = dimensions.first ?? 0
        guard rowCount > 1 else { return [String(characters)] }
        let columns = characters.count / rowCount
        return (0..<rowCount).map { row in
            String((0..<columns).map { characters[row + $0 * rowCount] })
        }
    }

    func decodeCharacters(_ bytes: [UInt8], _ tag: Element, base: Int) throws -> [Character] {
        let data = bytes[tag.data]
        switch tag.type {
        case Self.miUTF8, Self.miUINT8, Self.miINT8:
            return Array(String(decoding: data, as: UTF8.self))
        case Self.miUTF16, Self.miUINT16:
            let units = stride(from: tag.data.lowerBound, to: tag.data.upperBound - 1, by: 2).map {
                UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8
            }
            return Array(String(decoding: units, as: UTF16.self))
        case Self.miUTF32, Self.miUINT32, Self.miINT32:
            return stride(from: tag.data.lowerBound, to: tag.data.upperBound - 3, by: 4).map {
                Character(Unicode.Scalar(load32(bytes, $0)) ?? "?")
            }
        default:
            throw failure(base + tag.data.lowerBound, "char data of type \(tag.type)")
        }
    }

    func decodeNumbers(_ bytes: [UInt8], _ tag: Element, base: Int) throws -> [Double] {
        guard let size = Self.byteSize(tag.type), tag.type != Self.miUTF8,
            tag.type != Self.miUTF16, tag.type != Self.miUTF32
        else {
            throw failure(base, "numeric data of type \(tag.type)")
        }
        let count = tag.data.count / size
        let start = tag.data.lowerBound
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    let at = start + index * size
                    switch tag.type {
                    case Self.miINT8: buffer[index] = Double(Int8(bitPattern: raw[at]))
                    case Self.miUINT8: buffer[index] = Double(raw[at])
                    case Self.miINT16:
                        buffer[index] = Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int16.self)))
                    case Self.miUINT16:
                        buffer[index] = Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt16.self)))
                    case Self.miINT32:
                        buffer[index] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int32.self)))
                    case Self.miUINT32:
                        buffer[index] = Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                    case Self.miSINGLE:
                        buffer[index] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))))
                    case Self.miDOUBLE:
                        buffer[index] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                    case Self.miINT64:
                        buffer[index] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self)))
                    default:
                        buffer[index] = Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                    }
                }
            }
            initialized = count
        }
    }

    // MARK: zlib

    /// Inflates a compressed element; the output never exceeds the size its first tag declares
    /// (+ 8) nor 1032 × the compressed size (zlib's largest ratio).
    func inflate(_ bytes: [UInt8], _ range: Range<Int>, offset: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflate_init(&stream) == Z_OK else {
            throw failure(offset, "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        let ratioLimit = range.count.multipliedReportingOverflow(by: 1032).partialValue + 64
        var limit = ratioLimit
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        try bytes.withUnsafeBytes { raw in
            let input = raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + range.lowerBound
            stream.next_in = UnsafeMutablePointer(mutating: input)
            stream.avail_in = UInt32(range.count)
            repeat {
                let produced = try chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        throw failure(offset, "the zlib stream is corrupt or truncated "
                            + "(zlib status \(status))")
                    }
                    return buffer.count - Int(stream.avail_out)
                }
                output += chunk[0..<produced]
                if output.count >= 8, limit == ratioLimit {
                    // The inner tag says how much follows; do not inflate past it.
                    let declared = Int(load32(output, 4)) + 8
                    limit = min(ratioLimit, load32(output, 0) >> 16 != 0 ? 8 : declared)
                }
                guard output.count <= limit else {
                    if limit < ratioLimit { output.removeLast(output.count - limit); status = Z_STREAM_END; break }
                    throw failure(offset, "the compressed element inflates beyond zlib's "
                        + "largest ratio; the file is corrupt")
                }
                if produced == 0 && status != Z_STREAM_END && stream.avail_in == 0 {
                    throw failure(offset, "the zlib stream ends early; the file is truncated")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
