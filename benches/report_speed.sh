#!/usr/bin/env bash
# Whole-command benchmark of `modellvarde report` (issues 3 and 4) against an
# equivalent pandas/statsmodels/matplotlib pipeline (benches/peer/
# report_pipeline.py), measured in the same run on the same data.
#
#   benches/report_speed.sh            # 5 timed runs per variant after 1 warm-up
#   RUNS=10 benches/report_speed.sh
#   ONLY='rust-' RUNS=1 WARMUP=0 KEEP=1 benches/report_speed.sh   # a subset, keep the temp folder
#
# Variants (each run writes into a fresh, emptied temporary folder):
#   rust-tables        report --no-plots        fits + results.json, CSV, report.md, areas.xlsx
#   rust-full          report                   the above + 7 charts (SVG+PNG) per fit, report.html, index.html
#   rust-tables-1t     report --no-plots --threads 1
#   rust-full-1t       report --threads 1
#   python-tables      report_pipeline.py           same fits and tables (single-threaded)
#   python-full        report_pipeline.py --plots   the above + 7 matplotlib charts (PNG+SVG), report.html
#
# Before timing, the Python pipeline's n and R² are checked against the Rust
# results.json of every (model, year) (|ΔR²| ≤ 1e-8); the script stops if they
# differ. Wall time: hyperfine medians; peak RSS: /usr/bin/time %M of every
# timed run (median). Needs hyperfine, /usr/bin/time, python3 with pandas,
# statsmodels, matplotlib, xlsxwriter, tabulate.
set -euo pipefail

RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
ONLY=${ONLY:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

for tool in hyperfine /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool not found (apt-get install -y hyperfine time)" >&2; exit 2; }
done
python3 -c "import pandas, statsmodels, matplotlib, xlsxwriter, tabulate" 2>/dev/null || {
    echo "error: the peer needs: pip install pandas statsmodels matplotlib xlsxwriter tabulate" >&2
    exit 2
}

echo "== building the release binary"
cargo build --release --quiet
BIN="$ROOT/target/release/modellvarde"
PEER="$ROOT/benches/peer/report_pipeline.py"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/report-speed.XXXXXX")
if [[ -n ${KEEP:-} ]]; then echo "keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi
OUT="$TMP/out"

echo "== machine"
{
    echo "date:        $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "nproc:       $(nproc)"
    echo "ram:         $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel:      $(uname -r)"
    echo "rustc:       $(rustc --version)"
    echo "hyperfine:   $(hyperfine --version)"
    python3 -c "import sys, numpy, pandas, scipy, statsmodels, matplotlib
print('python:     ', sys.version.split()[0])
print('numpy:      ', numpy.__version__, '| pandas', pandas.__version__, '| scipy', scipy.__version__)
print('statsmodels:', statsmodels.__version__, '| matplotlib', matplotlib.__version__)"
} | tee "$TMP/machine.txt"

echo "== like-for-like check: n and R² of every (model, year)"
"$BIN" report --no-plots --out "$TMP/check-rust" >/dev/null
python3 "$PEER" --out "$TMP/check-python" --check "$TMP/check-rust"

# name|command — every command writes into $OUT, emptied before each run.
VARIANTS=(
    "rust-tables|$BIN report --no-plots --out $OUT"
    "rust-full|$BIN report --out $OUT"
    "rust-tables-1t|$BIN report --no-plots --threads 1 --out $OUT"
    "rust-full-1t|$BIN report --threads 1 --out $OUT"
    "python-tables|python3 $PEER --out $OUT"
    "python-full|python3 $PEER --plots --out $OUT"
)

for v in "${VARIANTS[@]}"; do
    name=${v%%|*}
    cmd=${v#*|}
    [[ $name =~ $ONLY ]] || continue
    echo "== $name: $cmd"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$TMP/$name.load"
    : >"$TMP/$name.rss"
    # The warm-up run's RSS is written too and dropped below (first line).
    hyperfine --warmup "$WARMUP" --runs "$RUNS" --style basic \
        --prepare "rm -rf $OUT" \
        --export-json "$TMP/$name.json" \
        -n "$name" \
        "/usr/bin/time -f %M -a -o $TMP/$name.rss $cmd >/dev/null"
    echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$TMP/$name.load"
done

echo "== files written by one run of the tables variants"
for d in check-rust check-python; do
    printf '%-14s %5d files, %s\n' "$d" "$(find "$TMP/$d" -type f | wc -l)" "$(du -sh "$TMP/$d" | cut -f1)"
done

echo "== summary (Markdown)"
python3 - "$TMP" "$WARMUP" <<'EOF'
import json, statistics, sys
tmp, warmup = sys.argv[1], int(sys.argv[2])
import os
names = [n for n in ["rust-tables", "rust-full", "rust-tables-1t", "rust-full-1t",
                     "python-tables", "python-full"] if os.path.exists(f"{tmp}/{n}.json")]
med, cpu, rss, load = {}, {}, {}, {}
for n in names:
    r = json.load(open(f"{tmp}/{n}.json"))["results"][0]
    med[n] = statistics.median(r["times"])
    # hyperfine 1.15 exports the mean user and system time only (not per run).
    cpu[n] = r["user"] + r["system"]
    lo, hi = min(r["times"]), max(r["times"])
    kb = [int(x) for x in open(f"{tmp}/{n}.rss").read().split()][warmup:]
    rss[n] = statistics.median(kb) / 1024
    load[n] = " → ".join(l.split(":")[1].split()[0] for l in open(f"{tmp}/{n}.load"))
    med[n, "range"] = (lo, hi)
print("| variant | median wall (s) | min–max (s) | mean CPU user+sys (s) | peak RSS (MiB, median) | load avg (1 min) before → after |")
print("|---|---:|---:|---:|---:|---|")
for n in names:
    lo, hi = med[n, "range"]
    print(f"| {n} | {med[n]:.2f} | {lo:.2f}–{hi:.2f} | {cpu[n]:.2f} | {rss[n]:.0f} | {load[n]} |")
print()
print("| ratio (median wall) | value | CPU-time ratio |")
print("|---|---:|---:|")
for a, b in [("rust-tables", "python-tables"), ("rust-full", "python-full"),
             ("rust-tables-1t", "python-tables"), ("rust-full-1t", "python-full")]:
    if a not in med or b not in med:
        continue
    print(f"| {a} / {b} | {med[a] / med[b]:.4f} ({med[b] / med[a]:.1f}× faster) "
          f"| {cpu[a] / cpu[b]:.4f} ({cpu[b] / cpu[a]:.1f}×) |")
print()
if not all(n in med for n in names[:2] + ["python-tables"]):
    sys.exit(0)
t3 = med["rust-tables"] <= 2.0
x3 = med["python-tables"] / med["rust-tables"]
t4 = med["rust-full"] <= 5.0
print(f"issue 3: report (tables) ≤ 2 s wall: {med['rust-tables']:.2f} s → {'met' if t3 else 'MISSED'}")
print(f"issue 3: ≥ 20× faster than statsmodels: {x3:.1f}× → {'met' if x3 >= 20 else 'MISSED'}")
print(f"issue 4: full report with plots ≤ 5 s wall: {med['rust-full']:.2f} s → {'met' if t4 else 'MISSED'}")
EOF
