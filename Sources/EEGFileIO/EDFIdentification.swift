import Foundation

/// The EDF+ subfields of the 80-byte *local patient identification* field.
///
/// EDF+ (Kemp & Olivan 2003, section 2.1.3.3) splits the field at spaces into: hospital code,
/// sex (`M`, `F` or `X`), birthdate (`dd-MMM-yyyy`, e.g. `02-AUG-1951`, or `X`), name (spaces
/// replaced by `_`), and optional further text. `X` means "unknown" and is kept as written.
public struct EDFPatientIdentification: Sendable, Equatable {
    /// The hospital administration code, or `X`.
    public let code: String
    /// `M`, `F` or `X` as written.
    public let sex: String
    /// The birthdate as written (`dd-MMM-yyyy` or `X`).
    public let birthdate: String
    /// The patient name with `_` for spaces, or `X`.
    public let name: String
    /// Any further subfields, joined by single spaces.
    public let additional: String

    /// Creates the subfields (each is written with spaces replaced by `_`).
    public init(
        code: String = "X", sex: String = "X", birthdate: String = "X", name: String = "X",
        additional: String = ""
    ) {
        self.code = code
        self.sex = sex
        self.birthdate = birthdate
        self.name = name
        self.additional = additional
    }

    /// Splits an EDF+ patient field, or returns `nil` when it has fewer than 4 subfields.
    public init?(parsing field: String) {
        let parts = field.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 4 else { return nil }
        self.init(
            code: parts[0], sex: parts[1], birthdate: parts[2], name: parts[3],
            additional: parts.dropFirst(4).joined(separator: " "))
    }

    /// The 80-byte field text (before padding).
    public var fieldText: String {
        let main = [code, sex, birthdate, name].map(EDFText.subfield)
        let extra = additional.isEmpty ? [] : [EDFText.ascii(additional)]
        return (main + extra).joined(separator: " ")
    }
}

/// The EDF+ subfields of the 80-byte *local recording identification* field.
///
/// EDF+ section 2.1.3.2: the text `Startdate`, the start date (`dd-MMM-yyyy` or `X`), the
/// hospital administration code of the investigation, the technician, the equipment, then
/// optional further text.
public struct EDFRecordingIdentification: Sendable, Equatable {
    /// The start date as written (`dd-MMM-yyyy` or `X`).
    public let startdate: String
    /// The hospital administration code of the investigation, or `X`.
    public let administrationCode: String
    /// The technician, or `X`.
    public let technician: String
    /// The equipment, or `X`.
    public let equipment: String
    /// Any further subfields, joined by single spaces.
    public let additional: String

    /// Creates the subfields.
    public init(
        startdate: String = "X", administrationCode: String = "X", technician: String = "X",
        equipment: String = "X", additional: String = ""
    ) {
        self.startdate = startdate
        self.administrationCode = administrationCode
        self.technician = technician
        self.equipment = equipment
        self.additional = additional
    }

    /// Splits an EDF+ recording field, or returns `nil` unless it starts with `Startdate` and
    /// has at least 5 subfields.
    public init?(parsing field: String) {
        let parts = field.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 5, parts[0] == "Startdate" else { return nil }
        self.init(
            startdate: parts[1], administrationCode: parts[2], technician: parts[3],
            equipment: parts[4], additional: parts.dropFirst(5).joined(separator: " "))
    }

    /// The 80-byte field text (before padding).
    public var fieldText: String {
        let main = [startdate, administrationCode, technician, equipment].map(EDFText.subfield)
        let extra = additional.isEmpty ? [] : [EDFText.ascii(additional)]
        return (["Startdate"] + main + extra).joined(separator: " ")
    }

    /// The full date of the `Startdate` subfield (`dd-MMM-yyyy`, month in English capitals),
    /// as (year, month, day), or `nil` for `X` or text that is not such a date.
    public var startdateComponents: (year: Int, month: Int, day: Int)? {
        let parts = startdate.split(separator: "-")
        guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]),
            parts[2].count == 4,
            let month = EDFText.monthNames.firstIndex(of: parts[1].uppercased())
        else { return nil }
        return (year, month + 1, day)
    }
}

/// Helpers for the ASCII text of EDF headers.
enum EDFText {
    static let monthNames = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ]

    /// Printable ASCII only: other characters become `_` (EDF headers allow bytes 32–126).
    static func ascii(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { (32...126).contains($0.value) ? $0 : "_" }))
    }

    /// One EDF+ subfield: printable ASCII without spaces; empty becomes `X`.
    static func subfield(_ text: String) -> String {
        let cleaned = ascii(text).replacingOccurrences(of: " ", with: "_")
        return cleaned.isEmpty ? "X" : cleaned
    }

    /// `dd-MMM-yyyy` for a date (UTC calendar fields).
    static func edfPlusDate(year: Int, month: Int, day: Int) -> String {
        let dayText = day < 10 ? "0\(day)" : "\(day)"
        return "\(dayText)-\(monthNames[month - 1])-\(year)"
    }
}
