//! The model-family seam: the one place a spec's family is dispatched to the
//! code that fits it. Every caller that fits a spec (`analysis::task`, and so
//! the runner, `compare`, `trend` and `fit`) comes through [`fit`].
//!
//! To add a family: a variant in `contract::family::Family` (and its links),
//! a module beside `model/fit/` that fits it (e.g. `model/glm/`), and its arm
//! below. Statistics only that family has belong in their own part of the
//! result (`FitStats` holds today's Gaussian ones: R², σ, F).

pub use contract::family::{Family, Link};

use super::fit::{Design, FitError, FitOptions, Fitted};

/// Fit `design` with the family's estimator.
pub fn fit(family: Family, design: &Design, opts: &FitOptions) -> Result<Fitted, FitError> {
    match family {
        // Ordinary / weighted least squares (weights in the design).
        Family::Gaussian => super::fit::fit(design, opts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ModelSpec;

    #[test]
    fn a_spec_names_its_family_or_gets_the_gaussian_one() {
        let base = "name = \"m\"\noutcome = \"y\"\ncovariates = [\"x\"]\n";
        let s = ModelSpec::from_toml(base, "m.toml").unwrap();
        assert_eq!(s.family, Family::Gaussian);
        let g = ModelSpec::from_toml(&format!("{base}family = \"gaussian\"\n"), "m.toml").unwrap();
        assert_eq!(g.family, Family::Gaussian);
        assert_eq!(g.family.canonical_link(), Link::Identity);
        // Left out of the spec echo in results.json, so today's results are
        // unchanged (tests/golden_results.rs).
        assert!(serde_json::to_value(&g).unwrap().get("family").is_none());
        let e = ModelSpec::from_toml(&format!("{base}family = \"poisson\"\n"), "m.toml")
            .unwrap_err()
            .to_string();
        assert!(e.contains("poisson"), "{e}");
    }
}
