import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory lock (`flock(2)`, exclusive, non-blocking) on a batch output folder, held
/// while a run or a merge writes it, so that two runs cannot mix their settings in one folder.
///
/// The lock is on `DIR/.parts/lock`; the kernel drops it when the process ends, even by
/// `kill -9`, so a crashed run never leaves a stale lock behind.
final class BatchLock {
    private let descriptor: Int32

    /// Takes the lock of `output` (whose `.parts` folder must exist).
    /// - Throws: ``AnalysisError/outputFailed(path:reason:)`` when another process holds it
    ///   or the lock file cannot be opened.
    init(_ output: BatchOutput) throws {
        let path = output.partsDirectory.appendingPathComponent("lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw AnalysisError.outputFailed(
                path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw AnalysisError.outputFailed(
                path: output.directory.path,
                reason: busy
                    ? "another eegscope batch or merge is writing to this folder (it holds "
                        + "\(path)); wait for it to finish or choose another --output"
                    : "cannot lock \(path): \(reason)")
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
