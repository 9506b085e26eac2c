import CFFTW
import Synchronization

/// The one process-wide lock around FFTW's planner.
///
/// FFTW's planner (every `fftw_plan_*`, `fftw_destroy_plan`, wisdom and cleanup call) shares
/// global state and is not thread-safe; only the `fftw_execute*` functions are. Every such call
/// in EEGScope goes through ``withPlannerLock(_:)``.
enum FFTWPlanner {
    private static let lock = Mutex<Void>(())

    static func withPlannerLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        try lock.withLock { _ in try body() }
    }
}

/// How much effort FFTW spends choosing an algorithm.
public enum FFTPlanningEffort: Sendable, Hashable {
    /// `FFTW_ESTIMATE`: a heuristic plan, made in microseconds and deterministic. The default;
    /// on this project's reference machine it runs as fast as a measured plan.
    case estimate
    /// `FFTW_MEASURE`: times several algorithms (tens to hundreds of milliseconds per size).
    case measure
    /// `FFTW_PATIENT`: a wider, slower search than `measure`.
    case patient

    var flags: UInt32 {
        switch self {
        case .estimate: return eeg_flag_estimate()
        case .measure: return eeg_flag_measure()
        case .patient: return eeg_flag_patient()
        }
    }
}

/// The kind of transform a plan performs.
enum FFTKind: Hashable, CustomStringConvertible {
    case realForward
    case realInverse
    case complexForward
    case complexInverse
    case realForwardBatch(count: Int)

    var description: String {
        switch self {
        case .realForward: return "real-to-complex"
        case .realInverse: return "complex-to-real"
        case .complexForward: return "complex forward"
        case .complexInverse: return "complex inverse"
        case .realForwardBatch(let count): return "batched real-to-complex (\(count) transforms)"
        }
    }
}

/// An FFTW plan, immutable after creation.
///
/// `@unchecked Sendable` is safe because the plan is never changed after init, it is executed
/// only through FFTW's new-array execute functions (documented as thread-safe), and it is
/// destroyed in `deinit` under the planner lock.
final class FFTWPlan: @unchecked Sendable {
    let handle: OpaquePointer
    let length: Int
    let kind: FFTKind

    init(kind: FFTKind, length: Int, effort: FFTPlanningEffort) throws {
        guard length > 0, length <= Int(Int32.max) else { throw FFTError.invalidLength(length) }
        let n = Int32(length)
        let plan: OpaquePointer? = FFTWPlanner.withPlannerLock {
            // Plan on scratch buffers from fftw_malloc so the plan's alignment assumptions hold
            // for every buffer EEGScope later executes it on (all come from fftw_malloc too).
            // FFTW_MEASURE overwrites the arrays while planning; they are scratch, so that is
            // harmless.
            switch kind {
            case .realForward:
                let input = eeg_alloc_doubles(length)
                let output = eeg_alloc_doubles(2 * (length / 2 + 1))
                defer { fftw_free(input); fftw_free(output) }
                return eeg_plan_r2c(n, input, output, effort.flags)
            case .realInverse:
                let input = eeg_alloc_doubles(2 * (length / 2 + 1))
                let output = eeg_alloc_doubles(length)
                defer { fftw_free(input); fftw_free(output) }
                return eeg_plan_c2r(n, input, output, effort.flags)
            case .complexForward, .complexInverse:
                let input = eeg_alloc_doubles(2 * length)
                let output = eeg_alloc_doubles(2 * length)
                defer { fftw_free(input); fftw_free(output) }
                let sign = kind == .complexForward ? eeg_sign_forward() : eeg_sign_backward()
                return eeg_plan_c2c(n, input, output, sign, effort.flags)
            case .realForwardBatch(let count):
                let input = eeg_alloc_doubles(length * count)
                let output = eeg_alloc_doubles(2 * (length / 2 + 1) * count)
                defer { fftw_free(input); fftw_free(output) }
                return eeg_plan_many_r2c(n, Int32(count), input, output, effort.flags)
            }
        }
        guard let plan else {
            throw FFTError.planCreationFailed(kind: kind.description, length: length)
        }
        self.handle = plan
        self.length = length
        self.kind = kind
    }

    deinit {
        let handle = self.handle
        FFTWPlanner.withPlannerLock { fftw_destroy_plan(handle) }
    }
}

/// The process-wide cache of FFTW plans, keyed by (kind, length, effort).
///
/// Plans live for the process: making one costs far more than keeping it.
enum FFTPlanCache {
    private struct Key: Hashable {
        let kind: FFTKind
        let length: Int
        let effort: FFTPlanningEffort
    }

    private static let plans = Mutex<[Key: FFTWPlan]>([:])

    static func plan(kind: FFTKind, length: Int, effort: FFTPlanningEffort) throws -> FFTWPlan {
        let key = Key(kind: kind, length: length, effort: effort)
        if let cached = plans.withLock({ $0[key] }) { return cached }
        // Planning takes the planner lock itself; two threads may race to plan the same key,
        // and the loser's plan is simply dropped.
        let plan = try FFTWPlan(kind: kind, length: length, effort: effort)
        return plans.withLock { cache in
            if let existing = cache[key] { return existing }
            cache[key] = plan
            return plan
        }
    }

    /// The number of cached plans (for tests and diagnostics).
    static var count: Int { plans.withLock { $0.count } }
}
