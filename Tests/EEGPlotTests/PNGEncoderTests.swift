import Foundation
import Testing
@testable import EEGPlot

@Suite("PNG encoder")
struct PNGEncoderTests {
    @Test("checksums match published values")
    func checksums() {
        // CRC of the IEND chunk type is the constant every PNG ends with.
        #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        // RFC 1950 example value for "Wikipedia".
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test("a palette PNG has a valid structure", arguments: [(1, 1), (3, 2), (300, 250)])
    func structure(size: (Int, Int)) throws {
        let (width, height) = size
        let indices = (0..<(width * height)).map { UInt8($0 % 3) }
        let palette = [RGBColor(hex: 0xFF0000), RGBColor(hex: 0x00FF00), RGBColor(hex: 0x0000FF)]
        let png = [UInt8](PNGEncoder.palettePNG(
            width: width, height: height, indices: indices, palette: palette))
        #expect(Array(png[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var types: [String] = []
        var idat: [UInt8] = []
        while offset + 12 <= png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let body = Array(png[(offset + 8)..<(offset + 8 + length)])
            let stored = png[(offset + 8 + length)..<(offset + 12 + length)]
                .reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(stored == PNGEncoder.crc32(Array(type.utf8) + body), "CRC of \(type)")
            if type == "IDAT" { idat = body }
            types.append(type)
            offset += 12 + length
        }
        #expect(types == ["IHDR", "PLTE", "IDAT", "IEND"])
        #expect(offset == png.count)
        // Undo the stored blocks and check the scanlines and the Adler-32 trailer.
        var raw: [UInt8] = []
        var position = 2
        while true {
            let final = idat[position] & 1 == 1
            let length = Int(idat[position + 1]) | Int(idat[position + 2]) << 8
            raw += idat[(position + 5)..<(position + 5 + length)]
            position += 5 + length
            if final { break }
        }
        #expect(raw.count == (width + 1) * height)
        #expect(raw[0] == 0 && Array(raw[1...width]) == Array(indices[0..<width]))
        let trailer = idat[position..<(position + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(trailer == PNGEncoder.adler32(raw))
    }
}
