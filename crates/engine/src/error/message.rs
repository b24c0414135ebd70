//! What an input error says, as data: the loader's, the spec checks' and
//! the Kolada importers' problems ([`Message`]) and advice ([`Hint`]) as
//! kinds with their values, so that the command line can word them in the
//! analyst's language. Their
//! `Display` is the English text, which library users and the command line
//! without `--lang` print as it is.

use std::fmt;

/// What is wrong with the input. Each kind carries the values its sentence
/// names; `Display` gives the English sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    // The data file (data/load.rs).
    /// The file could not be read (the operating system's reason, and its
    /// kind for a wording in another language).
    CannotRead {
        error: String,
        kind: std::io::ErrorKind,
    },
    /// More text than the table can hold.
    TooLarge { bytes: u64 },
    /// Nothing but whitespace, or no header.
    Empty,
    /// The CSV reader's own complaint (quoting).
    BadCsv { error: String },
    /// A header and nothing below it.
    NoRows,
    /// `1,234`-like cells and nothing that settles the decimal separator.
    AmbiguousNumber { cell: String },
    /// A row with more or fewer fields than the header.
    Width { fields: usize, header: usize },
    /// An empty area id cell.
    EmptyId,
    /// A year cell that is not an integer.
    BadYear { text: String },
    /// The same area (and year) on two lines.
    Duplicate {
        area: String,
        year: Option<i32>,
        first: u64,
        line: u64,
    },
    /// A control character in a text cell.
    ControlCharacter { code: u32 },
    /// A text cell longer than the table accepts.
    TooLong { chars: usize, max: usize },
    /// A column forced for a role (`--id-column foo`) that the header lacks.
    /// `role` is one of `area id`, `area name`, `group`, `group name`, `year`.
    NoColumnFor { column: String, role: &'static str },
    /// Two header columns that both name a role.
    TwoColumnsFor {
        role: &'static str,
        first: String,
        second: String,
    },
    /// One column given two roles.
    TwoRoles { column: String },
    /// An empty header cell (1-based column number).
    UnnamedHeader { column: usize },
    /// The same header twice (1-based column numbers).
    HeaderTwice {
        name: String,
        first: usize,
        second: usize,
    },
    /// A UTF-16 file.
    Utf16,
    /// Not UTF-8 where UTF-8 was demanded (1-based byte).
    NotUtf8 { byte: usize },
    /// UTF-8 with one stray byte (1-based byte and its value).
    MixedEncoding { byte: usize, value: u8 },
    /// `NaN`, `inf` in a numeric cell.
    NotFinite { text: String },
    /// A numeric cell that is not a number.
    NotNumber { text: String },
    /// A decimal point in a file written with decimal comma.
    DecimalPoint { text: String },
    /// A decimal comma in a file written with decimal point.
    DecimalComma { text: String },

    // The spec's checks (spec.rs).
    /// A spec column that the data lacks (`source`: the data file).
    NotInData { column: String, source: String },
    /// A spec column whose header the loader reads as a role.
    RoleColumn {
        column: String,
        source: String,
        role: &'static str,
    },
    /// The model's name cannot name a folder.
    BadName { name: String },
    /// No covariates, no intercept, no fixed effects.
    NoColumns,
    /// The outcome listed among the covariates.
    OutcomeIsCovariate { column: String },
    /// A covariate listed twice.
    CovariateTwice { column: String },
    /// The identity link with a family that needs positive means.
    IdentityLink { family: String },
    /// An offset without the log link.
    OffsetNeedsLog { offset: String },
    /// The offset is also the outcome or a covariate.
    OffsetTwice { offset: String },
    /// A transform of a column the model does not use.
    TransformUnused { column: String },
    /// A polynomial of the outcome.
    PolyOutcome { transform: String, column: String },
    /// A transform that divides by a population that is not known.
    NoPopulation {
        transform: &'static str,
        column: String,
    },
    /// A fixed effect listed twice.
    FixedEffectTwice { name: String },
    /// Year fixed effects in a fit per year.
    YearEffectsUnpooled,
    /// `flags.alpha` outside (0, 1).
    BadAlpha { value: f64 },
    /// `flags.min_deviation_pct` negative or not finite.
    BadMinDeviation { value: f64 },
    /// A sample group the data lacks.
    GroupNotInData { group: String, source: String },
    /// `from` after `to`.
    YearRangeReversed { from: i32, to: i32 },
    /// A year range without data; `data`: the data's first and last year.
    NoDataForYears {
        from: i32,
        to: i32,
        source: String,
        data: Option<(i32, i32)>,
    },
    /// `years = []`.
    EmptyYearList,
    /// A listed year the data lacks.
    YearNotInData {
        year: i32,
        source: String,
        data: Option<(i32, i32)>,
    },
    /// Sample years but no year column.
    NoYearColumn,
    // Building a model's rows (model/design.rs).
    /// An offset cell ≤ 0 (or not a number): it has no logarithm.
    NonPositiveOffset {
        offset: String,
        value: f64,
        area: String,
    },
    /// Every row of a model's sample excluded (`year`: `None` for a pooled
    /// sample).
    NoUsableRows {
        model: String,
        year: Option<i32>,
        source: String,
        excluded: usize,
    },

    /// A TOML key the spec does not have.
    UnknownKey { key: String },
    /// A value not among the allowed ones.
    UnknownValue { value: String },
    /// A required key left out.
    MissingKey { key: String },
    /// `years` neither a range nor a list.
    YearsShape,
    /// Any other TOML problem (the parser's own English words).
    NotASpec { error: String },
    /// A spec file that is not UTF-8 (the first bad byte's value).
    SpecNotUtf8 { value: u8 },

    // Kolada import (data/kolada.rs).
    /// A DDF file that could not be read (the operating system's reason and
    /// its kind).
    DdfCannotRead {
        error: String,
        kind: std::io::ErrorKind,
    },
    /// A DDF file that is not UTF-8 (1-based byte).
    DdfNotUtf8 { byte: usize },
    /// A DDF file without a column it needs; `header`: the columns it has.
    DdfNoColumn { column: String, header: Vec<String> },
    /// An entity list (municipality or county names) missing from the folder.
    NoEntityFile,
    /// The DDF folder is not there, or is not a folder.
    NoDdfFolder,
    /// A year range whose first year is after its last.
    EmptyYearRange { from: i32, to: i32 },
    /// The datapoint folder could not be listed.
    CannotList {
        error: String,
        kind: std::io::ErrorKind,
    },
    /// A datapoint file whose KPI has a role column's name.
    KpiIsRole { kpi: String, role: &'static str },
    /// No datapoint files in the folder.
    NoDatapointFiles,
    /// A datapoint file without its KPI's value column (`kpi` in lower case,
    /// as the file name has it).
    NoKpiColumn { kpi: String, header: Vec<String> },
    /// A `geo` cell that is no municipality, county or country code.
    NotAreaCode { code: String },
    /// A `geo` code with more than four digits.
    CodeDigits { code: String, digits: usize },
    /// The same area and year twice in one datapoint file.
    YearTwice { year: i32, first: u64, line: u64 },
    /// No municipality values in the year range.
    NoValuesForYears { from: i32, to: i32 },
    /// No JSON files given.
    NoJsonFiles,
    /// No rows for municipalities in the JSON files.
    NoJsonValues,
    /// A JSON file that could not be read.
    CannotReadJson {
        error: String,
        kind: std::io::ErrorKind,
    },
    /// Not JSON: the parser's text (ending ` at line {line} column {column}`
    /// when it has a position; `line` 0 when it has none).
    NotJson {
        error: String,
        line: usize,
        column: usize,
    },
    /// No `values` list at the top of a response.
    NoValuesList,
    /// A row's key (`kpi`, `municipality`, `gender`) missing or not a string.
    NotAString { key: &'static str },
    /// A row's `period` missing or not a year.
    NoPeriod,
    /// A row's inner `values` missing or not a list.
    NoInnerValues,
    /// An empty KPI id.
    EmptyKpi,
    /// A KPI id that the table would read as a role column.
    KpiIdIsRole { kpi: String, role: &'static str },
    /// A value that is neither a number nor null (its JSON text).
    NotNumberOrNull { value: String },
    /// Two total (gender `T`) values in one row: `values[row].values[first]`
    /// and `[second]`.
    TwoTotals {
        row: usize,
        first: usize,
        second: usize,
    },
    /// The same (KPI, period, municipality) twice with different values
    /// (boxed: the largest kind, kept out of every other's size).
    ConflictingValues(Box<Conflict>),

    /// A message without a kind of its own (the dictionary, …): English in
    /// every language.
    Text(String),
}

/// One value given twice in Kolada JSON responses: where it is now and
/// where it was first.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub kpi: String,
    pub period: i32,
    /// The municipality code.
    pub code: String,
    /// The value here (`None`: null).
    pub here: Option<f64>,
    /// The value given first.
    pub there: Option<f64>,
    /// The file and key path of the value given first.
    pub file: String,
    pub path: String,
}

/// A Kolada API response's shape, for the advice after a response that is
/// not one.
pub const KOLADA_RESPONSE_EXAMPLE: &str = "{\"values\":[{\"kpi\":\"N31807\",\"municipality\":\"0180\",\"period\":2022,\"values\":[{\"gender\":\"T\",\"value\":2.08}]}],\"next_url\":\"\"}";

/// A value of a Kolada response as the messages show it: the number, or
/// `null`.
pub fn json_number(v: Option<f64>) -> String {
    v.map_or_else(|| "null".to_string(), |x| x.to_string())
}

/// What to do about an input error. `Display` gives the English advice.
#[derive(Debug, Clone, PartialEq)]
pub enum Hint {
    // The data file.
    /// After a missing file.
    CheckPath,
    /// After a file that exists but cannot be read.
    CheckReadable,
    /// After a file too large.
    SplitFile,
    /// After an empty file.
    GiveCsv,
    /// After the CSV reader's complaint.
    CheckQuoting,
    /// After a header without rows.
    AddRows,
    /// After an ambiguous number.
    SayDecimal,
    /// After a row of the wrong width (the separator byte).
    OneValuePerColumn { separator: u8 },
    /// After an empty id.
    GiveId,
    /// After a bad year.
    FourDigitYear,
    /// After a duplicate; `year_column`: whether the file has a year column.
    KeepOneRow { year_column: bool },
    /// After a control character.
    RemoveControl,
    /// After a long text.
    ShortenCell,
    /// The header's columns, after a missing role column.
    HeaderHas { columns: Vec<String> },
    /// After two columns for a role.
    RenameOrSay { role: &'static str },
    /// After a column with two roles.
    OwnColumns,
    /// After an unnamed header (the separator byte).
    NameEveryColumn { separator: u8 },
    /// After a header named twice.
    DistinctNames,
    /// After a UTF-16 file.
    SaveAsUtf8,
    /// After bytes that are not UTF-8.
    ProbablyLatin1,
    /// After a stray byte in UTF-8.
    FixStrayByte,
    /// After NaN or infinity.
    NotData,
    /// After a cell that is not a number.
    NumericColumn,
    /// After a wrong decimal separator.
    SameSeparator,

    // The spec.
    /// A close match.
    DidYouMean { name: String },
    /// A header read as a role.
    RoleHeader { column: String, role: &'static str },
    /// The data's numeric columns (all of them; the first 20 are shown).
    NumericColumns { names: Vec<String> },
    /// The data's groups (all of them; the first 20 are shown).
    GroupsInData { names: Vec<String> },
    /// After a bad model name.
    NameCharacters,
    /// After a model without columns.
    AddCovariate,
    /// After the outcome as covariate.
    RemoveFromCovariates,
    /// After a covariate listed twice.
    ListOnce,
    /// After the identity link with a positive family.
    UseLogLink,
    /// After an offset without the log link.
    OffsetLink,
    /// After an offset listed twice.
    OffsetOnce,
    /// After a transform of an unused column.
    TransformTargets,
    /// After a polynomial of the outcome.
    PolyOnCovariate,
    /// After a transform without a population.
    SetPopulation,
    /// After year fixed effects without pooling.
    PoolYears,
    /// After a bad alpha.
    AlphaExample,
    /// After a bad minimum deviation.
    PercentExample,
    /// After a reversed year range.
    YearRangeExample,
    /// After a year range without data.
    ChangeYears,
    /// After `years = []`.
    ListYears,
    /// After a listed year without data.
    RemoveYear,
    /// After sample years without a year column.
    RemoveYearsOrAddColumn,
    /// After an offset ≤ 0.
    CorrectOffset { model: String, file: String },
    /// The first row excluded, after a sample without usable rows.
    FirstExcluded {
        id: String,
        name: String,
        reason: contract::results::Exclusion,
    },
    /// After a sample without usable rows, when none was excluded.
    CheckSample,
    /// The keys allowed where an unknown key was.
    AllowedKeys { keys: Vec<String> },
    /// The values allowed where an unknown value was.
    UseOneOf { values: Vec<String> },
    /// After a missing key.
    AddKey { key: String },
    /// After a bad `years`.
    YearsExample,
    /// After any other TOML problem.
    SeeExample,
    /// After a spec that is not UTF-8.
    SaveSpecAsUtf8,

    // Kolada import (data/kolada.rs).
    /// After a DDF file that cannot be read.
    DdfComplete,
    /// After a DDF file that is not UTF-8.
    DdfIsUtf8,
    /// After a DDF file the CSV reader rejects.
    UnmodifiedDdfCsv,
    /// After a DDF file without a column it needs.
    UnmodifiedDdf,
    /// The entity file a DDF folder has, after a missing one.
    EntityFile { file: &'static str },
    /// After a DDF folder that is not there.
    GiveDdfFolder,
    /// After an empty year range.
    FirstYearFirst,
    /// After a KPI named like a role column.
    RenameDatapointFile,
    /// After a folder without datapoint files: how their names begin and
    /// end (around the KPI id).
    DatapointFileNames {
        prefix: &'static str,
        suffix: &'static str,
    },
    /// After a datapoint file without its value column.
    ValueColumnName,
    /// After a `geo` cell that is not a municipality code.
    KommunCodeDigits,
    /// After a bad year in a datapoint file.
    UnmodifiedDatapointFile,
    /// After a value that is not a number in a datapoint file.
    DdfPlainNumbers,
    /// After a year twice for an area.
    OneRowPerAreaYear,
    /// After no values in the year range.
    CheckYearRange,
    /// After no JSON files.
    GiveJsonFiles,
    /// After JSON responses without municipality rows.
    CheckQuery,
    /// After a JSON file that cannot be read.
    CheckThePath,
    /// After a response that is not JSON or not in Kolada's shape.
    ApiShape,
    /// After a value given twice.
    GiveEachOnce,

    /// Advice without a kind of its own: English in every language.
    Text(String),
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::Text(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::Text(s.to_string())
    }
}

impl From<String> for Hint {
    fn from(s: String) -> Self {
        Hint::Text(s)
    }
}

impl From<&str> for Hint {
    fn from(s: &str) -> Self {
        Hint::Text(s.to_string())
    }
}

/// A separator as the messages name it: `,`, `;`, `tab`.
pub fn separator_name(d: u8) -> &'static str {
    match d {
        b',' => ",",
        b';' => ";",
        b'\t' => "tab",
        _ => "the separator",
    }
}

/// The first 20 names, comma-separated, then how many there are in all:
/// `a, b, … (34 in all)`. `in_all` words the count (`({} in all)`).
pub fn preview(names: &[String], in_all: &str) -> String {
    let mut s = names
        .iter()
        .take(20)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 20 {
        s.push_str(", … ");
        s.push_str(&in_all.replace("{}", &names.len().to_string()));
    }
    s
}

/// A span of years: `2013–2022`, `2022`, or `none` for no years.
pub fn year_span(data: Option<(i32, i32)>, none: &str) -> String {
    match data {
        Some((a, b)) if a == b => a.to_string(),
        Some((a, b)) => format!("{a}–{b}"),
        None => none.to_string(),
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Message as M;
        match self {
            M::CannotRead { error, .. } => write!(f, "cannot read the data file: {error}"),
            M::TooLarge { bytes } => write!(
                f,
                "the file is {bytes} bytes of text; at most 4 GiB can be read"
            ),
            M::Empty => f.write_str("the file is empty"),
            M::BadCsv { error } => write!(f, "cannot read CSV: {error}"),
            M::NoRows => f.write_str("the file has a header but no data rows"),
            M::AmbiguousNumber { cell } => write!(
                f,
                "'{cell}' could be a decimal number or a whole number with a thousands separator, and no cell in the file settles which"
            ),
            M::Width { fields, header } => write!(
                f,
                "this row has {fields} fields but the header has {header}"
            ),
            M::EmptyId => f.write_str("the area id is empty"),
            M::BadYear { text } => write!(f, "the year '{text}' is not a whole number"),
            M::Duplicate {
                area,
                year,
                first,
                line,
            } => match year {
                Some(y) => write!(
                    f,
                    "area {area} appears twice for year {y}: lines {first} and {line}"
                ),
                None => write!(f, "area {area} appears twice: lines {first} and {line}"),
            },
            M::ControlCharacter { code } => write!(
                f,
                "the text contains the control character U+{code:04X}"
            ),
            M::TooLong { chars, max } => write!(
                f,
                "the text is {chars} characters long; at most {max} are accepted"
            ),
            M::NoColumnFor { column, role } => {
                write!(f, "no column named '{column}' for the {role}")
            }
            M::TwoColumnsFor {
                role,
                first,
                second,
            } => write!(
                f,
                "two columns could be the {role}: '{first}' and '{second}'"
            ),
            M::TwoRoles { column } => write!(f, "column '{column}' is given two roles"),
            M::UnnamedHeader { column } => write!(f, "header column {column} has no name"),
            M::HeaderTwice {
                name,
                first,
                second,
            } => write!(
                f,
                "the header names '{name}' twice (columns {first} and {second})"
            ),
            M::Utf16 => f.write_str("the file is UTF-16 text, which is not supported"),
            M::NotUtf8 { byte } => write!(
                f,
                "the file is not valid UTF-8 (byte {byte} of the file)"
            ),
            M::MixedEncoding { byte, value } => write!(
                f,
                "the file is UTF-8 but byte {byte} (0x{value:02X}) is not: the file mixes two encodings"
            ),
            M::NotFinite { text } => write!(f, "'{text}' is not a finite number"),
            M::NotNumber { text } => write!(f, "'{text}' is not a number"),
            M::DecimalPoint { text } => write!(
                f,
                "'{text}' has a decimal point, but this file uses decimal comma"
            ),
            M::DecimalComma { text } => write!(
                f,
                "'{text}' has a decimal comma, but this file uses decimal point"
            ),
            M::NotInData { column, source } => {
                write!(f, "column '{column}' is not in the data ({source})")
            }
            M::RoleColumn {
                column,
                source,
                role,
            } => write!(
                f,
                "column '{column}' is not a numeric column of {source}: a column with this header is read as the {role}"
            ),
            M::BadName { name } => write!(f, "name '{name}' is not a valid model name"),
            M::NoColumns => f.write_str(
                "the model has no columns: no covariates, no intercept, no fixed effects",
            ),
            M::OutcomeIsCovariate { column } => {
                write!(f, "'{column}' is both the outcome and a covariate")
            }
            M::CovariateTwice { column } => write!(f, "covariate '{column}' is listed twice"),
            M::IdentityLink { family } => write!(
                f,
                "family '{family}' with the identity link can give a modelled value ≤ 0, which the family cannot take"
            ),
            M::OffsetNeedsLog { offset } => write!(
                f,
                "offset '{offset}' enters as log({offset}) and needs the log link; this spec has the identity link"
            ),
            M::OffsetTwice { offset } => {
                write!(f, "offset '{offset}' is also the outcome or a covariate")
            }
            M::TransformUnused { column } => write!(
                f,
                "transform for '{column}', which is neither the outcome nor a covariate"
            ),
            M::PolyOutcome { transform, column } => write!(
                f,
                "transform '{transform}' of the outcome '{column}': a polynomial expands a covariate into several columns; the outcome is one column"
            ),
            M::NoPopulation { transform, column } => write!(
                f,
                "transform '{transform}' of '{column}' divides by the population, but no population column is known"
            ),
            M::FixedEffectTwice { name } => write!(f, "fixed effect '{name}' is listed twice"),
            M::YearEffectsUnpooled => f.write_str(
                "year fixed effects need a pooled fit: with one fit per year there is one year in each fit",
            ),
            M::BadAlpha { value } => write!(f, "alpha = {value} is outside (0, 1)"),
            M::BadMinDeviation { value } => {
                write!(f, "min_deviation_pct = {value} must be ≥ 0")
            }
            M::GroupNotInData { group, source } => {
                write!(f, "group '{group}' is not in the data ({source})")
            }
            M::YearRangeReversed { from, to } => {
                write!(f, "year range from = {from} is after to = {to}")
            }
            M::NoDataForYears {
                from,
                to,
                source,
                data,
            } => write!(
                f,
                "no data for the years {from}–{to} ({source} has {})",
                year_span(*data, "no years")
            ),
            M::EmptyYearList => f.write_str("years = [] selects no years"),
            M::YearNotInData { year, source, data } => write!(
                f,
                "year {year} is not in the data ({source} has {})",
                year_span(*data, "no years")
            ),
            M::NoYearColumn => {
                f.write_str("the spec selects years but the data has no year column")
            }
            M::NonPositiveOffset {
                offset,
                value,
                area,
            } => write!(
                f,
                "offset column '{offset}' is {value} for area {area}: the offset enters as log({offset}) and needs a value > 0"
            ),
            M::NoUsableRows {
                model,
                year,
                source,
                excluded,
            } => {
                write!(f, "model '{model}': no usable rows for ")?;
                match year {
                    Some(y) => write!(f, "year {y}")?,
                    None => f.write_str("the sample")?,
                }
                write!(f, " in {source} ({excluded} excluded)")
            }
            M::UnknownKey { key } => write!(f, "unknown key '{key}'"),
            M::UnknownValue { value } => write!(f, "unknown value '{value}'"),
            M::MissingKey { key } => write!(f, "missing key '{key}'"),
            M::YearsShape => f.write_str("years is not a range or a list"),
            M::NotASpec { error } => write!(f, "not a valid model spec: {error}"),
            M::SpecNotUtf8 { value } => {
                write!(f, "the spec is not UTF-8 text (byte 0x{value:02X})")
            }
            M::DdfCannotRead { error, .. } => write!(f, "cannot read: {error}"),
            M::DdfNotUtf8 { byte } => write!(f, "not valid UTF-8 (byte {byte})"),
            M::DdfNoColumn { column, header } => write!(
                f,
                "no column '{column}' (the header has: {})",
                header.join(", ")
            ),
            M::NoEntityFile => f.write_str("entity file not found"),
            M::NoDdfFolder => {
                f.write_str("the Kolada DDF folder does not exist (or is not a folder)")
            }
            M::EmptyYearRange { from, to } => write!(f, "the year range {from}–{to} is empty"),
            M::CannotList { error, .. } => write!(f, "cannot list the folder: {error}"),
            M::KpiIsRole { kpi, role } => write!(
                f,
                "the KPI '{kpi}' has the name of a role column ({role}): the imported table could not be loaded"
            ),
            M::NoDatapointFiles => f.write_str("no datapoint files found"),
            M::NoKpiColumn { kpi, header } => write!(
                f,
                "no column for KPI '{kpi}' (the header has: {})",
                header.join(", ")
            ),
            M::NotAreaCode { code } => write!(
                f,
                "'{code}' is not a municipality, county or country code"
            ),
            M::CodeDigits { code, digits } => write!(
                f,
                "'{code}' has {digits} digits; a municipality code has four"
            ),
            M::YearTwice { year, first, line } => write!(
                f,
                "year {year} appears twice for this area: lines {first} and {line}"
            ),
            M::NoValuesForYears { from, to } => {
                write!(f, "no municipality values for the years {from}–{to}")
            }
            M::NoJsonFiles => f.write_str("no JSON files given"),
            M::NoJsonValues => f.write_str("no municipality values in the JSON files"),
            M::CannotReadJson { error, .. } => write!(f, "cannot read the JSON file: {error}"),
            M::NotJson { error, .. } => write!(f, "not valid JSON: {error}"),
            M::NoValuesList => f.write_str("no \"values\" list at the top level"),
            M::NotAString { key } => write!(f, "\"{key}\" is missing or not a string"),
            M::NoPeriod => f.write_str("\"period\" is missing or not a year"),
            M::NoInnerValues => f.write_str("\"values\" is missing or not a list"),
            M::EmptyKpi => f.write_str("the KPI id is empty"),
            M::KpiIdIsRole { kpi, role } => write!(
                f,
                "the KPI id '{kpi}' is a header that the table reads as the {role}: the imported file could not be loaded"
            ),
            M::NotNumberOrNull { value } => {
                write!(f, "the value {value} is not a number or null")
            }
            M::TwoTotals { row, first, second } => write!(
                f,
                "two total (gender \"T\") values: values[{row}].values[{first}] and [{second}]"
            ),
            M::ConflictingValues(c) => write!(
                f,
                "{} {} for {} is given twice with different values: {} here and {} in {} at {}",
                c.kpi,
                c.period,
                c.code,
                json_number(c.here),
                json_number(c.there),
                c.file,
                c.path
            ),
            M::Text(s) => f.write_str(s),
        }
    }
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Hint as H;
        match self {
            H::CheckPath => {
                f.write_str("check the path; relative paths are taken from the current folder")
            }
            H::CheckReadable => f.write_str("check that the file is readable"),
            H::SplitFile => f.write_str(
                "split the file (e.g. one file per year) or keep only the columns the model uses",
            ),
            H::GiveCsv => f.write_str("give a CSV file with a header line and one row per area"),
            H::CheckQuoting => f.write_str("check quoting: every opening \" needs a closing \""),
            H::AddRows => f.write_str("add one row per area (and year) below the header"),
            H::SayDecimal => f.write_str(
                "say how numbers are written: --decimal-point (then write thousands without separators) or --decimal-comma",
            ),
            H::OneValuePerColumn { separator } => write!(
                f,
                "every row needs one value per header column, separated by '{}'; quote cells that contain the separator",
                separator_name(*separator)
            ),
            H::GiveId => f.write_str("give every row an area id (or remove the row)"),
            H::FourDigitYear => f.write_str("write the year as four digits, e.g. 2022"),
            H::KeepOneRow { year_column: true } => {
                f.write_str("keep one row per area and year (remove or merge the duplicate)")
            }
            H::KeepOneRow { year_column: false } => f.write_str(
                "keep one row per area and year (remove or merge the duplicate); if the file has a year column under another name, name it (--year-column, or `year = \"…\"` under [columns] in the spec)",
            ),
            H::RemoveControl => f.write_str(
                "remove the control character from the cell (it is invisible in most editors; search for it by its code)",
            ),
            H::ShortenCell => f.write_str(
                "shorten the cell; a column of long text is probably misplaced (check the separator and quoting)",
            ),
            H::HeaderHas { columns } => write!(f, "the header has: {}", columns.join(", ")),
            H::RenameOrSay { role } => write!(
                f,
                "rename one of them, or say which one is the {role} (load option)"
            ),
            H::OwnColumns => {
                f.write_str("give each role (id, name, group, group name, year) its own column")
            }
            H::NameEveryColumn { separator } => write!(
                f,
                "give every column a name in the header line (separator '{}')",
                separator_name(*separator)
            ),
            H::DistinctNames => f.write_str("give every column a distinct name"),
            H::SaveAsUtf8 => f.write_str(
                "save it from Excel as \"CSV UTF-8\" or \"CSV (semikolonavgränsad)\"",
            ),
            H::ProbablyLatin1 => f.write_str(
                "the file is probably Latin-1 (an Excel export); read it as Latin-1 or let the encoding be detected",
            ),
            H::FixStrayByte => f.write_str(
                "fix the character on that line (it was probably pasted from a Latin-1 file) and save the file as UTF-8, or force --encoding latin1 if the whole file is Latin-1",
            ),
            H::NotData => f.write_str(
                "NaN and infinity are not data: leave the cell empty (or write NA) for a missing value",
            ),
            H::NumericColumn => f.write_str(
                "this column is read as numbers: fix the cell, leave it empty (or NA, ..) if the value is missing, or name the column as an id/name/group/year column",
            ),
            H::SameSeparator => f.write_str(
                "write every number with the same decimal separator, or set the decimal separator explicitly",
            ),
            H::DidYouMean { name } => write!(f, "did you mean '{name}'?"),
            H::RoleHeader { column, role } => write!(
                f,
                "a header named '{column}' marks the {role}; to use it as a covariate, copy it to a column with another name"
            ),
            H::NumericColumns { names } => write!(
                f,
                "the data has these numeric columns: {}",
                preview(names, "({} in all)")
            ),
            H::GroupsInData { names } => {
                write!(f, "groups in the data: {}", preview(names, "({} in all)"))
            }
            H::NameCharacters => f.write_str(
                "use letters, digits, '-' and '_' only (it names the output folder)",
            ),
            H::AddCovariate => f.write_str("list at least one covariate, or set intercept = true"),
            H::RemoveFromCovariates => f.write_str("remove it from covariates"),
            H::ListOnce => f.write_str("list each covariate once"),
            H::UseLogLink => f.write_str(
                "use link = \"log\" (the default for this family), or family = \"gaussian\" for a linear model",
            ),
            H::OffsetLink => f.write_str(
                "set link = \"log\" (or a family other than gaussian), or remove the offset",
            ),
            H::OffsetOnce => f.write_str(
                "an offset is a column whose coefficient is fixed at 1; list it once",
            ),
            H::TransformTargets => {
                f.write_str("transforms apply to the outcome or a listed covariate")
            }
            H::PolyOnCovariate => f.write_str(
                "use poly<k> on a covariate; the outcome takes log, per1000 or share",
            ),
            H::SetPopulation => f.write_str("set population = \"<column>\" (or weight) in the spec"),
            H::PoolYears => {
                f.write_str("set pooled = true, or remove \"year\" from fixed_effects")
            }
            H::AlphaExample => f.write_str("use a significance level such as 0.05"),
            H::PercentExample => f.write_str("use a percentage such as 10"),
            H::YearRangeExample => f.write_str("write years = { from = 2013, to = 2022 }"),
            H::ChangeYears => f.write_str("change sample.years to years the data has"),
            H::ListYears => f.write_str(
                "list the years to fit (years = [2021, 2022]), or remove the key to fit every year in the data; for one fit over all years set pooled = true",
            ),
            H::RemoveYear => f.write_str("remove it from sample.years"),
            H::RemoveYearsOrAddColumn => {
                f.write_str("remove sample.years, or add a 'year' column to the data")
            }
            H::CorrectOffset { model, file } => write!(
                f,
                "correct the cell, or leave it empty to exclude the area (model '{model}', {file})"
            ),
            H::FirstExcluded { id, name, reason } => {
                write!(f, "first excluded row: {id} {name}: {reason}")
            }
            H::CheckSample => f.write_str("check sample.groups and sample.years against the data"),
            H::AllowedKeys { keys } => write!(f, "allowed keys here: {}", keys.join(", ")),
            H::UseOneOf { values } => write!(f, "use one of: {}", values.join(", ")),
            H::AddKey { key } => write!(
                f,
                "add {key} = … (see models/storstadslanen.toml for an example)"
            ),
            H::YearsExample => f.write_str(
                "write years = { from = 2013, to = 2022 } or years = [2020, 2021, 2022]",
            ),
            H::SeeExample => f.write_str("see models/storstadslanen.toml for a commented example"),
            H::SaveSpecAsUtf8 => f.write_str(
                "save the spec as UTF-8 (most editors: \"Save with encoding\" → UTF-8); it was probably saved as Latin-1",
            ),
            H::DdfComplete => f.write_str(
                "check that the Kolada DDF folder is complete (see its PROVENANCE.md)",
            ),
            H::DdfIsUtf8 => f.write_str("DDF files are UTF-8; re-download the file"),
            H::UnmodifiedDdfCsv => f.write_str("check that the file is an unmodified DDF CSV"),
            H::UnmodifiedDdf => f.write_str("check that this is an unmodified Kolada DDF file"),
            H::EntityFile { file } => write!(
                f,
                "a Kolada DDF folder has entities/{file} (municipality and county names)"
            ),
            H::GiveDdfFolder => f.write_str(
                "give the folder that holds datapoints/ and entities/, e.g. ../shared/data/raw/kolada-ddf",
            ),
            H::FirstYearFirst => f.write_str("the first year must not be after the last year"),
            H::RenameDatapointFile => f.write_str(
                "rename or remove this datapoint file; KPI ids are letters and digits such as N31807",
            ),
            H::DatapointFileNames { prefix, suffix } => write!(
                f,
                "expected files named {prefix}<kpi>{suffix} in datapoints/"
            ),
            H::ValueColumnName => {
                f.write_str("the value column is named after the KPI in the file name")
            }
            H::KommunCodeDigits => f.write_str(
                "municipality codes have four digits (0180); the country is 0 and counties have two digits",
            ),
            H::UnmodifiedDatapointFile => {
                f.write_str("check that the file is an unmodified DDF datapoint file")
            }
            H::DdfPlainNumbers => {
                f.write_str("DDF values are plain decimal numbers; re-download the file")
            }
            H::OneRowPerAreaYear => {
                f.write_str("a DDF datapoint file has one row per area and year")
            }
            H::CheckYearRange => {
                f.write_str("check the year range against the years the KPI files cover")
            }
            H::GiveJsonFiles => f.write_str("give one or more Kolada API v2 or v3 response files"),
            H::CheckQuery => f.write_str(
                "the responses hold no rows for four-digit municipality ids; check the query",
            ),
            H::CheckThePath => f.write_str("check the path"),
            H::ApiShape => write!(
                f,
                "a Kolada API response looks like {KOLADA_RESPONSE_EXAMPLE} (v3; v2 had \"count\" and \"next_page\")"
            ),
            H::GiveEachOnce => f.write_str(
                "give each (kpi, municipality, period) once; check for overlapping downloads of different dates",
            ),
            H::Text(s) => f.write_str(s),
        }
    }
}
