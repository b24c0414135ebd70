"""Peer for `fit + all diagnostics`, n = 10 000, p = 11: statsmodels OLS,
OLSInfluence(...).summary_frame() (hat values, studentized residuals, Cook's D,
DFFITS, DFBETAS) and outlier_test() (Bonferroni). Prints `name seconds`.
statsmodels computes DFBETAS by n leave-one-out refits, so one run at
n = 10 000 takes minutes: no warm-up, one run by default."""
import sys

import statsmodels.api as sm
from statsmodels.stats.outliers_influence import OLSInfluence

from common import load, median_time

y, x = load(sys.argv[1] + "/fit_n10000_p11.csv")
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def run():
    res = sm.OLS(y, x).fit()
    OLSInfluence(res).summary_frame()
    res.outlier_test()


print(f"peer_fit_n10000_p11 {median_time(reps, run, warmup=False):.6e}")
