/// Read-only facts about the process-wide plan cache.
public enum FFTPlanCacheInfo {
    /// The number of FFTW plans made and cached so far in this process.
    public static var planCount: Int { FFTPlanCache.count }
}
