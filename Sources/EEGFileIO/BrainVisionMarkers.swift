import EEGCore
import Foundation

/// The markers of a BrainVision `.vmrk` file, turned into annotations as MNE does.
///
/// Marker lines are `Mk<n>=<type>,<description>,<position>,<size>,<channel>[,<date>]`, with
/// 1-based sample positions and `\1` for commas in the texts. As `mne.io.read_raw_brainvision`
/// (MNE 1.13): the annotation text is `<type>/<description>` (e.g. `Stimulus/S  1`); the onset
/// is `(position − 1) / rate`; the duration `size / rate` (0 when the size is not a number);
/// the first marker is dropped when it is a `New Segment` (it only dates the recording); the
/// first dated `New Segment` gives the start date; markers that start after the end of the
/// data are dropped and durations are clipped to it.
public struct BrainVisionMarkers: Sendable, Equatable {
    /// One marker as written.
    public struct Marker: Sendable, Equatable {
        /// E.g. `Stimulus`, `New Segment`.
        public let type: String
        /// E.g. `S  1`, possibly empty.
        public let description: String
        /// 0-based sample index (the file's position − 1).
        public let sampleIndex: Int
        /// Samples covered (≥ 0).
        public let sampleCount: Int
        /// The `YYYYMMDDhhmmssuuuuuu` date of a `New Segment` marker, when present.
        public let date: Date?
    }

    /// Every marker line in file order.
    public let markers: [Marker]

    /// Parses `url`.
    ///
    /// - Throws: ``BrainVisionError`` for an unreadable file or a malformed marker line.
    public init(url: URL) throws {
        let path = url.path
        let text = try BrainVisionText(url: url)
        var markers: [Marker] = []
        for entry in text.entries("Marker Infos") where entry.key.hasPrefix("mk") {
            guard Int(entry.key.dropFirst(2)) != nil else { continue }
            let fields = entry.value.components(separatedBy: ",")
            let expected = "<type>,<description>,<position ≥ 1>,<size>,<channel>[,<date>]"
            guard fields.count >= 4, let position = Int(fields[2].trimmingCharacters(in: .whitespaces)),
                position >= 1 || position == 0
            else {
                throw BrainVisionError.invalidMarker(
                    path: path, line: entry.line, text: entry.value, expected: expected)
            }
            let sizeText = fields[3].trimmingCharacters(in: .whitespaces)
            let size = sizeText.allSatisfy(\.isNumber) ? Int(sizeText) ?? 0 : 0
            let type = fields[0].replacingOccurrences(of: "\\1", with: ",")
            let date = fields.count == 6 && type == "New Segment" ? Self.date(fields[5]) : nil
            markers.append(
                Marker(
                    type: type, description: fields[1].replacingOccurrences(of: "\\1", with: ","),
                    sampleIndex: position - 1, sampleCount: size, date: date))
        }
        self.markers = markers
    }

    /// The start date: that of the first dated `New Segment` marker.
    public var startDate: Date? { markers.lazy.compactMap(\.date).first }

    /// The annotations of a recording of `sampleCount` samples at `sampleRate` Hz (see the
    /// type's discussion for MNE's rules), onsets in seconds from sample 0.
    public func annotations(sampleRate: Hertz, sampleCount: Int) -> [Annotation] {
        var list = markers[...]
        if list.first?.type == "New Segment" { list = list.dropFirst() }
        let end = Double(sampleCount) / sampleRate
        return list.compactMap { marker in
            let onset = Double(marker.sampleIndex) / sampleRate
            let duration = Double(marker.sampleCount) / sampleRate
            guard onset <= end, onset + duration >= 0 else { return nil }
            let clippedOnset = max(0, onset)
            let clipped = onset < 0 || onset + duration > end
            return Annotation(
                onset: clippedOnset,
                duration: clipped ? min(onset + duration, end) - clippedOnset : duration,
                description: marker.type + "/" + marker.description)
        }
    }

    /// `YYYYMMDDhhmmssuuuuuu` (UTC, as MNE) or `nil` for zeros and malformed text.
    static func date(_ text: String) -> Date? {
        let digits = text.trimmingCharacters(in: .whitespaces)
        guard digits.count == 20, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            digits != String(repeating: "0", count: 20)
        else { return nil }
        func number(_ from: Int, _ length: Int) -> Int {
            let start = digits.index(digits.startIndex, offsetBy: from)
            return Int(digits[start..<digits.index(start, offsetBy: length)]) ?? 0
        }
        var components = DateComponents()
        components.year = number(0, 4)
        components.month = number(4, 2)
        components.day = number(6, 2)
        components.hour = number(8, 2)
        components.minute = number(10, 2)
        components.second = number(12, 2)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        guard let whole = calendar.date(from: components) else { return nil }
        return whole.addingTimeInterval(Double(number(14, 6)) / 1e6)
    }
}
