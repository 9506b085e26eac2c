import Foundation

// MARK: - Colour

/// An sRGB colour with components in 0…1.
public struct RGBColor: Sendable, Equatable, Hashable {
    /// Red, 0…1.
    public let red: Double
    /// Green, 0…1.
    public let green: Double
    /// Blue, 0…1.
    public let blue: Double

    /// Creates a colour; components are clamped to 0…1 (non-finite become 0).
    public init(red: Double, green: Double, blue: Double) {
        func clamp(_ value: Double) -> Double { value.isFinite ? min(max(value, 0), 1) : 0 }
        self.red = clamp(red)
        self.green = clamp(green)
        self.blue = clamp(blue)
    }

    /// Creates a colour from a `0xRRGGBB` integer.
    public init(hex: UInt32) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255)
    }

    /// The 8-bit components, rounded.
    public var bytes: (red: UInt8, green: UInt8, blue: UInt8) {
        (UInt8((red * 255).rounded()), UInt8((green * 255).rounded()),
         UInt8((blue * 255).rounded()))
    }

    /// CSS hex notation, `#rrggbb` in lower case.
    public var hexString: String {
        let (r, g, b) = bytes
        return "#" + [r, g, b].map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// Linear interpolation between two colours in sRGB (`fraction` 0 gives `self`).
    public func mixed(with other: RGBColor, fraction: Double) -> RGBColor {
        RGBColor(
            red: red + (other.red - red) * fraction,
            green: green + (other.green - green) * fraction,
            blue: blue + (other.blue - blue) * fraction)
    }
}

// MARK: - Continuous colour map

/// A continuous colour map built from evenly spaced anchor colours, interpolated linearly.
///
/// ``viridis`` is perceptually uniform and readable in greyscale and by colour-blind readers
/// (van der Walt & Smith, 2015, the matplotlib default colour map).
public struct ColorMap: Sendable, Equatable {
    /// A short name (`viridis`).
    public let name: String
    /// Anchor colours at evenly spaced positions from 0 to 1 (at least two).
    public let anchors: [RGBColor]

    /// Creates a colour map.
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` for fewer than 2 anchors.
    public init(name: String, anchors: [RGBColor]) throws {
        guard anchors.count >= 2 else {
            throw PlotError.invalidParameter(
                name: "colour map anchors", value: "\(anchors.count)", expected: "at least 2")
        }
        self.name = name
        self.anchors = anchors
    }

    /// The colour at `position` in 0…1 (clamped; NaN gives the low end).
    public func color(at position: Double) -> RGBColor {
        let clamped = position.isFinite ? min(max(position, 0), 1) : 0
        let scaled = clamped * Double(anchors.count - 1)
        let index = min(Int(scaled), anchors.count - 2)
        return anchors[index].mixed(with: anchors[index + 1], fraction: scaled - Double(index))
    }

    /// Viridis from 33 anchors sampled evenly from its published 256-entry table (matplotlib's
    /// `_viridis_data`, van der Walt & Smith 2015); linear interpolation between them stays
    /// within about 0.01 per component of the table (tested against a matplotlib fixture).
    public static let viridis = ColorMap(
        uncheckedName: "viridis",
        anchors: [
            (0.2670, 0.0049, 0.3294), (0.2770, 0.0503, 0.3757), (0.2823, 0.0950, 0.4173),
            (0.2829, 0.1359, 0.4534), (0.2788, 0.1755, 0.4834), (0.2706, 0.2141, 0.5071),
            (0.2590, 0.2515, 0.5247), (0.2450, 0.2877, 0.5373), (0.2297, 0.3224, 0.5457),
            (0.2143, 0.3556, 0.5512), (0.1994, 0.3876, 0.5546), (0.1856, 0.4186, 0.5568),
            (0.1727, 0.4488, 0.5579), (0.1607, 0.4785, 0.5581), (0.1490, 0.5081, 0.5573),
            (0.1378, 0.5375, 0.5549), (0.1276, 0.5669, 0.5506), (0.1206, 0.5964, 0.5436),
            (0.1206, 0.6258, 0.5335), (0.1323, 0.6550, 0.5197), (0.1579, 0.6838, 0.5017),
            (0.1966, 0.7118, 0.4792), (0.2461, 0.7389, 0.4520), (0.3041, 0.7647, 0.4199),
            (0.3692, 0.7889, 0.3829), (0.4401, 0.8111, 0.3410), (0.5160, 0.8312, 0.2943),
            (0.5958, 0.8487, 0.2433), (0.6785, 0.8637, 0.1895), (0.7624, 0.8764, 0.1371),
            (0.8456, 0.8873, 0.0997), (0.9261, 0.8973, 0.1041), (0.9932, 0.9062, 0.1439),
        ].map { RGBColor(red: $0.0, green: $0.1, blue: $0.2) })

    /// A diverging blue–white–red map for changes around zero (ColorBrewer RdBu, reversed so
    /// that red is a rise, as MNE's `RdBu_r`).
    public static let blueRed = ColorMap(
        uncheckedName: "blue-red",
        anchors: [0x2166AC, 0x67A9CF, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xEF8A62, 0xB2182B]
            .map { RGBColor(hex: $0) })

    init(uncheckedName name: String, anchors: [RGBColor]) {
        self.name = name
        self.anchors = anchors
    }
}

// MARK: - Categorical palette

/// Distinct colours for channels and bands, chosen to stay distinguishable for colour-blind
/// readers (Okabe & Ito, 2008, "Color Universal Design", without its yellow, which is
/// unreadable on white, plus darker extras) and readable on a white background.
public enum CategoricalPalette {
    /// The colours in order of use.
    public static let colors: [RGBColor] = [
        0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xE69F00, 0x000000, 0x8C564B,
        0x7F3C8D, 0x6B8E23,
    ].map { RGBColor(hex: $0) }

    /// The colour of series `index`, cycling through ``colors``.
    public static func color(at index: Int) -> RGBColor {
        colors[((index % colors.count) + colors.count) % colors.count]
    }

    /// A dash pattern that separates series sharing a colour after the palette wraps around:
    /// `nil` (solid) for the first cycle, then dashed and dotted.
    public static func dash(at index: Int) -> String? {
        switch (max(index, 0) / colors.count) % 3 {
        case 0: return nil
        case 1: return "6 3"
        default: return "2 2"
        }
    }

    /// Fill colours for frequency bands: light tints that alternate so that neighbouring bands
    /// stay apart, with the band names drawn above them.
    static let bandTints: [RGBColor] = [0xDCE9F5, 0xF6E3CF, 0xDDF0E2, 0xF0DDEA, 0xE8E4F4]
        .map { RGBColor(hex: $0) }
}
