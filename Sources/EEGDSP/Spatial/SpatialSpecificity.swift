import EEGCore

/// How much a per-channel quantity (band power or its change, in dB) concentrates on the
/// posterior midline (CPz, Pz, POz, Oz) compared with the rest of the head.
///
/// Statistic: contrast = mean over the posterior-midline channels − mean over the other scalp
/// channels (dB). Null hypothesis: the values are exchangeable across channel labels, i.e. the
/// map carries no information about which channels are posterior-midline; the null
/// distribution is the contrast for every way of choosing as many channels as "posterior" from
/// all channels (exact enumeration up to 50 000 subsets, else that many seeded random draws).
/// One-sided p = (1 + #{contrast_perm ≥ contrast_obs}) / (1 + N). The pattern is "posterior"
/// when p < `alpha` (default 0.05) and the contrast is positive. With ~20 channels the smallest
/// attainable p is about 1/C(n, 4) (n = 22: 1/7315), so the test has power; with fewer than 8
/// channels it is reported but cannot reach 0.05 unless n ≥ 7.
///
/// ```swift
/// let result = try SpatialSpecificity.posteriorMidline(labels: labels, values: changeDecibels)
/// result.isPosterior
/// ```
public struct SpatialSpecificity: Sendable, Equatable, Codable {
    /// The posterior-midline channels found, in the recording's spelling.
    public let posteriorChannels: [String]
    /// The number of other scalp channels compared against.
    public let otherChannelCount: Int
    /// Mean over posterior-midline channels minus mean over the others (same unit as values).
    public let contrast: Double
    /// One-sided permutation p-value (posterior greater).
    public let p: Double
    /// Subsets in the null distribution.
    public let permutations: Int
    /// Whether the null was enumerated exactly.
    public let exact: Bool
    /// The channel with the largest value.
    public let maximumChannel: String
    /// `contrast > 0 && p < alpha`.
    public let isPosterior: Bool

    enum CodingKeys: String, CodingKey {
        case posteriorChannels = "posterior_channels"
        case otherChannelCount = "other_channels"
        case contrast = "contrast_db"
        case p, permutations, exact
        case maximumChannel = "maximum_channel"
        case isPosterior = "posterior"
    }

    /// The posterior-midline electrodes.
    public static let posteriorMidlineNames = ["CPz", "Pz", "POz", "Oz"]

    /// Tests `values` (one per label, e.g. dB) for posterior-midline concentration.
    ///
    /// Labels without a standard or supplied position (ECG, EOG, …) are ignored; non-finite
    /// values too.
    ///
    /// - Parameters:
    ///   - labels: Channel labels.
    ///   - values: One value per label.
    ///   - alpha: Significance level (default 0.05).
    ///   - seed: Seed of the random draws when enumeration is too large (default 1).
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` when fewer than 2
    ///   posterior-midline or fewer than 2 other scalp channels are present, or lengths differ.
    public static func posteriorMidline(
        labels: [String], values: [Double], alpha: Double = 0.05, seed: UInt64 = 1
    ) throws -> SpatialSpecificity {
        guard labels.count == values.count else {
            throw DSPError.invalidParameter(
                name: "values", value: "\(values.count) for \(labels.count) labels",
                expected: "one value per channel")
        }
        let layout = ElectrodeLayout(labels: labels)
        let usable = labels.indices.filter { layout.positions[$0] != nil && values[$0].isFinite }
        let isPosterior = usable.map { index in
            posteriorMidlineNames.contains { ChannelName.matches(labels[index], $0) }
        }
        let posteriorCount = isPosterior.filter { $0 }.count
        guard posteriorCount >= 2, usable.count - posteriorCount >= 2 else {
            throw DSPError.invalidParameter(
                name: "spatial specificity", value: "\(posteriorCount) posterior-midline and "
                    + "\(usable.count - posteriorCount) other scalp channels",
                expected: "at least 2 of CPz, Pz, POz, Oz and 2 other scalp channels")
        }
        let used = usable.map { values[$0] }
        let total = used.reduce(0, +)
        let n = used.count
        let k = posteriorCount
        func contrast(posteriorSum: Double) -> Double {
            posteriorSum / Double(k) - (total - posteriorSum) / Double(n - k)
        }
        let observedSum = zip(used, isPosterior).filter { $0.1 }.map(\.0).reduce(0, +)
        let observed = contrast(posteriorSum: observedSum)
        // Compare with a small tolerance so that subsets equal to the observed one (up to
        // summation order) count as "at least as extreme".
        let tolerance = 1e-12 * max(1, used.map(abs).max() ?? 1)
        var extreme = 0
        var draws = 0
        let subsetCount = binomial(n, k)
        let exact = subsetCount <= 50_000
        if exact {
            var subset = Array(0..<k)
            while true {
                let sum = subset.reduce(0) { $0 + used[$1] }
                if contrast(posteriorSum: sum) >= observed - tolerance { extreme += 1 }
                draws += 1
                guard advance(&subset, n: n) else { break }
            }
        } else {
            var generator = SeededGenerator(seed: seed)
            var indices = Array(0..<n)
            for _ in 0..<50_000 {
                for position in 0..<k {
                    let pick = Int.random(in: position..<n, using: &generator)
                    indices.swapAt(position, pick)
                }
                let sum = indices.prefix(k).reduce(0) { $0 + used[$1] }
                if contrast(posteriorSum: sum) >= observed - tolerance { extreme += 1 }
                draws += 1
            }
        }
        // Exact enumeration already contains the observed labelling; random draws add it.
        let p = exact
            ? Double(extreme) / Double(draws)
            : Double(1 + extreme) / Double(1 + draws)
        let maximum = usable[used.indices.max { used[$0] < used[$1] } ?? 0]
        return SpatialSpecificity(
            posteriorChannels: zip(usable, isPosterior).filter { $0.1 }.map { labels[$0.0] },
            otherChannelCount: n - k, contrast: observed, p: p, permutations: draws,
            exact: exact, maximumChannel: labels[maximum], isPosterior: observed > 0 && p < alpha)
    }

    private static func binomial(_ n: Int, _ k: Int) -> Int {
        var result = 1.0
        for index in 0..<k { result = result * Double(n - index) / Double(index + 1) }
        return result > 1e9 ? Int.max : Int(result.rounded())
    }

    /// The next k-subset of 0..<n in lexicographic order; `false` after the last.
    private static func advance(_ subset: inout [Int], n: Int) -> Bool {
        let k = subset.count
        var position = k - 1
        while position >= 0 && subset[position] == n - k + position { position -= 1 }
        guard position >= 0 else { return false }
        subset[position] += 1
        for next in (position + 1)..<k { subset[next] = subset[next - 1] + 1 }
        return true
    }
}
