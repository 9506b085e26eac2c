import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks that an output path does not name one of the inputs, so that no command can replace
/// the recording it reads (`filter in.edf --output in.edf`, or the same through a symbolic
/// link or a second hard link).
///
/// Paths are compared as files, not as text: two paths are the same when `stat(2)` (which
/// follows symbolic links) gives the same device and inode. An output that does not exist yet
/// cannot be an input. Commands call this before reading or writing anything:
/// ```swift
/// try OutputPath.requireDistinct(output: "out.csv", fromInputs: ["rec.edf"])
/// ```
public enum OutputPath {
    /// Throws when `output` is the same file as one of `inputs`.
    ///
    /// - Parameters:
    ///   - output: The path a command will write (a file, or a folder for `report`/`batch`);
    ///     `-` (standard output) is never an input.
    ///   - inputs: The input paths as given.
    /// - Throws: ``OutputPathError`` naming the output and the input it resolves to.
    public static func requireDistinct(output: String, fromInputs inputs: [String]) throws {
        guard output != "-", let target = identity(of: output) else { return }
        for input in inputs where input != "-" {
            if identity(of: input) == target {
                throw OutputPathError(output: output, input: input)
            }
        }
    }

    /// Throws when any of `outputs` is the same file as one of `inputs`.
    /// - Throws: ``OutputPathError`` for the first output that is an input.
    public static func requireDistinct(outputs: [String?], fromInputs inputs: [String]) throws {
        for case let output? in outputs {
            try requireDistinct(output: output, fromInputs: inputs)
        }
    }

    /// (device, inode) of the file `path` names, symbolic links followed; nil if it does not
    /// exist.
    static func identity(of path: String) -> FileIdentity? {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// A file's identity on this machine: device and inode numbers.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64
}

/// An output path names one of the command's inputs.
public struct OutputPathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The output path as given.
    public let output: String
    /// The input it resolves to.
    public let input: String

    /// One line naming both paths.
    public var description: String {
        let same = output == input ? "" : " (the same file)"
        return "\(input): the output path '\(output)' is this input file\(same); refusing to "
            + "overwrite it, choose another output path"
    }
}
