import Dispatch
import Foundation
import Synchronization

/// The one way EEGScope spreads independent work over cores: channels, channel groups and
/// files all go through ``map(_:width:_:)`` (structured: it returns when every iteration has
/// finished, results in index order, no shared mutable state in the caller).
///
/// ```swift
/// let spectra = try Parallel.map(signals.count) { try signals[$0].powerSpectrum() }
/// ```
public enum Parallel {
    /// The default number of workers: the active processor count.
    public static var defaultWidth: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `(0..<count).map(body)` with the iterations run on up to `width` workers
    /// (`DispatchQueue.concurrentPerform`, each worker taking the next index until none is
    /// left). Results are in index order; when iterations fail, the error of the lowest
    /// failing index is rethrown after all have finished. `width` ≤ 1 or `count` ≤ 1 runs on
    /// the calling thread.
    public static func map<Output: Sendable>(
        _ count: Int, width: Int = defaultWidth, _ body: @Sendable (Int) throws -> Output
    ) throws -> [Output] {
        if count <= 1 || width <= 1 { return try (0..<count).map(body) }
        let results = Mutex<[Result<Output, any Error>?]>(
            [Result<Output, any Error>?](repeating: nil, count: count))
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(width, count)) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                let result = Result { try body(index) }
                results.withLock { $0[index] = result }
            }
        }
        return try results.withLock { $0 }.map { result in
            guard let result else { preconditionFailure("Parallel.map skipped an iteration") }
            return try result.get()
        }
    }

    /// ``map(_:width:_:)`` for work run for its effects.
    public static func forEach(
        _ count: Int, width: Int = defaultWidth, _ body: @Sendable (Int) throws -> Void
    ) throws {
        _ = try map(count, width: width, body)
    }
}
