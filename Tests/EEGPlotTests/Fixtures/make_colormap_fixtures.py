"""Reference colours for EEGPlot's viridis map, sampled from matplotlib.

Run: python3 make_colormap_fixtures.py  (writes viridis_reference.json beside this script)
"""
import json
import os

import matplotlib
import numpy as np

SAMPLES = 65


def main():
    cmap = matplotlib.colormaps["viridis"]
    positions = np.linspace(0.0, 1.0, SAMPLES)
    colours = [list(map(float, cmap(p)[:3])) for p in positions]
    out = {
        "generator": "make_colormap_fixtures.py",
        "library": {"matplotlib": matplotlib.__version__, "numpy": np.__version__},
        "parameters": {"colormap": "viridis", "samples": SAMPLES,
                       "positions": "numpy.linspace(0, 1, samples)",
                       "lookup": "matplotlib.colormaps['viridis'](position)[:3]"},
        "positions": [float(p) for p in positions],
        "rgb": colours,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "viridis_reference.json")
    with open(path, "w") as handle:
        json.dump(out, handle, indent=1)


if __name__ == "__main__":
    main()
