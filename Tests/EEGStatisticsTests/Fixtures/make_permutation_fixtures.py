"""Reference values for EEGStatistics: MNE's sign-flip max-t and cluster tests.

The sign-flip rows MNE draws are exported into the fixture, so the Swift tests run the very
same relabellings and must match exactly (to floating-point rounding), not only within
Monte-Carlo error.

Run: python3 make_permutation_fixtures.py  (writes permutation_mne.json beside this script)
"""
import json
import sys
import numpy as np
import scipy
import scipy.sparse
import scipy.stats
import mne
from mne.stats import permutation_t_test, permutation_cluster_1samp_test, fdr_correction
from mne.stats.cluster_level import _get_1samp_orders
from mne.utils import check_random_state

N_SUBJECTS = 12
N_CHANNELS = 10
N_PERMUTATIONS = 1000
SEED = 20261204


def data():
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal((N_SUBJECTS, N_CHANNELS))
    # A spatially smooth effect on channels 3-6 so that clusters form.
    x[:, 3:7] += np.array([0.6, 1.0, 1.1, 0.7])
    x[:, 0] -= 0.8
    return x


def adjacency():
    # A ring-with-chords of 10 "channels".
    pairs = [(i, i + 1) for i in range(N_CHANNELS - 1)] + [(0, 5), (2, 8)]
    rows = [a for a, b in pairs] + [b for a, b in pairs]
    cols = [b for a, b in pairs] + [a for a, b in pairs]
    m = scipy.sparse.coo_matrix((np.ones(len(rows)), (rows, cols)),
                                shape=(N_CHANNELS, N_CHANNELS))
    return m, [[j for j in range(N_CHANNELS) if m.toarray()[i, j]] for i in range(N_CHANNELS)]


def orders(seed):
    rng = check_random_state(seed)
    o, _, _ = _get_1samp_orders(N_SUBJECTS, N_PERMUTATIONS, 0, rng)
    return (2 * np.array(o) - 1).astype(int)


def main():
    x = data()
    adj, neighbours = adjacency()
    t_seed, c_seed = 11, 12
    t_obs, p_max, h0 = permutation_t_test(x, n_permutations=N_PERMUTATIONS, tail=0,
                                          seed=t_seed, verbose=False)
    threshold = float(scipy.stats.t.ppf(1 - 0.05 / 2, N_SUBJECTS - 1))
    c_t, clusters, c_p, c_h0 = permutation_cluster_1samp_test(
        x, threshold=threshold, n_permutations=N_PERMUTATIONS, tail=0, adjacency=adj,
        seed=c_seed, out_type="indices", verbose=False)
    members = [sorted(int(i) for i in c[0]) for c in clusters]
    p_raw = scipy.stats.ttest_1samp(x, 0).pvalue
    fixture = {
        "generator": "make_permutation_fixtures.py",
        "versions": {"mne": mne.__version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "python": sys.version.split()[0]},
        "parameters": {"n_subjects": N_SUBJECTS, "n_channels": N_CHANNELS,
                       "n_permutations": N_PERMUTATIONS, "tail": 0, "data_seed": SEED,
                       "t_test_seed": t_seed, "cluster_seed": c_seed,
                       "cluster_threshold": threshold},
        "data": x.tolist(),
        "neighbours": neighbours,
        "max_t": {"sign_rows": orders(t_seed).tolist(), "t": t_obs.tolist(),
                  "p_corrected": p_max.tolist(), "h0_sorted": h0.tolist()},
        "cluster": {"sign_rows": orders(c_seed).tolist(), "t": c_t.tolist(),
                    "clusters": members, "cluster_p": c_p.tolist(),
                    "h0": c_h0.tolist()},
        "t_parametric": {"p": p_raw.tolist(),
                         "t_quantile_0975": threshold},
        "fdr_bh": {"p_in": p_raw.tolist(), "p_adjusted": fdr_correction(p_raw)[1].tolist()},
    }
    with open("permutation_mne.json", "w") as f:
        json.dump(fixture, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
