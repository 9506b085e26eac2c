import CFFTW

/// A fixed-size array of `Double` in memory from `fftw_malloc`, aligned for SIMD.
///
/// FFTW plans assume the alignment of the arrays they were planned on; Swift arrays do not
/// guarantee it, so every buffer a transform reads or writes is one of these. Complex data is
/// stored interleaved (re, im, re, im, …).
///
/// Not thread-safe for concurrent mutation: give each thread its own buffers.
public final class AlignedBuffer: @unchecked Sendable {
    // @unchecked: the pointer is owned exclusively by this object; concurrent use is the
    // caller's responsibility, as with any mutable buffer.
    let base: UnsafeMutablePointer<Double>
    /// The number of `Double` elements.
    public let count: Int

    /// Allocates `count` zeroed doubles.
    public init(count: Int) {
        precondition(count >= 0, "AlignedBuffer count must not be negative")
        self.count = count
        self.base = eeg_alloc_doubles(count)
        base.initialize(repeating: 0, count: max(count, 1))
    }

    /// Allocates a buffer holding a copy of `values`.
    public convenience init(_ values: [Double]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.update(from: address, count: values.count) }
        }
    }

    deinit { fftw_free(base) }

    /// Element access with bounds checking.
    public subscript(index: Int) -> Double {
        get {
            precondition(index >= 0 && index < count, "AlignedBuffer index out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "AlignedBuffer index out of range")
            base[index] = newValue
        }
    }

    /// Calls `body` with the storage as a mutable buffer pointer.
    public func withUnsafeMutableBufferPointer<Result>(
        _ body: (UnsafeMutableBufferPointer<Double>) throws -> Result
    ) rethrows -> Result {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// Calls `body` with the storage as a read-only buffer pointer.
    public func withUnsafeBufferPointer<Result>(
        _ body: (UnsafeBufferPointer<Double>) throws -> Result
    ) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// A copy of the contents as a Swift array.
    public var array: [Double] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Sets every element to zero.
    public func zero() { base.update(repeating: 0, count: count) }
}
