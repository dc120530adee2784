#!/usr/bin/python3
"""What `modelwatch report` computes, done the way a Python user would: pandas
read_csv, then scipy and numpy per column. The baseline for bench/stats.ts.

Usage: report_baseline.py REFERENCE.csv CURRENT.csv
Prints JSON with the wall time of the work (reading included, interpreter start
and imports excluded) and the drift verdict per column, for a cross-check.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

FLOOR = 0.0001


def binned(r_counts, c_counts):
    r = r_counts / r_counts.sum()
    c = c_counts / c_counts.sum()
    rf, cf = np.maximum(r, FLOOR), np.maximum(c, FLOOR)
    return {
        "psi": float(np.sum((cf - rf) * np.log(cf / rf))),
        "kl": float(np.sum(cf * np.log(cf / rf))),
        "js_distance": float(jensenshannon(r, c, base=2)),
        "hellinger": float(np.sqrt(max(0.0, 1 - np.sum(np.sqrt(r * c))))),
        "tvd": float(0.5 * np.sum(np.abs(r - c))),
    }


def numeric(ref, cur):
    ref = ref[np.isfinite(ref)]
    cur = cur[np.isfinite(cur)]
    ks = stats.ks_2samp(ref, cur)
    w = stats.wasserstein_distance(ref, cur)
    edges = np.unique(np.quantile(ref, [i / 10 for i in range(1, 10)]))
    rc = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=edges.size + 1).astype(float)
    cc = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=edges.size + 1).astype(float)
    out = {"ks": float(ks.statistic), "ks_p_value": float(ks.pvalue), "wasserstein": float(w),
           "wasserstein_normed": float(w / max(np.std(ref), 0.001)), **binned(rc, cc)}
    out["out_of_range"] = float(np.mean((cur < ref.min()) | (cur > ref.max())))
    return out


def categorical(ref, cur):
    rv = ref.dropna().value_counts()
    cv = cur.dropna().value_counts()
    cats = sorted(set(rv.index) | set(cv.index))
    rc = np.array([rv.get(k, 0) for k in cats], dtype=float)
    cc = np.array([cv.get(k, 0) for k in cats], dtype=float)
    expected = np.maximum(rc / rc.sum(), FLOOR)
    expected = expected / expected.sum()
    chi2 = stats.chisquare(cc, expected * cc.sum())
    return {"chi2": float(chi2.statistic), "chi2_p_value": float(chi2.pvalue), **binned(rc, cc)}


start = time.perf_counter()
reference = pd.read_csv(sys.argv[1])
current = pd.read_csv(sys.argv[2])
features = {}
for column in reference.columns:
    if pd.api.types.is_numeric_dtype(reference[column]):
        features[column] = numeric(reference[column].to_numpy(float), current[column].to_numpy(float))
    else:
        features[column] = categorical(reference[column], current[column])
    features[column]["missing"] = float(current[column].isna().mean())
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "features": features}))
