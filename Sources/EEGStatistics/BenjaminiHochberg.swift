/// Benjamini–Hochberg adjusted p-values (false discovery rate; Benjamini & Hochberg 1995,
/// J R Stat Soc B 57:289–300). Valid under independence or positive dependence; it controls
/// the expected share of false discoveries, not the family-wise error.
///
/// Matches `mne.stats.fdr_correction(p, method='indep')[1]` and
/// `statsmodels.stats.multitest.multipletests(p, method='fdr_bh')[1]`.
public enum BenjaminiHochberg {
    /// The adjusted p-values, in the input order.
    public static func adjusted(_ p: [Double]) -> [Double] {
        let m = Double(p.count)
        let order = p.indices.sorted { p[$0] < p[$1] }
        var adjusted = [Double](repeating: 1, count: p.count)
        var running = 1.0
        for rank in stride(from: order.count - 1, through: 0, by: -1) {
            let index = order[rank]
            running = min(running, p[index] * m / Double(rank + 1))
            adjusted[index] = min(1, running)
        }
        return adjusted
    }
}
