import EEGCore
import Foundation

/// A validated BrainVision `.vhdr` header (versions 1.0 and 2.0).
///
/// Reference: Brain Products, "BrainVision Core Data Format 1.0" (2019): sections
/// `[Common Infos]`, `[Binary Infos]`, `[Channel Infos]`; channel lines
/// `Ch<n>=<name>,<reference>,<resolution>,<unit>` with `\1` standing for a comma in a name.
/// Defaults follow MNE's `read_raw_brainvision`: an empty resolution is 1, an empty or absent
/// unit is µV.
public struct BrainVisionHeader: Sendable, Equatable {
    /// One channel line.
    public struct Channel: Sendable, Equatable {
        /// The name with `\1` turned back into commas.
        public let name: String
        /// The reference channel name, possibly empty.
        public let reference: String
        /// The resolution as written: physical value per stored unit, in ``unit``.
        public let resolution: Double
        /// The unit as written (empty or absent reads as `µV`).
        public let unit: String
        /// The unit values are reported in: `µV` for any voltage unit (V, mV, µV/uV, nV),
        /// else ``unit`` as written.
        public var physicalUnit: String { Self.microvoltsPer(unit) == nil ? unit : "µV" }
        /// Physical value per stored number, in ``physicalUnit``.
        public var scale: Double { resolution * (Self.microvoltsPer(unit) ?? 1) }

        /// Microvolts per one `unit`, for voltage units; `nil` for others.
        static func microvoltsPer(_ unit: String) -> Double? {
            switch unit {
            case "V": return 1e6
            case "mV": return 1e3
            case "µV", "μV", "uV": return 1
            case "nV": return 1e-3
            default: return nil
            }
        }
    }

    /// The header path, as used in messages.
    public let path: String
    /// 1 or 2.
    public let version: Int
    /// The data file, resolved beside the header.
    public let dataFile: URL
    /// The marker file resolved beside the header, or `nil` when the header names none.
    public let markerFile: URL?
    /// `INT_16`, `INT_32` or `IEEE_FLOAT_32`.
    public let sampleType: BinarySampleType
    /// `MULTIPLEXED` or `VECTORIZED`.
    public let orientation: BinarySampleOrientation
    /// Samples per second, in Hz (10⁶ / `SamplingInterval` µs).
    public let sampleRate: Hertz
    /// `DataPoints`, when the header states it.
    public let declaredSampleCount: Int?
    /// `SegmentDataPoints` of a segmented export (`SegmentationType` other than `NOTSEGMENTED`).
    public let segmentSampleCount: Int?
    /// The channels in file order.
    public let channels: [Channel]

    /// The largest channel count accepted (a sanity bound against lying headers).
    static let maximumChannelCount = 65_536

    /// Parses and validates the header at `url`.
    ///
    /// - Throws: ``BrainVisionError`` naming the field for a missing or invalid field,
    ///   `.unsupported` for ASCII data or big-endian order, `.missingFile` when `DataFile`
    ///   does not exist.
    public init(url: URL) throws {
        let path = url.path
        self.path = path
        let text = try BrainVisionText(url: url)
        guard let version = text.version(kind: "header") else {
            throw BrainVisionError.notBrainVision(path: path, firstLine: text.firstLine)
        }
        self.version = version
        let common = text.entries("Common Infos").isEmpty ? "Common infos" : "Common Infos"
        func required(_ section: String, _ key: String) throws -> String {
            guard let value = text.value(section, key), !value.isEmpty else {
                throw BrainVisionError.missingField(path: path, section: section, key: key)
            }
            return value
        }
        func invalid(_ section: String, _ key: String, _ value: String, _ expected: String)
            -> BrainVisionError
        {
            .invalidField(path: path, section: section, key: key, value: value, expected: expected)
        }
        let folder = url.deletingLastPathComponent()
        let dataName = try required(common, "DataFile")
        dataFile = folder.appendingPathComponent(dataName)
        let format = try required(common, "DataFormat").uppercased()
        switch format {
        case "BINARY": break
        case "ASCII":
            throw BrainVisionError.unsupported(
                path: path, feature: "DataFormat=ASCII",
                advice: "export the recording as BINARY (IEEE_FLOAT_32) from BrainVision "
                    + "Analyzer, or convert it with MNE (read_raw_brainvision + export)")
        default:
            throw invalid(common, "DataFormat", format, "BINARY or ASCII")
        }
        let orientationText = try required(common, "DataOrientation").uppercased()
        guard let orientation = BinarySampleOrientation(rawValue: orientationText) else {
            throw invalid(common, "DataOrientation", orientationText, "MULTIPLEXED or VECTORIZED")
        }
        self.orientation = orientation
        let typeText = try required("Binary Infos", "BinaryFormat").uppercased()
        guard let sampleType = BinarySampleType(rawValue: typeText) else {
            throw invalid("Binary Infos", "BinaryFormat", typeText, "INT_16, INT_32 or IEEE_FLOAT_32")
        }
        self.sampleType = sampleType
        if let bigEndian = text.value("Binary Infos", "UseBigEndianOrder"),
            bigEndian.uppercased() == "YES"
        {
            throw BrainVisionError.unsupported(
                path: path, feature: "UseBigEndianOrder=YES",
                advice: "re-export the data in little-endian order")
        }
        let countText = try required(common, "NumberOfChannels")
        guard let channelCount = Int(countText), (1...Self.maximumChannelCount).contains(channelCount)
        else {
            throw invalid(common, "NumberOfChannels", countText,
                "a whole number 1–\(Self.maximumChannelCount)")
        }
        let intervalText = try required(common, "SamplingInterval")
        guard let interval = Double(intervalText), interval.isFinite, interval > 0,
            1e6 / interval <= 1e7
        else {
            throw invalid(common, "SamplingInterval", intervalText,
                "a positive number of microseconds (at most 10 MHz sampling)")
        }
        sampleRate = 1e6 / interval
        declaredSampleCount = try text.value(common, "DataPoints").map { value in
            guard let count = Int(value), count >= 0 else {
                throw invalid(common, "DataPoints", value, "a whole number ≥ 0")
            }
            return count
        }
        let segmentation = text.value(common, "SegmentationType")?.uppercased() ?? "NOTSEGMENTED"
        segmentSampleCount = segmentation == "NOTSEGMENTED"
            ? nil : text.value(common, "SegmentDataPoints").flatMap { Int($0) }.flatMap {
                $0 > 0 ? $0 : nil
            }
        if let marker = text.value(common, "MarkerFile"), !marker.isEmpty {
            markerFile = folder.appendingPathComponent(marker)
        } else {
            markerFile = nil
        }
        channels = try Self.channels(text: text, count: channelCount, path: path)
    }

    private static func channels(text: BrainVisionText, count: Int, path: String) throws
        -> [Channel]
    {
        var found = [Channel?](repeating: nil, count: count)
        for entry in text.entries("Channel Infos") {
            guard entry.key.hasPrefix("ch"), let number = Int(entry.key.dropFirst(2)) else {
                continue
            }
            guard (1...count).contains(number) else { continue }  // MNE drops extra rows too
            var fields = entry.value.components(separatedBy: ",")
            while fields.count < 4 { fields.append("") }
            let name = fields[0].replacingOccurrences(of: "\\1", with: ",")
            let resolutionText = fields[2].trimmingCharacters(in: .whitespaces)
            let resolution: Double
            if resolutionText.isEmpty {
                resolution = 1
            } else if let value = Double(resolutionText), value.isFinite {
                resolution = value
            } else {
                throw BrainVisionError.invalidField(
                    path: path, section: "Channel Infos", key: "Ch\(number)",
                    value: entry.value, expected: "<name>,<reference>,<resolution number>,<unit>")
            }
            var unit = fields[3].trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "\u{C2}", with: "")
            if unit.isEmpty { unit = "µV" }
            found[number - 1] = Channel(
                name: name, reference: fields[1], resolution: resolution, unit: unit)
        }
        return try found.enumerated().map { index, channel in
            guard let channel else {
                throw BrainVisionError.missingField(
                    path: path, section: "Channel Infos", key: "Ch\(index + 1)")
            }
            return channel
        }
    }
}
