# Peer for `modellvarde report --no-plots` on a district panel: one weighted
# lm per year with influence measures, rstudent and prediction intervals,
# each year's per-area table and coefficients written as CSV -- the plain R
# loop an analyst would write.
#
#   Rscript benches/peer/report_loop.R PANEL.csv OUTCOME WEIGHT COVARIATES OUTDIR
#
# COVARIATES is comma-separated. Debian package: r-base-core.
a <- commandArgs(trailingOnly = TRUE)
if (length(a) != 5) stop("usage: report_loop.R PANEL.csv OUTCOME WEIGHT COVARIATES OUTDIR")
covs <- strsplit(a[4], ",")[[1]]
dir.create(a[5], showWarnings = FALSE, recursive = TRUE)
d <- read.csv(a[1], check.names = FALSE)
f <- reformulate(covs, response = a[2])
for (yr in sort(unique(d$year))) {
    dy <- d[d$year == yr, ]
    w <- dy[[a[3]]]
    m <- lm(f, data = dy, weights = w)
    im <- influence.measures(m)
    rs <- rstudent(m)
    p <- 2 * pt(-abs(rs), df = m$df.residual - 1)
    pr <- suppressWarnings(predict(m, interval = "prediction", level = 0.95, weights = w))
    areas <- data.frame(district_id = dy$district_id, district_name = dy$district_name,
                        actual = dy[[a[2]]], pr, deviation = dy[[a[2]]] - pr[, "fit"],
                        rstudent = rs, bonf_p = pmin(1, p * nrow(dy)), im$infmat)
    write.csv(areas, file.path(a[5], sprintf("areas_%d.csv", yr)), row.names = FALSE)
    write.csv(summary(m)$coefficients, file.path(a[5], sprintf("coefficients_%d.csv", yr)))
}
