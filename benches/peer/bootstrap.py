"""Peer for the pairs bootstrap, B = 2 000, n = 290, p = 6: a loop of
statsmodels OLS fits on resampled rows, then percentile intervals of the
coefficients and of every area's modelled value (as the Rust side computes).
Prints `name seconds`."""
import sys

import numpy as np
import statsmodels.api as sm

from common import load, median_time

y, x = load(sys.argv[1] + "/boot_n290_p6.csv")
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
n = len(y)


def run():
    rng = np.random.default_rng(1)
    betas = np.empty((2000, x.shape[1]))
    for b in range(2000):
        idx = rng.integers(0, n, n)
        betas[b] = sm.OLS(y[idx], x[idx]).fit().params
    modelled = betas @ x.T
    np.percentile(betas, [2.5, 97.5], axis=0)
    np.percentile(modelled, [2.5, 97.5], axis=0)
    # Rank of each area's deviation in each resample.
    dev = y[None, :] - modelled
    ranks = (-dev).argsort(axis=1).argsort(axis=1) + 1
    np.percentile(ranks, [2.5, 97.5], axis=0)


print(f"peer_bootstrap_pairs_b2000_n290_p6 {median_time(reps, run):.6e}")
