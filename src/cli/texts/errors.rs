//! The fit's refusals that `validate`, `fit`, `select` and `report` print,
//! in Swedish: rendered from the engine's error kinds and their data
//! (`FitError`, `GlmError`). English is the errors' own text (their
//! `Display`), unchanged. The matches are exhaustive, so a new kind does not
//! compile without a Swedish form; only `FitError::Backend` (an internal
//! inconsistency of the linear algebra, not the analyst's data) keeps its
//! English text.

use engine::analysis::task::{FitFailure, FitHint};
use engine::run::report::Failure;
use modellvarde::fit::FitError;
use modellvarde::glm::{GlmError, NotConvergedReason};
use modellvarde::lang::Lang;

/// A number with a decimal comma.
fn num(v: f64) -> String {
    v.to_string().replace('.', ",")
}

/// A design check's error in Swedish.
pub fn fit_error_sv(e: &FitError) -> String {
    match e {
        FitError::TooFewRows { n, p } => format!(
            "för få rader: n = {n} observationer för p = {p} koefficienter; n måste vara större än p"
        ),
        FitError::NonFinite { row, column, value } => format!(
            "designrad {row}, kolumn '{column}': värdet är {value} (inte ändligt)"
        ),
        FitError::BadWeight { row, value } => format!(
            "designrad {row}: vikten är {}; vikter måste vara ändliga och > 0",
            num(*value)
        ),
        FitError::ConstantColumn { name, value } => format!(
            "förklaringsvariabeln '{name}' är konstant ({} på varje rad): den kan inte skiljas från interceptet",
            num(*value)
        ),
        FitError::DuplicateColumn { name, other } => format!(
            "förklaringsvariabeln '{name}' upprepar '{other}' (samma värden på varje rad)"
        ),
        FitError::RankDeficient { aliased } => format!(
            "designen har inte full rang: {}",
            aliased
                .iter()
                .map(|(c, with)| format!(
                    "'{c}' är en linjärkombination av {}",
                    with.iter()
                        .map(|w| format!("'{w}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        FitError::ConstantOutcome { value } => format!(
            "utfallet är konstant ({} på varje rad): det finns inget för förklaringsvariablerna att förklara",
            num(*value)
        ),
        FitError::OutOfRange {
            row,
            column,
            value,
            what,
        } => format!(
            "designrad {row}, kolumn '{column}': {} ligger utanför det intervall lösaren klarar ({})",
            format!("{value:e}").replace('.', ","),
            out_of_range_sv(what)
        ),
        // An internal inconsistency (shapes, the factorisation): English.
        FitError::Backend(text) => text.clone(),
    }
}

/// Why a value is out of range (the engine's fixed phrases); an unknown
/// phrase is shown as it is.
fn out_of_range_sv(what: &str) -> String {
    if what.starts_with("non-zero values must lie between") {
        "värden skilda från noll måste ligga mellan 1e-75 och 1e75 i absolutbelopp; skala om kolumnen, till exempel till tusental eller per 1 000 invånare".into()
    } else if what.starts_with("the largest weight may be") {
        "den största vikten får vara högst 1e30 gånger den minsta; skala om eller begränsa viktkolumnen".into()
    } else {
        what.to_string()
    }
}

/// The rows IRLS names: at most ten, then how many in all.
fn rows_sv(rows: &[usize]) -> String {
    let mut s: Vec<String> = rows.iter().take(10).map(|r| r.to_string()).collect();
    if rows.len() > 10 {
        s.push(format!("… ({} totalt)", rows.len()));
    }
    s.join(", ")
}

/// A GLM's refusal in Swedish: the outcome and offset checks `validate`
/// runs before any fit, and the IRLS failures of the fit itself.
pub fn glm_error_sv(e: &GlmError) -> String {
    match e {
        GlmError::Design(f) => fit_error_sv(f),
        GlmError::NonPositiveOutcome {
            row,
            value,
            family,
            link,
        } => format!(
            "designrad {row}: utfallet {} är inte tillåtet för familjen {family} med länken {link}: det måste vara > 0 (≥ 0 för antal och kvasi-Poisson); uteslut raden eller välj en annan familj",
            num(*value)
        ),
        GlmError::NotACount { row, value, family } => format!(
            "designrad {row}: utfallet {} är inte ett antal (ett heltal ≥ 0) som familjen {family} kräver; använd quasipoisson för andelar som inte är heltal",
            num(*value)
        ),
        GlmError::NonPositiveOffsetSource { row, value } => format!(
            "designrad {row}: offsetkällan {} måste vara ändlig och > 0 (dess logaritm är offset)",
            num(*value)
        ),
        GlmError::NonFiniteOffset { row, value } => {
            format!("designrad {row}: offset {} är inte ändlig", num(*value))
        }
        GlmError::Length { what, got, n } => format!(
            "{} har {got} värden för {n} rader",
            match *what {
                "offset" => "offset",
                "cluster labels" => "klusteretiketterna",
                other => other,
            }
        ),
        GlmError::BadAlpha(a) => format!("alpha måste ligga i (0, 1); fick {}", num(*a)),
        GlmError::InvalidStart => "inga giltiga startvärden: familjens startmedelvärden ger en ogiltig linjär prediktor; kontrollera utfallet och offset".into(),
        GlmError::NotConverged {
            iterations,
            change,
            reason,
        } => format!(
            "IRLS konvergerade inte efter {iterations} iterationer ({}; största relativa ändring av en koefficient {}); pröva färre eller omskalade förklaringsvariabler, en annan länk eller en högre gräns för antalet iterationer",
            match reason {
                NotConvergedReason::StepHalving => "halverade steg kunde inte minska deviansen",
                NotConvergedReason::StillChanging => "koefficienterna ändrades fortfarande",
            },
            format!("{change:.3e}").replace('.', ",")
        ),
        GlmError::Separation { iterations, rows } => format!(
            "IRLS-iteration {iterations}: modellvärdet för designrad(er) {} går mot noll där utfallet är noll: förklaringsvariablerna skiljer ut dessa rader (kvasifullständig separation) och en koefficient divergerar; ta bort eller slå ihop förklaringsvariabeln som isolerar dem",
            rows_sv(rows)
        ),
        GlmError::Boundary { iteration, row, mu } => format!(
            "IRLS-iteration {iteration}, rad {row}: arbetsvikten är inte positiv och ändlig (modellvärde {}): skattningen nådde familjens gräns; kontrollera utfallet och förklaringsvariablerna på den raden",
            num(*mu)
        ),
        GlmError::NoOverdispersion { theta } => format!(
            "negativ binomial: θ-skattningen {} är inte ändlig och positiv: antalen visar ingen överspridning jämfört med Poisson; använd poisson (eller quasipoisson)",
            num(*theta)
        ),
        GlmError::ThetaNotConverged { iterations, theta } => format!(
            "negativ binomial: θ konvergerade inte efter {iterations} iterationer (senaste θ = {}); pröva quasipoisson",
            num(*theta)
        ),
    }
}

/// A failed fit in Swedish: the model and year, the refusal, the place of
/// the row it names (framed in English words for [`super::Terminal::place`]),
/// the rows lost before the fit, and what to do.
pub fn fit_failure_sv(f: &FitFailure) -> String {
    let what = match f.year {
        Some(y) => format!("modell '{}', år {y}", f.model),
        None => format!("modell '{}'", f.model),
    };
    let lost = match &f.lost {
        None => String::new(),
        Some(l) if l.by_column.is_empty() => {
            format!("; {} rader uteslutna (se validate)", l.excluded)
        }
        Some(l) => format!(
            "; {} rader uteslutna, av saknade värden i {}",
            l.excluded,
            l.by_column
                .iter()
                .map(|(c, k)| format!("{c} ({k})"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!(
        "{what} ({}): kan inte skattas: {}{}{lost}\n  hint: {}",
        f.spec_file,
        glm_error_sv(&f.error),
        f.place,
        fit_hint_sv(f.hint)
    )
}

/// A report run's failure in the terminal's language (its place still
/// framed in English words, for [`super::Terminal::place`]).
pub fn failure_text(f: &Failure, tm: &super::Terminal) -> String {
    if tm.lang != Some(Lang::Sv) {
        return f.to_string();
    }
    match f {
        Failure::Spec { model, error } => format!("modell '{model}': {}", tm.error_text(error)),
        Failure::YearNotInSample { year } => {
            format!("--year {year}: ingen av de valda modellerna har året i sitt urval")
        }
        Failure::Task { task, error } => {
            let task = match task.year {
                Some(y) => format!("{} {y}", task.model),
                None => format!("{} (poolad)", task.model),
            };
            format!("{task}: {}", tm.error_text(error))
        }
        Failure::NotWritten { name, error } => format!("{name}: skrevs inte: {error}"),
    }
}

/// What to do about a failed fit, in Swedish.
pub fn fit_hint_sv(h: FitHint) -> &'static str {
    match h {
        FitHint::PositiveOutcome => "en log-länk eller familjen Gamma kräver ett utfall > 0 (≥ 0 för Poissonfamiljerna): rätta eller uteslut området, eller använd family = \"quasipoisson\" (tillåter 0) eller \"gaussian\"",
        FitHint::WholeCounts => "poisson och negbin kräver hela antal ≥ 0; för en kvot som kr/inv, använd family = \"quasipoisson\" eller \"gamma\"",
        FitHint::Diverged => "ta bort eller skala om den namngivna förklaringsvariabeln, eller pröva en annan familj (quasipoisson, gamma) eller family = \"gaussian\"",
        FitHint::CheckArea => "kontrollera utfall, offset och förklaringsvariabler för det namngivna området",
        FitHint::ConstantOutcome => "kontrollera årets utfallskolumn: ett konstant utfall (ofta bara 0) betyder oftast att värdet saknas, inte att det är uppmätt",
        FitHint::CheckCell => "kontrollera den namngivna cellen: den kan vara felskriven eller i fel enhet",
        FitHint::TooFewRows => "ta bort de förklaringsvariabler som tar bort flest rader (eller fyll i deras värden), eller vidga sample.years / sample.groups; `modellvarde validate` listar varje utesluten rad",
        FitHint::DropCovariates => "ta bort eller ändra de namngivna förklaringsvariablerna, eller vidga urvalet",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_forms_carry_the_data() {
        let e = GlmError::NonPositiveOutcome {
            row: 2,
            value: -5.5,
            family: "Gamma",
            link: "log",
        };
        let sv = glm_error_sv(&e);
        assert!(
            sv.starts_with("designrad 2: utfallet -5,5 är inte tillåtet för familjen Gamma"),
            "{sv}"
        );
        let f = FitError::TooFewRows { n: 3, p: 4 };
        assert_eq!(glm_error_sv(&GlmError::Design(f.clone())), fit_error_sv(&f));
        assert_eq!(fit_error_sv(&FitError::Backend("x".into())), "x");
    }
}
