//! The flag names of the results contract: an area's `flags` lists the rules
//! it trips by these names, in the order of [`ALL`]. The rules themselves are
//! the engine's (`engine::analysis::flags`).

/// Actual above the (1−α) leave-one-out prediction interval.
pub const ABOVE_INTERVAL: &str = "above_interval";
/// Actual below the (1−α) leave-one-out prediction interval.
pub const BELOW_INTERVAL: &str = "below_interval";
/// Outlier test significant after the multiple-testing correction.
pub const OUTLIER: &str = "outlier";
/// Influential on the fit (Cook's distance or leverage above its cut-off).
pub const INFLUENTIAL: &str = "influential";
/// Deviation at least the spec's minimum in percent of the modelled value.
pub const PRACTICAL: &str = "practical";

/// Every flag name, in the order flags are listed.
pub const ALL: [&str; 5] = [
    ABOVE_INTERVAL,
    BELOW_INTERVAL,
    OUTLIER,
    INFLUENTIAL,
    PRACTICAL,
];
