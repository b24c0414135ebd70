//! The names of the results contract that are words, not numbers: the flags an
//! area trips (`areas[].flags`, in the order of [`Flag::ALL`]), the
//! multiple-testing correction of the outlier flag (`model.correction`), and
//! an area's persistence over the years (`status`, `direction`,
//! `points[].flagged` of the trend views). Each is an enum whose serde name is
//! the exact string `results.json` and the command JSON outputs have always
//! held, so the bytes do not change; code matches on the variants instead of
//! on strings. The rules themselves are the engine's
//! (`engine::analysis::flags`, `engine::analysis::trend`); the words a reader
//! sees are the presentation's message catalogue.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One flag rule an area trips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Actual above the (1−α) leave-one-out prediction interval.
    AboveInterval,
    /// Actual below the (1−α) leave-one-out prediction interval.
    BelowInterval,
    /// Outlier test significant after the multiple-testing correction.
    Outlier,
    /// Influential on the fit (Cook's distance or leverage above its cut-off).
    Influential,
    /// Deviation at least the spec's minimum in percent of the modelled value.
    Practical,
}

/// Actual above the leave-one-out interval (the name as a constant, for
/// callers of the first version of the contract).
pub const ABOVE_INTERVAL: Flag = Flag::AboveInterval;
/// Actual below the leave-one-out interval.
pub const BELOW_INTERVAL: Flag = Flag::BelowInterval;
/// Outlier after the correction.
pub const OUTLIER: Flag = Flag::Outlier;
/// Influential on the fit.
pub const INFLUENTIAL: Flag = Flag::Influential;
/// Practically significant deviation.
pub const PRACTICAL: Flag = Flag::Practical;
/// Every flag, in the order flags are listed.
pub const ALL: [Flag; 5] = Flag::ALL;

impl Flag {
    /// Every flag, in the order an area's flags are listed.
    pub const ALL: [Flag; 5] = [
        Flag::AboveInterval,
        Flag::BelowInterval,
        Flag::Outlier,
        Flag::Influential,
        Flag::Practical,
    ];

    /// The name in JSON and CSV, e.g. `above_interval`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::AboveInterval => "above_interval",
            Flag::BelowInterval => "below_interval",
            Flag::Outlier => "outlier",
            Flag::Influential => "influential",
            Flag::Practical => "practical",
        }
    }

    /// Whether the flag says the actual value lies outside its leave-one-out
    /// interval (above or below).
    pub fn is_interval(self) -> bool {
        matches!(self, Flag::AboveInterval | Flag::BelowInterval)
    }

    /// The side of an interval flag; `None` for the other flags.
    pub fn direction(self) -> Option<Direction> {
        match self {
            Flag::AboveInterval => Some(Direction::Above),
            Flag::BelowInterval => Some(Direction::Below),
            _ => None,
        }
    }

    /// Parse a name written by [`Flag::as_str`].
    pub fn parse(s: &str) -> Option<Flag> {
        Flag::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The flags' names joined by `sep` (`above_interval;practical`), as the CSV
/// and spreadsheet `flags` column writes them.
pub fn join(flags: &[Flag], sep: &str) -> String {
    flags
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Multiple-testing correction for the outlier flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    /// Bonferroni: p·n < α (Cook & Weisberg 1982, *Residuals and Influence
    /// in Regression*, §2.2).
    #[default]
    Bonferroni,
    /// Benjamini–Hochberg false discovery rate: q < α (Benjamini & Hochberg
    /// 1995, JRSS B 57(1)).
    Bh,
}

impl Correction {
    /// Every correction, in the order help texts list them.
    pub const ALL: [Correction; 2] = [Correction::Bonferroni, Correction::Bh];

    /// The name in specs and JSON: `bonferroni` or `bh`.
    pub fn as_str(self) -> &'static str {
        match self {
            Correction::Bonferroni => "bonferroni",
            Correction::Bh => "bh",
        }
    }

    /// Parse a name written by [`Correction::as_str`].
    pub fn parse(s: &str) -> Option<Correction> {
        Correction::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// An area's persistence over the last years of a trend window.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum TrendStatus {
    /// Flagged in at least k of the last m years, or on one side of its
    /// modelled value in every year strongly enough together.
    Persistent,
    /// Flagged in more than one year of the window but fewer than k.
    Occasional,
    /// Flagged in exactly one year of the window.
    Blip,
    /// Never flagged in the window.
    #[default]
    None,
}

impl TrendStatus {
    /// Every status, persistent first (the order reports sort by).
    pub const ALL: [TrendStatus; 4] = [
        TrendStatus::Persistent,
        TrendStatus::Occasional,
        TrendStatus::Blip,
        TrendStatus::None,
    ];

    /// The name in JSON, e.g. `persistent`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrendStatus::Persistent => "persistent",
            TrendStatus::Occasional => "occasional",
            TrendStatus::Blip => "blip",
            TrendStatus::None => "none",
        }
    }

    /// Parse a name written by [`TrendStatus::as_str`].
    pub fn parse(s: &str) -> Option<TrendStatus> {
        TrendStatus::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Which side of the interval an area fell on: one year's flag (`above`,
/// `below`), or over the flagged years of a window (`mixed` when both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Above,
    Below,
    Mixed,
}

impl Direction {
    /// Every direction.
    pub const ALL: [Direction; 3] = [Direction::Above, Direction::Below, Direction::Mixed];

    /// The name in JSON, e.g. `above`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Above => "above",
            Direction::Below => "below",
            Direction::Mixed => "mixed",
        }
    }

    /// Parse a name written by [`Direction::as_str`].
    pub fn parse(s: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// `Display` writes the JSON name; `== "name"` compares with it (so a test or
/// a reader of `results.json` can still speak of a flag by its name).
macro_rules! named {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
        impl std::str::FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("unknown name '{s}': expected one of {}", names.join(", "))
                })
            }
        }
    )*};
}
named!(Flag, Correction, TrendStatus, Direction);

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact strings of `results.json` and the command outputs (README,
    /// "The `results.json` contract"), written out rather than derived from
    /// `as_str`, so a renamed variant or serde attribute fails here.
    #[test]
    fn flags_serialise_as_their_contract_names() {
        let names = [
            (Flag::AboveInterval, "above_interval"),
            (Flag::BelowInterval, "below_interval"),
            (Flag::Outlier, "outlier"),
            (Flag::Influential, "influential"),
            (Flag::Practical, "practical"),
        ];
        for (f, name) in names {
            assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<Flag>(&format!("\"{name}\"")).unwrap(),
                f
            );
            assert_eq!(f.to_string(), name);
            assert_eq!(name.parse::<Flag>().unwrap(), f);
            assert!(f == name);
        }
        assert_eq!(Flag::ALL.map(|f| f.as_str()), names.map(|(_, n)| n));
        assert!(serde_json::from_str::<Flag>("\"Outlier\"").is_err());
        assert!("above".parse::<Flag>().is_err());
        assert_eq!(Flag::BelowInterval.direction(), Some(Direction::Below));
        assert_eq!(Flag::Outlier.direction(), None);
    }

    #[test]
    fn corrections_serialise_as_their_contract_names() {
        for (c, name) in [
            (Correction::Bonferroni, "bonferroni"),
            (Correction::Bh, "bh"),
        ] {
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<Correction>(&format!("\"{name}\"")).unwrap(),
                c
            );
            assert_eq!(name.parse::<Correction>().unwrap(), c);
        }
        assert_eq!(Correction::default(), Correction::Bonferroni);
        assert!(serde_json::from_str::<Correction>("\"fdr\"").is_err());
    }

    #[test]
    fn statuses_serialise_as_their_contract_names() {
        let names = [
            (TrendStatus::Persistent, "persistent"),
            (TrendStatus::Occasional, "occasional"),
            (TrendStatus::Blip, "blip"),
            (TrendStatus::None, "none"),
        ];
        for (s, name) in names {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<TrendStatus>(&format!("\"{name}\"")).unwrap(),
                s
            );
            assert_eq!(name.parse::<TrendStatus>().unwrap(), s);
        }
        // Persistent sorts first: reports list the persistent areas first.
        let mut sorted = TrendStatus::ALL;
        sorted.reverse();
        sorted.sort();
        assert_eq!(sorted, TrendStatus::ALL);
    }

    #[test]
    fn directions_serialise_as_their_contract_names() {
        for (d, name) in [
            (Direction::Above, "above"),
            (Direction::Below, "below"),
            (Direction::Mixed, "mixed"),
        ] {
            assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<Direction>(&format!("\"{name}\"")).unwrap(),
                d
            );
            assert_eq!(name.parse::<Direction>().unwrap(), d);
        }
        // An optional direction is written as the name or `null`.
        assert_eq!(
            serde_json::to_string(&Some(Direction::Mixed)).unwrap(),
            "\"mixed\""
        );
        assert_eq!(serde_json::to_string(&None::<Direction>).unwrap(), "null");
    }
}
