import Foundation
import Testing
@testable import EEGPlot

@Suite("SVG document builder")
struct SVGDocumentTests {
    @Test("numbers use fixed decimals without trailing zeros or negative zero", arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (1.5, "1.5"), (1.006, "1.01"), (1.004, "1"),
        (-2.25, "-2.25"),
        (123.456, "123.46"), (-0.001, "0"), (1e15, "1000000000000"), (0.1 + 0.2, "0.3"),
        (Double.nan, "0"), (Double.infinity, "0"),
    ])
    func numberFormatting(value: Double, expected: String) {
        #expect(svgNumber(value) == expected)
    }

    @Test("text and attributes escape markup characters")
    func escaping() throws {
        #expect(escapedText("a < b & c > d") == "a &lt; b &amp; c &gt; d")
        #expect(escapedText("bell\u{7}") == "bell")
        #expect(escapedAttribute("say \"hi\" 'x'") == "say &quot;hi&quot; &#39;x&#39;")
        var document = try SVGDocument(width: 100, height: 80, title: "T<&>")
        document.text("<script>&amp;", x: 1, y: 2)
        let svg = document.rendered()
        #expect(svg.contains("<title>T&lt;&amp;&gt;</title>"))
        #expect(svg.contains(">&lt;script&gt;&amp;amp;</text>"))
        #expect(!svg.contains("<script>"))
    }

    @Test("identifiers are replaced by a content-derived prefix")
    func identifiers() throws {
        func picture(_ text: String) throws -> String {
            var document = try SVGDocument(width: 100, height: 80)
            let identifier = document.makeIdentifier("clip")
            document.addDefinition("<clipPath id=\"\(identifier)\"></clipPath>")
            document.rect(x: 0, y: 0, width: 10, height: 10, fill: "url(#\(identifier))")
            document.text(text, x: 0, y: 0)
            return document.rendered()
        }
        let first = try picture("a")
        #expect(!first.contains("\u{1}"))
        let identifier = try #require(first.firstMatch(of: /id="(p[0-9a-f]{8}-clip1)"/))
        #expect(first.contains("url(#\(identifier.1))"))
        #expect(try picture("a") == first)
        #expect(try picture("b").firstMatch(of: /id="(p[0-9a-f]{8}-clip1)"/)?.1
                != identifier.1)
    }

    @Test("invalid sizes throw", arguments: [0.0, -10, 49, 20_001, .nan, .infinity])
    func invalidSize(size: Double) {
        #expect(throws: PlotError.self) { try SVGDocument(width: size, height: 100) }
        #expect(throws: PlotError.self) { try SVGDocument(width: 100, height: size) }
    }

    @Test("path data and polylines are written in call order")
    func pathData() throws {
        var path = SVGPath()
        #expect(path.isEmpty)
        path.move(to: 1, 2)
        path.line(to: 3.333, 4)
        path.close()
        #expect(path.data == "M1,2 L3.33,4 Z")
        var document = try SVGDocument(width: 100, height: 80)
        document.polyline([(0, 0)], stroke: "#000")
        document.polyline([(0, 0), (1.5, 2)], stroke: "#000")
        #expect(document.rendered().contains("points=\"0,0 1.5,2\""))
        #expect(document.rendered().components(separatedBy: "<polyline").count == 2)
    }

    @Test("stable hash is FNV-1a")
    func stableHashValue() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; the upper half is used.
        #expect(stableHash("a") == "af63dc4c")
    }
}
