//! The result structs: everything one fit produces, serialised as the
//! `results.json` contract (README, "The `results.json` contract"). Every exporter (CSV, Markdown, HTML, XLSX,
//! plots) is a pure function of these structs, so any output can be regenerated
//! from `results.json`.
//!
//! Field names listed in the contract are fixed; fields beyond it may be added.

use serde::{Deserialize, Deserializer, Serialize};

pub use crate::family::{Family, Link};
pub use crate::flags::{Correction, Direction, Flag, TrendStatus};
pub use crate::reasons::{AreaValue, Exclusion, Warning};

/// Read a number that JSON may hold as `null` (a statistic that is not
/// defined, e.g. the AIC of a quasi-Poisson fit, kept as NaN in memory:
/// serde_json writes a non-finite number as `null`).
fn nan_if_null<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// Describes the model that was fitted (the checked spec, or the `fit` command's
/// arguments), in the form reports need.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ModelInfo {
    /// Short machine name, e.g. `storstadslanen`.
    pub name: String,
    /// Human title, e.g. `Göteborgsmodellen – de tre storstadslänen`.
    pub title: String,
    /// The title in English (spec `title_en`), e.g. `The Gothenburg model –
    /// the three metropolitan counties`; empty when the spec gives none, and
    /// then English reports show `title`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title_en: String,
    /// Outcome column id, e.g. `U31001`.
    pub outcome: String,
    /// Covariate column ids, in design order (after transforms, as named in the
    /// coefficient table).
    pub covariates: Vec<String>,
    /// Weight column, when the model is WLS.
    pub weight: Option<String>,
    /// Whether the model has an intercept.
    pub intercept: bool,
    /// Fixed effects (e.g. `["group"]`, `["year"]`).
    #[serde(default)]
    pub fixed_effects: Vec<String>,
    /// Significance level for intervals and tests.
    pub alpha: f64,
    /// Multiple-testing correction used for the outlier flag: `bonferroni` or `bh`.
    pub correction: Correction,
    /// Minimum |deviation| in percent for the practical-significance flag.
    pub min_deviation_pct: f64,
    /// External reference column (e.g. `U31004`), if any.
    #[serde(default)]
    pub reference: Option<String>,
    /// Data file the model was fitted on.
    #[serde(default)]
    pub data_source: String,
    /// Labels for columns (id → human label), from the data dictionary.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, String>,
    /// English labels for the same columns (spec `[labels_en]`, else the
    /// dictionary's `label_en`); reports in English read these, falling back
    /// to `labels`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels_en: std::collections::BTreeMap<String, String>,
    /// Unit of the outcome, e.g. `kr/inv`.
    #[serde(default)]
    pub outcome_unit: String,
    /// The spec as written (TOML parsed to JSON), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<serde_json::Value>,
    /// Distribution family (`gaussian`, `poisson`, `quasipoisson`, `gamma`,
    /// `negbin`); left out of JSON for the Gaussian family.
    #[serde(default, skip_serializing_if = "Family::is_gaussian")]
    pub family: Family,
    /// Link function (`identity`, `log`); left out of JSON for the identity link.
    #[serde(default, skip_serializing_if = "Link::is_identity")]
    pub link: Link,
    /// Offset column: log(column) enters the linear predictor with
    /// coefficient 1 (e.g. population for a count outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
}

impl ModelInfo {
    /// The title a page in `lang` shows: on English pages the spec's
    /// `title_en` where it gives one; else `title`, else the model's name.
    pub fn title_in(&self, lang: crate::lang::Lang) -> &str {
        let en = match lang {
            crate::lang::Lang::En => self.title_en.trim(),
            crate::lang::Lang::Sv => "",
        };
        [en, self.title.trim(), self.name.trim()]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("")
    }
}

/// Whole-fit statistics.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct FitStats {
    /// Number of observations used.
    pub n: usize,
    /// Number of coefficients (including the intercept).
    pub p: usize,
    /// Residual degrees of freedom, n − p.
    pub df_resid: usize,
    /// R² (centred with an intercept; uncentred without, as R and NIST).
    ///
    /// For a GLM (`glm` is `Some`): the share of deviance explained,
    /// 1 − D/D₀ (the deviance R², Cameron & Windmeijer 1997), the same number
    /// as `glm.deviance_explained`; it equals R² for a Gaussian identity fit.
    pub r2: f64,
    /// Adjusted R² (same centring convention).
    ///
    /// For a GLM: 1 − (D/df_resid)/(D₀/df_null), the deviance analogue.
    pub adj_r2: f64,
    /// Residual standard error σ̂ = √(RSS/(n−p)), RSS on the whitened scale for WLS.
    ///
    /// For a GLM: √φ̂, the square root of the dispersion that scales the
    /// standard errors (Pearson χ²/df_resid for quasi-Poisson and Gamma; 1
    /// for Poisson and negative binomial).
    pub sigma: f64,
    /// Overall F statistic (all coefficients but the intercept are zero; all are
    /// zero when there is no intercept). `None` when p = 1 with an intercept,
    /// and always `None` for a GLM (see `glm` for the deviance instead).
    pub f: Option<f64>,
    /// p-value of the F statistic.
    pub f_p: Option<f64>,
    /// Gaussian log-likelihood, R's `logLik.lm` convention (includes ½Σlog wᵢ).
    ///
    /// For a GLM: R's `logLik.glm`. Where no likelihood exists (quasi-Poisson,
    /// R's `NA`) it is NaN in memory and `null` in JSON, as are `aic` and `bic`.
    #[serde(deserialize_with = "nan_if_null")]
    pub loglik: f64,
    /// AIC = −2·loglik + 2k, k = p + 1 (σ counts), R's `AIC(lm)`.
    ///
    /// For a GLM: R's `AIC(glm)` (k = p, plus 1 for an estimated Gamma
    /// dispersion or negative-binomial θ).
    #[serde(deserialize_with = "nan_if_null")]
    pub aic: f64,
    /// BIC = −2·loglik + log(n)·k, k = p + 1, R's `BIC(lm)`; for a GLM R's
    /// `BIC(glm)` with the same k as `aic`.
    #[serde(deserialize_with = "nan_if_null")]
    pub bic: f64,
    /// 2-norm condition number of the (whitened) design with columns scaled to
    /// unit length (Belsley, Kuh & Welsch 1980).
    pub condition_number: f64,
    /// Whether the fit is weighted (WLS).
    pub weighted: bool,
    /// Residual sum of squares (whitened scale).
    pub rss: f64,
    /// Total sum of squares used for R² (centred or uncentred, see `centred`).
    pub tss: f64,
    /// Whether R² is centred (model has an intercept).
    pub centred: bool,
    /// Which solver path produced the fit, e.g. `qr-f64+refinement (faer)` or
    /// `qr-double-double`.
    pub solver: String,
    /// Number of clusters for the cluster-robust covariance, if computed.
    #[serde(default)]
    pub clusters: Option<usize>,
    /// Warnings about the fit (near-collinearity, leverage-one areas, modelled
    /// values ≤ 0, ...), each written as its English text.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// Statistics only a generalised linear model has (every family but the
    /// Gaussian identity fit); `None` (left out of JSON) for OLS/WLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glm: Option<GlmStats>,
}

/// Whole-fit statistics of a generalised linear model, in R's `glm` /
/// `summary.glm` / `MASS::glm.nb` conventions.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct GlmStats {
    /// Residual deviance D (prior weights included), R's `deviance(fit)`.
    pub deviance: f64,
    /// Null deviance D₀ (intercept-only model with the same offset, or the
    /// offset alone without an intercept), R's `fit$null.deviance`.
    pub null_deviance: f64,
    /// 1 − D/D₀.
    pub deviance_explained: f64,
    /// Dispersion φ̂: Pearson χ²/df_resid for quasi-Poisson and Gamma (as
    /// `summary.glm`); 1 for Poisson and negative binomial.
    pub dispersion: f64,
    /// Pearson χ² = Σ wᵢ(yᵢ − μᵢ)²/V(μᵢ).
    pub pearson_chi2: f64,
    /// Null degrees of freedom, n − 1 with an intercept (n without).
    pub df_null: usize,
    /// Negative-binomial θ (variance μ + μ²/θ), maximum likelihood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theta: Option<f64>,
    /// Standard error of θ̂ (observed information, as `MASS::glm.nb`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theta_se: Option<f64>,
    /// IRLS iterations to convergence (the final iteration's θ loop for
    /// negative binomial).
    pub iterations: usize,
    /// Distribution of the coefficient tests: `z` (dispersion fixed at 1:
    /// Poisson, negative binomial) or `t` with df_resid (dispersion
    /// estimated), as `summary.glm`.
    pub test: String,
    /// How the leave-one-out values were computed: `exact` (a refit without
    /// the area, warm-started) or `one-step` (Pregibon's one-step
    /// approximation, beyond a documented n).
    pub loo_method: String,
}

/// One coefficient row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CoefficientRow {
    pub name: String,
    pub estimate: f64,
    /// Classical standard error σ̂·√[(XᵀWX)⁻¹]ⱼⱼ.
    pub std_error: f64,
    pub t: f64,
    /// Two-sided p-value from Student's t with n − p df.
    pub p: f64,
    /// (1−α) confidence interval, classical.
    pub ci_low: f64,
    pub ci_high: f64,
    /// HC3 standard error (MacKinnon & White 1985; R `sandwich::vcovHC(type="HC3")`).
    pub hc3_std_error: f64,
    /// Variance inflation factor; `None` for the intercept.
    pub vif: Option<f64>,
    /// HC0, HC1 and HC2 standard errors.
    #[serde(default)]
    pub hc0_std_error: f64,
    #[serde(default)]
    pub hc1_std_error: f64,
    #[serde(default)]
    pub hc2_std_error: f64,
    /// Cluster-robust (CR1) standard error by group, if clusters were given.
    #[serde(default)]
    pub cluster_std_error: Option<f64>,
    /// Standardised coefficient βⱼ·sd(xⱼ)/sd(y) (weighted sds for WLS);
    /// `None` for the intercept.
    #[serde(default)]
    pub standardized: Option<f64>,
}

/// One area (observation) row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct AreaRow {
    pub id: String,
    pub name: String,
    pub group: String,
    /// Observed outcome (utfall).
    pub actual: f64,
    /// Modelled value (modellvärde), x'β̂.
    pub modelled: f64,
    /// Modelled value from the fit without this area, yᵢ − eᵢ/(1−hᵢ).
    /// `None` when leverage is 1 (the area alone determines a coefficient).
    pub loo_modelled: Option<f64>,
    /// Raw residual actual − modelled.
    pub residual: f64,
    /// Deviation in % of modelled: 100·(actual − modelled)/modelled; `None`
    /// unless the modelled value's (1−α) confidence interval lies wholly
    /// above 0 ([`percent_defined`]): a percent of a value that may be zero
    /// has no bounded confidence set (Fieller 1954).
    pub deviation_pct: Option<f64>,
    /// Deviation in kronor in total: (actual − modelled) × population, when the
    /// outcome is per inhabitant and a population (weight) column is known.
    pub deviation_total: Option<f64>,
    /// Hat value hᵢ (whitened design for WLS).
    pub leverage: f64,
    /// Internally studentized residual (R `rstandard`).
    pub studentized_internal: Option<f64>,
    /// Externally studentized residual (R `rstudent`).
    pub studentized_external: Option<f64>,
    pub cooks_d: Option<f64>,
    pub dffits: Option<f64>,
    /// Two-sided outlier p-value of the externally studentized residual,
    /// Student t with n − p − 1 df.
    pub p_outlier: Option<f64>,
    /// Bonferroni-adjusted p (min(1, n·p)).
    pub p_bonferroni: Option<f64>,
    /// Benjamini–Hochberg q-value.
    pub q_bh: Option<f64>,
    /// (1−α) prediction interval for a new area with these covariates
    /// (variance σ²/wᵢ + xᵢ'Cov(β̂)xᵢ).
    pub pi_low: f64,
    pub pi_high: f64,
    /// The flags this area trips, in the order of [`Flag::ALL`].
    pub flags: Vec<Flag>,
    /// Year of the row (for pooled fits and trend views).
    #[serde(default)]
    pub year: Option<i32>,
    /// Group display name (county or city name), if known.
    #[serde(default)]
    pub group_name: String,
    /// Population / weight of the row, if any.
    #[serde(default)]
    pub weight: Option<f64>,
    /// (1−α) leave-one-out prediction interval (fit without the area); the
    /// `above_interval` / `below_interval` flags use this interval.
    #[serde(default)]
    pub loo_pi_low: Option<f64>,
    #[serde(default)]
    pub loo_pi_high: Option<f64>,
    /// (1−α) confidence interval of the modelled value (the mean at these
    /// covariates, not a new area): R `predict(fit, interval = "confidence")`
    /// for the linear model, g⁻¹(η̂ ∓ q·se(η̂)) for a GLM. `None` in results
    /// written before it existed.
    #[serde(default)]
    pub modelled_ci_low: Option<f64>,
    #[serde(default)]
    pub modelled_ci_high: Option<f64>,
    /// DFBETAS, one per coefficient in coefficient order.
    #[serde(default)]
    pub dfbetas: Vec<Option<f64>>,
    /// Value of the external reference column, if the spec names one.
    #[serde(default)]
    pub reference: Option<f64>,
    /// Notes for this area (e.g. leverage 1).
    #[serde(default)]
    pub notes: Vec<String>,
    /// Source line of the row in the data file.
    #[serde(default)]
    pub line: Option<u64>,
    /// actual / modelled, the natural reading of a log link ("pays 1.46
    /// times its modelled value"); `None` where `deviation_pct` is (the
    /// modelled value's confidence interval reaches 0). Filled for every
    /// family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
    /// Pearson residual √wᵢ(yᵢ − μᵢ)/√V(μᵢ) (GLMs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resid_pearson: Option<f64>,
    /// Deviance residual sign(yᵢ − μᵢ)√dᵢ (GLMs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resid_deviance: Option<f64>,
}

/// Whether a percent (and a ratio actual/modelled) of a modelled value has a
/// meaning: only where the modelled value's (1−α) confidence interval lies
/// wholly above 0. By Fieller's theorem (Fieller 1954, *JRSS B* 16(2)) the
/// confidence set of a ratio is a bounded interval only when its denominator
/// is significantly non-zero; a percent of a modelled value that may be 0 is
/// any number at all (a linear model gave +58 666 % on a modelled 1 kr/inv).
pub fn percent_defined(modelled: f64, ci_low: f64) -> bool {
    modelled.is_finite() && ci_low.is_finite() && ci_low > 0.0
}

/// A row left out of a fit, with the reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Excluded {
    pub id: String,
    pub name: String,
    /// Why, written as its English text.
    pub reason: Exclusion,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub line: Option<u64>,
}

/// Conventions stated in every result so a reader knows how numbers were made.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Conventions {
    pub aic: String,
    pub r2: String,
    pub hc: String,
    pub cluster: String,
    pub weights: String,
    pub condition_number: String,
    pub prediction_interval: String,
    pub outlier_test: String,
    pub vif: String,
    /// How the modelled value's confidence interval is formed and when a
    /// deviation in percent (and a ratio) is given.
    #[serde(default)]
    pub deviation_pct: String,
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            aic: "AIC = -2 logLik + 2k, BIC = -2 logLik + log(n) k, k = p + 1 (sigma counted), as R's AIC(lm)/BIC(lm); logLik includes 0.5 sum(log w) for WLS".into(),
            r2: "R2 = MSS/(MSS + RSS); centred about the (weighted) mean with an intercept, uncentred without (as R and NIST)".into(),
            hc: "HC0-HC3 sandwich covariance on the whitened model (MacKinnon & White 1985), as R sandwich::vcovHC".into(),
            cluster: "CR1: G/(G-1) (n-1)/(n-p) small-sample factor, as R sandwich::vcovCL(type = 'HC1') and Stata".into(),
            weights: "WLS with analytic weights w (e.g. population): OLS on sqrt(w) y, sqrt(w) X; influence measures on the whitened model, as R's weighted lm".into(),
            condition_number: "2-norm condition number of the whitened design with columns scaled to unit length (Belsley, Kuh & Welsch 1980)".into(),
            prediction_interval: "modelled +/- t(1-alpha/2, n-p) sqrt(sigma^2/w_i + x_i' Cov(beta) x_i); leave-one-out interval from the fit without the area".into(),
            outlier_test: "externally studentized residual, two-sided Student t with n-p-1 df; Bonferroni min(1, n p); Benjamini-Hochberg step-up q-values".into(),
            vif: "VIF_j = 1/(1 - R2_j) from the (weighted) design, centred when the model has an intercept".into(),
            deviation_pct: "deviation_pct = 100 (actual - modelled)/modelled and ratio = actual/modelled only where the (1-alpha) confidence interval of the modelled value lies wholly above 0 (modelled_ci_low > 0; Fieller: a ratio's confidence set is bounded only when its denominator is significantly non-zero); modelled_ci = modelled +/- t(1-alpha/2, n-p) sqrt(x_i' Cov(beta) x_i) (R predict(interval = 'confidence')); GLM: g^-1(eta +/- q se(eta)), q = z(1-alpha/2) for Poisson and negative binomial, t(1-alpha/2, n-p) when the dispersion is estimated".into(),
        }
    }
}

/// Everything one fit produces: the `results.json` contract.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ModelResult {
    pub model: ModelInfo,
    /// Year of the fit; `None` for a pooled fit or data without years.
    pub year: Option<i32>,
    pub fit: FitStats,
    pub coefficients: Vec<CoefficientRow>,
    pub areas: Vec<AreaRow>,
    pub excluded: Vec<Excluded>,
    #[serde(default)]
    pub conventions: Conventions,
    /// Tool name and version that produced the result.
    #[serde(default)]
    pub generator: String,
    /// Agreement with the spec's external reference model, if it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_comparison: Option<crate::views::ReferenceComparison>,
    /// The cross-city views written by `report`: persistence over the years,
    /// change decomposition from the model's first year, similar areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_city: Option<crate::views::CrossCity>,
    /// Bootstrap uncertainty of coefficients, modelled values, deviations and
    /// ranks (present only when asked for, e.g. `report --bootstrap 2000`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
    /// k-fold cross-validation error (present only when asked for, e.g.
    /// `report --cv 10`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv: Option<CrossValidation>,
    /// Cross-validated error of the spec's family beside the Gaussian linear
    /// model on the same covariates and weights (why the family was chosen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_comparison: Option<ModelComparison>,
    /// Ids of the areas whose modelled value is ≤ 0 (only a Gaussian identity
    /// fit can produce one; such a value cannot be a need or a percentage base).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nonpositive_modelled: Vec<String>,
}

/// k-fold cross-validated error of several families on the same covariates,
/// weights and folds (engine `analysis::uncertainty::compare_families`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ModelComparison {
    /// Number of folds.
    pub k: usize,
    /// Seed of the fold assignment (the same folds for every row).
    pub seed: u64,
    /// One row per family compared, the spec's own family marked `chosen`.
    pub rows: Vec<ComparisonRow>,
    /// Rows the comparison ran on when fewer than the fit's: above
    /// `analysis::task::COMPARISON_MAX_ROWS` areas it runs on that many rows
    /// evenly spaced through the fit's (rows ⌊i·n/m⌋, i = 0 … m − 1), so its
    /// cost stops growing with n. Absent when every row was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_used: Option<usize>,
}

/// The cross-validated error of one family.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ComparisonRow {
    pub family: Family,
    pub link: Link,
    /// Human label, e.g. `Gaussian, identity (linear WLS)`.
    pub label: String,
    /// √(Σwᵢeᵢ²/Σwᵢ) on the response scale (eᵢ = actual − prediction from
    /// the fit on the other folds; wᵢ the fit weight, 1 when unweighted).
    pub cv_rmse: f64,
    /// Mean deviance of the held-out areas under the row's family,
    /// Σwᵢdᵢ/Σwᵢ with dᵢ the unit deviance (for the Gaussian row
    /// (yᵢ − μᵢ)², so it is `cv_rmse`²); `None` where a held-out prediction
    /// is ≤ 0 under a family that needs μ > 0, or where the row's family
    /// cannot take the outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cv_mean_deviance: Option<f64>,
    /// Folds whose fit failed (e.g. did not converge); their areas are left
    /// out of this row's errors.
    pub n_folds_failed: usize,
    /// Whether this is the spec's family.
    pub chosen: bool,
}

/// Bootstrap uncertainty of one fit (computed by the engine's `analysis::uncertainty`).
///
/// Intervals are percentile intervals (Efron & Tibshirani 1993, ch. 13) at
/// `level` over the `b` successful resamples: the (1−level)/2 and
/// 1−(1−level)/2 quantiles, R's `quantile(type = 7)`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Uncertainty {
    /// `pairs` (areas resampled with replacement, with their weights) or
    /// `wild` (Rademacher multipliers on the residuals, X kept fixed; valid
    /// under heteroskedasticity, Davidson & Flachaire 2008).
    pub method: String,
    /// Number of successful resamples the intervals are computed from.
    pub b: usize,
    /// Seed of the run; each resample's generator is derived from (seed,
    /// model, year, resample index), so results do not depend on threads.
    pub seed: u64,
    /// Interval level, e.g. 0.95.
    pub level: f64,
    /// Pairs resamples whose design was rank-deficient (e.g. a dummy column
    /// all zero); each was redrawn, so `b` resamples remain.
    pub failed_resamples: usize,
    /// What areas are ranked by: `deviation` (actual − modelled, outcome units,
    /// e.g. kr/inv) or `deviation_pct` (% of modelled).
    pub rank_by: String,
    /// One row per coefficient, in coefficient order.
    pub coefficients: Vec<CoefficientInterval>,
    /// One row per area, in area order.
    pub areas: Vec<AreaUncertainty>,
}

/// Bootstrap interval of one coefficient.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CoefficientInterval {
    pub name: String,
    /// Estimate from the full data (same as `coefficients[].estimate`).
    pub estimate: f64,
    /// Standard deviation of the bootstrap estimates (bootstrap standard error).
    pub std_error: f64,
    /// Percentile interval.
    pub low: f64,
    pub high: f64,
}

/// Bootstrap uncertainty of one area's modelled value, deviation and rank.
///
/// The modelled value of every area is recomputed from each resample's
/// coefficients (x'β*), so the intervals show how much the benchmark itself
/// moves with the estimation uncertainty. Rank 1 = furthest above its modelled
/// value; ranks run over all areas of the fit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct AreaUncertainty {
    pub id: String,
    /// Percentile interval of the modelled value x'β*.
    pub modelled_low: f64,
    pub modelled_high: f64,
    /// Percentile interval of the deviation actual − x'β* (outcome units).
    pub deviation_low: f64,
    pub deviation_high: f64,
    /// Percentile interval of the deviation in % of modelled; `None` when a
    /// resample gives a modelled value ≤ 0.
    pub deviation_pct_low: Option<f64>,
    pub deviation_pct_high: Option<f64>,
    /// Rank in the full-data fit (1 = most above modelled).
    pub rank: usize,
    /// Percentile interval of the rank over the resamples (order statistics).
    pub rank_low: usize,
    pub rank_high: usize,
}

/// k-fold cross-validation error of one model (computed by
/// the engine's `analysis::uncertainty::cross_validate`). Errors are actual − prediction for
/// each area from the fit on the other folds, on the outcome scale.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CrossValidation {
    /// Number of folds (k = n is leave-one-out).
    pub k: usize,
    /// Seed of the random fold assignment.
    pub seed: u64,
    /// √(Σe²/n), every area counted once.
    pub rmse: f64,
    /// Σ|e|/n.
    pub mae: f64,
    /// For WLS: √(Σwe²/Σw), each area weighted by its fit weight (e.g.
    /// population), i.e. the error per inhabitant rather than per area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_rmse: Option<f64>,
    /// For WLS: Σw|e|/Σw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weighted_mae: Option<f64>,
}

impl ModelResult {
    /// Serialise as pretty JSON (the on-disk form of `results.json`): the
    /// bytes of `serde_json::to_string_pretty` and a newline, written by
    /// hand for the area rows (see [`crate::json`]).
    pub fn to_json(&self) -> String {
        let mut v = Vec::with_capacity(1024 + 1536 * self.areas.len());
        crate::json::write_result(self, &mut v, None).expect("writing to memory");
        String::from_utf8(v).expect("JSON from UTF-8 strings is UTF-8")
    }

    /// Write the same bytes as [`ModelResult::to_json`] straight to `w`, in
    /// one pass and without holding the text (a million areas make about a
    /// gigabyte of JSON). Give it a buffered writer.
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        crate::json::write_result(self, &mut w, None)
    }

    /// [`ModelResult::write_json`] with the area rows formatted by `par`, a
    /// parallel loop of the caller's (e.g. on its rayon pool: `&|n, body|
    /// (0..n).into_par_iter().for_each(body)`), on a second thread while the
    /// rows before are written. The same bytes for any loop.
    pub fn write_json_par<W: std::io::Write>(
        &self,
        mut w: W,
        par: crate::json::ParFor,
    ) -> std::io::Result<()> {
        crate::json::write_result(self, &mut w, Some(par))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn results_are_send_and_sync_for_rayon() {
        assert_send_sync::<ModelResult>();
    }

    #[test]
    fn glm_fields_are_left_out_for_gaussian_fits_and_nan_round_trips_as_null() {
        let mut f = FitStats::default();
        let v = serde_json::to_value(&f).unwrap();
        assert!(v.get("glm").is_none());
        let m = serde_json::to_value(ModelInfo::default()).unwrap();
        for k in ["family", "link", "offset"] {
            assert!(m.get(k).is_none(), "{k} written for a Gaussian fit");
        }
        let a = serde_json::to_value(AreaRow::default()).unwrap();
        for k in ["ratio", "resid_pearson", "resid_deviance"] {
            assert!(a.get(k).is_none(), "{k} written when None");
        }
        // A quasi-Poisson fit has no likelihood: NaN → null → NaN.
        f.aic = f64::NAN;
        f.glm = Some(GlmStats {
            test: "t".into(),
            ..Default::default()
        });
        let j = serde_json::to_string(&f).unwrap();
        assert!(j.contains("\"aic\":null"), "{j}");
        let back: FitStats = serde_json::from_str(&j).unwrap();
        assert!(back.aic.is_nan());
        assert_eq!(back.glm.unwrap().test, "t");
        let m = ModelInfo {
            family: Family::QuasiPoisson,
            link: Link::Log,
            offset: Some("N01951".into()),
            ..Default::default()
        };
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["family"], "quasipoisson");
        assert_eq!(v["link"], "log");
        assert_eq!(v["offset"], "N01951");
    }

    #[test]
    fn contract_field_names_are_present() {
        let r = ModelResult {
            model: ModelInfo::default(),
            year: Some(2022),
            fit: FitStats::default(),
            coefficients: vec![CoefficientRow::default()],
            areas: vec![AreaRow::default()],
            excluded: vec![Excluded::default()],
            conventions: Conventions::default(),
            generator: String::new(),
            reference_comparison: None,
            cross_city: None,
            uncertainty: None,
            cv: None,
            model_comparison: None,
            nonpositive_modelled: Vec::new(),
        };
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        for k in ["model", "year", "fit", "coefficients", "areas", "excluded"] {
            assert!(v.get(k).is_some(), "missing top-level {k}");
        }
        for k in [
            "n",
            "p",
            "df_resid",
            "r2",
            "adj_r2",
            "sigma",
            "f",
            "f_p",
            "loglik",
            "aic",
            "bic",
            "condition_number",
            "weighted",
        ] {
            assert!(v["fit"].get(k).is_some(), "missing fit.{k}");
        }
        for k in [
            "name",
            "estimate",
            "std_error",
            "t",
            "p",
            "ci_low",
            "ci_high",
            "hc3_std_error",
            "vif",
        ] {
            assert!(
                v["coefficients"][0].get(k).is_some(),
                "missing coefficients.{k}"
            );
        }
        for k in [
            "id",
            "name",
            "group",
            "actual",
            "modelled",
            "loo_modelled",
            "residual",
            "deviation_pct",
            "deviation_total",
            "leverage",
            "studentized_internal",
            "studentized_external",
            "cooks_d",
            "dffits",
            "p_outlier",
            "p_bonferroni",
            "q_bh",
            "pi_low",
            "pi_high",
            "flags",
            "modelled_ci_low",
            "modelled_ci_high",
        ] {
            assert!(v["areas"][0].get(k).is_some(), "missing areas.{k}");
        }
        for k in ["id", "name", "reason"] {
            assert!(v["excluded"][0].get(k).is_some(), "missing excluded.{k}");
        }
    }
}
