/// Which channels neighbour which, for cluster-based tests.
///
/// Symmetric and irreflexive: `neighbours[i]` lists the channel indices adjacent to channel i
/// (never i itself), ascending.
public struct ChannelAdjacency: Sendable, Equatable {
    /// Neighbour indices of each channel.
    public let neighbours: [[Int]]

    /// Wraps explicit neighbour lists, symmetrized (an edge listed on one side counts both ways).
    /// - Throws: ``StatisticsError/invalidParameter(name:value:expected:)`` for an index out of
    ///   range.
    public init(neighbours: [[Int]]) throws {
        var sets = [Set<Int>](repeating: [], count: neighbours.count)
        for (channel, list) in neighbours.enumerated() {
            for other in list {
                guard neighbours.indices.contains(other) else {
                    throw StatisticsError.invalidParameter(
                        name: "neighbour of channel \(channel)", value: "\(other)",
                        expected: "0..<\(neighbours.count)")
                }
                guard other != channel else { continue }
                sets[channel].insert(other)
                sets[other].insert(channel)
            }
        }
        self.neighbours = sets.map { $0.sorted() }
    }

    /// Channels are neighbours when their positions lie at most `maximumDistance` apart
    /// (Euclidean, same unit as the positions), the distance rule of FieldTrip's
    /// `ft_prepare_neighbours(method='distance')`.
    ///
    /// - Parameters:
    ///   - positions: One (x, y, z) per channel, e.g. unit vectors on a spherical head.
    ///   - maximumDistance: The largest distance of two neighbours (e.g. 0.4 on a unit sphere,
    ///     about 23° of arc, which links each 10-10 electrode to its nearest ring).
    /// - Throws: ``StatisticsError/invalidParameter(name:value:expected:)`` for a non-positive
    ///   distance.
    public init(positions: [(x: Double, y: Double, z: Double)], maximumDistance: Double) throws {
        guard maximumDistance.isFinite, maximumDistance > 0 else {
            throw StatisticsError.invalidParameter(
                name: "maximum neighbour distance", value: "\(maximumDistance)", expected: "> 0")
        }
        var lists = [[Int]](repeating: [], count: positions.count)
        for i in positions.indices {
            for j in positions.indices where j != i {
                let dx = positions[i].x - positions[j].x
                let dy = positions[i].y - positions[j].y
                let dz = positions[i].z - positions[j].z
                if (dx * dx + dy * dy + dz * dz).squareRoot() <= maximumDistance {
                    lists[i].append(j)
                }
            }
        }
        try self.init(neighbours: lists)
    }

    /// The adjacency of `copies` independent copies of these channels laid end to end (e.g.
    /// one copy per band): channel c of copy k has index k·count + c, and copies are never
    /// adjacent, so clusters stay within a band.
    public func repeated(_ copies: Int) -> ChannelAdjacency {
        let count = neighbours.count
        var lists: [[Int]] = []
        for copy in 0..<max(0, copies) {
            lists += neighbours.map { $0.map { copy * count + $0 } }
        }
        // The lists are symmetric and in range by construction.
        return ChannelAdjacency(unchecked: lists)
    }

    /// `count` channels without neighbours.
    public static func isolated(_ count: Int) -> ChannelAdjacency {
        ChannelAdjacency(unchecked: Array(repeating: [], count: max(0, count)))
    }

    private init(unchecked neighbours: [[Int]]) {
        self.neighbours = neighbours
    }
}
