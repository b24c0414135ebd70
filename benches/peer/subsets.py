"""Peer for the all-subsets search, 20 candidates, n = 290: statsmodels OLS
fits with AIC, BIC and adjusted R² for the first `count` subsets (bit masks
1..count over the 20 candidates); the time per subset is extrapolated to all
2^20 subsets. Prints `name seconds_for_count count extrapolated_seconds`."""
import sys

import statsmodels.api as sm

from common import load, median_time

y, x = load(sys.argv[1] + "/select_n290_m20.csv")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
m = x.shape[1] - 1


def run():
    for mask in range(1, count + 1):
        cols = [0] + [j + 1 for j in range(m) if mask >> j & 1]
        r = sm.OLS(y, x[:, cols]).fit()
        (r.aic, r.bic, r.rsquared_adj)


t = median_time(1, run)
print(f"peer_select_m20_n290 {t:.6e} {count} {t / count * 2**m:.6e}")
