#!/usr/bin/python3
"""Times scipy on the benchmark's own samples: ks_2samp and wasserstein_distance.

Usage: stats_baseline.py REFERENCE.f64 CURRENT.f64 REPEATS
Both files are raw little-endian float64, written by bench/stats.ts. Prints JSON:
the best wall time of REPEATS runs of each call, and its results (so the caller
can check both sides computed the same thing).
"""
import json
import sys
import time

import numpy as np
from scipy import stats

reference = np.fromfile(sys.argv[1], dtype="<f8")
current = np.fromfile(sys.argv[2], dtype="<f8")
repeats = int(sys.argv[3])


def best(fn):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


ks_seconds, ks = best(lambda: stats.ks_2samp(reference, current, method="auto"))
w_seconds, w = best(lambda: stats.wasserstein_distance(reference, current))
print(json.dumps({
    "ks": {"seconds": ks_seconds, "statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
    "wasserstein": {"seconds": w_seconds, "distance": float(w)},
}))
