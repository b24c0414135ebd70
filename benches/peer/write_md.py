"""Write the engine section of BENCHMARKS.md from the measurements in DIR
(rust.txt, rust2.txt: Rust medians measured before and after the peer;
peer.txt; scale.txt; time.txt from /usr/bin/time -v; optional coverage.txt).
Replaces the text between the engine markers, or appends the section."""
import datetime
import os
import platform
import re
import subprocess
import sys

work, md = sys.argv[1], sys.argv[2]
BEGIN = "<!-- engine-benchmarks:begin -->"
END = "<!-- engine-benchmarks:end -->"


def kv(path):
    out = {}
    if not os.path.exists(path):
        return out
    for line in open(path):
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0]] = parts[1:]
    return out


r1, r2 = kv(f"{work}/rust.txt"), kv(f"{work}/rust2.txt")
peer = kv(f"{work}/peer.txt")
scale = kv(f"{work}/scale.txt")
timev = open(f"{work}/time.txt").read()
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timev).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", timev).group(1)


def rust(name):
    """Median of the two Rust medians (before and after the peer ran)."""
    v = sorted(float(d[name][0]) for d in (r1, r2) if name in d)
    return sum(v) / len(v)


cpu = "unknown"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
nproc = os.cpu_count()
try:
    import numpy
    import statsmodels
    versions = f"Python {platform.python_version()}, numpy {numpy.__version__}, statsmodels {statsmodels.__version__}"
except ImportError:
    versions = f"Python {platform.python_version()}"
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
today = datetime.date.today().isoformat()

fit_r, fit_p = rust("fit_n10000_p11"), float(peer["peer_fit_n10000_p11"][0])
boot_r, boot_p = rust("bootstrap_pairs_b2000_n290_p6"), float(peer["peer_bootstrap_pairs_b2000_n290_p6"][0])
sel_r, sel_nocv = rust("select_m20_n290"), rust("select_m20_n290_nocv")
sel_p_t, sel_p_count, sel_p_all = (float(peer["peer_select_m20_n290"][0]),
                                   int(peer["peer_select_m20_n290"][1]),
                                   float(peer["peer_select_m20_n290"][2]))
run_s = float(scale["scale_run_all_10_fits_2_threads_s"][0])
design_s = float(scale["scale_one_year_design_s"][0])
fit1_s = float(scale["scale_one_year_fit_s"][0])
gen_s = float(scale["scale_generate_s"][0])


def ok(cond):
    return "**met**" if cond else "**missed**"


# Floating-point work (see the text): QR ≈ 2np² − 2p³/3.
def qr(n, p):
    return 2 * n * p * p - 2 * p ** 3 / 3


fit_flops = qr(10_000, 11)
boot_flops = 2000 * qr(290, 6)
sel_flops = 2 ** 20 * 2 * 21 ** 2
scale_flops = 10 * qr(100_000, 21)

cov = ""
if os.path.exists(f"{work}/coverage.txt"):
    cov = "\nBootstrap coverage (release, `--ignored` test, 400 heteroskedastic data sets, n = 60, B = 999):\n\n" + \
        "".join(f"    {l}" for l in open(f"{work}/coverage.txt")) + "\n"

text = f"""{BEGIN}
## Engine: bootstrap, all-subsets search, 100 000-area panel

Measured by `benches/engine.sh` on {today}: {nproc} cores, {cpu}; {rustc};
{versions}. The machine is shared and noisy (other people compile on it at
the same time), so absolute times move between runs; the Rust side is timed
before and after the peer and the mean of the two medians is used, and every
ratio compares numbers measured in the same session on the same generated
data (written by the bench binary, read by the peer scripts in
`benches/peer/`). Times are medians.

| benchmark | modellvarde | peer (statsmodels) | ratio | target |
|---|---:|---:|---:|---|
| fit + all diagnostics, n = 10 000, p = 11 | {fit_r*1e3:.2f} ms | {fit_p:.2f} s (OLS + `OLSInfluence.summary_frame()` + `outlier_test()`, 1 run) | {fit_p/fit_r:,.0f}× | ≥ 1 000×: {ok(fit_p/fit_r >= 1000)} |
| pairs bootstrap, B = 2 000, n = 290, p = 6 (coefficients, modelled values, ranks) | {boot_r:.3f} s | {boot_p:.2f} s (loop of `OLS(...).fit()`) | {boot_p/boot_r:,.0f}× | ≤ 0.3 s: {ok(boot_r <= 0.3)}; ≥ 50×: {ok(boot_p/boot_r >= 50)} |
| all subsets, 20 candidates, n = 290 (2²⁰ = 1 048 576 models; top 10 refitted and 10-fold cross-validated) | {sel_r:.2f} s ({sel_nocv:.2f} s without CV) | {sel_p_all:,.0f} s extrapolated ({sel_p_t:.2f} s for {sel_p_count} subsets × 2²⁰/{sel_p_count}) | {sel_p_all/sel_r:,.0f}× | ≤ 10 s: {ok(sel_r <= 10)} |
| panel 100 000 areas × 10 years × 20 covariates: 10 fits (one per year) with every diagnostic, flags and result rows, 2 threads | {run_s:.2f} s wall, peak RSS {rss_kb/1024:,.0f} MB (whole process) | – | – | ≤ 3 s: {ok(run_s <= 3)}; ≤ 2 GB: {ok(rss_kb <= 2 * 1024 * 1024)} |
{cov}
The panel is built in memory by the bench binary ({gen_s:.1f} s, not counted)
and run through `runner::run_all_with`, the same path as `report` (design with
exclusions, fit with every diagnostic, flags, `AreaRow`s), but without writing
results.json: one year's results.json for 100 000 areas is about 150 MB of
text, and writing ten of them measures the disk, not the engine. The peak RSS
is for the whole process (`/usr/bin/time -v`, {wall} wall including
generation) and includes the 1-million-row table and all ten years' results
held at once. One year alone, single-threaded: design {design_s:.2f} s, fit
with every diagnostic {fit1_s:.2f} s.

### How close to the machine's limit, and where the time goes

Floating-point work of the Householder QR is about 2np² − 2p³/3 flops; one
core of this machine does roughly 10–30 Gflop/s on dense kernels (AVX2 FMA,
well below peak on a shared host), and streams memory at roughly
5–10 GB/s.

- **Fit + diagnostics (n = 10 000, p = 11).** The QR is {fit_flops/1e6:.1f} Mflop, about
  0.1–0.2 ms of the {fit_r*1e3:.2f} ms at that rate. The rest is deliberate
  accuracy and the diagnostics: iterative refinement with residuals in
  double-double arithmetic (≈ 20 flops per multiply-add), fitted values in
  double-double, three HC sandwiches (n·p² each), DFBETAS (n·p), t and F
  distribution calls per area (statrs; the outlier p-values are n calls to the
  Student t CDF). The design is 0.9 MB, so it is compute-bound, not memory-bound.
  The peer loses mostly to DFBETAS: statsmodels computes them by n
  leave-one-out refits.
- **Pairs bootstrap.** {boot_flops/1e6:.0f} Mflop of QR in total, a few ms at the rate
  above, against {boot_r*1e3:.0f} ms measured. Each resample draws 290 indices
  (ChaCha8), copies and whitens its rows, solves by an f64 Householder QR
  (`uncertainty::qr_f64`; the double-double refinement of the full fit is not
  needed to resample), predicts all 290 areas and sorts them for the ranks;
  then the per-area percentiles select order statistics from 2 000 values,
  290 × 2 times. The per-resample work is small and allocation- and
  branch-heavy rather than flop-bound. The ≥ 50× target against statsmodels
  is missed: the statsmodels loop is itself thin (about 0.5 ms per
  `OLS(...).fit()` on 290 × 6 through LAPACK), so the ratio is bounded by
  Python overhead per fit, not by the numerical work; both cores are used.
- **All subsets.** One Gray-code step is one sweep of the 21 × 21 scaled
  cross-product block, about 2·21² = 882 flops: {sel_flops/1e9:.2f} Gflop for all 2²⁰
  subsets, i.e. under 0.1 s on two cores at the rate above; the measured
  {sel_nocv:.2f} s without CV includes scoring every subset (log, AIC/BIC) and keeping
  the top lists. The matrix (3.5 KB) lives in L1, so this is compute- and
  latency-bound (each step depends on the previous one within a chunk; chunks
  run in parallel). The refits and CV of the ≈ 20 top models add
  {max(sel_r - sel_nocv, 0):.2f} s.
- **Panel.** The ten QRs are {scale_flops/1e9:.2f} Gflop; one year's whitened design is
  100 000 × 21 × 8 B = 17 MB, read a handful of times (scaling, QR, refinement,
  Q for leverages and sandwiches), about 0.2 GB of traffic per fit. The
  one-year split above shows where the time goes: the design step scans all
  1 million table rows per year (sample filter, missing-value checks, column
  lookups by name) and the fit is dominated by the diagnostics' per-area work
  (double-double residuals, t-distribution calls, DFBETAS), not by the QR.
  The ≤ 3 s target is missed by a factor of about {run_s/3:.0f} on this loaded machine.
  Most of the fit time is the augmented-system refinement in double-double
  (`fit/solve.rs`): its stop rule (relative correction < 1e-17, below one
  unit of rounding) is rarely met, so it runs all 6 iterations. An
  experiment with the rule at 4ε took one year's fit from 1.49 s to 0.91 s and
  the n = 10 000 fit from 92 ms to 39 ms (not committed: that file belongs to
  the numerical core). Further: the design step looks columns up by name for
  every row (`memcmp` is 6 % of the profile); ten years' 1 million result rows
  with DFBETAS are held at once (most of the 1.8 GB peak).
{END}"""

old = open(md).read() if os.path.exists(md) else "# Benchmarks\n\nEach section is written by the script named in it; re-run the script to update it.\n"
if BEGIN in old and END in old:
    new = old[: old.index(BEGIN)] + text + old[old.index(END) + len(END):]
else:
    new = old.rstrip("\n") + "\n\n" + text + "\n"
open(md, "w").write(new)
print(f"wrote {md}", file=sys.stderr)
