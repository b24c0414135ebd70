//! The analysis results beside the fit: the cross-city views (persistence,
//! change decomposition, similar areas), agreement with a reference model,
//! and the JSON rows of the `compare`, `trend` and `allocate` commands. The
//! engine computes them (`engine::analysis`); the presentation crate shows
//! them.

use serde::{Deserialize, Serialize};

pub use crate::flags::{Direction, Flag, TrendStatus};

/// Kolada codes of Stockholm, Göteborg and Malmö: the big cities the reports
/// and the cross-city views focus on when they are in the data.
pub const BIG_CITIES: [&str; 3] = ["0180", "1480", "1280"];

/// Areas with the largest change in deviation shown beside the big cities.
pub const DECOMPOSITION_TOP: usize = 5;

/// The cross-city views of one result (`results.json` field `cross_city`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CrossCity {
    /// Persistence of each area's flag over the years up to this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<Persistence>,
    /// Change from the model's first year to this one: change in actual =
    /// structure + model + deviation, every area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_decomposition: Option<Decomposition>,
    /// The focus areas and their most similar areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peers: Option<Peers>,
    /// Views that could not be computed, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl CrossCity {
    pub fn is_empty(&self) -> bool {
        self.trend.is_none()
            && self.change_decomposition.is_none()
            && self.peers.is_none()
            && self.notes.is_empty()
    }
}

/// Persistence over the years up to the result's year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Persistence {
    /// The years looked at (the model's years up to this one).
    pub years: Vec<i32>,
    /// The last `window` years count …
    pub window: usize,
    /// … and an area flagged in at least `min_flagged` of them is persistent.
    pub min_flagged: usize,
    /// One row per area of this year's fit, in the fit's order.
    pub areas: Vec<AreaStatus>,
}

/// One area's persistence status.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AreaStatus {
    pub id: String,
    pub name: String,
    /// `persistent`, `occasional`, `blip` or `none` (see `trend.rs`).
    pub status: TrendStatus,
    /// Years flagged (outside the leave-one-out interval) in the window.
    pub flagged_in_window: usize,
    /// `above`, `below` or `mixed` over those years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// Similar areas of the focus areas.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Peers {
    /// `big_cities` (Stockholm, Göteborg, Malmö) or `most_flagged` (areas
    /// outside their interval, largest deviation in the outcome's unit first).
    pub focus: String,
    pub k: usize,
    /// Covariates the Mahalanobis distance is taken over.
    pub covariates: Vec<String>,
    pub areas: Vec<PeerSet>,
}

/// One focus area (first row, rank 0) and its peers, nearest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeerSet {
    /// Peers only from other groups than the area's own (false when the other
    /// groups have fewer than k areas).
    pub other_groups: bool,
    pub rows: Vec<PeerRow>,
}

/// The rows of a decomposition a report shows: the big cities present, then
/// the [`DECOMPOSITION_TOP`] largest |change in deviation| (ties by id).
/// Returns row indices and how many of them are big cities.
pub fn decomposition_focus(d: &Decomposition) -> (Vec<usize>, usize) {
    let mut out: Vec<usize> = BIG_CITIES
        .iter()
        .filter_map(|c| d.rows.iter().position(|r| r.id == *c))
        .collect();
    let n_cities = out.len();
    let mut rest: Vec<usize> = (0..d.rows.len()).filter(|i| !out.contains(i)).collect();
    rest.sort_by(|&i, &j| {
        let (a, b) = (&d.rows[i], &d.rows[j]);
        b.deviation_change
            .abs()
            .total_cmp(&a.deviation_change.abs())
            .then_with(|| a.id.cmp(&b.id))
    });
    out.extend(rest.into_iter().take(DECOMPOSITION_TOP));
    (out, n_cities)
}

/// One row of the peer table for an area: the area itself first, then its
/// peers, nearest first.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeerRow {
    /// `area` for the area asked about, `peer` for its peers.
    pub role: String,
    /// 0 for the area, 1..k for its peers (nearest first).
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub group: String,
    /// Mahalanobis distance to the area (0 for the area itself).
    pub distance: f64,
    pub actual: f64,
    pub modelled: f64,
    /// actual − modelled.
    pub deviation: f64,
    pub deviation_pct: Option<f64>,
    pub flags: Vec<Flag>,
}

/// One row of the whole-table peer view.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PeerSummary {
    pub id: String,
    pub name: String,
    pub group: String,
    pub actual: f64,
    pub modelled: f64,
    pub deviation_pct: Option<f64>,
    /// Peer ids, nearest first.
    pub peers: Vec<String>,
    /// Mean Mahalanobis distance to the peers.
    pub mean_distance: f64,
    /// Unweighted mean of the peers' actual values.
    pub peer_mean_actual: f64,
    /// actual − peer mean actual: how far the area's cost sits from its peers'.
    pub gap: f64,
    /// gap in % of the peer mean.
    pub gap_pct: Option<f64>,
}

/// One area in one year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TrendPoint {
    pub year: i32,
    pub actual: f64,
    pub modelled: f64,
    /// actual − modelled.
    pub deviation: f64,
    pub deviation_pct: Option<f64>,
    /// `above` / `below` the leave-one-out prediction interval, if flagged.
    pub flagged: Option<Direction>,
}

/// One area over the years.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AreaTrend {
    pub id: String,
    pub name: String,
    pub group: String,
    /// `persistent`, `occasional`, `blip` or `none` (see the module docs).
    pub status: TrendStatus,
    /// Years flagged among the last `window` years.
    pub flagged_in_window: usize,
    /// `above`, `below` or `mixed` over the flagged years of the window.
    pub direction: Option<Direction>,
    pub points: Vec<TrendPoint>,
}

/// How structure is measured in the change decomposition (module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Convention {
    /// Each year's own fit (deviations as in the yearly reports).
    Own,
    /// One pooled fit over both years with a year fixed effect.
    Common,
}

impl Convention {
    pub fn as_str(self) -> &'static str {
        match self {
            Convention::Own => "own",
            Convention::Common => "common",
        }
    }
}

/// One area's change between two years.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChangeRow {
    pub id: String,
    pub name: String,
    pub group: String,
    pub actual_from: f64,
    pub actual_to: f64,
    /// actual_to − actual_from.
    pub change_actual: f64,
    /// change_actual in % of actual_from.
    pub change_actual_pct: Option<f64>,
    /// Change explained by the change in the covariates (structure).
    pub structure: f64,
    /// Change from the model itself: coefficients and level (`own`), or the
    /// year effect (`common`).
    pub model_change: f64,
    /// Change in deviation (actual − modelled): the rest.
    pub deviation_change: f64,
    /// structure in % of actual_from.
    pub structure_pct: Option<f64>,
}

/// An area in only one of the two years, or left out of a fit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Unmatched {
    pub id: String,
    pub name: String,
    /// The reason in English (the text of JSON output).
    pub reason: String,
    /// The year of the fit the area is not in, for the reason in the
    /// reader's language; not written (the JSON keeps `reason`).
    #[serde(skip)]
    pub not_in_year: Option<i32>,
}

/// The change decomposition between two years.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Decomposition {
    pub model: String,
    pub from: i32,
    pub to: i32,
    pub convention: Convention,
    pub rows: Vec<ChangeRow>,
    pub unmatched: Vec<Unmatched>,
    /// How the numbers were made.
    pub note: String,
}

/// An area the two models judge differently.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Disagreement {
    pub id: String,
    pub name: String,
    pub group: String,
    pub actual: f64,
    pub modelled: f64,
    pub reference: f64,
    /// actual − modelled (our model).
    pub deviation: f64,
    /// actual − reference (the reference model).
    pub reference_deviation: f64,
}

/// Agreement of a fit's modelled values with the spec's reference column.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReferenceComparison {
    /// The reference column, e.g. `U31004`.
    pub column: String,
    /// Areas with a reference value (the others are not compared).
    pub n: usize,
    /// Pearson correlation of modelled and reference values.
    pub correlation: Option<f64>,
    /// Spearman rank correlation (average ranks for ties).
    pub rank_correlation: Option<f64>,
    /// Pearson correlation of actual with modelled, and of actual with the
    /// reference: which of the two models follows the outcome more closely.
    pub correlation_actual_modelled: Option<f64>,
    pub correlation_actual_reference: Option<f64>,
    /// Mean of modelled − reference (unweighted), in outcome units.
    pub mean_difference: f64,
    /// Areas where the two deviations have the same sign (or either is zero).
    pub n_same_sign: usize,
    /// Areas where the deviations have opposite signs, largest |our deviation −
    /// reference deviation| first, ties by id.
    pub disagreements: Vec<Disagreement>,
    /// How the numbers were made.
    pub convention: String,
}

/// One area's allocation (the JSON row: `id`, `name`, `basis`, `share`, `amount`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AllocationRow {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub group: String,
    /// The area's basis value (kronor of modelled need, or the column value).
    pub basis: f64,
    /// basis / total basis.
    pub share: f64,
    /// Whole kronor.
    pub amount: i64,
}
