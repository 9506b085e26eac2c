import EEGCore
import Foundation

/// The half-maximum rule across channels: an episode seen on several channels at once is kept
/// only where its amplitude is at least a fraction of its largest amplitude.
///
/// Scalp EEG is volume-conducted: one source shows on many electrodes with an amplitude that
/// falls off with distance. Reporting every channel where the weakened copy crosses a
/// threshold would make the episode's extent depend on its strength; keeping the channels
/// at or above half the maximum (the default) reports its full width at half maximum instead,
/// which does not. Episodes on different channels belong to one group when their time spans
/// overlap by at least half of the shorter one (transitively).
///
/// Two independent sources active at the same time are grouped too, and the weaker one is
/// dropped where it is below half the stronger one: a limitation of working without a
/// source model.
///
/// ```swift
/// let kept = SpatialExtent.pruned(episodesByChannel, fraction: 0.5)
/// ```
public enum SpatialExtent {
    /// The default fraction: 0.5 (half maximum, −6 dB in amplitude).
    public static let defaultFraction = 0.5

    /// One episode of one channel, flattened for grouping.
    struct Item {
        let channel: Int
        let index: Int
        let start: Seconds
        let end: Seconds
    }

    /// Groups items whose spans overlap by at least half the shorter one (transitively);
    /// returns the group index of each item.
    static func groupIndices(_ items: [Item]) -> [Int] {
        let order = items.indices.sorted { items[$0].start < items[$1].start }
        var parent = Array(items.indices)
        func root(_ index: Int) -> Int {
            var current = index
            while parent[current] != current {
                parent[current] = parent[parent[current]]
                current = parent[current]
            }
            return current
        }
        var active: [Int] = []
        for position in order {
            let item = items[position]
            active.removeAll { items[$0].end <= item.start }
            for other in active where items[other].channel != item.channel {
                let overlap = min(items[other].end, item.end) - max(items[other].start, item.start)
                let shorter = min(items[other].end - items[other].start, item.end - item.start)
                if overlap >= 0.5 * shorter { parent[root(position)] = root(other) }
            }
            active.append(position)
        }
        return items.indices.map { root($0) }
    }

    static func items(_ episodes: [[RhythmEpisode]]) -> [Item] {
        var items: [Item] = []
        for (channel, list) in episodes.enumerated() {
            for (index, episode) in list.enumerated() {
                items.append(
                    Item(
                        channel: channel, index: index, start: episode.onset,
                        end: episode.onset + episode.duration))
            }
        }
        return items
    }

    /// Drops episodes whose peak amplitude is below `fraction` of the largest peak amplitude
    /// in their group (a simple form of ``assigned(_:fraction:minimumAddedSNR:falseAdditionRate:)`` for episodes
    /// without per-sample evidence).
    ///
    /// - Parameters:
    ///   - episodes: One list per channel (time order), in the same unit on every channel.
    ///   - fraction: In (0, 1]; amplitudes are compared in the signals' unit.
    /// - Returns: The kept episodes, one list per channel, order preserved.
    public static func pruned(_ episodes: [[RhythmEpisode]], fraction: Double = defaultFraction)
        -> [[RhythmEpisode]]
    {
        let items = Self.items(episodes)
        let groups = groupIndices(items)
        var largest: [Int: Double] = [:]
        for (position, item) in items.enumerated() {
            let amplitude = episodes[item.channel][item.index].peakAmplitude
            largest[groups[position]] = max(largest[groups[position]] ?? 0, amplitude)
        }
        var keep = episodes.map { [Bool](repeating: false, count: $0.count) }
        for (position, item) in items.enumerated() {
            let amplitude = episodes[item.channel][item.index].peakAmplitude
            if amplitude >= fraction * (largest[groups[position]] ?? 0) {
                keep[item.channel][item.index] = true
            }
        }
        return zip(episodes, keep).map { list, flags in zip(list, flags).filter(\.1).map(\.0) }
    }

    /// Assigns each multichannel episode to the channels within its half-maximum extent.
    ///
    /// For every group of overlapping episodes, the member with the largest mean excess
    /// envelope power (`|z|² − 2σ²`) over its own span is the reference; its span is then
    /// measured on **every** channel. A channel keeps the episode when its mean excess power
    /// over the span is at least `fraction²` of the largest (amplitude ≥ `fraction` × the
    /// maximum) — a channel that detected it itself also when its excess over its own span is
    /// at least `fraction²` of the reference's over the reference's span (so independent
    /// sources that happen to overlap in time are not taken for weaker copies) — and, for channels whose own threshold missed it, when its mean envelope power
    /// over the span is significantly above the background: above the larger of
    /// `minimumAddedSNR` and the level that pure noise exceeds with probability
    /// `falseAdditionRate / C` (C = the channels that could be added), so that a group gains
    /// a noise channel with probability at most `falseAdditionRate` however many channels
    /// there are. On noise the normalized envelope power is exponential; with K sub-bands
    /// the evidence is the largest of K of them (mean H_K = Σ 1/k, variance Σ 1/k²); its mean
    /// over a span of T seconds in a sub-band B Hz wide has about n = B·T independent values
    /// and is modelled by the ``GammaDistribution`` with that mean and variance / n. Added
    /// episodes take the reference's span and frequency.
    ///
    /// - Parameters:
    ///   - detections: One detection per channel, with evidence of the same length as its
    ///     signal.
    ///   - fraction: In (0, 1] (default 0.5, half maximum).
    ///   - minimumAddedSNR: In dB (default 5), the least excess over the noise maximum H_K.
    ///   - falseAdditionRate: In (0, 1) (default 0.05), the chance that a group gains a channel
    ///     from noise alone.
    /// - Returns: The episodes per channel, in time order.
    /// - Complexity: O(G·C·L) for G groups, C channels and spans of L samples.
    public static func assigned(
        _ detections: [EpisodeDetection], fraction: Double = defaultFraction,
        minimumAddedSNR: Decibels = 5, falseAdditionRate: Double = 0.05
    ) -> [[RhythmEpisode]] {
        let episodes = detections.map(\.episodes)
        let items = Self.items(episodes)
        let groups = groupIndices(items)
        let members = Dictionary(grouping: items.indices, by: { groups[$0] })
        /// The least mean power / expected power at which `channel` is added over a span of
        /// `seconds`, with `candidates` channels that could be added.
        func addedRatio(_ channel: Int, seconds: Seconds, candidates: Int) -> Double {
            let subbands = detections[channel].subbands
            let count = max(subbands.count, 1)
            let mean = (1...count).reduce(0.0) { $0 + 1 / Double($1) }
            let variance = (1...count).reduce(0.0) { $0 + 1 / Double($1 * $1) }
            let width = subbands.map { $0.high - $0.low }.min() ?? 1
            let independent = max(1, width * seconds)
            let noise = GammaDistribution(mean: mean, variance: variance / independent)
            let probability = min(0.5, falseAdditionRate / Double(max(candidates, 1)))
            return max(pow(10, minimumAddedSNR / 10) * mean, noise.upperQuantile(probability))
        }

        /// Mean envelope power and mean expected power of a channel over a time span.
        func measure(_ channel: Int, _ start: Seconds, _ end: Seconds) -> (Double, Double)? {
            let detection = detections[channel]
            let evidence = detection.evidence
            let first = max(0, Int((start * detection.sampleRate).rounded()))
            let last = min(
                evidence.envelopePower.count, Int((end * detection.sampleRate).rounded()))
            guard last > first else { return nil }
            var power = 0.0
            var expected = 0.0
            for sample in first..<last {
                power += evidence.envelopePower[sample]
                expected += evidence.expected(at: sample)
            }
            let count = Double(last - first)
            return (power / count, expected / count)
        }

        var result = episodes.map { _ in [RhythmEpisode]() }
        for (_, group) in members.sorted(by: { $0.key < $1.key }) {
            var reference = group[0]
            var referenceExcess = -Double.infinity
            for position in group {
                let item = items[position]
                guard let (power, expected) = measure(item.channel, item.start, item.end)
                else { continue }
                if power - expected > referenceExcess {
                    referenceExcess = power - expected
                    reference = position
                }
            }
            let span = items[reference]
            let referenceEpisode = episodes[span.channel][span.index]
            let measured = detections.indices.map { measure($0, span.start, span.end) }
            let largest = measured.compactMap { $0.map { $0.0 - $0.1 } }.max() ?? 0
            guard largest > 0 else {
                for position in group {
                    let item = items[position]
                    result[item.channel].append(episodes[item.channel][item.index])
                }
                continue
            }
            let own = Dictionary(grouping: group, by: { items[$0].channel })
            let candidates = detections.count - own.count
            for channel in detections.indices {
                if let positions = own[channel] {
                    // A channel's own episode is judged over its own span too: an independent
                    // source active at the same time (partly overlapping the reference) is
                    // not a weaker copy of it when it is as strong where it is strongest.
                    for position in positions {
                        let item = items[position]
                        let onSpan = measured[channel].map { $0.0 - $0.1 } ?? -.infinity
                        let onOwn = measure(channel, item.start, item.end).map { $0.0 - $0.1 }
                            ?? -.infinity
                        let bar = fraction * fraction
                        if onSpan >= bar * largest || onOwn >= bar * referenceExcess {
                            result[channel].append(episodes[channel][item.index])
                        }
                    }
                    continue
                }
                guard let (power, expected) = measured[channel],
                    power - expected >= fraction * fraction * largest
                else { continue }
                if expected > 0,
                    power >= addedRatio(
                        channel, seconds: span.end - span.start, candidates: candidates)
                        * expected
                {
                    let detection = detections[channel]
                    let rate = detection.sampleRate
                    let first = max(0, Int((span.start * rate).rounded()))
                    let last = min(detection.sampleCount, Int((span.end * rate).rounded()))
                    var peak = 0.0
                    for sample in first..<last {
                        peak = max(peak, detection.evidence.envelopePower[sample])
                    }
                    result[channel].append(
                        RhythmEpisode(
                            burst: Burst(range: first..<last, sampleRate: rate),
                            frequency: referenceEpisode.frequency,
                            peakAmplitude: peak.squareRoot(),
                            snrDecibels: RhythmEpisode.signalToNoise(
                                power: power, expected: expected)))
                }
            }
        }
        return result.map { list in
            list.sorted { $0.burst.range.lowerBound < $1.burst.range.lowerBound }
        }
    }
}
