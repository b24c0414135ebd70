//! Simulation check of the GLM engine: data drawn from a negative binomial
//! log-link model with a population offset and known coefficients (seeded
//! ChaCha8, so every run draws the same data).
//!
//! * Recovery: over the replications, the mean estimate of each coefficient
//!   lies within 4 Monte Carlo standard errors of the truth, and the 95 %
//!   Wald intervals of the coefficients cover the truth 93–97 % of the time.
//! * Area intervals (one-step leave-one-out values): the 95 % interval of each area covers its
//!   observed value 93–97 % of the time (each area's value is independent of
//!   the fit without it, so this is the interval's real coverage).
//! * Outliers: three planted areas (actual = 4 × drawn) lie above their
//!   intervals in ≥ 95 % of the replications (measured: 199–200 of 200) and
//!   are flagged by the Bonferroni outlier test in ≥ 80 % (measured: 172–178
//!   of 200; the three together lower θ̂ and so mask each other somewhat),
//!   while clean areas are flagged in under 1 % of cases.

use modellvarde::glm::{fit_glm, Family, GlmData, GlmOptions};
use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, Poisson};

const REPS: usize = 200;
const N: usize = 80;
const BETA: [f64; 3] = [-3.0, 0.15, -0.04];
const THETA: f64 = 30.0;
const PLANTED: [usize; 3] = [5, 40, 71];
/// Planted outliers pay this many times their drawn value.
const FACTOR: f64 = 4.0;

fn draw(rng: &mut ChaCha8Rng) -> GlmData {
    let x = Array2::from_shape_fn((N, 3), |(_, j)| match j {
        0 => 1.0,
        1 => rng.random_range(0.0..10.0),
        _ => rng.random_range(5.0..35.0),
    });
    let pop: Vec<f64> = (0..N)
        .map(|_| (rng.random_range(8.0..11.0f64)).exp().round())
        .collect();
    let offset: Vec<f64> = pop.iter().map(|p| p.ln()).collect();
    // Negative binomial as a Gamma–Poisson mixture: λ ~ Gamma(θ, μ/θ).
    let y: Vec<f64> = (0..N)
        .map(|i| {
            let eta = offset[i] + (0..3).map(|j| x[[i, j]] * BETA[j]).sum::<f64>();
            let lambda = Gamma::new(THETA, eta.exp() / THETA).unwrap().sample(rng);
            Poisson::new(lambda).unwrap().sample(rng)
        })
        .collect();
    GlmData {
        y,
        x,
        names: vec!["(Intercept)".into(), "x1".into(), "x2".into()],
        intercept: true,
        weights: None,
        offset: Some(offset),
        clusters: None,
    }
}

#[test]
fn negbin_recovers_coefficients_covers_and_flags_planted_outliers() {
    let mut rng = ChaCha8Rng::seed_from_u64(20261201);
    // One-step leave-one-out values (the exact refits agree with R in
    // tests/glm_r.rs; here 400 fits × 80 refits would dominate the run).
    let opts = GlmOptions {
        exact_loo_max_n: 0,
        ..GlmOptions::new(Family::NegBin)
    };
    let mut sum = [0.0f64; 3];
    let mut sum2 = [0.0f64; 3];
    let mut ci_cover = [0usize; 3];
    let (mut pi_cover, mut pi_total) = (0usize, 0usize);
    let mut planted_flagged = [0usize; 3];
    let mut planted_above = [0usize; 3];
    let (mut clean_flagged, mut clean_total) = (0usize, 0usize);
    for _ in 0..REPS {
        let clean = draw(&mut rng);
        let f = fit_glm(&clean, &opts).expect("clean fit");
        for j in 0..3 {
            let c = &f.coefficients[j];
            sum[j] += c.estimate;
            sum2[j] += c.estimate * c.estimate;
            ci_cover[j] += usize::from(c.ci_low <= BETA[j] && BETA[j] <= c.ci_high);
        }
        for o in &f.obs {
            pi_total += 1;
            pi_cover += usize::from(o.pi_low.unwrap() <= o.y && o.y <= o.pi_high.unwrap());
        }
        let mut dirty = clean.clone();
        for &i in &PLANTED {
            dirty.y[i] = (FACTOR * dirty.y[i]).round();
        }
        let g = fit_glm(&dirty, &opts).expect("contaminated fit");
        for (k, &i) in PLANTED.iter().enumerate() {
            planted_flagged[k] += usize::from(g.obs[i].p_bonferroni.unwrap() < 0.05);
            planted_above[k] += usize::from(g.obs[i].y > g.obs[i].pi_high.unwrap());
        }
        for (i, o) in g.obs.iter().enumerate() {
            if !PLANTED.contains(&i) {
                clean_total += 1;
                clean_flagged += usize::from(o.p_bonferroni.unwrap() < 0.05);
            }
        }
    }
    let r = REPS as f64;
    for j in 0..3 {
        let mean = sum[j] / r;
        let sd = (sum2[j] / r - mean * mean).sqrt();
        let mc_se = sd / r.sqrt();
        assert!(
            (mean - BETA[j]).abs() <= 4.0 * mc_se,
            "coefficient {j}: mean {mean} vs true {} (MC se {mc_se})",
            BETA[j]
        );
        let cover = ci_cover[j] as f64 / r;
        assert!(
            (0.93..=0.97).contains(&cover),
            "coefficient {j} CI coverage {cover}"
        );
    }
    let cover = pi_cover as f64 / pi_total as f64;
    eprintln!("area interval coverage {cover:.4} over {pi_total} intervals");
    assert!(
        (0.93..=0.97).contains(&cover),
        "area interval coverage {cover}"
    );
    eprintln!("planted flagged {planted_flagged:?}, above interval {planted_above:?} of {REPS}");
    for k in 0..3 {
        assert!(
            planted_flagged[k] as f64 >= 0.80 * r,
            "planted {k} flagged {}/{REPS}",
            planted_flagged[k]
        );
        assert!(
            planted_above[k] as f64 >= 0.95 * r,
            "planted {k} above {}/{REPS}",
            planted_above[k]
        );
    }
    let fp = clean_flagged as f64 / clean_total as f64;
    eprintln!("clean areas flagged {fp:.4}");
    assert!(fp < 0.01, "clean areas flagged {fp}");
}
