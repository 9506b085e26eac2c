import EEGCore

extension Recording {
    /// Maps `transform` over the channels with ``Parallel/map(_:width:_:)`` (channels are
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

/// `inputs.map(transform)` with the elements processed concurrently (``Parallel/map(_:width:_:)``);
/// order is kept and the error of the lowest failing index is rethrown.
func concurrentMap<Input: Sendable, Output: Sendable>(
    _ inputs: [Input], _ transform: @Sendable (Input) throws -> Output
) throws -> [Output] {
    try Parallel.map(inputs.count) { try transform(inputs[$0]) }
}
