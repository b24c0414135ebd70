//! The solver seam: the dense factorisations the fit needs, behind one small API
//! with two backends.
//!
//! * default — [faer], a pure-Rust linear-algebra crate: no system library, fast
//!   blocked Householder QR, well maintained. Chosen over nalgebra for speed on
//!   tall-skinny QR and over hand-written code because it is tested far more widely.
//! * `lapack` feature — ndarray-linalg on the system OpenBLAS/LAPACK
//!   (`dgeqrf`/`dorgqr`, `dgesvd`), for users who want the reference LAPACK code.
//!
//! Both return the same thing, so the fit (and its tests) run unchanged on
//! either; `cargo test --features lapack` checks that they agree.

use ndarray::Array2;

/// Thin QR factors of an n×p matrix (n ≥ p): A = Q·R with Q n×p orthonormal
/// columns and R p×p upper triangular.
#[derive(Debug, Clone)]
pub struct ThinQr {
    pub q: Array2<f64>,
    pub r: Array2<f64>,
}

/// A failure inside the backend (should not happen for finite input).
#[derive(Debug, Clone, thiserror::Error)]
#[error("linear algebra backend ({backend}) failed: {message}")]
pub struct LinalgError {
    pub backend: &'static str,
    pub message: String,
}

/// Name of the backend compiled in, for the fit summary.
pub fn backend_name() -> &'static str {
    backend::NAME
}

/// Thin Householder QR of `a` (n×p, n ≥ p).
pub fn thin_qr(a: &Array2<f64>) -> Result<ThinQr, LinalgError> {
    assert!(a.nrows() >= a.ncols(), "thin_qr needs n >= p");
    let qr = backend::thin_qr(a);
    clear_upper_vector_state();
    qr
}

/// Singular values of a small square matrix, largest first.
pub fn singular_values(a: &Array2<f64>) -> Result<Vec<f64>, LinalgError> {
    let s = backend::singular_values(a);
    clear_upper_vector_state();
    let mut s = s?;
    s.sort_by(|x, y| y.total_cmp(x));
    Ok(s)
}

/// Householder QR of the m×p column-major `a` in place (Golub & Van Loan
/// 2013, Alg. 5.2.1), each reflection applied to `b` as well: R is left in
/// the upper triangle of `a` (diagonal included), Qᵀb in `b`. Before column
/// k is reflected, `reject(k, ‖a[k.., k]‖)` may refuse it (a column that is
/// numerically zero or aliased): then `None`, with `a` and `b` half done.
/// For the small in-place refits (leave-one-out, bootstrap), where a call
/// into the backend would cost more than the factorisation.
pub fn householder_in_place(
    a: &mut [f64],
    b: &mut [f64],
    m: usize,
    p: usize,
    reject: impl Fn(usize, f64) -> bool,
) -> Option<()> {
    for k in 0..p {
        let (done, rest) = a.split_at_mut((k + 1) * m);
        let v = &mut done[k * m + k..(k + 1) * m];
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if reject(k, norm) {
            return None;
        }
        let alpha = if v[0] > 0.0 { -norm } else { norm };
        v[0] -= alpha;
        // vᵀv/2 = ‖a‖(‖a‖ + |a₀|), free of cancellation.
        let half_vtv = norm * (norm + (v[0] + alpha).abs());
        let apply = |c: &mut [f64]| {
            let s: f64 = v.iter().zip(c.iter()).map(|(x, y)| x * y).sum();
            let f = s / half_vtv;
            c.iter_mut().zip(v.iter()).for_each(|(c, x)| *c -= f * x);
        };
        for j in k + 1..p {
            apply(&mut rest[(j - k - 1) * m + k..(j - k) * m]);
        }
        apply(&mut b[k..]);
        v[0] = alpha; // R_kk (the rest of v is no longer needed)
    }
    Some(())
}

/// Back-substitution R β = (Qᵀb)[..p] after [`householder_in_place`], R in
/// the upper triangle of the m×p column-major `a`.
pub fn back_substitute(a: &[f64], b: &[f64], m: usize, p: usize, beta: &mut [f64]) {
    for k in (0..p).rev() {
        let mut s = b[k];
        for j in k + 1..p {
            s -= a[j * m + k] * beta[j];
        }
        beta[k] = s / a[k * m + k];
    }
}

/// `vzeroupper` after a backend call. faer's AVX-512 matrix kernels can
/// return with the upper halves of the vector registers in use; until they
/// are cleared, every legacy-SSE instruction pays a state-transition
/// penalty, and the C library's `exp` and `log` (entered through SSE
/// wrappers) became about 50 times slower — measured ~10 ns against ~800 ns
/// per `log` on the project's virtualised x86-64 test machine, which made
/// the GLM fits' per-row exp/log passes dominate their run time. Clearing
/// the state changes no result: it only zeroes register bits that no value
/// lives in across the call.
#[inline]
fn clear_upper_vector_state() {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: AVX is available (checked just above), so the instruction
        // exists; it only clears bits 128 and up of the vector registers,
        // which hold no live value between two Rust statements.
        unsafe { zero_upper() }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn zero_upper() {
    std::arch::x86_64::_mm256_zeroupper();
}

#[cfg(not(feature = "lapack"))]
mod backend {
    use super::{LinalgError, ThinQr};
    use faer::Mat;
    use ndarray::Array2;

    pub const NAME: &str = "faer";

    fn to_faer(a: &Array2<f64>) -> Mat<f64> {
        Mat::from_fn(a.nrows(), a.ncols(), |i, j| a[[i, j]])
    }

    pub fn thin_qr(a: &Array2<f64>) -> Result<ThinQr, LinalgError> {
        let m = to_faer(a);
        let qr = m.qr();
        let q = qr.compute_thin_Q();
        let r = qr.thin_R();
        let (n, p) = (a.nrows(), a.ncols());
        Ok(ThinQr {
            q: Array2::from_shape_fn((n, p), |(i, j)| q[(i, j)]),
            r: Array2::from_shape_fn((p, p), |(i, j)| if i <= j { r[(i, j)] } else { 0.0 }),
        })
    }

    pub fn singular_values(a: &Array2<f64>) -> Result<Vec<f64>, LinalgError> {
        to_faer(a).singular_values().map_err(|e| LinalgError {
            backend: NAME,
            message: format!("{e:?}"),
        })
    }
}

#[cfg(feature = "lapack")]
mod backend {
    use super::{LinalgError, ThinQr};
    use ndarray::Array2;
    use ndarray_linalg::{QR, SVD};

    pub const NAME: &str = "lapack (ndarray-linalg, OpenBLAS)";

    fn err(e: impl std::fmt::Display) -> LinalgError {
        LinalgError {
            backend: NAME,
            message: e.to_string(),
        }
    }

    pub fn thin_qr(a: &Array2<f64>) -> Result<ThinQr, LinalgError> {
        let (q, r) = a.qr().map_err(err)?;
        let p = a.ncols();
        let r = Array2::from_shape_fn((p, p), |(i, j)| if i <= j { r[[i, j]] } else { 0.0 });
        Ok(ThinQr { q, r })
    }

    pub fn singular_values(a: &Array2<f64>) -> Result<Vec<f64>, LinalgError> {
        let (_, s, _) = a.svd(false, false).map_err(err)?;
        Ok(s.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_reconstructs_and_is_orthonormal() {
        let a = Array2::from_shape_fn((7, 3), |(i, j)| {
            ((i + 1) as f64).powi(j as i32) + 0.1 * j as f64
        });
        let f = thin_qr(&a).unwrap();
        let qtq = f.q.t().dot(&f.q);
        for i in 0..3 {
            for j in 0..3 {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((qtq[[i, j]] - want).abs() < 1e-13);
            }
        }
        let back = f.q.dot(&f.r);
        for (x, y) in back.iter().zip(a.iter()) {
            assert!((x - y).abs() < 1e-12 * y.abs().max(1.0));
        }
        for i in 0..3 {
            for j in 0..i {
                assert_eq!(f.r[[i, j]], 0.0);
            }
        }
    }

    #[test]
    fn singular_values_of_diagonal() {
        let mut a = Array2::zeros((3, 3));
        a[[0, 0]] = 2.0;
        a[[1, 1]] = -5.0;
        a[[2, 2]] = 0.5;
        let s = singular_values(&a).unwrap();
        assert!(
            (s[0] - 5.0).abs() < 1e-14 && (s[1] - 2.0).abs() < 1e-14 && (s[2] - 0.5).abs() < 1e-14
        );
    }
}
