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

    /// Rows per task of the parallel copies between the row-major design
    /// and faer's column-major matrices.
    const COPY_ROWS: usize = 4096;

    /// A raw pointer handed to the copying threads, each of which writes
    /// rows no other touches.
    #[derive(Clone, Copy)]
    struct Shared(*mut f64);
    // SAFETY: see `Shared`: the threads write disjoint elements.
    unsafe impl Send for Shared {}
    // SAFETY: as above.
    unsafe impl Sync for Shared {}

    impl Shared {
        /// The element at `offset` from the start (a method, so closures
        /// capture the whole `Shared`, not its raw pointer field).
        fn at(self, offset: isize) -> *mut f64 {
            self.0.wrapping_offset(offset)
        }
    }

    /// Thin QR as `Mat::qr` and `Qr::compute_thin_Q` compute it (the same
    /// faer routines with the same block size, parallelism and matrix
    /// layout, so the same bits), without their two extra n×p copies (the
    /// factorisation works in the matrix copied from `a` instead of a clone
    /// of it), and with the copies into and out of faer's column-major
    /// matrices made in parallel in blocks of rows: at a million rows and
    /// p = 11 the copies were most of the QR's time (the factorisation
    /// itself ≈ 7 % of it) and ran on one core.
    pub fn thin_qr(a: &Array2<f64>) -> Result<ThinQr, LinalgError> {
        use faer::dyn_stack::{MemBuffer, MemStack};
        use faer::linalg::householder;
        use faer::linalg::qr::no_pivoting::factor;
        use rayon::prelude::*;

        let (n, p) = (a.nrows(), a.ncols());
        let size = n.min(p);
        let mut m = Mat::<f64>::zeros(n, p);
        {
            let cs = m.col_stride();
            let out = Shared(m.as_ptr_mut());
            let blocks = n.div_ceil(COPY_ROWS);
            let copy = |b: usize| {
                for i in b * COPY_ROWS..n.min((b + 1) * COPY_ROWS) {
                    for j in 0..p {
                        // SAFETY: (i, j) is inside the n×p matrix, whose
                        // column j starts at j·cs; each block writes its own
                        // rows.
                        unsafe { *out.at(i as isize + j as isize * cs) = a[[i, j]] };
                    }
                }
            };
            if blocks > 1 {
                (0..blocks).into_par_iter().for_each(copy);
            } else {
                (0..blocks).for_each(copy);
            }
        }
        let par = faer::get_global_parallelism();
        let block_size = factor::recommended_block_size::<f64>(n, p);
        let mut q_coeff = Mat::<f64>::zeros(block_size, size);
        factor::qr_in_place(
            m.as_mut(),
            q_coeff.as_mut(),
            par,
            MemStack::new(&mut MemBuffer::new(factor::qr_in_place_scratch::<f64>(
                n,
                p,
                block_size,
                par,
                Default::default(),
            ))),
            Default::default(),
        );
        // R is the upper triangle; the Householder basis is the part below
        // it with a unit diagonal and zeros above (as faer's `Qr` keeps it).
        let r = Array2::from_shape_fn((p, p), |(i, j)| if i <= j { m[(i, j)] } else { 0.0 });
        for j in 0..p {
            for i in 0..j.min(n) {
                m[(i, j)] = 0.0;
            }
            if j < n {
                m[(j, j)] = 1.0;
            }
        }
        let mut q = Mat::<f64>::identity(n, size);
        householder::apply_block_householder_sequence_on_the_left_in_place_with_conj(
            m.as_ref(),
            q_coeff.as_ref(),
            faer::Conj::No,
            q.as_mut(),
            par,
            MemStack::new(&mut MemBuffer::new(
                householder::apply_block_householder_sequence_on_the_left_in_place_scratch::<f64>(
                    n, block_size, size,
                ),
            )),
        );
        drop(m);
        let mut out = Array2::<f64>::zeros((n, size));
        if size > 0 {
            let flat = out
                .as_slice_mut()
                .expect("a new matrix is contiguous in row order");
            let (qp, cs) = (Shared(q.as_ptr_mut()), q.col_stride());
            let copy = |(b, rows): (usize, &mut [f64])| {
                for (k, row) in rows.chunks_mut(size).enumerate() {
                    let i = b * COPY_ROWS + k;
                    for (j, v) in row.iter_mut().enumerate() {
                        // SAFETY: (i, j) is inside the n×size matrix Q; it is
                        // only read here.
                        *v = unsafe { *qp.at(i as isize + j as isize * cs) };
                    }
                }
            };
            if n > COPY_ROWS {
                flat.par_chunks_mut(COPY_ROWS * size)
                    .enumerate()
                    .for_each(copy);
            } else {
                flat.chunks_mut(COPY_ROWS * size).enumerate().for_each(copy);
            }
        }
        Ok(ThinQr { q: out, r })
    }

    /// The QR of faer's own solver (`Mat::qr`, `compute_thin_Q`), which
    /// [`thin_qr`] must reproduce bit for bit.
    #[cfg(test)]
    pub fn thin_qr_by_solver(a: &Array2<f64>) -> ThinQr {
        let m = to_faer(a);
        let qr = m.qr();
        let q = qr.compute_thin_Q();
        let r = qr.thin_R();
        let (n, p) = (a.nrows(), a.ncols());
        ThinQr {
            q: Array2::from_shape_fn((n, p), |(i, j)| q[(i, j)]),
            r: Array2::from_shape_fn((p, p), |(i, j)| if i <= j { r[(i, j)] } else { 0.0 }),
        }
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

    /// The backend's QR against faer's own solver on random designs (shapes
    /// around the copies' block of rows, columns of very different
    /// magnitudes, a tall thin one): the same bits.
    #[cfg(not(feature = "lapack"))]
    #[test]
    fn thin_qr_gives_the_bits_of_faers_solver() {
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        for (n, p) in [
            (1, 1),
            (5, 5),
            (7, 3),
            (300, 11),
            (4095, 4),
            (4096, 6),
            (4097, 11),
            (10_001, 12),
            (20_000, 1),
        ] {
            let a = Array2::from_shape_fn((n, p), |(_, j)| next() * 10f64.powi(j as i32 % 5 - 2));
            let got = thin_qr(&a).unwrap();
            let want = backend::thin_qr_by_solver(&a);
            let bits = |m: &Array2<f64>| m.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(got.q.dim(), want.q.dim(), "{n}×{p}");
            assert!(bits(&got.q) == bits(&want.q), "Q differs at {n}×{p}");
            assert!(bits(&got.r) == bits(&want.r), "R differs at {n}×{p}");
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
