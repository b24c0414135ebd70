#!/usr/bin/env bash
# Whole-process benchmark of the command line against R (the main peer) and
# pandas/statsmodels, in one run on the same generated data. It writes a
# Markdown summary (machine, load, every figure) to paste into BENCHMARKS.md.
#
#   benches/cli_speed.sh              # full run: ~20-30 min on 2 cores
#   QUICK=1 benches/cli_speed.sh      # n <= 100 000 and panels <= 10 000 areas: a few minutes
#   OUT=/tmp/speed.md benches/cli_speed.sh
#   PREV= benches/cli_speed.sh        # no previous release (nothing extra to build)
#   REPORT=0 benches/cli_speed.sh     # leave out section 4 (report, shipped specs)
#   BIN=path/to/modellvarde benches/cli_speed.sh   # time this binary, build nothing
#   SIZES_N="10000 100000" SIZES_P="11" SIZES_AREAS="10000" benches/cli_speed.sh  # a subset
#   REPORT=0 SIZES_N= SIZES_AREAS="10000 30000" benches/cli_speed.sh  # the panel only
#
# What it measures (every figure is a whole process started from the shell):
#   1. fit --json (every diagnostic, results.json written) at n in {10 000,
#      100 000, 1 000 000} x p in {6, 11, 21} (p counts the intercept), against
#      benches/peer/fit_diag.R (read.csv + weighted lm + influence.measures +
#      rstudent + car::outlierTest + sandwich::vcovHC HC0-HC3 +
#      predict(interval = "prediction"), results written to a CSV) and
#      benches/peer/fit_diag_sm.py (pandas.read_csv + statsmodels WLS, closed
#      forms only, OPENBLAS_NUM_THREADS=1). A peer run longer than PEER_LIMIT
#      seconds (default 300) is stopped and its figure extrapolated linearly
#      in n from the next smaller n (marked as such).
#   2. CSV parsing: `validate --data` (load + spec check + design per year:
#      an upper bound on our parse time) against pandas.read_csv
#      (benches/peer/read_csv.py, Python start included) on the 1 000 000-row
#      p = 11 file (100 000 rows in QUICK mode).
#   3. report --no-plots on a synthetic district panel (areas x 10 years x 20
#      covariates, `modellvarde simulate`) at 10 000 and 30 000 areas (and
#      100 000 in the full run) against benches/peer/report_loop.R.
#   4. report (all shipped specs, run from the project folder) with and
#      without plots, this build against the previous release PREV (default
#      e5779ed), which the script builds itself into target/bench/prev-<sha>/
#      (a git worktree, removed after the build; the binary is cached). The
#      previous release runs in a folder holding its own models/ and data/
#      (target/bench/prev-<sha>/tree), since a newer spec key would be
#      unknown to it.
# Wall time: hyperfine median where RUNS > 1 is affordable (our fits at every
# n, the peers' at n <= 10 000, report), else one run; CPU (user + sys) and peak RSS from /usr/bin/time -v of
# one run. Load: /proc/loadavg and the wall/CPU ratio of a fixed
# single-threaded calibration loop, at start and end (1.0 = an idle core).
#
# Set-up on a fresh machine (after the README's Rust set-up), done by the
# script when something is missing (needs root or sudo, and the network):
#   apt-get install -y hyperfine time r-base-core r-cran-car r-cran-sandwich
#   pip install pandas statsmodels scipy
# Generated data is kept in target/bench/data (delete it to regenerate).
set -euo pipefail

QUICK=${QUICK:-0}
RUNS=${RUNS:-3}
PEER_LIMIT=${PEER_LIMIT:-300}
PREV=${PREV-e5779ed}
REPORT=${REPORT:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BENCH="$ROOT/target/bench"
DATA="$BENCH/data"
OUT=${OUT:-$BENCH/cli_speed.md}
mkdir -p "$DATA"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cli-speed.XXXXXX")
if [[ -n ${KEEP:-} ]]; then echo "keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi
RES="$TMP/results.tsv"
: >"$RES"

if [[ -n ${SMOKE:-} ]]; then # a seconds-long check of the script itself
    NS=(2000)
    AREAS=(500)
elif ((QUICK)); then
    NS=(10000 100000)
    AREAS=(10000)
else
    NS=(10000 100000 1000000)
    AREAS=(10000 30000 100000)
fi
PS=(6 11 21)
# Explicit subsets (space-separated) override the sizes above; set but empty
# (SIZES_N= or SIZES_AREAS=) leaves those sections out (SIZES_N= skips
# sections 1 and 2).
if [[ -n ${SIZES_N+set} ]]; then read -r -a NS <<<"$SIZES_N"; fi
if [[ -n ${SIZES_P:-} ]]; then read -r -a PS <<<"$SIZES_P"; fi
if [[ -n ${SIZES_AREAS+set} ]]; then read -r -a AREAS <<<"$SIZES_AREAS"; fi

# ---------------------------------------------------------------- set-up
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[[ -x /usr/bin/time ]] || need_apt+=(time)
command -v Rscript >/dev/null || need_apt+=(r-base-core)
if command -v Rscript >/dev/null; then
    Rscript -e 'library(car); library(sandwich)' >/dev/null 2>&1 || need_apt+=(r-cran-car r-cran-sandwich)
else
    need_apt+=(r-cran-car r-cran-sandwich)
fi
if ((${#need_apt[@]})); then
    echo "== installing ${need_apt[*]} (apt-get)"
    $SUDO apt-get install -y "${need_apt[@]}" >/dev/null
fi
python3 -c "import pandas, statsmodels, scipy" 2>/dev/null || {
    echo "== installing pandas statsmodels scipy (pip)"
    python3 -m pip install --quiet pandas statsmodels scipy
}

if [[ -n ${BIN:-} ]]; then
    echo "== using the given binary $BIN (not rebuilt)"
else
    echo "== building the release binary"
    cargo build --release --quiet
    BIN="$ROOT/target/release/modellvarde"
fi
PEER="$ROOT/benches/peer"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

# The previous release, built once into target/bench/prev-<sha>/modellvarde.
PREV_SHA=none
PREV_BIN=""
[[ -n $PREV ]] && PREV_SHA=$(git rev-parse --short=9 "$PREV^{commit}") && PREV_BIN="$BENCH/prev-$PREV_SHA/modellvarde"
if [[ -n $PREV && ! -x $PREV_BIN ]]; then
    echo "== building the previous release $PREV ($PREV_SHA) into $BENCH/prev-$PREV_SHA"
    WT="$BENCH/prev-src-$PREV_SHA"
    git worktree remove --force "$WT" 2>/dev/null || true
    git worktree add --detach "$WT" "$PREV_SHA" >/dev/null
    # Seed with this build's compiled dependencies: only the crate itself is rebuilt.
    if [[ ! -d $BENCH/prev-target/release && -d $ROOT/target/release/deps ]]; then
        mkdir -p "$BENCH/prev-target"
        cp -a "$ROOT/target/release" "$BENCH/prev-target/release"
    fi
    (cd "$WT" && CARGO_TARGET_DIR="$BENCH/prev-target" cargo build --release --quiet)
    mkdir -p "$(dirname "$PREV_BIN")"
    cp "$BENCH/prev-target/release/modellvarde" "$PREV_BIN"
    git worktree remove --force "$WT"
fi
# The previous release's own specs and data, to run its `report` from.
PREV_TREE="$BENCH/prev-$PREV_SHA/tree"
if [[ -n $PREV && ! -d $PREV_TREE ]]; then
    mkdir -p "$PREV_TREE"
    git archive "$PREV_SHA" models data | tar -x -C "$PREV_TREE"
fi

# ---------------------------------------------------------------- helpers
# load_probe LABEL: /proc/loadavg and the wall/CPU ratio of a fixed loop.
load_probe() {
    local t="$TMP/probe.txt"
    /usr/bin/time -f '%e %U %S' -o "$t" python3 -c 'sum(i * i for i in range(4_000_000))'
    read -r w u s <"$t"
    LOAD[$1]="loadavg $(cut -d' ' -f1-3 /proc/loadavg); calibration loop wall/CPU = $(python3 -c "print(f'{$w / max($u + $s, 1e-3):.2f}')") (${w} s wall)"
}
declare -A LOAD

# measure KIND N P TOOL RUNS LIMIT -- CMD...: one /usr/bin/time -v run (wall,
# CPU, peak RSS), then RUNS hyperfine runs (median) when RUNS > 1. A run
# longer than LIMIT seconds is stopped and recorded as `timeout`.
measure() {
    local kind=$1 n=$2 p=$3 tool=$4 runs=$5 limit=$6
    shift 7
    local tv="$TMP/time.txt" status=ok wall cpu rss
    printf '   %-10s %-12s n=%-8s p=%-3s ' "$kind" "$tool" "$n" "$p"
    # PREP (a shell command) runs before every timed run, e.g. emptying the
    # output folder so that `report` cannot keep unchanged results.
    [[ -n ${PREP:-} ]] && eval "$PREP"
    if timeout "$limit" /usr/bin/time -v -o "$tv" "$@" >"$TMP/stdout" 2>"$TMP/stderr"; then
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$tv")
        cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$tv")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2 / 1024}' "$tv")
        if ((runs > 1)); then
            local cmd
            cmd=$(printf '%q ' "$@")
            hyperfine --style none --runs "$runs" ${PREP:+--prepare "$PREP"} --export-json "$TMP/hf.json" "$cmd" >/dev/null 2>&1
            wall=$(python3 -c "import json; print(json.load(open('$TMP/hf.json'))['results'][0]['median'])")
        fi
    else
        local rc=$?
        if ((rc == 124)); then status=timeout; else status="failed($rc)"; fi
        wall=NA cpu=NA rss=NA
        tail -3 "$TMP/stderr" >&2 || true
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$n" "$p" "$tool" "$wall" "$cpu" "$rss" "$status" "$runs" >>"$RES"
    echo "$status wall=${wall}s cpu=${cpu}s rss=${rss}MiB"
}

# A PREP command that moves folder $1 aside (to $TMP/old/, deleted when the
# script ends) instead of deleting it: deleting a folder of ~1 300 files just
# before a run makes the run's own file creations slower (on this machine's
# ext4, new inodes are searched past the ones freed in the last minutes),
# a cost of the deletion, not of the measured command.
aside() { echo "if [ -e '$1' ]; then mkdir -p '$TMP/old' && mv '$1' '$TMP/old/'\$(date +%s%N); fi"; }

COV20=arbetslosa_utan_ers_pct,nyanlanda_pct,lag_utbildning_pct,ensamhushall_pct,hyresratter_pct,x06,x07,x08,x09,x10,x11,x12,x13,x14,x15,x16,x17,x18,x19,x20
covs() { echo "$COV20" | cut -d, -f1-$(($1 - 1)); } # p - 1 covariates

# ---------------------------------------------------------------- machine
echo "== machine"
load_probe start
{
    echo "| | |"
    echo "|---|---|"
    echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
    echo "| commit | $(git rev-parse --short=9 HEAD)$(git diff --quiet HEAD -- src crates || echo ' (modified)') |"
    echo "| cpu | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(grep -c ^processor /proc/cpuinfo) cores ($(env -u OMP_NUM_THREADS nproc) available to this process) |"
    echo "| ram | $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) |"
    echo "| kernel | $(uname -r) |"
    echo "| rustc | $(rustc --version) |"
    echo "| R | $(Rscript -e 'cat(R.version.string, ", car ", as.character(packageVersion("car")), ", sandwich ", as.character(packageVersion("sandwich")), sep = "")' 2>/dev/null) |"
    echo "| Python | $(python3 -c "import sys, numpy, pandas, statsmodels, scipy; print(f'{sys.version.split()[0]}, numpy {numpy.__version__}, pandas {pandas.__version__}, statsmodels {statsmodels.__version__}, scipy {scipy.__version__}')") |"
    echo "| hyperfine | $(hyperfine --version) |"
    echo "| previous release | $PREV ($PREV_SHA) |"
} >"$TMP/machine.md"
cat "$TMP/machine.md"

# ---------------------------------------------------------------- data
echo "== data (modellvarde simulate, seed 1; cached in $DATA)"
for n in "${NS[@]}"; do
    for p in "${PS[@]}"; do
        f="$DATA/fit_n${n}_p${p}.csv"
        [[ -s $f ]] || "$BIN" simulate --out-file "$f" --areas "$n" --from 2022 --to 2022 --covariates $((p - 1)) --seed 1 >/dev/null
    done
done
for a in "${AREAS[@]}"; do
    f="$DATA/panel_a${a}.csv"
    [[ -s $f ]] || "$BIN" simulate --out-file "$f" --areas "$a" --from 2013 --to 2022 --covariates 20 --seed 1 >/dev/null
done
cat >"$TMP/panel.toml" <<EOF
name = "bench-panel"
title = "Benchmark panel (synthetic)"
outcome = "bistand_kr_inv"
weight = "population"
covariates = [$(echo "$COV20" | sed 's/[^,]*/"&"/g; s/,/, /g')]
EOF
cat >"$TMP/fit11.toml" <<EOF
name = "bench-fit"
title = "Benchmark fit (synthetic)"
outcome = "bistand_kr_inv"
weight = "population"
covariates = [$(covs 11 | sed 's/[^,]*/"&"/g; s/,/, /g')]
EOF

# ---------------------------------------------------------------- 1. fit
echo "== fit --json with every diagnostic"
for n in "${NS[@]}"; do
    # Our run at a million rows takes about 5 s and its system time (the
    # kernel taking 1.4 GB of results.json into the page cache) swings
    # by seconds from run to run: a median, as at the smaller sizes.
    r=$RUNS
    for p in "${PS[@]}"; do
        f="$DATA/fit_n${n}_p${p}.csv"
        c=$(covs "$p")
        # Every tool writes to a path that does not exist yet, with the
        # previous run's output on disk (sync): replacing a previous result
        # makes the kernel free its pages inside the timed process (about
        # 1.3 s for a 1.4 GB results.json), and unwritten pages of the
        # previous run throttle this run's writes; both measure the earlier
        # run, not this one.
        PREP="rm -f '$TMP/us.json'; sync" measure fit "$n" "$p" modellvarde "$r" 3600 -- "$BIN" fit --data "$f" --outcome bistand_kr_inv \
            --covariates "$c" --weight population --id district_id --name district_name --json "$TMP/us.json"
        pr=1
        ((n <= 10000)) && pr=$RUNS
        PREP="rm -f '$TMP/r.csv'; sync" measure fit "$n" "$p" R "$pr" "$PEER_LIMIT" -- Rscript "$PEER/fit_diag.R" "$f" bistand_kr_inv population "$c" "$TMP/r.csv"
        PREP="rm -f '$TMP/sm.csv'; sync" measure fit "$n" "$p" statsmodels "$pr" "$PEER_LIMIT" -- python3 "$PEER/fit_diag_sm.py" "$f" bistand_kr_inv population "$c" "$TMP/sm.csv"
    done
done

# ---------------------------------------------------------------- 2. parse
echo "== CSV parsing"
if ((${#NS[@]})); then
    big=${NS[-1]}
    f="$DATA/fit_n${big}_p11.csv"
    [[ -s $f ]] || "$BIN" simulate --out-file "$f" --areas "$big" --from 2022 --to 2022 --covariates 10 --seed 1 >/dev/null
    measure parse "$big" 11 modellvarde "$RUNS" 3600 -- "$BIN" validate --data "$f" --model "$TMP/fit11.toml"
    measure parse "$big" 11 pandas "$RUNS" 3600 -- python3 "$PEER/read_csv.py" "$f"
    measure parse "$big" 11 R-read.csv 1 "$PEER_LIMIT" -- Rscript -e "invisible(read.csv('$f'))"
fi

# ---------------------------------------------------------------- 3. panel
echo "== report --no-plots on the district panel"
for a in "${AREAS[@]}"; do
    f="$DATA/panel_a${a}.csv"
    r=1
    ((a <= 10000)) && r=$RUNS
    # Into an empty folder every time: a rerun would keep the unchanged
    # results without fitting (timed separately, as "rerun").
    PREP=$(aside "$TMP/rep") measure panel "$a" 21 modellvarde "$r" 3600 -- "$BIN" report --no-plots --model "$TMP/panel.toml" --data "$f" --out "$TMP/rep"
    measure panel "$a" 21 "modellvarde rerun" "$r" 3600 -- "$BIN" report --no-plots --model "$TMP/panel.toml" --data "$f" --out "$TMP/rep"
    PREP=$(aside "$TMP/rloop") measure panel "$a" 21 R-loop 1 "$PEER_LIMIT" -- Rscript "$PEER/report_loop.R" "$f" bistand_kr_inv population "$COV20" "$TMP/rloop"
done

# ---------------------------------------------------------------- 4. report
echo "== report, all shipped specs, this build vs $PREV"
WHICH=(current)
[[ -n $PREV ]] && WHICH+=(previous)
((REPORT)) || WHICH=()
for which in "${WHICH[@]}"; do
    b=$BIN
    [[ $which == previous ]] && b=$PREV_BIN
    # Each build runs from a folder holding its own models/ (and data/).
    dir=$ROOT
    [[ $which == previous ]] && dir=$PREV_TREE
    cd "$dir"
    # First into an empty folder each time, then again into the same folder
    # (a rerun: this build keeps unchanged results without fitting them).
    PREP=$(aside "$TMP/rp-$which-np") measure report 0 0 "$which --no-plots" "$RUNS" 3600 -- "$b" report --no-plots --out "$TMP/rp-$which-np"
    measure report 0 0 "$which --no-plots rerun" "$RUNS" 3600 -- "$b" report --no-plots --out "$TMP/rp-$which-np"
    PREP=$(aside "$TMP/rp-$which") measure report 0 0 "$which" "$RUNS" 3600 -- "$b" report --out "$TMP/rp-$which"
    measure report 0 0 "$which rerun" "$RUNS" 3600 -- "$b" report --out "$TMP/rp-$which"
done
cd "$ROOT"

load_probe end

# ---------------------------------------------------------------- summary
SAME_SRC=0
[[ -n $PREV ]] && git diff --quiet "$PREV_SHA" -- src crates Cargo.toml Cargo.lock 2>/dev/null && SAME_SRC=1
python3 - "$RES" "$TMP/machine.md" "${LOAD[start]}" "${LOAD[end]}" "$PEER_LIMIT" "$RUNS" "$SAME_SRC" >"$OUT" <<'PYEOF'
import sys
res, machine, load_start, load_end, limit, runs, same_src = sys.argv[1:8]
rows = [l.rstrip("\n").split("\t") for l in open(res) if l.strip()]
R = {}
for kind, n, p, tool, wall, cpu, rss, status, nruns in rows:
    f = lambda v: None if v == "NA" else float(v)
    R[(kind, int(n), int(p), tool)] = dict(wall=f(wall), cpu=f(cpu), rss=f(rss), status=status, runs=int(nruns))

def extrapolate(kind, n, p, tool):
    """Linear in n from the largest smaller n that finished."""
    smaller = sorted(k[1] for k in R if k[0] == kind and k[2] == p and k[3] == tool and k[1] < n and R[k]["wall"])
    if not smaller:
        return None
    m = smaller[-1]
    return R[(kind, m, p, tool)]["wall"] * n / m, m

def num(n):
    return f"{n:,}".replace(",", " ")


def ratio(a, b):
    return "–" if (a is None or b is None or b == 0) else f"{a / b:.1f} ×"


def secs(v):
    return "–" if v is None else (f"{v:.3f} s" if v < 1 else f"{v:.2f} s" if v < 100 else f"{v:.0f} s")

def mib(v):
    return "–" if v is None else (f"{v:.0f} MiB" if v < 1024 else f"{v / 1024:.2f} GiB")

def cell(kind, n, p, tool):
    r = R.get((kind, n, p, tool))
    if r is None:
        return "not run", None
    if r["wall"] is None:
        e = extrapolate(kind, n, p, tool)
        if e is None:
            return r["status"], None
        why = f"stopped after {limit} s" if r["status"] == "timeout" else f"the run {r['status']}"
        return f"≈ {secs(e[0])} (extrapolated ×{n // e[1]} from n = {num(e[1])}; {why})", e[0]
    tag = f" (median of {r['runs']})" if r["runs"] > 1 else " (1 run)"
    return f"{secs(r['wall'])}{tag}, CPU {secs(r['cpu'])}, {mib(r['rss'])}", r["wall"]


def cpu(kind, n, p, tool):
    r = R.get((kind, n, p, tool))
    return None if r is None else r["cpu"]

print("<!-- written by benches/cli_speed.sh -->")
print(open(machine).read())
print(f"Load at start: {load_start}.  \nLoad at end: {load_end}.\n")

print("### fit --json with every diagnostic (whole process)\n")
print("Each cell: wall time, CPU time (user + sys), peak RSS. Ratios: wall (CPU).\n")
print("| n | p | modellvarde | R | R / modellvarde | statsmodels (closed forms) | statsmodels / modellvarde |")
print("|---:|---:|---|---|---:|---|---:|")
for n in sorted({k[1] for k in R if k[0] == "fit"}):
    for p in sorted({k[2] for k in R if k[0] == "fit" and k[1] == n}):
        us, tu = cell("fit", n, p, "modellvarde")
        r, tr = cell("fit", n, p, "R")
        s, ts = cell("fit", n, p, "statsmodels")
        cu = cpu("fit", n, p, "modellvarde")
        rr = f"{ratio(tr, tu)} ({ratio(cpu('fit', n, p, 'R'), cu)})"
        rs = f"{ratio(ts, tu)} ({ratio(cpu('fit', n, p, 'statsmodels'), cu)})"
        print(f"| {num(n)} | {p} | {us} | {r} | {rr} | {s} | {rs} |")
print()

print("### CSV parsing\n")
print("| file | tool | wall | CPU | peak RSS |")
print("|---|---|---|---|---|")
for k in sorted(k for k in R if k[0] == "parse"):
    r = R[k]
    print(f"| n = {num(k[1])}, p = {k[2]} | {k[3]} | {secs(r['wall'])} | {secs(r['cpu'])} | {mib(r['rss'])} |")
print()

print("### report --no-plots on the district panel (10 years × 20 covariates)\n")
print("| areas | modellvarde, empty folder | R loop | R / modellvarde, wall (CPU) | modellvarde, rerun (unchanged, kept) |")
print("|---:|---|---|---:|---|")
for a in sorted({k[1] for k in R if k[0] == "panel"}):
    us, tu = cell("panel", a, 21, "modellvarde")
    r, tr = cell("panel", a, 21, "R-loop")
    again, _ = cell("panel", a, 21, "modellvarde rerun")
    rr = f"{ratio(tr, tu)} ({ratio(cpu('panel', a, 21, 'R-loop'), cpu('panel', a, 21, 'modellvarde'))})"
    print(f"| {num(a)} | {us} | {r} | {rr} | {again} |")
print()

print("### report, all shipped specs (run from the project folder)\n")
print("| variant | this build | previous release | previous / this, wall (CPU) |")
print("|---|---|---|---:|")
for v in ["--no-plots", "", "--no-plots rerun", "rerun"]:
    cu, tc = cell("report", 0, 0, ("current " + v).strip())
    pr, tp = cell("report", 0, 0, ("previous " + v).strip())
    cc = cpu("report", 0, 0, ("current " + v).strip())
    cp = cpu("report", 0, 0, ("previous " + v).strip())
    name = {"--no-plots": "--no-plots, empty folder", "": "(charts, HTML, XLSX), empty folder",
            "--no-plots rerun": "--no-plots, rerun", "rerun": "(charts, HTML, XLSX), rerun"}[v]
    print(f"| report {name} | {cu} | {pr} | {ratio(tp, tc)} ({ratio(cp, cc)}) |")
print()
if same_src == "1":
    print("This build's sources equal the previous release's: the ratio shows only the run-to-run noise.\n")
PYEOF
echo "== wrote $OUT"
cat "$OUT"
