# Peer for benches/glm.rs: a GLM fit plus its per-observation diagnostics at
# n = 10 000, p = 11, beside the Gaussian linear fit with the same
# diagnostics, timed in one R session (median of RUNS runs each).
#
#   Rscript benches/peer/glm_diag.R [RUNS]
#
# On a shared machine run it alternately with the criterion bench in the
# same session (e.g. twice each: `cargo bench --bench glm -- 10000`, then
# this script), note `uptime`, and compare the medians and the ratios to
# gaussian_lm rather than absolute times.
#
# Each timed call: glm (or lm) + influence.measures (hat, DFBETAS, DFFITS,
# covratio, Cook's D) + rstandard + rstudent + predict(se.fit = TRUE) +
# sandwich::vcovHC HC0-HC3; the negative binomial is MASS::glm.nb (θ by
# maximum likelihood) with the same diagnostics. The data are drawn as in
# benches/glm.rs (correlated covariates, population weights, a positive
# outcome from a log-linear mean with Gamma noise, negative binomial counts
# with a log-population offset); R's generator, not ChaCha, so the numbers
# differ but the sizes and shapes are the same.
#
# Debian packages: r-base-core r-cran-mass r-cran-sandwich.
suppressPackageStartupMessages({
    library(MASS)
    library(sandwich)
})
a <- commandArgs(trailingOnly = TRUE)
runs <- if (length(a) >= 1) as.integer(a[1]) else 5L
set.seed(42)
n <- 10000L
p <- 11L
common <- runif(n)
X <- sapply(1:(p - 1), function(j) common * sqrt(j) + runif(n) * 0.5 * j)
colnames(X) <- paste0("x", 1:(p - 1))
pop <- round(exp(runif(n, 7, 12)))
eta <- 6 + drop(X %*% (0.1 * sin((1:(p - 1)) * 0.37)))
y <- rgamma(n, shape = 20, scale = exp(eta) / 20)
m <- pop * exp(eta - 9)
counts <- rpois(n, rgamma(n, shape = 15, scale = m / 15))
d <- data.frame(y = y, counts = counts, pop = pop, X)
f <- reformulate(colnames(X), response = "y")
fc <- reformulate(c(colnames(X), "offset(log(pop))"), response = "counts")

diag_all <- function(m) {
    im <- influence.measures(m)
    rs <- rstandard(m)
    rt <- rstudent(m)
    pr <- predict(m, se.fit = TRUE)
    hc <- lapply(c("HC0", "HC1", "HC2", "HC3"), function(t) vcovHC(m, type = t))
    invisible(list(im, rs, rt, pr, hc))
}
cases <- list(
    gaussian_lm = function() diag_all(lm(f, data = d, weights = pop)),
    quasipoisson = function() diag_all(glm(f, family = quasipoisson(), data = d, weights = pop)),
    gamma = function() diag_all(glm(f, family = Gamma(link = "log"), data = d, weights = pop)),
    negbin = function() diag_all(glm.nb(fc, data = d))
)
cat(sprintf("# %s, MASS %s, sandwich %s; n = %d, p = %d, %d runs\n",
            R.version.string, packageVersion("MASS"), packageVersion("sandwich"), n, p, runs))
med <- c()
for (nm in names(cases)) {
    cases[[nm]]()                                  # warm-up
    t <- replicate(runs, system.time(cases[[nm]]())[["elapsed"]])
    med[nm] <- median(t)
    cat(sprintf("%-13s median %.4f s  (min %.4f, max %.4f)\n", nm, med[nm], min(t), max(t)))
}
for (nm in setdiff(names(med), "gaussian_lm")) {
    cat(sprintf("%-13s / gaussian_lm = %.2f\n", nm, med[nm] / med[["gaussian_lm"]]))
}
