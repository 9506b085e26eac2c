import Dispatch
import EEGCore
import Synchronization

extension Recording {
    /// Maps `transform` over the channels with `DispatchQueue.concurrentPerform` (channels are
    /// independent), keeping channel order. The first failing channel's error is rethrown.
    func mapSignalsConcurrently(_ transform: @Sendable (Signal) throws -> Signal) throws
        -> Recording
    {
        let outputs = try concurrentMap(signals, transform)
        return Recording(
            signals: outputs, annotations: annotations, startDate: startDate, metadata: metadata,
            stretches: gapStructure, powerLineFrequency: powerLineFrequency)
    }
}

/// `inputs.map(transform)` with the elements processed concurrently; order is kept and the
/// error of the lowest failing index is rethrown.
func concurrentMap<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], _ transform: @Sendable (Input) throws -> Output
) throws -> [Output] {
    if inputs.count <= 1 { return try inputs.map(transform) }
    let results = Mutex<[Int: Result<Output, any Error>]>([:])
    DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
        let result = Result { try transform(inputs[index]) }
        results.withLock { $0[index] = result }
    }
    let collected = results.withLock { $0 }
    return try (0..<inputs.count).map { index in
        guard let result = collected[index] else {
            preconditionFailure("concurrentPerform skipped an iteration")
        }
        return try result.get()
    }
}
