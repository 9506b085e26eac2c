/// How a power spectrum is scaled.
public enum PSDScaling: String, Sendable, Equatable, Hashable {
    /// Power spectral density in unit²/Hz (SciPy `scaling='density'`).
    case density
    /// Power spectrum in unit² per bin (SciPy `scaling='spectrum'`).
    case spectrum
}

/// A one-sided power spectrum of one channel on a uniform, ascending frequency grid.
public struct Spectrum: Sendable, Equatable {
    /// Frequencies in Hz, ascending and uniformly spaced.
    public let frequencies: [Hertz]
    /// Power at each frequency, in unit²/Hz for ``PSDScaling/density`` or unit² for
    /// ``PSDScaling/spectrum``.
    public let power: [Double]
    /// The scaling of `power`.
    public let scaling: PSDScaling
    /// The channel name.
    public let label: String
    /// The physical unit of the underlying signal (power is in this unit squared).
    public let unit: String

    /// Creates a spectrum.
    /// - Throws: ``CoreError/lengthMismatch(name:expected:actual:)`` when the arrays differ in
    ///   length; ``CoreError/invalidParameter(name:value:expected:)`` when the frequencies are
    ///   not ascending.
    public init(
        frequencies: [Hertz], power: [Double], scaling: PSDScaling = .density,
        label: String = "", unit: String = ""
    ) throws {
        guard frequencies.count == power.count else {
            throw CoreError.lengthMismatch(
                name: "power", expected: frequencies.count, actual: power.count)
        }
        for index in frequencies.indices.dropFirst()
        where !(frequencies[index] > frequencies[index - 1]) {
            throw CoreError.invalidParameter(
                name: "frequencies", value: "at index \(index)", expected: "strictly ascending")
        }
        self.frequencies = frequencies
        self.power = power
        self.scaling = scaling
        self.label = label
        self.unit = unit
    }

    /// The spacing of the frequency grid in Hz (0 for fewer than two bins).
    public var resolution: Hertz {
        frequencies.count > 1 ? frequencies[1] - frequencies[0] : 0
    }

    /// The bins whose frequency lies in `[low, high]`, as a new spectrum.
    public func trimmed(to low: Hertz, _ high: Hertz) -> Spectrum {
        let indices = frequencies.indices.filter { frequencies[$0] >= low && frequencies[$0] <= high }
        guard let first = indices.first, let last = indices.last else {
            return Spectrum(unchecked: [], [], scaling, label, unit)
        }
        return Spectrum(
            unchecked: Array(frequencies[first...last]), Array(power[first...last]), scaling,
            label, unit)
    }

    /// The bins inside `band` (closed interval), as a new spectrum.
    public func trimmed(to band: FrequencyBand) -> Spectrum { trimmed(to: band.low, band.high) }

    init(
        unchecked frequencies: [Hertz], _ power: [Double], _ scaling: PSDScaling,
        _ label: String, _ unit: String
    ) {
        self.frequencies = frequencies
        self.power = power
        self.scaling = scaling
        self.label = label
        self.unit = unit
    }
}

/// A time-frequency power map of one channel.
public struct Spectrogram: Sendable, Equatable {
    /// Segment centre times in seconds from the start of the signal.
    public let times: [Seconds]
    /// Frequencies in Hz, ascending.
    public let frequencies: [Hertz]
    /// Power, `power[timeIndex][frequencyIndex]`, scaled as `scaling`.
    public let power: [[Double]]
    public let scaling: PSDScaling
    public let label: String
    public let unit: String

    /// - Throws: ``CoreError/lengthMismatch(name:expected:actual:)`` unless `power` has one row
    ///   per time and one column per frequency.
    public init(
        times: [Seconds], frequencies: [Hertz], power: [[Double]], scaling: PSDScaling = .density,
        label: String = "", unit: String = ""
    ) throws {
        guard power.count == times.count else {
            throw CoreError.lengthMismatch(name: "spectrogram rows", expected: times.count,
                                           actual: power.count)
        }
        for row in power where row.count != frequencies.count {
            throw CoreError.lengthMismatch(
                name: "spectrogram row", expected: frequencies.count, actual: row.count)
        }
        self.times = times
        self.frequencies = frequencies
        self.power = power
        self.scaling = scaling
        self.label = label
        self.unit = unit
    }
}
