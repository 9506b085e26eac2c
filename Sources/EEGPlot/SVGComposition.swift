import Foundation

/// Combines finished SVG pictures (as ``SVGDocument/rendered()`` writes them) into one.
public enum SVGComposition {
    /// The pictures stacked top to bottom in one SVG, each as a nested `<svg>` at its own
    /// offset, so that each keeps its own axes (e.g. one PSD panel per physical unit).
    ///
    /// - Parameters:
    ///   - pictures: Complete SVG documents with numeric `width` and `height` on the root.
    ///   - title: The accessible title of the whole picture.
    /// - Returns: One SVG document as wide as the widest picture and as tall as all together;
    ///   a single picture is returned unchanged.
    /// - Throws: ``PlotError/invalidParameter(name:value:expected:)`` for no pictures or a
    ///   picture without a numeric size.
    public static func stackedVertically(_ pictures: [String], title: String) throws -> String {
        guard !pictures.isEmpty else {
            throw PlotError.invalidParameter(
                name: "pictures", value: "none", expected: "at least one SVG")
        }
        if pictures.count == 1 { return pictures[0] }
        var width = 0.0
        var offset = 0.0
        var body = ""
        for picture in pictures {
            guard let open = picture.range(of: "<svg "),
                let size = rootSize(picture[open.upperBound...])
            else {
                throw PlotError.invalidParameter(
                    name: "picture", value: String(picture.prefix(40)),
                    expected: "an SVG document whose root has numeric width and height")
            }
            let text = picture.trimmingCharacters(in: .whitespacesAndNewlines)
            let start = text.range(of: "<svg ") ?? open
            body += "<svg x=\"0\" y=\"\(svgNumber(offset))\" " + text[start.upperBound...] + "\n"
            width = max(width, size.width)
            offset += size.height
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" "
            + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
            + "width=\"\(svgNumber(width))\" height=\"\(svgNumber(offset))\" "
            + "viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(offset))\" role=\"img\">\n"
            + "<title>\(escapedText(title))</title>\n" + body + "</svg>\n"
    }

    /// The `width` and `height` attributes of a root tag (the text after `<svg `).
    static func rootSize(_ tag: Substring) -> (width: Double, height: Double)? {
        let header = tag.prefix { $0 != ">" }
        func value(_ name: String) -> Double? {
            guard let range = header.range(of: " \(name)=\"") ?? header.range(of: "\(name)=\"")
            else { return nil }
            return Double(header[range.upperBound...].prefix { $0 != "\"" })
        }
        guard let width = value("width"), let height = value("height") else { return nil }
        return (width, height)
    }
}
