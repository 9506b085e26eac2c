/// The hot decode loops: little-endian two's complement to `Double` with one multiply-add.
enum EDFDecoding {
    @inline(__always)
    static func decode16(
        _ source: UnsafeRawPointer, count: Int, scale: Double, offset: Double,
        into destination: UnsafeMutablePointer<Double>
    ) {
        for index in 0..<count {
            let value = Int16(
                littleEndian: source.loadUnaligned(fromByteOffset: 2 * index, as: Int16.self))
            destination[index] = Double(value) * scale + offset
        }
    }

    @inline(__always)
    static func decode24(
        _ source: UnsafeRawPointer, count: Int, scale: Double, offset: Double,
        into destination: UnsafeMutablePointer<Double>
    ) {
        let bytes = source.assumingMemoryBound(to: UInt8.self)
        for index in 0..<count {
            let low = Int32(bytes[3 * index]) | Int32(bytes[3 * index + 1]) << 8
            let value = low | Int32(Int8(bitPattern: bytes[3 * index + 2])) << 16
            destination[index] = Double(value) * scale + offset
        }
    }
}
