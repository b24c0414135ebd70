//! Fetching published statistics over HTTP: Kolada's API v3 (municipality and
//! organisational-unit KPI values, KPI metadata, municipality groups) and PxWeb
//! statistics databases (SCB, the cities), with retries, a cache and an offline
//! mode, into the tidy area table and its data dictionary.
//!
//! Library code only: the command line lives in `cli/fetch.rs` and turns its
//! arguments into the plain configuration types here.

mod error;
pub mod groups;
pub mod http;
pub mod kolada;
pub mod pxweb;

pub use error::{
    ClosedKpi, FetchError, FetchHint, FetchMessage, IdKind, JsonStatProblem, PxJsonProblem,
    RetryReason, RowProblem, Unreachable, GROUPS_COLUMNS, GROUP_EXAMPLE, KOLADA_ROW_EXAMPLE,
};

pub type Result<T> = std::result::Result<T, FetchError>;

/// Today's date (UTC) as `YYYY-MM-DD`, the fetch date recorded with every
/// value. `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
/// convention) overrides the clock, so a test or an archived run can give the
/// same bytes again.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    civil_date(secs.div_euclid(86_400))
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian), by
/// Howard Hinnant's `civil_from_days` algorithm
/// (<https://howardhinnant.github.io/date_algorithms.html>).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Split a list into chunks of at most `n` (Kolada v3 refuses more than 25
/// items in one path segment).
pub fn chunks<T: Clone>(items: &[T], n: usize) -> Vec<Vec<T>> {
    items.chunks(n.max(1)).map(<[T]>::to_vec).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days() {
        // 1970-01-01 is day 0; 2000-03-01 is day 11 017; 2026-12-01 is day
        // 20 788 (`date -u -d 2026-12-01 +%s` / 86 400).
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_017), "2000-03-01");
        assert_eq!(civil_date(20_788), "2026-12-01");
        assert_eq!(civil_date(-1), "1969-12-31");
    }

    #[test]
    fn chunks_of_at_most_25() {
        let v: Vec<u32> = (0..51).collect();
        let c = chunks(&v, 25);
        assert_eq!(c.iter().map(Vec::len).collect::<Vec<_>>(), vec![25, 25, 1]);
        assert_eq!(c[2], vec![50]);
    }
}
