//! The report's words for a GLM: the Method section gives the GLM's
//! leave-one-out value and interval (g⁻¹(η̂₍ᵢ₎ ± q·sᵢ), exact refits up to the
//! engine's limit, else one-step), not the linear closed form, in Swedish and
//! English; the index heads a GLM's fit column "deviance explained", not R².
//! Through the real binary on the shipped specs (storstadslanen is Gamma,
//! storstadslanen-linjar linear).

use std::path::Path;

use crate::util::{run_in, workdir};
use presentation::i18n::Catalogue;
use presentation::lang::Lang;

const LINEAR_LOO: &str = "yᵢ − eᵢ/(1 − hᵢ)";

#[test]
fn the_stated_exact_refit_limit_is_the_engines() {
    let n = presentation::report::text::GLM_EXACT_LOO_MAX_N;
    assert_eq!(n, modellvarde::glm::EXACT_LOO_MAX_N);
    for lang in [Lang::Sv, Lang::En] {
        assert!(
            lang.msg()
                .glm_leave_one_out_formula
                .contains(&format!(" {n} ")),
            "{lang:?}"
        );
    }
}

#[test]
fn method_and_index_of_a_glm_report_in_both_languages() {
    let dir = workdir();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let models = repo.join("models");
    for (lang, loo, heading) in [
        ("sv", "η̂₍ᵢ₎ − q·sᵢ", "Förklarad devians"),
        ("en", "η̂₍ᵢ₎ − q·sᵢ", "Deviance explained"),
    ] {
        let out = dir.path().join(lang);
        let o = run_in(
            repo,
            &[
                "report",
                "--model",
                models.join("storstadslanen.toml").to_str().unwrap(),
                "--model",
                models.join("storstadslanen-linjar.toml").to_str().unwrap(),
                "--year",
                "2022",
                "--no-plots",
                "--lang",
                lang,
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let glm = std::fs::read_to_string(out.join("storstadslanen/2022/report.md")).unwrap();
        assert!(
            glm.contains(loo),
            "{lang}: GLM interval in the Method section"
        );
        assert!(glm.contains("g⁻¹(xᵢᵀβ̂₍ᵢ₎ + offsetᵢ)"), "{lang}");
        assert!(
            !glm.contains(LINEAR_LOO),
            "{lang}: no linear formula for a GLM"
        );
        let lin =
            std::fs::read_to_string(out.join("storstadslanen-linjar/2022/report.md")).unwrap();
        assert!(
            lin.contains(LINEAR_LOO),
            "{lang}: the linear model keeps its formula"
        );
        assert!(!lin.contains(loo), "{lang}");
        let index = std::fs::read_to_string(out.join("index.md")).unwrap();
        let g = &index[index.find("(`storstadslanen`)").unwrap()..];
        let g = &g[..g.find("\n\n## ").unwrap_or(g.len())];
        assert!(g.contains(&format!("| {heading} | n |")), "{index}");
        let l = &index[index.find("(`storstadslanen-linjar`)").unwrap()..];
        assert!(l.contains("| R² | n |"), "{index}");
    }
}
