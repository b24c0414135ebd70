//! `fetch`'s errors in Swedish: rendered from the engine's kinds
//! ([`FetchMessage`], [`FetchHint`] and their parts) and their values. English
//! is the kinds' own `Display`, unchanged. The matches are exhaustive, so a
//! kind added to the engine does not compile until it has a Swedish form
//! here. URLs, file names, ids and numbers stay as they are; a library's or
//! the operating system's own words (an I/O error, a TLS error) are shown as
//! given, except the JSON parser's, which are put in Swedish.

use modellvarde::fetch::{
    ClosedKpi, FetchError, FetchHint, FetchMessage, IdKind, JsonStatProblem, PxJsonProblem,
    RetryReason, RowProblem, Unreachable, GROUPS_COLUMNS, GROUP_EXAMPLE, KOLADA_ROW_EXAMPLE,
};

/// A fetch error in Swedish, its hint after `tips:` as the other Swedish
/// errors have it.
pub fn fetch_error_sv(e: &FetchError) -> String {
    let mut s = message_sv(&e.message);
    if let Some(h) = &e.hint {
        s.push_str("\n  tips: ");
        s.push_str(&hint_sv(h));
    }
    s
}

/// The JSON parser's words (`expected value at line 1 column 1`) in Swedish.
fn json_error_sv(error: &str) -> String {
    if let Some((reason, place)) = error.rsplit_once(" at line ") {
        if let Some((line, column)) = place.split_once(" column ") {
            if line.bytes().all(|b| b.is_ascii_digit())
                && column.bytes().all(|b| b.is_ascii_digit())
            {
                return format!(
                    "{} (rad {line}, kolumn {column})",
                    super::input::json_reason(reason)
                );
            }
        }
    }
    super::input::json_reason(error)
}

/// Why a file could not be read, in the terminal's language: the
/// operating system's words in English, the common reasons in Swedish.
pub fn io_text(e: &std::io::Error, tm: &super::Terminal) -> String {
    if tm.lang == Some(modellvarde::lang::Lang::Sv) {
        super::input::io_reason(&e.to_string(), e.kind())
    } else {
        e.to_string()
    }
}

/// The JSON parser's words in the terminal's language.
pub fn json_text(e: &serde_json::Error, tm: &super::Terminal) -> String {
    if tm.lang == Some(modellvarde::lang::Lang::Sv) {
        json_error_sv(&e.to_string())
    } else {
        e.to_string()
    }
}

/// A closed KPI in Swedish.
pub fn closed_kpi_sv(k: &ClosedKpi) -> String {
    match k {
        ClosedKpi::Known { id, what, instead } => {
            format!("{id} är avslutat i Kolada ({what}); använd {instead} i stället")
        }
        ClosedKpi::ByTitle { id, title } => {
            format!(
                "{id} är avslutat i Kolada (\"{title}\"); leta efter efterföljaren på kolada.se"
            )
        }
    }
}

fn retry_sv(r: &RetryReason) -> String {
    match r {
        RetryReason::Status { status, body } => format!("HTTP {status} {body}"),
        RetryReason::BodyCutOff { status, why } => {
            format!("HTTP {status}, svaret bröts av: {}", retry_sv(why))
        }
        RetryReason::EmptyBody => "tomt svar".into(),
        RetryReason::JsonCutOff { bytes, error } => format!(
            "JSON-svaret bröts av ({bytes} byte): {}",
            json_error_sv(error)
        ),
        RetryReason::TimedOut { what } => format!("tidsgränsen överskreds ({what})"),
        RetryReason::ConnectionDropped { error } => format!("anslutningen bröts: {error}"),
        RetryReason::BrokenResponse { error } => format!("trasigt svar: {error}"),
        RetryReason::BodyStalled => "svaret avstannade".into(),
        RetryReason::CompressedCutOff { error } => {
            format!("det komprimerade svaret bröts av: {error}")
        }
    }
}

fn unreachable_sv(u: &Unreachable) -> String {
    match u {
        Unreachable::HostNotFound => "servern hittades inte".into(),
        Unreachable::ConnectionFailed => "anslutningen misslyckades".into(),
        Unreachable::Io { kind, error } => match kind {
            std::io::ErrorKind::ConnectionRefused => "anslutningen nekades".into(),
            std::io::ErrorKind::NetworkUnreachable => "nätverket går inte att nå".into(),
            std::io::ErrorKind::HostUnreachable => "servern går inte att nå".into(),
            std::io::ErrorKind::AddrNotAvailable => "adressen är inte tillgänglig".into(),
            _ => error.clone(),
        },
    }
}

fn row_sv(p: &RowProblem) -> String {
    match p {
        RowProblem::NoKpi => "\"kpi\" saknas".into(),
        RowProblem::NoArea { key } => format!("\"{key}\" saknas eller är ingen sträng"),
        RowProblem::NoPeriod { kpi, area } => {
            format!("{kpi} {area}: \"period\" saknas eller är inget år")
        }
        RowProblem::NoValues { kpi, area, year } => {
            format!("{kpi} {area} {year}: \"values\" saknas eller är ingen lista")
        }
        RowProblem::ValueNotNumber {
            kpi,
            area,
            year,
            index,
            value,
        } => format!(
            "{kpi} {area} {year}: values[{index}].value {value} är varken ett tal eller null"
        ),
    }
}

fn json_stat_sv(p: &JsonStatProblem) -> String {
    use JsonStatProblem as P;
    match p {
        P::NoIds => "listan \"id\" saknas".into(),
        P::NoSizes => "listan \"size\" saknas".into(),
        P::IdsSizes { ids, sizes } => format!("\"id\" har {ids} poster men \"size\" {sizes}"),
        P::NoDimension => "\"dimension\" saknas".into(),
        P::NotDescribed { dim } => format!("dimensionen '{dim}' beskrivs inte"),
        P::NoCategory { dim } => format!("dimensionen '{dim}' saknar \"category\""),
        P::IndexOutOfRange { dim, code } => {
            format!("dimensionen '{dim}': indexet för '{code}' ligger utanför intervallet")
        }
        P::Unnamed { dim, size } => {
            format!("dimensionen '{dim}' namnger inte alla sina {size} värden")
        }
        P::NotANumber { at, value } => format!("value[{at}] {value} är inget tal"),
        P::ValueCount { got, sizes, n } => {
            format!("\"value\" har {got} poster men storlekarna {sizes} ger {n}")
        }
        P::KeyOutOfRange { key } => format!("värdenyckeln '{key}' ligger utanför intervallet"),
        P::NoValues => "listan \"value\" saknas".into(),
    }
}

fn px_json_sv(p: &PxJsonProblem) -> String {
    use PxJsonProblem as P;
    match p {
        P::ColumnsNotList => "\"columns\" är ingen lista".into(),
        P::DataNotList => "\"data\" är ingen lista".into(),
        P::NoKey { row } => format!("data[{row}] saknar \"key\""),
        P::KeyParts { row, got, want } => {
            format!("data[{row}].key har {got} delar för {want} variabler")
        }
        P::ValueCount { row, got, want } => {
            format!("data[{row}].values har {got} poster för {want} innehållskolumner")
        }
        P::NotANumber { value, key } => format!("värdet '{value}' för {key} är inget tal"),
    }
}

/// A value of a cell as Kolada gave it: the number with a decimal comma, or
/// that it is missing.
fn cell_sv(v: Option<f64>) -> String {
    match v {
        Some(x) => x.to_string().replace('.', ","),
        None => "saknas".into(),
    }
}

/// What went wrong, in Swedish.
pub fn message_sv(m: &FetchMessage) -> String {
    use FetchMessage as M;
    match m {
        M::OfflineNoCache { method, url } => format!(
            "--offline kräver en cache, men ingen cachemapp är angiven ({method} {url})"
        ),
        M::NotCached { method, url, cache } => {
            format!("--offline: {method} {url} finns inte i cachen {cache}")
        }
        M::GaveUp {
            method,
            url,
            attempts,
            last,
        } => format!(
            "kunde inte hämta {url} ({method}) efter {attempts} försök: {}",
            last.as_ref().map(retry_sv).unwrap_or_default()
        ),
        M::HttpStatus {
            method,
            url,
            status,
            body,
        } => {
            if *status == 404 {
                format!("{method} {url}: hittades inte (HTTP 404): {body}")
            } else {
                format!("{method} {url}: HTTP {status}: {body}")
            }
        }
        M::Html { method, url, body } => {
            format!("{method} {url} svarade med HTML, inte JSON: {body}")
        }
        M::NotJson {
            method,
            url,
            error,
            body,
        } => format!(
            "{method} {url} svarade med något som inte är giltig JSON: {}: {body}",
            json_error_sv(error)
        ),
        M::Unreachable { method, url, why } => {
            format!("kan inte nå {url} ({method}): {}", unreachable_sv(why))
        }
        M::Transport { method, url, error } => format!("{method} {url}: {error}"),
        M::CacheRead { path, error } => format!("kan inte läsa cachefilen {path}: {error}"),
        M::CacheDamaged { path } => format!("cachefilen {path} är skadad"),
        M::CacheDir { dir, error } => format!("kan inte skapa cachemappen {dir}: {error}"),
        M::CacheWrite { path, error } => format!("kan inte skriva cachefilen {path}: {error}"),
        M::NoValuesList { url, answer } => {
            format!("{url}: svaret från Kolada saknar listan \"values\": {answer}")
        }
        M::PagingLoops { url, next } => format!(
            "sidorna från {url} tar aldrig slut: next_url {next} har redan förekommit"
        ),
        M::BadId { id, kind } => match kind {
            IdKind::Kpi => format!("'{id}' är inget nyckeltals-id i Kolada"),
            IdKind::Municipality => format!("'{id}' är inget kommun-id i Kolada"),
        },
        M::KpiWithoutId { url } => format!("{url}: ett nyckeltal utan \"id\""),
        M::NotInCatalogue { id } => format!("{id} finns inte i Koladas katalog över nyckeltal"),
        M::Closed(kpis) => kpis
            .iter()
            .map(closed_kpi_sv)
            .collect::<Vec<_>>()
            .join("\n"),
        M::UnitWithoutId { url } => format!("{url}: en enhet utan \"id\""),
        M::BadRow { url, row, problem } => format!("{url}: rad {row}: {}", row_sv(problem)),
        M::NoKpis => "inga nyckeltal att hämta".into(),
        M::EmptyYears { from, to } => format!("årsintervallet {from}-{to} är tomt"),
        M::NoOuData { kpis } => format!(
            "Kolada har inga data för organisatoriska enheter för {}",
            kpis.join(", ")
        ),
        M::OuNeedsMunicipality => {
            "--ou kräver --municipality ID,… (kommunerna vars enheter ska hämtas)".into()
        }
        M::NoUnits { municipalities } => format!(
            "Kolada listar inga organisatoriska enheter för {}",
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
        } => format!(
            "{kpi} {year} för {area} förekommer två gånger med olika värden: {} ({first_url}) och {} ({second_url})",
            cell_sv(*first),
            cell_sv(*second)
        ),
        M::NoValues { kpis, from, to } => format!(
            "Kolada gav inga värden för {} åren {from}-{to}",
            kpis.join(",")
        ),
        M::GroupWithoutId { url } => format!("{url}: en grupp utan \"id\""),
        M::NoMembers { url, group } => format!("{url}: gruppen {group} saknar listan \"members\""),
        M::MemberWithoutId { url, group } => {
            format!("{url}: gruppen {group} har en medlem utan id")
        }
        M::NoGroups { url } => format!("inga kommungrupper på {url}"),
        M::GroupsFileRead { path, error } => {
            format!("kan inte läsa gruppfilen {path}: {error}")
        }
        M::GroupsCsv {
            source,
            line,
            error,
        } => format!("{source}: rad {line}: kan inte läsa CSV: {error}"),
        M::GroupsNoColumn { source, column } => {
            format!("{source}: rad 1: kolumnen '{column}' saknas")
        }
        M::GroupsEmptyId { source, line } => {
            format!("{source}: rad {line}: group_id eller member_id är tomt")
        }
        M::NotPxWeb { url } => format!(
            "{url}: svaret är varken JSON-stat 2 (\"class\":\"dataset\") eller PxWeb JSON (\"columns\", \"data\")"
        ),
        M::JsonStat { url, problem } => format!("{url}: JSON-stat 2: {}", json_stat_sv(problem)),
        M::PxJson { url, problem } => format!("{url}: PxWeb JSON: {}", px_json_sv(problem)),
        M::NoArea { url, dims } => {
            format!("{url}: ingen områdesvariabel bland {}", dims.join(", "))
        }
        M::NoTime { url, dims } => format!("{url}: ingen tidsvariabel bland {}", dims.join(", ")),
        M::DuplicateColumn { url, column } => {
            format!("{url}: två kolumner skulle båda heta '{column}'")
        }
    }
}

/// What to do next, in Swedish.
pub fn hint_sv(h: &FetchHint) -> String {
    use FetchHint as H;
    match h {
        H::GiveCache => "ange --cache MAPP, mappen från en tidigare hämtning".into(),
        H::FillCache => "kör samma kommando en gång med nätverk (utan --offline) för att fylla cachen".into(),
        H::ServerBusy => "servern kan vara upptagen eller nere; försök igen senare, eller använd --offline med cachen från en tidigare hämtning".into(),
        H::CheckIds => "kontrollera id:na, tabellens URL och --base-url".into(),
        H::WebPage => "URL:en pekar på en webbsida, inte på API:t; kontrollera --base-url och tabellens URL (PxWeb-tabeller slutar på .px eller är /tables/ID/data)".into(),
        H::CheckBaseAndTable => "kontrollera --base-url och tabellens URL".into(),
        H::NoNetwork => "inget nätverk? kör igen med --offline för att svara från cachen från en tidigare hämtning, eller ladda ner svaren på annat håll och bygg tabellen med `modellvarde import kolada-json --from FIL …`".into(),
        H::CheckUrl => "kontrollera URL:en och --base-url".into(),
        H::DeleteCacheFile => "ta bort den och hämta igen med nätverk".into(),
        H::OtherCacheDir => "ange en annan mapp med --cache MAPP, eller --no-cache".into(),
        H::KoladaAnswer => "ett svar från Kolada v3 ser ut så här: {\"values\": [...], \"next_url\": \"...\"}; kontrollera --base-url".into(),
        H::PagingBroken => "serverns sidindelning fungerar inte; försök igen senare".into(),
        H::IdChars => "id:n består av bokstäver och siffror, t.ex. U31001 för ett nyckeltal eller 0180 för en kommun".into(),
        H::Replaced { id, what, instead } => {
            format!("{id} är avslutat ({what}); använd {instead}")
        }
        H::CheckKpiAtKolada => "kontrollera id:t på kolada.se; nyckeltal kan tas bort utan förvarning".into(),
        H::FetchReplacement => "hämta ersättaren, eller ange --allow-closed för att hämta det avslutade nyckeltalets gamla år".into(),
        H::KoladaRow => format!("en datarad från Kolada v3 ser ut så här: {KOLADA_ROW_EXAMPLE}"),
        H::GiveKpis => "ange --kpi ID,ID eller --model NAMN".into(),
        H::GiveYears => "ange --years FRÅN-TILL med FRÅN ≤ TILL".into(),
        H::OuKpis => "ange med --ou nyckeltal vars katalogpost har has_ou_data (t.ex. U31001)".into(),
        H::Disagree => "svaren överlappar och skiljer sig åt; hämta igen".into(),
        H::CheckYears => "jämför åren med nyckeltalets publ_period och kontrollera kommunernas id:n".into(),
        H::GroupShape => format!("en grupp i v3 ser ut så här: {GROUP_EXAMPLE}"),
        H::CheckTitle => "kontrollera --title: den matchar en del av en grupptitel, t.ex. \"Liknande kommuner ekonomiskt bistånd\"".into(),
        H::GroupsColumns => format!("en gruppfil har kolumnerna {}", GROUPS_COLUMNS.join(",")),
        H::AskJsonStat => "be om \"response\": {\"format\": \"json-stat2\"} i frågan (PxWeb API v1), eller outputFormat=json-stat2 (SCB API v2)".into(),
        H::JsonStatLayout => "se https://json-stat.org/full/ för hur en datamängd är uppbyggd".into(),
        H::PxJsonLayout => "ett JSON-svar från PxWeb v1 har \"columns\":[{\"code\",\"text\",\"type\"}] och \"data\":[{\"key\",\"values\"}]".into(),
        H::NeedArea => "tabellen behöver en region- eller områdesvariabel (JSON-stat-rollen \"geo\")".into(),
        H::NeedTime => "tabellen behöver en årsvariabel (Tid, JSON-stat-rollen \"time\")".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> String {
        x.to_string()
    }

    /// One of every message kind (and of every part kind inside them).
    fn messages() -> Vec<FetchMessage> {
        use FetchMessage as M;
        let (m, u) = (s("GET"), s("http://127.0.0.1:9/v3/kpi/N00001"));
        let mut v = vec![
            M::OfflineNoCache {
                method: m.clone(),
                url: u.clone(),
            },
            M::NotCached {
                method: m.clone(),
                url: u.clone(),
                cache: s("/tmp/c"),
            },
            M::GaveUp {
                method: m.clone(),
                url: u.clone(),
                attempts: 3,
                last: None,
            },
            M::HttpStatus {
                method: m.clone(),
                url: u.clone(),
                status: 404,
                body: s("«{}»"),
            },
            M::HttpStatus {
                method: m.clone(),
                url: u.clone(),
                status: 400,
                body: s("«{}»"),
            },
            M::Html {
                method: m.clone(),
                url: u.clone(),
                body: s("«<html>»"),
            },
            M::NotJson {
                method: m.clone(),
                url: u.clone(),
                error: s("expected value at line 1 column 1"),
                body: s("«x»"),
            },
            M::Transport {
                method: m.clone(),
                url: u.clone(),
                error: s("tls"),
            },
            M::CacheRead {
                path: s("/c/a.json"),
                error: s("e"),
            },
            M::CacheDamaged {
                path: s("/c/a.json"),
            },
            M::CacheDir {
                dir: s("/c"),
                error: s("e"),
            },
            M::CacheWrite {
                path: s("/c/a.json"),
                error: s("e"),
            },
            M::NoValuesList {
                url: u.clone(),
                answer: s("{}"),
            },
            M::PagingLoops {
                url: u.clone(),
                next: u.clone(),
            },
            M::BadId {
                id: s("a b"),
                kind: IdKind::Kpi,
            },
            M::BadId {
                id: s("a b"),
                kind: IdKind::Municipality,
            },
            M::KpiWithoutId { url: u.clone() },
            M::NotInCatalogue { id: s("N00001") },
            M::Closed(vec![
                ClosedKpi::Known {
                    id: s("N00001"),
                    what: s("2023"),
                    instead: s("N00002"),
                },
                ClosedKpi::ByTitle {
                    id: s("N00003"),
                    title: s("Bistånd (-2022)"),
                },
            ]),
            M::UnitWithoutId { url: u.clone() },
            M::NoKpis,
            M::EmptyYears {
                from: 2025,
                to: 2013,
            },
            M::NoOuData {
                kpis: vec![s("N00001")],
            },
            M::OuNeedsMunicipality,
            M::NoUnits {
                municipalities: vec![s("0180")],
            },
            M::Conflict {
                kpi: s("N00001"),
                year: 2024,
                area: s("0180"),
                first: Some(1.5),
                first_url: u.clone(),
                second: None,
                second_url: u.clone(),
            },
            M::NoValues {
                kpis: vec![s("N00001")],
                from: 2013,
                to: 2025,
            },
            M::GroupWithoutId { url: u.clone() },
            M::NoMembers {
                url: u.clone(),
                group: s("G1"),
            },
            M::MemberWithoutId {
                url: u.clone(),
                group: s("G1"),
            },
            M::NoGroups { url: u.clone() },
            M::GroupsFileRead {
                path: s("g.csv"),
                error: s("e"),
            },
            M::GroupsCsv {
                source: s("g.csv"),
                line: 3,
                error: s("e"),
            },
            M::GroupsNoColumn {
                source: s("g.csv"),
                column: s("group_id"),
            },
            M::GroupsEmptyId {
                source: s("g.csv"),
                line: 3,
            },
            M::NotPxWeb { url: u.clone() },
            M::NoArea {
                url: u.clone(),
                dims: vec![s("Tid")],
            },
            M::NoTime {
                url: u.clone(),
                dims: vec![s("Region")],
            },
            M::DuplicateColumn {
                url: u.clone(),
                column: s("BE0101N1"),
            },
        ];
        for why in [
            Unreachable::HostNotFound,
            Unreachable::ConnectionFailed,
            Unreachable::Io {
                kind: std::io::ErrorKind::ConnectionRefused,
                error: s("Connection refused (os error 111)"),
            },
        ] {
            v.push(M::Unreachable {
                method: m.clone(),
                url: u.clone(),
                why,
            });
        }
        let status = RetryReason::Status {
            status: 503,
            body: s("«»"),
        };
        for last in [
            RetryReason::BodyCutOff {
                status: 200,
                why: Box::new(RetryReason::BodyStalled),
            },
            status,
            RetryReason::EmptyBody,
            RetryReason::JsonCutOff {
                bytes: 10,
                error: s("EOF while parsing a list at line 1 column 10"),
            },
            RetryReason::TimedOut { what: s("global") },
            RetryReason::ConnectionDropped { error: s("e") },
            RetryReason::BrokenResponse { error: s("e") },
            RetryReason::CompressedCutOff { error: s("e") },
        ] {
            v.push(M::GaveUp {
                method: m.clone(),
                url: u.clone(),
                attempts: 5,
                last: Some(last),
            });
        }
        for problem in [
            RowProblem::NoKpi,
            RowProblem::NoArea {
                key: s("municipality"),
            },
            RowProblem::NoPeriod {
                kpi: s("N00001"),
                area: s("0180"),
            },
            RowProblem::NoValues {
                kpi: s("N00001"),
                area: s("0180"),
                year: 2024,
            },
            RowProblem::ValueNotNumber {
                kpi: s("N00001"),
                area: s("0180"),
                year: 2024,
                index: 0,
                value: s("\"x\""),
            },
        ] {
            v.push(M::BadRow {
                url: u.clone(),
                row: 2,
                problem,
            });
        }
        use JsonStatProblem as J;
        for problem in [
            J::NoIds,
            J::NoSizes,
            J::IdsSizes { ids: 2, sizes: 3 },
            J::NoDimension,
            J::NotDescribed { dim: s("Tid") },
            J::NoCategory { dim: s("Tid") },
            J::IndexOutOfRange {
                dim: s("Tid"),
                code: s("2024"),
            },
            J::Unnamed {
                dim: s("Tid"),
                size: 2,
            },
            J::NotANumber {
                at: 1,
                value: s("'x'"),
            },
            J::ValueCount {
                got: 1,
                sizes: s("[2, 3]"),
                n: 6,
            },
            J::KeyOutOfRange { key: s("9") },
            J::NoValues,
        ] {
            v.push(M::JsonStat {
                url: u.clone(),
                problem,
            });
        }
        use PxJsonProblem as P;
        for problem in [
            P::ColumnsNotList,
            P::DataNotList,
            P::NoKey { row: 1 },
            P::KeyParts {
                row: 1,
                got: 1,
                want: 2,
            },
            P::ValueCount {
                row: 1,
                got: 1,
                want: 2,
            },
            P::NotANumber {
                value: s("x"),
                key: s("0180,2024"),
            },
        ] {
            v.push(M::PxJson {
                url: u.clone(),
                problem,
            });
        }
        v
    }

    fn hints() -> Vec<FetchHint> {
        use FetchHint as H;
        vec![
            H::GiveCache,
            H::FillCache,
            H::ServerBusy,
            H::CheckIds,
            H::WebPage,
            H::CheckBaseAndTable,
            H::NoNetwork,
            H::CheckUrl,
            H::DeleteCacheFile,
            H::OtherCacheDir,
            H::KoladaAnswer,
            H::PagingBroken,
            H::IdChars,
            H::Replaced {
                id: s("N00001"),
                what: s("2023"),
                instead: s("N00002"),
            },
            H::CheckKpiAtKolada,
            H::FetchReplacement,
            H::KoladaRow,
            H::GiveKpis,
            H::GiveYears,
            H::OuKpis,
            H::Disagree,
            H::CheckYears,
            H::GroupShape,
            H::CheckTitle,
            H::GroupsColumns,
            H::AskJsonStat,
            H::JsonStatLayout,
            H::PxJsonLayout,
            H::NeedArea,
            H::NeedTime,
        ]
    }

    /// English words that no Swedish sentence here contains.
    const ENGLISH: [&str; 35] = [
        "the", "is", "not", "cannot", "missing", "give", "check", "failed", "found", "answered",
        "without", "has", "line", "row", "use", "again", "instead", "empty", "damaged", "no",
        "with", "for", "answer", "looks", "would", "named", "of", "and", "or", "an", "in", "at",
        "to", "given", "are",
    ];

    fn english_words(text: &str) -> Vec<String> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_kind_renders_in_both_languages_without_english_in_swedish() {
        for m in messages() {
            let (en, sv) = (m.to_string(), message_sv(&m));
            assert!(!en.is_empty() && !sv.is_empty(), "{m:?}");
            assert!(
                english_words(&sv).is_empty(),
                "{sv} has {:?}",
                english_words(&sv)
            );
            // Only a status line or a transport library's own words read the
            // same in both; every other English form has English words, so
            // the word list can fail.
            let verbatim = matches!(
                m,
                FetchMessage::Transport { .. } | FetchMessage::HttpStatus { status: 400, .. }
            );
            if !verbatim {
                assert_ne!(en, sv, "{m:?}");
                assert!(!english_words(&en).is_empty(), "{en}");
            }
        }
        for h in hints() {
            let (en, sv) = (h.to_string(), hint_sv(&h));
            assert!(!en.is_empty() && !sv.is_empty(), "{h:?}");
            assert!(
                english_words(&sv).is_empty(),
                "{sv} has {:?}",
                english_words(&sv)
            );
        }
    }

    #[test]
    fn swedish_keeps_the_data_and_says_tips() {
        let e = FetchError::new(FetchMessage::HttpStatus {
            method: s("GET"),
            url: s("http://h/v3/data/kpi/N00001/year/2024"),
            status: 404,
            body: s("«x»"),
        })
        .hint(FetchHint::CheckIds);
        assert_eq!(
            fetch_error_sv(&e),
            "GET http://h/v3/data/kpi/N00001/year/2024: hittades inte (HTTP 404): «x»\n  tips: kontrollera id:na, tabellens URL och --base-url"
        );
        assert_eq!(
            e.to_string(),
            "GET http://h/v3/data/kpi/N00001/year/2024: not found (HTTP 404): «x»\n  hint: check the ids, the table URL and --base-url"
        );
        assert_eq!(
            json_error_sv("expected value at line 1 column 1"),
            "ett värde väntas (rad 1, kolumn 1)"
        );
    }
}
