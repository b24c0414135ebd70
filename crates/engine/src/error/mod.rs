//! Error types shared by the library: every problem says where it is (file, line,
//! column, area or spec key), what is wrong, and what to do next.

use std::fmt;
use std::path::PathBuf;

pub mod message;

pub use message::{Hint, Message};

/// Where in the input a problem was found. Every field is optional because not
/// every problem has every coordinate (a spec key has no line in a data file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// File the problem is in (data file, spec file).
    pub file: Option<String>,
    /// 1-based line number in that file (header = line 1).
    pub line: Option<u64>,
    /// Column name (data) or key path (spec, e.g. `sample.years.from`).
    pub column: Option<String>,
    /// Area identifier and name, e.g. `1280 Malmö`.
    pub area: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: Some(file.into()),
            ..Default::default()
        }
    }
    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    pub fn area(mut self, area: impl Into<String>) -> Self {
        self.area = Some(area.into());
        self
    }
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.line.is_none() && self.column.is_none() && self.area.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        match (&self.file, self.line) {
            (Some(file), Some(line)) => parts.push(format!("{file}:{line}")),
            (Some(file), None) => parts.push(file.clone()),
            (None, Some(line)) => parts.push(format!("line {line}")),
            (None, None) => {}
        }
        if let Some(c) = &self.column {
            parts.push(format!("column '{c}'"));
        }
        if let Some(a) = &self.area {
            parts.push(format!("area {a}"));
        }
        write!(f, "{}", parts.join(", "))
    }
}

/// A problem with input data or a spec, located and with advice.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub location: Location,
    /// What is wrong, as a kind with its values (`Display`: English).
    pub message: Message,
    /// What the user can do about it.
    pub hint: Option<Hint>,
}

impl InputError {
    pub fn new(location: Location, message: impl Into<Message>) -> Self {
        InputError {
            location,
            message: message.into(),
            hint: None,
        }
    }
    pub fn hint(mut self, hint: impl Into<Hint>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            write!(f, "{}: {}", self.location, self.message)?;
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Why a model could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("too few rows: n = {n} observations for p = {p} coefficients; need n > p")]
    TooFewRows { n: usize, p: usize },
    #[error("design row {row}, column '{column}': value is {value} (not finite)")]
    NonFinite {
        row: usize,
        column: String,
        value: f64,
    },
    #[error("design row {row}: weight is {value}; weights must be finite and > 0")]
    BadWeight { row: usize, value: f64 },
    #[error("covariate '{name}' is constant ({value} in every row): it cannot be separated from the intercept")]
    ConstantColumn { name: String, value: f64 },
    #[error("covariate '{name}' duplicates '{other}' (identical values in every row)")]
    DuplicateColumn { name: String, other: String },
    #[error("design is rank deficient: {}", describe_aliased(.aliased))]
    RankDeficient { aliased: Vec<(String, Vec<String>)> },
    #[error("the outcome is constant ({value} in every row): there is nothing for the covariates to explain")]
    ConstantOutcome { value: f64 },
    #[error("design row {row}, column '{column}': {value:e} is outside the range the solver handles ({what})")]
    OutOfRange {
        row: usize,
        column: String,
        value: f64,
        what: &'static str,
    },
    #[error("{0}")]
    Backend(String),
}

impl FitError {
    /// The design row the error is about, if it is about one row (so that a
    /// caller can name the data line and area).
    pub fn row(&self) -> Option<usize> {
        match self {
            FitError::NonFinite { row, .. }
            | FitError::BadWeight { row, .. }
            | FitError::OutOfRange { row, .. } => Some(*row),
            _ => None,
        }
    }
}

fn describe_aliased(a: &[(String, Vec<String>)]) -> String {
    a.iter()
        .map(|(c, with)| {
            format!(
                "'{c}' is a linear combination of {}",
                with.iter()
                    .map(|w| format!("'{w}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The library's error type.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input data or specification (located). Boxed to keep `Result` small.
    #[error("{0}")]
    Input(Box<InputError>),
    /// The model cannot be fitted (rank deficiency, too few rows, ...).
    #[error("{0}")]
    Fit(#[from] FitError),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An error of a later layer with kinds of its own (a failed fit:
    /// `analysis::task::FitFailure`), for the command line to word.
    #[error("{0}")]
    Failed(Box<dyn std::error::Error + Send + Sync>),
    /// Anything else, with a message that says what to do.
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::Input(Box::new(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_formats_all_parts() {
        let loc = Location::file("data.csv")
            .line(12)
            .column("U00801")
            .area("1280 Malmö");
        assert_eq!(
            loc.to_string(),
            "data.csv:12, column 'U00801', area 1280 Malmö"
        );
        let e = InputError::new(loc, "not a number: 'abc'").hint("fix the cell");
        assert_eq!(
            e.to_string(),
            "data.csv:12, column 'U00801', area 1280 Malmö: not a number: 'abc'\n  hint: fix the cell"
        );
    }
}
