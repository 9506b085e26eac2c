import EEGCore

extension TestData {
    /// Gap-free stretches written compactly as `onset:duration` pairs in seconds, `;`
    /// separated (e.g. `"0:4;6.5:3"`), for building discontinuous test recordings.
    /// Precondition: every pair is two numbers (a test typo, not input to handle).
    public static func stretches(_ text: String) throws -> [GapFreeStretch] {
        try GapFreeStretch.sequence(
            text.split(separator: ";").map { pair in
                let fields = pair.split(separator: ":").compactMap { Double($0) }
                precondition(fields.count == 2, "bad stretch '\(pair)' in test data")
                return (onset: fields[0], duration: fields[1])
            })
    }
}
