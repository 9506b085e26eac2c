"""Reference values for EEGScope's GammaDistribution (Tests/EEGDSPTests/GammaDistributionTests).

Writes gamma_distribution.json: scipy.stats.gamma survival function and inverse survival
function over shapes from 0.3 to 400 (both branches of the incomplete gamma function: the
series below shape + 1 and the continued fraction above) and tail probabilities down to 1e-9.

Run: python3 make_gamma_fixtures.py  (numpy, scipy)
"""
import json

import numpy as np
import scipy
from scipy import stats

cases = []
for shape in [0.3, 1.0, 2.5, 3.0, 9.7, 40.0, 400.0]:
    for scale in [1.0 / shape, 2.0]:
        distribution = stats.gamma(shape, scale=scale)
        mean = shape * scale
        points = [mean * factor for factor in (0.05, 0.5, 1.0, 1.7, 4.0, 12.0)]
        probabilities = [0.4, 0.05, 1e-3, 2.4e-3 / 21, 1e-9]
        cases.append({
            "shape": shape, "scale": scale,
            "x": points, "sf": [float(distribution.sf(x)) for x in points],
            "p": probabilities, "isf": [float(distribution.isf(p)) for p in probabilities],
        })

with open("gamma_distribution.json", "w") as handle:
    json.dump({"generator": "make_gamma_fixtures.py", "scipy": scipy.__version__,
               "numpy": np.__version__, "cases": cases}, handle, indent=1)
