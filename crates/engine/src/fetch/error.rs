//! The kinds of fetch problems with their data. `Display` gives the English
//! sentences; the command line renders the same kinds in Swedish. URLs,
//! file names, ids and numbers are carried as data, so every language keeps
//! them verbatim.

use std::fmt;

use super::http::NO_NETWORK_HINT;

/// A fetch problem: what went wrong (naming the URL, file or KPI) and what to
/// do next. Never a panic: every network or format problem ends here.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchError {
    /// Boxed to keep `Result` small.
    pub message: Box<FetchMessage>,
    pub hint: Option<FetchHint>,
}

impl FetchError {
    pub fn new(message: FetchMessage) -> Self {
        FetchError {
            message: Box::new(message),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: FetchHint) -> Self {
        self.hint = Some(hint);
        self
    }
}

impl From<FetchMessage> for FetchError {
    fn from(message: FetchMessage) -> Self {
        FetchError::new(message)
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FetchError {}

/// Why one attempt is worth repeating.
#[derive(Debug, Clone, PartialEq)]
pub enum RetryReason {
    /// A 429 or 5xx status, with the start of the body (already quoted).
    Status {
        status: u16,
        body: String,
    },
    /// The body broke off after the status line.
    BodyCutOff {
        status: u16,
        why: Box<RetryReason>,
    },
    EmptyBody,
    /// A JSON document that ends too early: its size and the parser's words.
    JsonCutOff {
        bytes: usize,
        error: String,
    },
    TimedOut {
        what: String,
    },
    ConnectionDropped {
        error: String,
    },
    BrokenResponse {
        error: String,
    },
    BodyStalled,
    CompressedCutOff {
        error: String,
    },
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryReason::Status { status, body } => write!(f, "HTTP {status} {body}"),
            RetryReason::BodyCutOff { status, why } => {
                write!(f, "HTTP {status}, body cut off: {why}")
            }
            RetryReason::EmptyBody => f.write_str("empty body"),
            RetryReason::JsonCutOff { bytes, error } => {
                write!(f, "the JSON answer was cut off ({bytes} bytes): {error}")
            }
            RetryReason::TimedOut { what } => write!(f, "timed out ({what})"),
            RetryReason::ConnectionDropped { error } => write!(f, "connection dropped: {error}"),
            RetryReason::BrokenResponse { error } => write!(f, "broken response: {error}"),
            RetryReason::BodyStalled => f.write_str("the body stalled"),
            RetryReason::CompressedCutOff { error } => {
                write!(f, "the compressed body was cut off: {error}")
            }
        }
    }
}

/// Why a host cannot be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    HostNotFound,
    ConnectionFailed,
    /// The operating system's kind of error and its words.
    Io {
        kind: std::io::ErrorKind,
        error: String,
    },
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreachable::HostNotFound => f.write_str("host not found"),
            Unreachable::ConnectionFailed => f.write_str("connection failed"),
            Unreachable::Io { error, .. } => f.write_str(error),
        }
    }
}

/// What kind of Kolada id a bad id was given as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Kpi,
    Municipality,
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdKind::Kpi => "KPI",
            IdKind::Municipality => "municipality",
        })
    }
}

/// One closed KPI among those asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosedKpi {
    /// A KPI the tool knows: what closed and its replacement.
    Known {
        id: String,
        what: String,
        instead: String,
    },
    /// A KPI whose catalogue title marks it closed (`… (-2022)`).
    ByTitle { id: String, title: String },
}

impl fmt::Display for ClosedKpi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClosedKpi::Known { id, what, instead } => {
                write!(
                    f,
                    "{id} is closed in Kolada ({what}); use {instead} instead"
                )
            }
            ClosedKpi::ByTitle { id, title } => write!(
                f,
                "{id} is closed in Kolada (\"{title}\"); look for its successor at kolada.se"
            ),
        }
    }
}

/// What is wrong with one row of a Kolada data answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    NoKpi,
    /// `key` is `municipality` or `ou`.
    NoArea {
        key: String,
    },
    NoPeriod {
        kpi: String,
        area: String,
    },
    NoValues {
        kpi: String,
        area: String,
        year: i32,
    },
    /// `value` is the JSON as given.
    ValueNotNumber {
        kpi: String,
        area: String,
        year: i32,
        index: usize,
        value: String,
    },
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::NoKpi => f.write_str("\"kpi\" is missing"),
            RowProblem::NoArea { key } => write!(f, "\"{key}\" is missing or not a string"),
            RowProblem::NoPeriod { kpi, area } => {
                write!(f, "{kpi} {area}: \"period\" is missing or not a year")
            }
            RowProblem::NoValues { kpi, area, year } => {
                write!(
                    f,
                    "{kpi} {area} {year}: \"values\" is missing or not a list"
                )
            }
            RowProblem::ValueNotNumber {
                kpi,
                area,
                year,
                index,
                value,
            } => write!(
                f,
                "{kpi} {area} {year}: values[{index}].value {value} is not a number or null"
            ),
        }
    }
}

/// What is wrong with a JSON-stat 2 answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonStatProblem {
    NoIds,
    NoSizes,
    IdsSizes {
        ids: usize,
        sizes: usize,
    },
    NoDimension,
    NotDescribed {
        dim: String,
    },
    NoCategory {
        dim: String,
    },
    IndexOutOfRange {
        dim: String,
        code: String,
    },
    Unnamed {
        dim: String,
        size: usize,
    },
    /// `value` as shown: `'text'` for a string, the JSON otherwise.
    NotANumber {
        at: usize,
        value: String,
    },
    /// `sizes` as shown, e.g. `[2, 3]`.
    ValueCount {
        got: usize,
        sizes: String,
        n: usize,
    },
    KeyOutOfRange {
        key: String,
    },
    NoValues,
}

impl fmt::Display for JsonStatProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonStatProblem::NoIds => f.write_str("no \"id\" list"),
            JsonStatProblem::NoSizes => f.write_str("no \"size\" list"),
            JsonStatProblem::IdsSizes { ids, sizes } => {
                write!(f, "\"id\" has {ids} entries but \"size\" {sizes}")
            }
            JsonStatProblem::NoDimension => f.write_str("no \"dimension\""),
            JsonStatProblem::NotDescribed { dim } => {
                write!(f, "dimension '{dim}' is not described")
            }
            JsonStatProblem::NoCategory { dim } => {
                write!(f, "dimension '{dim}' has no \"category\"")
            }
            JsonStatProblem::IndexOutOfRange { dim, code } => {
                write!(f, "dimension '{dim}': index of '{code}' is out of range")
            }
            JsonStatProblem::Unnamed { dim, size } => {
                write!(f, "dimension '{dim}' does not name all its {size} values")
            }
            JsonStatProblem::NotANumber { at, value } => {
                write!(f, "value[{at}] {value} is not a number")
            }
            JsonStatProblem::ValueCount { got, sizes, n } => write!(
                f,
                "\"value\" has {got} entries but the sizes {sizes} make {n}"
            ),
            JsonStatProblem::KeyOutOfRange { key } => {
                write!(f, "value key '{key}' is out of range")
            }
            JsonStatProblem::NoValues => f.write_str("no \"value\" list"),
        }
    }
}

/// What is wrong with a PxWeb v1 JSON answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PxJsonProblem {
    ColumnsNotList,
    DataNotList,
    NoKey { row: usize },
    KeyParts { row: usize, got: usize, want: usize },
    ValueCount { row: usize, got: usize, want: usize },
    NotANumber { value: String, key: String },
}

impl fmt::Display for PxJsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PxJsonProblem::ColumnsNotList => f.write_str("\"columns\" is not a list"),
            PxJsonProblem::DataNotList => f.write_str("\"data\" is not a list"),
            PxJsonProblem::NoKey { row } => write!(f, "data[{row}] has no \"key\""),
            PxJsonProblem::KeyParts { row, got, want } => {
                write!(f, "data[{row}].key has {got} parts for {want} variables")
            }
            PxJsonProblem::ValueCount { row, got, want } => {
                write!(
                    f,
                    "data[{row}].values has {got} entries for {want} contents"
                )
            }
            PxJsonProblem::NotANumber { value, key } => {
                write!(f, "the value '{value}' for {key} is not a number")
            }
        }
    }
}

/// What went wrong. `method` is `GET` or `POST`; `body` is the quoted start
/// of an answer (`«…»`); `error` is a library's or the system's own words.
#[derive(Debug, Clone, PartialEq)]
pub enum FetchMessage {
    // The HTTP client and its cache.
    OfflineNoCache {
        method: String,
        url: String,
    },
    NotCached {
        method: String,
        url: String,
        cache: String,
    },
    GaveUp {
        method: String,
        url: String,
        attempts: u32,
        last: Option<RetryReason>,
    },
    HttpStatus {
        method: String,
        url: String,
        status: u16,
        body: String,
    },
    Html {
        method: String,
        url: String,
        body: String,
    },
    NotJson {
        method: String,
        url: String,
        error: String,
        body: String,
    },
    Unreachable {
        method: String,
        url: String,
        why: Unreachable,
    },
    Transport {
        method: String,
        url: String,
        error: String,
    },
    CacheRead {
        path: String,
        error: String,
    },
    CacheDamaged {
        path: String,
    },
    CacheDir {
        dir: String,
        error: String,
    },
    CacheWrite {
        path: String,
        error: String,
    },
    // Kolada.
    NoValuesList {
        url: String,
        answer: String,
    },
    PagingLoops {
        url: String,
        next: String,
    },
    BadId {
        id: String,
        kind: IdKind,
    },
    KpiWithoutId {
        url: String,
    },
    NotInCatalogue {
        id: String,
    },
    Closed(Vec<ClosedKpi>),
    UnitWithoutId {
        url: String,
    },
    BadRow {
        url: String,
        row: usize,
        problem: RowProblem,
    },
    NoKpis,
    EmptyYears {
        from: i32,
        to: i32,
    },
    NoOuData {
        kpis: Vec<String>,
    },
    OuNeedsMunicipality,
    NoUnits {
        municipalities: Vec<String>,
    },
    Conflict {
        kpi: String,
        year: i32,
        area: String,
        first: Option<f64>,
        first_url: String,
        second: Option<f64>,
        second_url: String,
    },
    NoValues {
        kpis: Vec<String>,
        from: i32,
        to: i32,
    },
    // Municipality groups.
    GroupWithoutId {
        url: String,
    },
    NoMembers {
        url: String,
        group: String,
    },
    MemberWithoutId {
        url: String,
        group: String,
    },
    NoGroups {
        url: String,
    },
    GroupsFileRead {
        path: String,
        error: String,
    },
    GroupsCsv {
        source: String,
        line: u64,
        error: String,
    },
    GroupsNoColumn {
        source: String,
        column: String,
    },
    GroupsEmptyId {
        source: String,
        line: u64,
    },
    // PxWeb.
    NotPxWeb {
        url: String,
    },
    JsonStat {
        url: String,
        problem: JsonStatProblem,
    },
    PxJson {
        url: String,
        problem: PxJsonProblem,
    },
    NoArea {
        url: String,
        dims: Vec<String>,
    },
    NoTime {
        url: String,
        dims: Vec<String>,
    },
    DuplicateColumn {
        url: String,
        column: String,
    },
}

impl fmt::Display for FetchMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FetchMessage as M;
        match self {
            M::OfflineNoCache { method, url } => write!(
                f,
                "--offline needs a cache, but no cache folder is set ({method} {url})"
            ),
            M::NotCached { method, url, cache } => {
                write!(f, "--offline: {method} {url} is not in the cache {cache}")
            }
            M::GaveUp {
                method,
                url,
                attempts,
                last,
            } => {
                write!(f, "{method} {url} failed after {attempts} attempts: ")?;
                match last {
                    Some(r) => write!(f, "{r}"),
                    None => Ok(()),
                }
            }
            M::HttpStatus {
                method,
                url,
                status,
                body,
            } => {
                if *status == 404 {
                    write!(f, "{method} {url}: not found (HTTP 404): {body}")
                } else {
                    write!(f, "{method} {url}: HTTP {status}: {body}")
                }
            }
            M::Html { method, url, body } => {
                write!(f, "{method} {url} answered with HTML, not JSON: {body}")
            }
            M::NotJson {
                method,
                url,
                error,
                body,
            } => write!(
                f,
                "{method} {url} answered with something that is not valid JSON: {error}: {body}"
            ),
            M::Unreachable { method, url, why } => {
                write!(f, "cannot reach {url} ({method}): {why}")
            }
            M::Transport { method, url, error } => write!(f, "{method} {url}: {error}"),
            M::CacheRead { path, error } => {
                write!(f, "cannot read the cache file {path}: {error}")
            }
            M::CacheDamaged { path } => write!(f, "the cache file {path} is damaged"),
            M::CacheDir { dir, error } => {
                write!(f, "cannot create the cache folder {dir}: {error}")
            }
            M::CacheWrite { path, error } => {
                write!(f, "cannot write the cache file {path}: {error}")
            }
            M::NoValuesList { url, answer } => {
                write!(f, "{url}: the answer has no \"values\" list: {answer}")
            }
            M::PagingLoops { url, next } => write!(
                f,
                "paging from {url} does not end: next_url {next} was given before"
            ),
            M::BadId { id, kind } => write!(f, "'{id}' is not a Kolada {kind} id"),
            M::KpiWithoutId { url } => write!(f, "{url}: a KPI without an \"id\""),
            M::NotInCatalogue { id } => write!(f, "{id} is not in Kolada's KPI catalogue"),
            M::Closed(kpis) => {
                for (i, k) in kpis.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{k}")?;
                }
                Ok(())
            }
            M::UnitWithoutId { url } => write!(f, "{url}: a unit without an \"id\""),
            M::BadRow { url, row, problem } => write!(f, "{url}: row {row}: {problem}"),
            M::NoKpis => f.write_str("no KPIs to fetch"),
            M::EmptyYears { from, to } => write!(f, "the year range {from}-{to} is empty"),
            M::NoOuData { kpis } => write!(
                f,
                "Kolada has no organisational-unit data for {}",
                kpis.join(", ")
            ),
            M::OuNeedsMunicipality => f.write_str(
                "--ou needs --municipality ID,… (the municipalities whose units to fetch)",
            ),
            M::NoUnits { municipalities } => write!(
                f,
                "Kolada lists no organisational units for {}",
                municipalities.join(", ")
            ),
            M::Conflict {
                kpi,
                year,
                area,
                first,
                first_url,
                second,
                second_url,
            } => write!(
                f,
                "{kpi} {year} for {area} is given twice with different values: {first:?} ({first_url}) and {second:?} ({second_url})"
            ),
            M::NoValues { kpis, from, to } => write!(
                f,
                "Kolada returned no values for {} in {from}-{to}",
                kpis.join(",")
            ),
            M::GroupWithoutId { url } => write!(f, "{url}: a group without an \"id\""),
            M::NoMembers { url, group } => {
                write!(f, "{url}: group {group} has no \"members\" list")
            }
            M::MemberWithoutId { url, group } => {
                write!(f, "{url}: group {group} has a member without an id")
            }
            M::NoGroups { url } => write!(f, "no municipality groups at {url}"),
            M::GroupsFileRead { path, error } => {
                write!(f, "cannot read the groups file {path}: {error}")
            }
            M::GroupsCsv {
                source,
                line,
                error,
            } => write!(f, "{source}: line {line}: cannot read CSV: {error}"),
            M::GroupsNoColumn { source, column } => {
                write!(f, "{source}: line 1: no column '{column}'")
            }
            M::GroupsEmptyId { source, line } => {
                write!(f, "{source}: line {line}: group_id or member_id is empty")
            }
            M::NotPxWeb { url } => write!(
                f,
                "{url}: the answer is neither JSON-stat 2 (\"class\":\"dataset\") nor PxWeb JSON (\"columns\", \"data\")"
            ),
            M::JsonStat { url, problem } => write!(f, "{url}: JSON-stat 2: {problem}"),
            M::PxJson { url, problem } => write!(f, "{url}: PxWeb JSON: {problem}"),
            M::NoArea { url, dims } => {
                write!(f, "{url}: no area variable among {}", dims.join(", "))
            }
            M::NoTime { url, dims } => {
                write!(f, "{url}: no time variable among {}", dims.join(", "))
            }
            M::DuplicateColumn { url, column } => {
                write!(f, "{url}: two columns would both be named '{column}'")
            }
        }
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchHint {
    /// `--offline` without a cache folder.
    GiveCache,
    /// `--offline` and the answer is not cached.
    FillCache,
    ServerBusy,
    CheckIds,
    WebPage,
    CheckBaseAndTable,
    NoNetwork,
    CheckUrl,
    DeleteCacheFile,
    OtherCacheDir,
    KoladaAnswer,
    PagingBroken,
    IdChars,
    /// A KPI that is not in the catalogue but known as closed.
    Replaced {
        id: String,
        what: String,
        instead: String,
    },
    CheckKpiAtKolada,
    FetchReplacement,
    KoladaRow,
    GiveKpis,
    GiveYears,
    OuKpis,
    Disagree,
    CheckYears,
    GroupShape,
    CheckTitle,
    GroupsColumns,
    AskJsonStat,
    JsonStatLayout,
    PxJsonLayout,
    NeedArea,
    NeedTime,
}

/// The columns of a groups file, in order.
pub const GROUPS_COLUMNS: [&str; 4] = ["group_id", "group_title", "member_id", "member_title"];

/// A Kolada v3 data row, as the hints show it.
pub const KOLADA_ROW_EXAMPLE: &str = "{\"kpi\":\"U31001\",\"municipality\":\"0180\",\"period\":2024,\"values\":[{\"gender\":\"T\",\"count\":1,\"status\":\"\",\"value\":1234.5}]}";

/// A Kolada v3 group, as the hints show it.
pub const GROUP_EXAMPLE: &str =
    "{\"id\":\"G175962\",\"title\":\"…\",\"members\":[{\"id\":\"0360\",\"title\":\"Tierp\"}]}";

impl fmt::Display for FetchHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FetchHint as H;
        match self {
            H::GiveCache => f.write_str("give --cache DIR, the folder of an earlier fetch"),
            H::FillCache => f.write_str(
                "run the same command once with a network (without --offline) to fill the cache",
            ),
            H::ServerBusy => f.write_str("the server may be busy or down; try again later, or use --offline with the cache of an earlier fetch"),
            H::CheckIds => f.write_str("check the ids, the table URL and --base-url"),
            H::WebPage => f.write_str("the URL points at a web page, not the API; check --base-url and the table URL (PxWeb tables end in .px or are /tables/ID/data)"),
            H::CheckBaseAndTable => f.write_str("check --base-url and the table URL"),
            H::NoNetwork => f.write_str(NO_NETWORK_HINT),
            H::CheckUrl => f.write_str("check the URL and --base-url"),
            H::DeleteCacheFile => f.write_str("delete it and fetch again with a network"),
            H::OtherCacheDir => {
                f.write_str("give another folder with --cache DIR, or --no-cache")
            }
            H::KoladaAnswer => f.write_str("a Kolada v3 answer looks like {\"values\": [...], \"next_url\": \"...\"}; check --base-url"),
            H::PagingBroken => f.write_str("the server's paging is broken; try again later"),
            H::IdChars => f.write_str(
                "ids are letters and digits, e.g. U31001 for a KPI or 0180 for a municipality",
            ),
            H::Replaced { id, what, instead } => {
                write!(f, "{id} is closed ({what}); use {instead}")
            }
            H::CheckKpiAtKolada => {
                f.write_str("check the id at kolada.se; KPIs can be removed without notice")
            }
            H::FetchReplacement => f.write_str(
                "fetch the replacement, or give --allow-closed to fetch the closed KPI's old years",
            ),
            H::KoladaRow => write!(f, "a Kolada v3 data row looks like {KOLADA_ROW_EXAMPLE}"),
            H::GiveKpis => f.write_str("give --kpi ID,ID or --model NAME"),
            H::GiveYears => f.write_str("give --years FROM-TO with FROM ≤ TO"),
            H::OuKpis => f.write_str(
                "with --ou, give KPIs whose catalogue entry has has_ou_data (e.g. U31001)",
            ),
            H::Disagree => f.write_str("the answers overlap and disagree; fetch again"),
            H::CheckYears => f.write_str(
                "check the years against the KPI's publ_period, and the municipality ids",
            ),
            H::GroupShape => write!(f, "a v3 group looks like {GROUP_EXAMPLE}"),
            H::CheckTitle => f.write_str("check --title: it matches part of a group title, e.g. \"Liknande kommuner ekonomiskt bistånd\""),
            H::GroupsColumns => {
                write!(f, "a groups file has the columns {}", GROUPS_COLUMNS.join(","))
            }
            H::AskJsonStat => f.write_str("ask for \"response\": {\"format\": \"json-stat2\"} in the query (PxWeb API v1), or outputFormat=json-stat2 (SCB API v2)"),
            H::JsonStatLayout => {
                f.write_str("see https://json-stat.org/full/ for the dataset layout")
            }
            H::PxJsonLayout => f.write_str("a PxWeb v1 JSON answer has \"columns\":[{\"code\",\"text\",\"type\"}] and \"data\":[{\"key\",\"values\"}]"),
            H::NeedArea => {
                f.write_str("the table needs a region/område variable (JSON-stat role \"geo\")")
            }
            H::NeedTime => {
                f.write_str("the table needs a year variable (Tid, JSON-stat role \"time\")")
            }
        }
    }
}
