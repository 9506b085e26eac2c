import EEGAnalysis
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows batch progress on stderr: a redrawn bar with rate and ETA on a terminal, one plain line
/// per finished input otherwise (logs, Slurm output files).
final class ProgressDisplay: Sendable {
    private struct State {
        var lastDraw: UInt64 = 0
        var failed = 0
        var drewBar = false
    }

    private let isTerminal: Bool
    private let start: UInt64
    private let state = Mutex(State())
    private let width = 28

    /// - Parameter isTerminal: Draw a bar (default: whether stderr is a terminal).
    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTerminal = isTerminal
        start = DispatchTime.now().uptimeNanoseconds
    }

    /// Prints the opening line.
    func begin(total: Int, resumed: Int, shard: String?, jobs: Int) {
        var line = "eegscope batch: \(total) input\(total == 1 ? "" : "s")"
        if let shard { line += " (shard \(shard))" }
        if resumed > 0 { line += ", \(resumed) already done (--resume)" }
        line += ", \(jobs) job\(jobs == 1 ? "" : "s")"
        emit(line + "\n")
    }

    /// Records one finished input.
    func update(_ progress: BatchProgress) {
        let now = DispatchTime.now().uptimeNanoseconds
        let elapsed = Double(now - start) / 1e9
        let rate = elapsed > 0 ? Double(progress.completed) / elapsed : 0
        let remaining = progress.total - progress.completed
        let eta = rate > 0 ? Double(remaining) / rate : 0
        state.withLock { state in
            if !progress.succeeded { state.failed += 1 }
            if isTerminal {
                let isLast = progress.completed == progress.total
                if !progress.succeeded {
                    emit("\r\u{1B}[K" + "failed: \(progress.file): \(progress.error ?? "")\n")
                }
                // Redraw at most ten times a second, but always for failures and the last one.
                guard isLast || !progress.succeeded || now - state.lastDraw > 100_000_000
                else { return }
                state.lastDraw = now
                let fraction = progress.total > 0
                    ? Double(progress.completed) / Double(progress.total) : 1
                let filled = Int((fraction * Double(width)).rounded(.down))
                let bar = String(repeating: "#", count: filled)
                    + String(repeating: "-", count: width - filled)
                var line = "\r\u{1B}[K[\(bar)] \(progress.completed)/\(progress.total)"
                line += String(format: "  %.2f files/s", rate)
                line += isLast ? "  done in \(Self.clock(elapsed))" : "  ETA \(Self.clock(eta))"
                if state.failed > 0 { line += "  \(state.failed) failed" }
                if !isLast { line += "  " + Self.shortName(progress.file) }
                emit(line + (isLast ? "\n" : ""))
                state.drewBar = !isLast
            } else {
                let status = progress.succeeded ? "ok" : "FAILED"
                var line = "[\(progress.completed)/\(progress.total)] \(status) \(progress.file)"
                line += String(format: " (%.1f s; %.2f files/s", progress.seconds, rate)
                line += ", ETA \(Self.clock(eta)))"
                if let error = progress.error { line += ": \(error)" }
                emit(line + "\n")
            }
        }
    }

    /// `h:mm:ss` or `m:ss`.
    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let hours = total / 3600
        let minutes = (total % 3600) / 60
        let rest = total % 60
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, rest)
            : String(format: "%d:%02d", minutes, rest)
    }

    private static func shortName(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        return name.count > 40 ? "…" + name.suffix(39) : name
    }

    private func emit(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
