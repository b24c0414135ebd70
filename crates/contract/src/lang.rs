//! Report language. Swedish is the default (committee reports); English on request.

use serde::{Deserialize, Serialize};

/// Language of reports and plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// Pick the Swedish or the English text.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sv" | "svenska" | "swedish" => Ok(Lang::Sv),
            "en" | "english" | "engelska" => Ok(Lang::En),
            other => Err(format!("unknown language '{other}': use 'sv' or 'en'")),
        }
    }
}
