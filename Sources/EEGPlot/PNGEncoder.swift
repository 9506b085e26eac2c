import Foundation

/// A minimal encoder of 8-bit palette PNG images (ISO/IEC 15948), used to embed large heatmaps
/// in SVG as one `<image>` instead of thousands of rectangles.
///
/// The zlib stream uses stored (uncompressed) deflate blocks: no compression library is
/// needed and the bytes depend only on the input. Index data costs one byte per pixel.
enum PNGEncoder {
    /// Encodes `indices` (row-major, top row first, `width × height` entries) with `palette`
    /// (at most 256 colours).
    static func palettePNG(
        width: Int, height: Int, indices: [UInt8], palette: [RGBColor]
    ) -> Data {
        precondition(width > 0 && height > 0 && indices.count == width * height)
        precondition(!palette.isEmpty && palette.count <= 256)
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, 3, 0, 0, 0])  // depth 8, palette, deflate, no interlace
        appendChunk("IHDR", header, to: &png)
        var paletteData = Data(capacity: palette.count * 3)
        for color in palette {
            let (red, green, blue) = color.bytes
            paletteData.append(contentsOf: [red, green, blue])
        }
        appendChunk("PLTE", paletteData, to: &png)
        var raw = Data(capacity: (width + 1) * height)
        for row in 0..<height {
            raw.append(0)  // filter type None
            raw.append(contentsOf: indices[(row * width)..<((row + 1) * width)])
        }
        appendChunk("IDAT", zlibStored(raw), to: &png)
        appendChunk("IEND", Data(), to: &png)
        return png
    }

    /// A zlib stream (RFC 1950) holding `data` in stored deflate blocks (RFC 1951 §3.2.4).
    static func zlibStored(_ data: Data) -> Data {
        var output = Data([0x78, 0x01])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            let isFinal = offset + length >= bytes.count
            output.append(isFinal ? 1 : 0)
            output.append(UInt8(length & 0xFF))
            output.append(UInt8(length >> 8))
            output.append(UInt8(~length & 0xFF))
            output.append(UInt8((~length >> 8) & 0xFF))
            output.append(contentsOf: bytes[offset..<(offset + length)])
            offset += length
        } while offset < bytes.count
        output.appendBigEndian(adler32(bytes))
        return output
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return (b << 16) | a
    }

    static let crcTable: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    /// CRC-32 as used by PNG chunks (ISO 3309, reflected polynomial 0xEDB88320).
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    static func appendChunk(_ type: String, _ data: Data, to png: inout Data) {
        png.appendBigEndian(UInt32(data.count))
        let typeBytes = Data(type.utf8)
        png.append(typeBytes)
        png.append(data)
        png.appendBigEndian(crc32(typeBytes + data))
    }
}

extension Data {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
            UInt8(value & 0xFF),
        ])
    }
}
