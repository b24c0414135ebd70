//! The fit's refusals that `validate` and `fit` print, in Swedish: rendered
//! from the engine's error kinds and their data (`FitError`, `GlmError`).
//! English is the errors' own text (their `Display`), unchanged; a kind not
//! listed here is shown in English in either language.

use modellvarde::fit::FitError;
use modellvarde::glm::GlmError;

/// A design check's error in Swedish (`None`: no Swedish form, show the
/// English text).
pub fn fit_error_sv(e: &FitError) -> Option<String> {
    let num = |v: f64| v.to_string().replace('.', ",");
    Some(match e {
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
        FitError::OutOfRange { .. } | FitError::Backend(_) => return None,
    })
}

/// A GLM's refusal in Swedish (`None`: show the English text). The outcome
/// and offset checks are the ones `validate` runs before any fit.
pub fn glm_error_sv(e: &GlmError) -> Option<String> {
    let num = |v: f64| v.to_string().replace('.', ",");
    Some(match e {
        GlmError::Design(f) => return fit_error_sv(f),
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
        _ => return None,
    })
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
        let sv = glm_error_sv(&e).unwrap();
        assert!(
            sv.starts_with("designrad 2: utfallet -5,5 är inte tillåtet för familjen Gamma"),
            "{sv}"
        );
        let f = FitError::TooFewRows { n: 3, p: 4 };
        assert_eq!(glm_error_sv(&GlmError::Design(f.clone())), fit_error_sv(&f));
        assert!(fit_error_sv(&FitError::Backend("x".into())).is_none());
    }
}
