//! OLS/WLS fitting with full inference and closed-form diagnostics.
//! (API skeleton; implementation follows.)

use ndarray::Array2;

use crate::results::{CoefficientRow, FitStats};

/// A numeric design ready to fit: y, X (with the intercept column, if any, as
/// column 0), optional weights and cluster labels.
#[derive(Debug, Clone)]
pub struct Design {
    pub y: Vec<f64>,
    /// n×p design matrix.
    pub x: Array2<f64>,
    /// Column names (p), e.g. `(Intercept)`, `U00801`.
    pub names: Vec<String>,
    /// Whether column 0 is the intercept (a column of ones).
    pub intercept: bool,
    /// Analytic weights (e.g. population), all > 0; `None` = OLS.
    pub weights: Option<Vec<f64>>,
    /// Cluster label per row for cluster-robust covariance; `None` = skip.
    pub clusters: Option<Vec<String>>,
}

/// Settings for a fit.
#[derive(Debug, Clone)]
pub struct FitOptions {
    /// Significance level for confidence and prediction intervals (0 < α < 1).
    pub alpha: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions { alpha: 0.05 }
    }
}

/// Per-observation results (one per design row, in design order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObsDiagnostics {
    pub fitted: f64,
    pub residual: f64,
    pub leverage: f64,
    pub studentized_internal: Option<f64>,
    pub studentized_external: Option<f64>,
    pub cooks_d: Option<f64>,
    pub dffits: Option<f64>,
    pub dfbetas: Vec<Option<f64>>,
    pub loo_fitted: Option<f64>,
    pub p_outlier: Option<f64>,
    pub p_bonferroni: Option<f64>,
    pub q_bh: Option<f64>,
    pub pi_low: f64,
    pub pi_high: f64,
    pub loo_pi_low: Option<f64>,
    pub loo_pi_high: Option<f64>,
    pub note: Option<String>,
}

/// A fitted model.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub stats: FitStats,
    pub coefficients: Vec<CoefficientRow>,
    pub obs: Vec<ObsDiagnostics>,
    /// Classical covariance of the coefficients, σ̂²(XᵀWX)⁻¹.
    pub cov: Array2<f64>,
}

/// Why a model could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("too few rows: n = {n} observations for p = {p} coefficients; need n > p")]
    TooFewRows { n: usize, p: usize },
    #[error("design row {row}, column '{column}': value is {value} (not finite)")]
    NonFinite { row: usize, column: String, value: f64 },
    #[error("design row {row}: weight is {value}; weights must be finite and > 0")]
    BadWeight { row: usize, value: f64 },
    #[error("covariate '{name}' is constant ({value} in every row): it cannot be separated from the intercept")]
    ConstantColumn { name: String, value: f64 },
    #[error("covariate '{name}' duplicates '{other}' (identical values in every row)")]
    DuplicateColumn { name: String, other: String },
    #[error("design is rank deficient: {}", describe_aliased(.aliased))]
    RankDeficient { aliased: Vec<(String, Vec<String>)> },
    #[error("{0}")]
    Backend(String),
}

fn describe_aliased(a: &[(String, Vec<String>)]) -> String {
    a.iter()
        .map(|(c, with)| format!("'{c}' is a linear combination of {}", with.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Fit the design by least squares (OLS, or WLS when weights are given).
pub fn fit(_design: &Design, _opts: &FitOptions) -> Result<Fitted, FitError> {
    unimplemented!("numerical core in progress")
}
