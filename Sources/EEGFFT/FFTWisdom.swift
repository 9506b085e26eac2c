import CFFTW

/// FFTW wisdom: saved planner results, so a later run can skip `FFTW_MEASURE` planning.
///
/// Wisdom only helps plans made with the same effort on the same machine and FFTW build.
public enum FFTWisdom {
    /// Merges the wisdom stored at `path` into the process's wisdom.
    /// - Throws: ``FFTError/wisdomFailed(path:reason:)`` when the file is missing or invalid.
    public static func load(from path: String) throws {
        let ok = FFTWPlanner.withPlannerLock { fftw_import_wisdom_from_filename(path) }
        if ok == 0 {
            throw FFTError.wisdomFailed(path: path, reason: "missing or not FFTW wisdom")
        }
    }

    /// Writes the process's accumulated wisdom to `path`.
    /// - Throws: ``FFTError/wisdomFailed(path:reason:)`` when the file cannot be written.
    public static func save(to path: String) throws {
        let ok = FFTWPlanner.withPlannerLock { fftw_export_wisdom_to_filename(path) }
        if ok == 0 { throw FFTError.wisdomFailed(path: path, reason: "cannot be written") }
    }

    /// Discards all accumulated wisdom (already made plans are unaffected).
    public static func forget() {
        FFTWPlanner.withPlannerLock { fftw_forget_wisdom() }
    }
}
