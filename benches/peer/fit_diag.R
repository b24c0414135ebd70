# Peer for `modellvarde fit --json` with every diagnostic, as a whole process:
# read.csv + weighted lm + influence.measures + rstudent + car::outlierTest +
# sandwich::vcovHC (HC0-HC3) + predict(interval = "prediction"), results
# written to a file so that no step can be skipped.
#
#   Rscript benches/peer/fit_diag.R DATA.csv OUTCOME WEIGHT COVARIATES OUT.csv
#
# COVARIATES is comma-separated. Debian packages: r-base-core r-cran-car
# r-cran-sandwich.
suppressPackageStartupMessages({
    library(car)
    library(sandwich)
})
a <- commandArgs(trailingOnly = TRUE)
if (length(a) != 5) stop("usage: fit_diag.R DATA.csv OUTCOME WEIGHT COVARIATES OUT.csv")
covs <- strsplit(a[4], ",")[[1]]
d <- read.csv(a[1], check.names = FALSE)
f <- reformulate(covs, response = a[2])
w <- d[[a[3]]]
m <- lm(f, data = d, weights = w)
im <- influence.measures(m)          # DFBETAS, DFFITS, covratio, Cook's D, hat
rs <- rstudent(m)
ot <- outlierTest(m, cutoff = Inf, n.max = Inf)   # Bonferroni p for every area
hc <- lapply(c("HC0", "HC1", "HC2", "HC3"), function(t) sqrt(diag(vcovHC(m, type = t))))
pr <- suppressWarnings(predict(m, interval = "prediction", level = 0.95, weights = w))
out <- data.frame(im$infmat, rstudent = rs, pr)
out$bonf_p <- NA_real_
out$bonf_p[as.integer(names(ot$bonf.p))] <- ot$bonf.p
write.csv(out, a[5], row.names = FALSE)
co <- cbind(summary(m)$coefficients, HC0 = hc[[1]], HC1 = hc[[2]], HC2 = hc[[3]], HC3 = hc[[4]])
write.csv(co, sub("\\.csv$", ".coef.csv", a[5]))
