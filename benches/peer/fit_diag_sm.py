"""Peer for `modellvarde fit --json` with every diagnostic, as a whole process:
pandas.read_csv + statsmodels WLS, with the diagnostics statsmodels offers in
closed form (hat values, internally studentized residuals, Cook's D, HC0-HC3,
prediction intervals) and the externally studentized residuals, DFFITS and
DFBETAS derived from them by the textbook closed forms -- NOT OLSInfluence's
resid_studentized_external / dfbetas / outlier_test(), which refit the model
n times. Results are written to a CSV so no step can be skipped.

    OPENBLAS_NUM_THREADS=1 python3 fit_diag_sm.py DATA.csv OUTCOME WEIGHT COVS OUT.csv
"""
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.multitest import multipletests

path, outcome, weight, covs, out = sys.argv[1:6]
covs = covs.split(",")
d = pd.read_csv(path)
y = d[outcome].to_numpy()
w = d[weight].to_numpy(dtype=float)
x = sm.add_constant(d[covs].to_numpy())
res = sm.WLS(y, x, weights=w).fit()
# WLS results have no influence object: the same diagnostics come from OLS on
# the sqrt(w)-scaled data (identical hat values, residuals and covariances).
sw = np.sqrt(w)
ols = sm.OLS(y * sw, x * sw[:, None]).fit()
infl = ols.get_influence()
h = infl.hat_matrix_diag
r = infl.resid_studentized_internal
n, p = x.shape
t = r * np.sqrt((n - p - 1) / (n - p - r**2))  # external studentization
pval = 2 * stats.t.sf(np.abs(t), n - p - 1)
bonf = multipletests(pval, method="bonferroni")[1]
cook = infl.cooks_distance[0]
dffits = t * np.sqrt(h / (1 - h))
# DFBETAS_ij = [(X'WX)^-1 x_i]_j sqrt(w_i) e*_i / (1 - h_i) / (s_(i) sqrt([(X'WX)^-1]_jj))
xtwx_inv = ols.normalized_cov_params
ew = ols.resid
s_i = np.sqrt((ols.ssr - ew**2 / (1 - h)) / (n - p - 1))
wx = x * sw[:, None]
dfbetas = (wx @ xtwx_inv) * (ew / (1 - h) / s_i)[:, None] / np.sqrt(np.diag(xtwx_inv))
hc = [np.sqrt(np.diag(getattr(ols, f"cov_HC{k}"))) for k in range(4)]
pred = res.get_prediction(weights=w).summary_frame(alpha=0.05)
table = pd.DataFrame(dfbetas, columns=[f"dfb_{j}" for j in range(p)])
table["dffit"], table["cook_d"], table["hat"] = dffits, cook, h
table["rstudent"], table["bonf_p"] = t, bonf
table = pd.concat([table, pred.reset_index(drop=True)], axis=1)
table.to_csv(out, index=False)
pd.DataFrame({"coef": res.params, "se": res.bse, "HC0": hc[0], "HC1": hc[1], "HC2": hc[2], "HC3": hc[3]}).to_csv(
    out.replace(".csv", ".coef.csv")
)
