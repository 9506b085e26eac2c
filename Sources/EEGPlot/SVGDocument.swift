import Foundation

// MARK: - Document builder

/// A small SVG 1.1 document builder with deterministic output.
///
/// Coordinates are written with at most two decimals (trailing zeros dropped), text is escaped,
/// elements appear in the order they were added, and nothing depends on the clock, the locale
/// or hashing order, so the same calls always produce the same bytes.
///
/// Identifiers of definitions (clip paths, gradients, patterns) are made unique per picture:
/// ``makeIdentifier(_:)`` returns a placeholder that ``rendered()`` replaces with a prefix
/// derived from a hash of the finished content. Several pictures can therefore be inlined into
/// one HTML page without their `id`s colliding, and the output stays deterministic.
///
/// ```swift
/// var document = try SVGDocument(width: 200, height: 100, title: "Example")
/// document.rect(x: 0, y: 0, width: 200, height: 100, fill: "#ffffff")
/// document.text("A < B", x: 100, y: 50, anchor: .middle)
/// let svg = document.rendered()
/// ```
public struct SVGDocument: Sendable {
    /// The picture's width in CSS pixels.
    public let width: Double
    /// The picture's height in CSS pixels.
    public let height: Double
    /// The accessible title (`<title>`), also shown as a tooltip by browsers.
    public let title: String

    private var definitions: [String] = []
    private var body: [String] = []
    private var identifierCount = 0

    /// The font stack used for all text.
    public static let fontFamily = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"

    /// Creates an empty document.
    /// - Parameters:
    ///   - width: Width in CSS pixels, 50–20000.
    ///   - height: Height in CSS pixels, 50–20000.
    ///   - title: The accessible title.
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` for a size outside the range.
    public init(width: Double, height: Double, title: String = "") throws {
        try Self.validateSize(name: "width", width)
        try Self.validateSize(name: "height", height)
        self.width = width
        self.height = height
        self.title = title
    }

    static func validateSize(name: String, _ value: Double) throws {
        guard value.isFinite, value >= 50, value <= 20_000 else {
            throw PlotError.invalidParameter(
                name: name, value: "\(value)", expected: "a finite size of 50–20000 px")
        }
    }

    // MARK: - Identifiers

    /// Returns a new identifier for a definition (`clipPath`, gradient, pattern).
    ///
    /// Use it as `url(#identifier)` or `id="identifier"`; the placeholder is replaced in
    /// ``rendered()``.
    public mutating func makeIdentifier(_ stem: String) -> String {
        identifierCount += 1
        return "\(Self.identifierPlaceholder)\(stem)\(identifierCount)"
    }

    /// A control character cannot survive text escaping, so it never collides with content.
    static let identifierPlaceholder = "\u{1}"

    // MARK: - Elements

    /// Adds raw markup to the `<defs>` section. The caller is responsible for its validity.
    public mutating func addDefinition(_ markup: String) {
        definitions.append(markup)
    }

    /// Adds raw markup to the body. The caller is responsible for its validity.
    public mutating func addRaw(_ markup: String) {
        body.append(markup)
    }

    /// Adds a rectangle. Sizes are in pixels; negative sizes are normalized.
    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        stroke: String? = nil, strokeWidth: Double = 1, opacity: Double? = nil,
        extra: String = ""
    ) {
        let left = min(x, x + width)
        let top = min(y, y + height)
        var markup = "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" "
            + "width=\"\(svgNumber(abs(width)))\" height=\"\(svgNumber(abs(height)))\" "
            + "fill=\"\(escapedAttribute(fill))\""
        if let stroke {
            markup += " stroke=\"\(escapedAttribute(stroke))\" "
                + "stroke-width=\"\(svgNumber(strokeWidth))\""
        }
        if let opacity { markup += " fill-opacity=\"\(svgNumber(opacity, decimals: 3))\"" }
        if !extra.isEmpty { markup += " " + extra }
        body.append(markup + "/>")
    }

    /// Adds a straight line segment.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
        strokeWidth: Double = 1, dash: String? = nil, extra: String = ""
    ) {
        var markup = "<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" "
            + "x2=\"\(svgNumber(x2))\" y2=\"\(svgNumber(y2))\" "
            + "stroke=\"\(escapedAttribute(stroke))\" stroke-width=\"\(svgNumber(strokeWidth))\""
        if let dash { markup += " stroke-dasharray=\"\(escapedAttribute(dash))\"" }
        if !extra.isEmpty { markup += " " + extra }
        body.append(markup + "/>")
    }

    /// Adds an open polyline through `points` (pixel coordinates); no-op for fewer than 2 points.
    public mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, strokeWidth: Double = 1.5,
        dash: String? = nil, extra: String = ""
    ) {
        guard points.count >= 2 else { return }
        var coordinates = ""
        coordinates.reserveCapacity(points.count * 12)
        for (index, point) in points.enumerated() {
            if index > 0 { coordinates += " " }
            coordinates += svgNumber(point.x) + "," + svgNumber(point.y)
        }
        var markup = "<polyline points=\"\(coordinates)\" fill=\"none\" "
            + "stroke=\"\(escapedAttribute(stroke))\" stroke-width=\"\(svgNumber(strokeWidth))\" "
            + "stroke-linejoin=\"round\" stroke-linecap=\"round\""
        if let dash { markup += " stroke-dasharray=\"\(escapedAttribute(dash))\"" }
        if !extra.isEmpty { markup += " " + extra }
        body.append(markup + "/>")
    }

    /// Adds a path from path data built with ``SVGPath``.
    public mutating func path(
        _ data: SVGPath, fill: String = "none", stroke: String? = nil, strokeWidth: Double = 1,
        extra: String = ""
    ) {
        guard !data.isEmpty else { return }
        var markup = "<path d=\"\(data.data)\" fill=\"\(escapedAttribute(fill))\""
        if let stroke {
            markup += " stroke=\"\(escapedAttribute(stroke))\" "
                + "stroke-width=\"\(svgNumber(strokeWidth))\""
        }
        if !extra.isEmpty { markup += " " + extra }
        body.append(markup + "/>")
    }

    /// Adds a circle.
    public mutating func circle(
        centerX: Double, centerY: Double, radius: Double, fill: String,
        stroke: String? = nil, strokeWidth: Double = 1
    ) {
        var markup = "<circle cx=\"\(svgNumber(centerX))\" cy=\"\(svgNumber(centerY))\" "
            + "r=\"\(svgNumber(radius))\" fill=\"\(escapedAttribute(fill))\""
        if let stroke {
            markup += " stroke=\"\(escapedAttribute(stroke))\" "
                + "stroke-width=\"\(svgNumber(strokeWidth))\""
        }
        body.append(markup + "/>")
    }

    /// Adds a single line of text (escaped).
    /// - Parameters:
    ///   - rotation: Degrees clockwise about (`x`, `y`); 0 for none.
    public mutating func text(
        _ content: String, x: Double, y: Double, anchor: SVGTextAnchor = .start,
        baseline: SVGTextBaseline = .alphabetic, size: Double = 12, weight: SVGFontWeight = .normal,
        fill: String = "#222222", rotation: Double = 0, extra: String = ""
    ) {
        var markup = "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" "
            + "font-size=\"\(svgNumber(size))\""
        if anchor != .start { markup += " text-anchor=\"\(anchor.rawValue)\"" }
        if baseline != .alphabetic { markup += " dominant-baseline=\"\(baseline.rawValue)\"" }
        if weight != .normal { markup += " font-weight=\"\(weight.rawValue)\"" }
        markup += " fill=\"\(escapedAttribute(fill))\""
        if rotation != 0 {
            markup += " transform=\"rotate(\(svgNumber(rotation)) "
                + "\(svgNumber(x)) \(svgNumber(y)))\""
        }
        if !extra.isEmpty { markup += " " + extra }
        body.append(markup + ">" + escapedText(content) + "</text>")
    }

    /// Opens a group; close it with ``endGroup()``.
    /// - Parameter attributes: Raw attributes such as `clip-path="url(#…)"`.
    public mutating func beginGroup(_ attributes: String = "") {
        body.append(attributes.isEmpty ? "<g>" : "<g \(attributes)>")
    }

    /// Closes the innermost group.
    public mutating func endGroup() {
        body.append("</g>")
    }

    // MARK: - Output

    /// The finished SVG (UTF-8 text ending in a newline), with identifiers made unique.
    public func rendered() -> String {
        var output = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
            + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
            + "width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" "
            + "viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" "
            + "font-family=\"\(escapedAttribute(Self.fontFamily))\" role=\"img\">\n"
        if !title.isEmpty { output += "<title>\(escapedText(title))</title>\n" }
        if !definitions.isEmpty {
            output += "<defs>\n" + definitions.joined(separator: "\n") + "\n</defs>\n"
        }
        output += body.joined(separator: "\n")
        output += "\n</svg>\n"
        guard identifierCount > 0 else { return output }
        let prefix = "p" + stableHash(output) + "-"
        return output.replacingOccurrences(of: Self.identifierPlaceholder, with: prefix)
    }
}

// MARK: - Text attributes

/// Horizontal alignment of text relative to its anchor point (`text-anchor`).
public enum SVGTextAnchor: String, Sendable {
    /// The text starts at the anchor point (default).
    case start
    /// The text is centred on the anchor point.
    case middle
    /// The text ends at the anchor point.
    case end
}

/// Vertical alignment of text relative to its anchor point (`dominant-baseline`).
public enum SVGTextBaseline: String, Sendable {
    /// The alphabetic baseline sits on `y` (default).
    case alphabetic
    /// The text is centred vertically on `y`.
    case central
    /// The top of the text hangs from `y`.
    case hanging
}

/// Font weight of text.
public enum SVGFontWeight: String, Sendable {
    /// Regular weight (default).
    case normal
    /// Bold.
    case bold
}

// MARK: - Path data

/// Path data (`d` attribute) with deterministic number formatting.
public struct SVGPath: Sendable, Equatable {
    /// The path data text.
    public private(set) var data = ""

    /// An empty path.
    public init() {}

    /// Whether no command was added.
    public var isEmpty: Bool { data.isEmpty }

    /// Starts a new subpath at (`x`, `y`).
    public mutating func move(to x: Double, _ y: Double) {
        append("M\(svgNumber(x)),\(svgNumber(y))")
    }

    /// Draws a straight line to (`x`, `y`).
    public mutating func line(to x: Double, _ y: Double) {
        append("L\(svgNumber(x)),\(svgNumber(y))")
    }

    /// Closes the current subpath.
    public mutating func close() {
        append("Z")
    }

    private mutating func append(_ command: String) {
        if !data.isEmpty { data += " " }
        data += command
    }
}

// MARK: - Formatting helpers

/// Formats `value` with at most `decimals` decimals, dropping trailing zeros and never writing
/// `-0`. Non-finite values become `0` (they are filtered before drawing; this only guards the
/// output's validity). Independent of the locale.
func svgNumber(_ value: Double, decimals: Int = 2) -> String {
    guard value.isFinite else { return "0" }
    let clamped = min(max(value, -1e12), 1e12)
    var scale: Double = 1
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (clamped * scale).rounded()
    if scaled == 0 { return "0" }
    let negative = scaled < 0
    let magnitude = Int64(abs(scaled))
    let divisor = Int64(scale)
    let integerPart = magnitude / divisor
    var fraction = magnitude % divisor
    var text = (negative ? "-" : "") + String(integerPart)
    if fraction > 0 {
        var digits = decimals
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let fractionText = String(fraction)
        text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
    return text
}

/// Escapes text content for XML and HTML: `&`, `<`, `>`, and removes control characters that
/// XML 1.0 forbids.
func escapedText(_ text: String) -> String {
    escaped(text, keepingIdentifierPlaceholder: false)
}

private func escaped(_ text: String, keepingIdentifierPlaceholder: Bool) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
        case "\u{1}" where keepingIdentifierPlaceholder: result.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                continue
            }
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}

/// Escapes text for a double-quoted attribute value (also `"` and `'`); keeps the identifier
/// placeholder so that `url(#…)` references made with ``SVGDocument/makeIdentifier(_:)`` work.
func escapedAttribute(_ text: String) -> String {
    escaped(text, keepingIdentifierPlaceholder: true)
        .replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
}

/// 64-bit FNV-1a of the UTF-8 bytes, as 8 hex digits of its upper half: stable across runs and
/// platforms, unlike `Hasher`.
func stableHash(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    let digits = String(hash >> 32, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}
