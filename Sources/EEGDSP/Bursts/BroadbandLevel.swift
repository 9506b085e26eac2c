import EEGCore

/// The common power level of a band's sub-bands over time: what a broadband (aperiodic) change
/// does to all of them at once, as opposed to a narrowband oscillation, which raises one or two.
///
/// Per block of ``blockDuration`` seconds, each sub-band's envelope power normalized by its
/// aperiodic background (`|z|² / 2σ²`, mean 1 for pure background) is averaged; the median over
/// sub-bands is taken (a narrowband burst reaches at most 3 of gamma's 9 half-overlapping
/// sub-bands, so it cannot move it), then the running median over ``smoothingDuration``
/// seconds. The level is floored at 1, so it only ever raises a threshold: a steady broadband
/// rise of the band (the `ketamine` scenario's +3 dB over 30–80 Hz) becomes background and
/// yields no episodes, while periods at or below the fitted background are judged as before.
///
/// This is the time-resolved counterpart of BOSC's background: BOSC fits the background of
/// the whole recording, which a broadband change halfway through makes wrong for both halves.
public struct BroadbandLevel: Sendable, Equatable {
    /// Block length in seconds (0.5).
    public static let blockDuration: Seconds = 0.5
    /// Running-median window in seconds (20): long next to bursts, short next to a change of
    /// state.
    public static let smoothingDuration: Seconds = 20
    /// The fewest sub-bands for which a median over sub-bands separates narrow from broad (5).
    public static let minimumSubbandCount = 5
    /// A level at least this factor (1.26, +1 dB) counts as a raised broadband level.
    public static let raisedFactor = 1.2589

    /// The level (≥ 1) of each block, as a factor of the aperiodic background's power.
    public let blockFactors: [Double]
    /// Samples per block.
    public let blockCount: Int

    /// Computes the level from each sub-band's block means.
    ///
    /// - Parameters:
    ///   - subbandBlockMeans: Per sub-band, the mean normalized envelope power of each block
    ///     (all of equal length).
    ///   - blockCount: Samples per block.
    ///   - sampleRate: Hz.
    public init(subbandBlockMeans: [[Double]], blockCount: Int, sampleRate: Hertz) {
        self.blockCount = max(blockCount, 1)
        let blocks = subbandBlockMeans.map(\.count).min() ?? 0
        var medians = [Double](repeating: 1, count: blocks)
        for block in 0..<blocks {
            medians[block] = EpisodeDetector.median(subbandBlockMeans.map { $0[block] })
        }
        let blockSeconds = Double(self.blockCount) / sampleRate
        let half = max(1, Int((Self.smoothingDuration / blockSeconds / 2).rounded()))
        blockFactors = (0..<blocks).map { block in
            let window = Array(medians[max(0, block - half)..<min(blocks, block + half + 1)])
            return max(1, EpisodeDetector.median(window))
        }
    }

    /// The level at sample `position` (1 beyond the measured blocks).
    public func factor(at position: Int) -> Double {
        let block = position / blockCount
        return block < blockFactors.count ? blockFactors[block] : 1
    }

    /// The fraction of blocks whose level is at least ``raisedFactor``.
    public var raisedFraction: Double {
        guard !blockFactors.isEmpty else { return 0 }
        let raised = blockFactors.filter { $0 >= Self.raisedFactor }.count
        return Double(raised) / Double(blockFactors.count)
    }
}
