import EEGCore
import Foundation

/// Fits a ``SpectralModel`` to a power spectrum with the FOOOF 1.1 algorithm.
///
/// Steps and constants follow `fooof.FOOOF.fit` (fooof 1.1), so results compare one to one:
/// 1. Keep bins with `low ≤ f ≤ high` (0 Hz skipped), take log10 of the power.
/// 2. Robust aperiodic fit: fit the aperiodic function to all bins, flatten the spectrum with
///    it, clip the flattened spectrum at 0, keep the bins at or below its 0.025th percentile
///    (FOOOF `_ap_percentile_thresh`, a percentile in percent, i.e. the bins below the first
///    fit), and refit on those.
/// 3. Flatten: log10 spectrum minus that aperiodic fit.
/// 4. Iterative peak search on the flattened spectrum: take its maximum; stop when it is
///    ≤ `peakThreshold` × the (population) standard deviation of what is left, or not above
///    `minimumPeakHeight`, or `maximumPeakCount` guesses were made. Guess the Gaussian SD from
///    the shorter half-height distance (FWHM / (2√(2 ln 2))), clamp it to half the peak width
///    limits, subtract the guessed Gaussian and repeat.
/// 5. Drop guesses whose centre lies within 1 SD of either end of the range (`_bw_std_edge`
///    1.0) and, of two neighbours whose ±0.75 SD intervals overlap (`_gauss_overlap_thresh`),
///    the lower one.
/// 6. Refit all Gaussians jointly to the flattened spectrum by bounded non-linear least squares
///    (trust-region reflective, the method SciPy's `curve_fit` picks for bounded problems):
///    centre within ±2 × 1.5 × SD of its guess (`_cf_bound`, clipped to the range), height ≥ 0,
///    SD within half the width limits.
/// 7. Final aperiodic fit to the log10 spectrum minus the Gaussians; r² and mean absolute error
///    of the full model; peak power read from the model at the bin nearest each centre.
///
/// Deviations from FOOOF: the knee is bounded at ≥ 0 (FOOOF leaves it unbounded and can
/// return a negative knee, fooof issue #213); an optional ``LineNoiseMask`` removes mains bins;
/// a failing fit throws instead of filling the result with NaN; the half-height search of step 4
/// measures distances in Hz (identical to FOOOF's bins × resolution on a uniform grid, and still
/// right when masked bins leave gaps). Fixed-mode aperiodic fits are solved in closed form
/// (they are linear in log-log space, so this is the minimum `curve_fit` iterates towards);
/// knee-mode fits use a projected Levenberg–Marquardt (FOOOF: unbounded MINPACK `lm`).
///
/// ```swift
/// let fitter = SpectralModelFitter(settings: .init(aperiodicMode: .knee))
/// let model = try fitter.fit(spectrum, in: 1...40)
/// print(model.report())
/// ```
public struct SpectralModelFitter: Sendable, Equatable {
    /// The fit settings (FOOOF defaults unless changed).
    public var settings: SpectralFitSettings

    /// Creates a fitter.
    public init(settings: SpectralFitSettings = .init()) {
        self.settings = settings
    }

    // FOOOF 1.1 private settings, same values.
    static let aperiodicPercentileThreshold = 0.025
    static let centerFrequencyBound = 1.5
    static let edgeStandardDeviations = 1.0
    static let gaussianOverlapThreshold = 0.75
    static let maximumEvaluations = 5000

    /// Fits the model to the bins of `spectrum` inside `frequencyRange`.
    ///
    /// - Parameters:
    ///   - spectrum: a power spectrum in linear units (e.g. unit²/Hz from Welch), not log.
    ///   - frequencyRange: the range to fit in Hz, inclusive at both ends; it must lie within the
    ///     spectrum's frequencies. A 0 Hz bin is skipped.
    /// - Returns: the fitted model; peaks sorted by frequency.
    /// - Throws: ``DSPError/invalidParameter(name:value:expected:)`` for bad settings, a range
    ///   outside the spectrum, or power ≤ 0 in the range; ``DSPError/nonFiniteInput(label:index:)``
    ///   for NaN or infinite power; ``DSPError/emptyInput(what:)`` for an empty spectrum;
    ///   ``DSPError/fitFailed(reason:)`` when too few bins remain or a fit is degenerate;
    ///   ``DSPError/didNotConverge(iterations:)`` when a non-linear fit exceeds 5000
    ///   evaluations (FOOOF's `maxfev`).
    /// - Complexity: O(m·p²) per least-squares iteration for m bins and p peaks.
    public func fit(
        _ spectrum: Spectrum, in frequencyRange: ClosedRange<Hertz>
    ) throws -> SpectralModel {
        try settings.validate()
        let data = try FitData(spectrum: spectrum, range: frequencyRange, settings: settings)
        var fit = FitState(settings: settings, data: data)
        return try fit.run(label: spectrum.label, unit: spectrum.unit)
    }
}

extension Spectrum {
    /// Parameterizes this spectrum (FOOOF / specparam model) over `frequencyRange`.
    ///
    /// Same as `SpectralModelFitter(settings: settings).fit(self, in: frequencyRange)`; see
    /// ``SpectralModelFitter`` for the algorithm and the errors thrown.
    /// - Parameters:
    ///   - frequencyRange: the range to fit in Hz, inclusive.
    ///   - settings: fit settings, FOOOF 1.1 defaults.
    public func spectralModel(
        in frequencyRange: ClosedRange<Hertz>, settings: SpectralFitSettings = .init()
    ) throws -> SpectralModel {
        try SpectralModelFitter(settings: settings).fit(self, in: frequencyRange)
    }
}

// MARK: - Input preparation

/// The fitted bins: frequencies and log10 power after trimming and masking.
private struct FitData {
    var frequencies: [Hertz] = []
    var logPower: [Double] = []
    var excluded: [Hertz] = []
    var range: ClosedRange<Hertz>

    init(spectrum: Spectrum, range requested: ClosedRange<Hertz>, settings: SpectralFitSettings)
        throws
    {
        let low = requested.lowerBound
        let high = requested.upperBound
        let rangeText = "\(formatHertz(low))–\(formatHertz(high)) Hz"
        guard low.isFinite, high.isFinite, low >= 0, low < high else {
            throw DSPError.invalidParameter(
                name: "frequency range", value: rangeText, expected: "0 ≤ low < high, finite")
        }
        guard let first = spectrum.frequencies.first, let last = spectrum.frequencies.last else {
            throw DSPError.emptyInput(what: "spectrum")
        }
        let slack = 1e-9 * max(1, abs(last))
        guard low >= first - slack, high <= last + slack else {
            throw DSPError.invalidParameter(
                name: "frequency range", value: rangeText,
                expected: "within the spectrum's \(formatHertz(first))–\(formatHertz(last)) Hz")
        }
        for index in spectrum.frequencies.indices {
            let frequency = spectrum.frequencies[index]
            guard frequency >= low, frequency <= high, frequency > 0 else { continue }
            let power = spectrum.power[index]
            guard power.isFinite else {
                throw DSPError.nonFiniteInput(label: spectrum.label, index: index)
            }
            guard power > 0 else {
                throw DSPError.invalidParameter(
                    name: "power", value: "\(power) at \(formatHertz(frequency)) Hz",
                    expected: "> 0 in the fitted range (the model works on log10 power)")
            }
            if let mask = settings.lineNoiseMask, mask.excludes(frequency) {
                excluded.append(frequency)
                continue
            }
            frequencies.append(frequency)
            logPower.append(log10(power))
        }
        let required = settings.aperiodicMode == .knee ? 5 : 4
        guard frequencies.count >= required,
            let firstKept = frequencies.first, let lastKept = frequencies.last
        else {
            let masked = excluded.isEmpty
                ? "" : " after excluding \(excluded.count) line-noise bins"
            throw DSPError.fitFailed(
                reason: "\(frequencies.count) frequency bins in \(rangeText)\(masked); "
                    + "the \(settings.aperiodicMode.rawValue) model needs at least \(required)")
        }
        range = firstKept...lastKept
    }
}

// MARK: - The algorithm

private struct FitState {
    let settings: SpectralFitSettings
    let data: FitData
    let frequencies: [Hertz]
    let logFrequencies: [Double]
    let solver: BoundedLeastSquares

    init(settings: SpectralFitSettings, data: FitData) {
        self.settings = settings
        self.data = data
        frequencies = data.frequencies
        logFrequencies = data.frequencies.map { log10($0) }
        var solver = BoundedLeastSquares()
        solver.maximumEvaluations = SpectralModelFitter.maximumEvaluations
        self.solver = solver
    }

    var standardDeviationLimits: ClosedRange<Hertz> {
        (settings.peakWidthLimits.lowerBound / 2)...(settings.peakWidthLimits.upperBound / 2)
    }

    mutating func run(label: String, unit: String) throws -> SpectralModel {
        let logPower = data.logPower
        let initial = try robustAperiodicFit(logPower)
        let flattened = zip(logPower, aperiodicCurve(initial)).map { $0 - $1 }
        let gaussians = try fitPeaks(flattened)
        let periodic = periodicCurve(gaussians)
        let peakRemoved = zip(logPower, periodic).map { $0 - $1 }
        let final = try simpleAperiodicFit(peakRemoved, initialGuess: nil)
        let aperiodic = aperiodicCurve(final)
        let model = zip(aperiodic, periodic).map { $0 + $1 }

        let peaks = gaussians.map { gaussian -> SpectralModel.Peak in
            let nearest = nearestIndex(to: gaussian.center)
            return SpectralModel.Peak(
                centerFrequency: gaussian.center, power: model[nearest] - aperiodic[nearest],
                bandwidth: 2 * gaussian.standardDeviation, gaussian: gaussian)
        }
        let (rSquared, meanAbsoluteError) = try goodness(data: logPower, model: model)
        let isKnee = settings.aperiodicMode == .knee
        return SpectralModel(
            aperiodic: .init(
                offset: final[0], knee: isKnee ? final[1] : nil, exponent: final[isKnee ? 2 : 1]),
            peaks: peaks, rSquared: rSquared, meanAbsoluteError: meanAbsoluteError,
            frequencyRange: data.range, frequencies: frequencies, logPower: logPower,
            excludedFrequencies: data.excluded, settings: settings, label: label, unit: unit)
    }

    // MARK: Aperiodic component

    /// Aperiodic log10 power at every fitted bin for parameters [offset, (knee,) exponent].
    func aperiodicCurve(_ parameters: [Double]) -> [Double] {
        if parameters.count == 2 {
            return logFrequencies.map { parameters[0] - parameters[1] * $0 }
        }
        return frequencies.map { parameters[0] - log10(parameters[1] + pow($0, parameters[2])) }
    }

    /// FOOOF `_simple_ap_fit`: offset guess = first bin of `values`, knee guess 0, exponent guess
    /// = |log-log slope between the end bins of the *input* spectrum|; `initialGuess` replaces
    /// them (the robust refit starts from the first fit).
    func simpleAperiodicFit(_ values: [Double], initialGuess: [Double]?) throws -> [Double] {
        try aperiodicFit(
            frequencies: frequencies, logFrequencies: logFrequencies, values: values,
            initialGuess: initialGuess)
    }

    func aperiodicFit(
        frequencies: [Hertz], logFrequencies: [Double], values: [Double], initialGuess: [Double]?
    ) throws -> [Double] {
        switch settings.aperiodicMode {
        case .fixed:
            return try linearAperiodicFit(logFrequencies: logFrequencies, values: values)
        case .knee:
            let spectrum = data.logPower
            let slope = (spectrum[spectrum.count - 1] - spectrum[0])
                / (self.logFrequencies[self.logFrequencies.count - 1] - self.logFrequencies[0])
            let guess = initialGuess ?? [values[0], 0, abs(slope)]
            return try kneeAperiodicFit(
                frequencies: frequencies, values: values, guess: guess)
        }
    }

    /// Least-squares line `values ≈ offset − exponent · log10 f`, in closed form (centred sums).
    func linearAperiodicFit(logFrequencies x: [Double], values y: [Double]) throws -> [Double] {
        let count = Double(x.count)
        let meanX = x.reduce(0, +) / count
        let meanY = y.reduce(0, +) / count
        var sxx = 0.0
        var sxy = 0.0
        for index in x.indices {
            let dx = x[index] - meanX
            sxx += dx * dx
            sxy += dx * (y[index] - meanY)
        }
        guard sxx > 0, x.count >= 2 else {
            throw DSPError.fitFailed(
                reason: "the aperiodic fit needs at least 2 distinct frequencies, got \(x.count)")
        }
        let slope = sxy / sxx
        let result = [meanY - slope * meanX, -slope]
        guard result.allSatisfy(\.isFinite) else {
            throw DSPError.fitFailed(reason: "the aperiodic fit is not finite")
        }
        return result
    }

    /// `values ≈ offset − log10(knee + f^exponent)` with knee ≥ 0, by bounded LM.
    func kneeAperiodicFit(frequencies f: [Hertz], values y: [Double], guess: [Double]) throws
        -> [Double]
    {
        guard f.count >= 3 else {
            throw DSPError.fitFailed(
                reason: "the knee fit needs at least 3 frequency bins, got \(f.count)")
        }
        let logF = f.map { log($0) }
        let ln10 = log(10.0)
        let result = try solver.minimize(
            initial: guess, lower: [-.infinity, 0, -.infinity],
            upper: [.infinity, .infinity, .infinity], residualCount: f.count
        ) { parameters, residuals, jacobian in
            let (offset, knee, exponent) = (parameters[0], parameters[1], parameters[2])
            for i in f.indices {
                let powerLaw = exp(exponent * logF[i])
                let denominator = (knee + powerLaw) * ln10
                residuals[i] = offset - log10(knee + powerLaw) - y[i]
                jacobian[3 * i] = 1
                jacobian[3 * i + 1] = -1 / denominator
                jacobian[3 * i + 2] = -powerLaw * logF[i] / denominator
            }
        }
        return result.parameters
    }

    /// FOOOF `_robust_ap_fit`.
    func robustAperiodicFit(_ values: [Double]) throws -> [Double] {
        let first = try simpleAperiodicFit(values, initialGuess: nil)
        let curve = aperiodicCurve(first)
        let flattened = zip(values, curve).map { max($0 - $1, 0) }
        let threshold = percentile(flattened, SpectralModelFitter.aperiodicPercentileThreshold)
        let kept = flattened.indices.filter { flattened[$0] <= threshold }
        return try aperiodicFit(
            frequencies: kept.map { frequencies[$0] },
            logFrequencies: kept.map { logFrequencies[$0] }, values: kept.map { values[$0] },
            initialGuess: first)
    }

    // MARK: Peaks

    /// FOOOF `_fit_peaks`: iterative search, edge and overlap pruning, joint refit.
    func fitPeaks(_ flattened: [Double]) throws -> [SpectralModel.Gaussian] {
        let limits = standardDeviationLimits
        var residual = flattened
        var guesses: [SpectralModel.Gaussian] = []
        let maximumCount = settings.maximumPeakCount ?? Int.max
        while guesses.count < maximumCount {
            var maximumIndex = 0
            for index in residual.indices where residual[index] > residual[maximumIndex] {
                maximumIndex = index
            }
            let height = residual[maximumIndex]
            if height <= settings.peakThreshold * populationStandardDeviation(residual) { break }
            if !(height > settings.minimumPeakHeight) { break }

            let halfHeight = 0.5 * height
            let center = frequencies[maximumIndex]
            // FOOOF searches left down to index 1 (not 0); kept for one-to-one results.
            let left = stride(from: maximumIndex - 1, to: 0, by: -1)
                .first { residual[$0] <= halfHeight }
            let right = ((maximumIndex + 1)..<max(maximumIndex + 1, residual.count))
                .first { residual[$0] <= halfHeight }
            let distances = [left, right].compactMap { $0 }.map { abs(frequencies[$0] - center) }
            var standardDeviation: Hertz
            if let shortSide = distances.min() {
                let fullWidthHalfMaximum = 2 * shortSide
                standardDeviation = fullWidthHalfMaximum / (2 * (2 * log(2.0)).squareRoot())
            } else {
                // FOOOF falls back to the mean of the *width* limits here.
                standardDeviation =
                    (settings.peakWidthLimits.lowerBound + settings.peakWidthLimits.upperBound) / 2
            }
            standardDeviation = min(max(standardDeviation, limits.lowerBound), limits.upperBound)
            let guess = SpectralModel.Gaussian(
                center: center, height: height, standardDeviation: standardDeviation)
            guesses.append(guess)
            for index in residual.indices {
                residual[index] -= guess.value(at: frequencies[index])
            }
        }
        let pruned = droppingOverlaps(droppingEdgePeaks(guesses))
        guard !pruned.isEmpty else { return [] }
        return try refitGaussians(pruned, to: flattened).sorted { $0.center < $1.center }
    }

    /// FOOOF `_drop_peak_cf`: centre closer than 1 SD to either end of the range.
    func droppingEdgePeaks(_ guesses: [SpectralModel.Gaussian]) -> [SpectralModel.Gaussian] {
        let range = data.range
        return guesses.filter { guess in
            let reach = guess.standardDeviation * SpectralModelFitter.edgeStandardDeviations
            return abs(guess.center - range.lowerBound) > reach
                && abs(guess.center - range.upperBound) > reach
        }
    }

    /// FOOOF `_drop_peak_overlap`: of two neighbours whose ±0.75 SD intervals overlap, drop the
    /// lower (the left one on a tie).
    func droppingOverlaps(_ guesses: [SpectralModel.Gaussian]) -> [SpectralModel.Gaussian] {
        let sorted = guesses.enumerated().sorted {
            ($0.element.center, $0.offset) < ($1.element.center, $1.offset)
        }.map(\.element)
        let factor = SpectralModelFitter.gaussianOverlapThreshold
        var dropped = Set<Int>()
        for index in sorted.indices.dropLast() {
            let current = sorted[index]
            let next = sorted[index + 1]
            let currentUpper = current.center + current.standardDeviation * factor
            let nextLower = next.center - next.standardDeviation * factor
            if currentUpper > nextLower {
                dropped.insert(next.height < current.height ? index + 1 : index)
            }
        }
        return sorted.indices.filter { !dropped.contains($0) }.map { sorted[$0] }
    }

    /// FOOOF `_fit_peak_guess`: joint bounded least-squares fit of all Gaussians.
    func refitGaussians(
        _ guesses: [SpectralModel.Gaussian], to flattened: [Double]
    ) throws -> [SpectralModel.Gaussian] {
        let limits = standardDeviationLimits
        let range = data.range
        var initial: [Double] = []
        var lower: [Double] = []
        var upper: [Double] = []
        for guess in guesses {
            let reach = 2 * SpectralModelFitter.centerFrequencyBound * guess.standardDeviation
            let low = guess.center - reach
            let high = guess.center + reach
            initial += [guess.center, guess.height, guess.standardDeviation]
            lower += [low > range.lowerBound ? low : range.lowerBound, 0, limits.lowerBound]
            upper += [high < range.upperBound ? high : range.upperBound, .infinity,
                      limits.upperBound]
        }
        let f = frequencies
        let parameterCount = initial.count
        var gaussianSolver = TrustRegionReflective()
        gaussianSolver.maximumEvaluations = SpectralModelFitter.maximumEvaluations
        let result = try gaussianSolver.minimize(
            initial: initial, lower: lower, upper: upper, residualCount: f.count
        ) { parameters, residuals, jacobian in
            for i in f.indices {
                var sum = 0.0
                let row = i * parameterCount
                for peak in stride(from: 0, to: parameterCount, by: 3) {
                    let center = parameters[peak]
                    let height = parameters[peak + 1]
                    let deviation = parameters[peak + 2]
                    let distance = f[i] - center
                    let shape = exp(-0.5 * distance * distance / (deviation * deviation))
                    let value = height * shape
                    sum += value
                    jacobian[row + peak] = value * distance / (deviation * deviation)
                    jacobian[row + peak + 1] = shape
                    jacobian[row + peak + 2] =
                        value * distance * distance / (deviation * deviation * deviation)
                }
                residuals[i] = sum - flattened[i]
            }
        }
        let parameters = result.parameters
        return stride(from: 0, to: parameterCount, by: 3).map {
            SpectralModel.Gaussian(
                center: parameters[$0], height: parameters[$0 + 1],
                standardDeviation: parameters[$0 + 2])
        }
    }

    func periodicCurve(_ gaussians: [SpectralModel.Gaussian]) -> [Double] {
        frequencies.map { frequency in gaussians.reduce(0) { $0 + $1.value(at: frequency) } }
    }

    /// Index of the fitted bin nearest `frequency` (the first on a tie, as `np.argmin`).
    func nearestIndex(to frequency: Hertz) -> Int {
        var best = 0
        for index in frequencies.indices
        where abs(frequencies[index] - frequency) < abs(frequencies[best] - frequency) {
            best = index
        }
        return best
    }

    // MARK: Goodness of fit

    /// r² (squared Pearson correlation, FOOOF `_calc_r_squared`) and mean absolute error.
    func goodness(data: [Double], model: [Double]) throws -> (Double, Double) {
        let count = Double(data.count)
        let meanData = data.reduce(0, +) / count
        let meanModel = model.reduce(0, +) / count
        var covariance = 0.0
        var varianceData = 0.0
        var varianceModel = 0.0
        var absoluteError = 0.0
        for index in data.indices {
            let a = data[index] - meanData
            let b = model[index] - meanModel
            covariance += a * b
            varianceData += a * a
            varianceModel += b * b
            absoluteError += abs(data[index] - model[index])
        }
        let meanAbsoluteError = absoluteError / count
        let rSquared: Double
        if varianceData > 0, varianceModel > 0 {
            rSquared = covariance * covariance / (varianceData * varianceModel)
        } else {
            // A perfectly flat spectrum (or model): the correlation is undefined; report a
            // perfect fit only when the model reproduces the data.
            rSquared = meanAbsoluteError <= 1e-12 * max(1, abs(meanData)) ? 1 : 0
        }
        guard rSquared.isFinite, meanAbsoluteError.isFinite, model.allSatisfy(\.isFinite) else {
            throw DSPError.fitFailed(reason: "the fitted model is not finite")
        }
        return (min(rSquared, 1), meanAbsoluteError)
    }
}

// MARK: - Statistics as NumPy computes them

/// `np.std(values)`: population standard deviation (ddof 0), two-pass.
private func populationStandardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    var sum = 0.0
    for value in values { sum += (value - mean) * (value - mean) }
    return (sum / Double(values.count)).squareRoot()
}

/// `np.percentile(values, percent)` with NumPy's default linear interpolation; `percent` in
/// [0, 100].
private func percentile(_ values: [Double], _ percent: Double) -> Double {
    let sorted = values.sorted()
    guard sorted.count > 1 else { return sorted.first ?? .nan }
    let position = percent / 100 * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let fraction = position - Double(lower)
    return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
}
