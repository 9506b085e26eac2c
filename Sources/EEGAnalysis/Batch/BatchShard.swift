/// One share of a batch run that is split over several processes or machines.
///
/// Shard `K/N` (1-based) takes the inputs at positions `K−1, K−1+N, K−1+2N, …` of the sorted
/// input list (round robin, so shards get similar mixes of long and short recordings). Every
/// shard sees the same arguments, hence the same sorted list, so the shares are disjoint and
/// together cover every input without any coordination between the processes — which is what a
/// Slurm job array (`--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`) needs.
///
/// ```swift
/// let shard = try BatchShard(parsing: "2/4")
/// let mine = shard.share(of: inputs)
/// ```
public struct BatchShard: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The shard's number, 1 ... ``count``.
    public let index: Int
    /// The number of shards.
    public let count: Int

    /// Creates shard `index` of `count`.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` unless
    ///   1 ≤ index ≤ count.
    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else {
            throw AnalysisError.invalidParameter(
                name: "shard", value: "\(index)/\(count)", expected: "K/N with 1 ≤ K ≤ N")
        }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`, e.g. `3/8`.
    /// - Throws: ``AnalysisError/invalidParameter(name:value:expected:)`` for anything else.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let count = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw AnalysisError.invalidParameter(
                name: "shard", value: "'\(text)'", expected: "K/N with 1 ≤ K ≤ N, e.g. 2/4")
        }
        try self.init(index: index, count: count)
    }

    /// The whole run as one shard (`1/1`).
    public static let whole = BatchShard(uncheckedIndex: 1, count: 1)

    /// Whether the input at `position` of the sorted list belongs to this shard.
    public func contains(position: Int) -> Bool { position % count == index - 1 }

    /// The elements of `sortedInputs` that belong to this shard, in order.
    public func share<Element>(of sortedInputs: [Element]) -> [Element] {
        sortedInputs.indices.filter(contains(position:)).map { sortedInputs[$0] }
    }

    public var description: String { "\(index)/\(count)" }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }
}
