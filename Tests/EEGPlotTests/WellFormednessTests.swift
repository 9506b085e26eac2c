import Foundation
import Testing
import _TestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("SVG well-formedness")
struct WellFormednessTests {
    static var snapshotNames: [String] {
        let folder = TestData.fixtures("EEGPlotTests")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".svg") }.sorted()
    }

    @Test("every SVG snapshot parses as XML with an svg root", arguments: snapshotNames)
    func parses(name: String) throws {
        let data = try Data(contentsOf: TestData.fixtures("EEGPlotTests")
            .appendingPathComponent(name))
        let parser = XMLParser(data: data)
        let delegate = RootRecorder()
        parser.delegate = delegate
        #expect(parser.parse(), "\(name): \(String(describing: parser.parserError))")
        #expect(delegate.root == "svg")
        #expect(delegate.elementCount > 20)
    }

    @Test("there are snapshots to check")
    func snapshotsExist() {
        #expect(Self.snapshotNames.count >= 7)
    }

    final class RootRecorder: NSObject, XMLParserDelegate {
        var root: String?
        var elementCount = 0

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            if root == nil { root = elementName }
            elementCount += 1
        }
    }
}
