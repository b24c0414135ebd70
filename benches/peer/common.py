"""Shared helpers for the peer benchmarks: load the CSV written by the Rust
bench binary (MODELLVARDE_BENCH=export:DIR), and time with medians."""
import statistics
import time

import numpy as np


def load(path):
    """y and X (with an intercept column first) from a bench CSV."""
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    y = data[:, 0]
    x = np.column_stack([np.ones(len(y)), data[:, 1:]])
    return y, x


def median_time(reps, f, warmup=True):
    """Median wall time of `reps` calls of f (after one warm-up unless
    `warmup` is false), seconds."""
    if warmup:
        f()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)
