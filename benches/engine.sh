#!/usr/bin/env bash
# Engine benchmarks against the Python peer (statsmodels/numpy) in the same
# session, on the same generated data; writes the "Engine" section of
# BENCHMARKS.md. Usage: benches/engine.sh [--quick] [--coverage]
#   --quick     fewer peer repetitions (the peer fit + diagnostics is slow)
#   --coverage  also run the heavier bootstrap coverage test in release
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0; COVERAGE=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --coverage) COVERAGE=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

python3 -c "import statsmodels, numpy, pandas" 2>/dev/null || pip install --quiet statsmodels numpy pandas

BIN=$(cargo bench --bench engine --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "engine" and m.get("executable"):
        print(m["executable"])')
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "bench binary: $BIN; data in $WORK" >&2

MODELLVARDE_BENCH="export:$WORK" "$BIN"
PEER_REPS=3; SUBSETS=2000
if [ "$QUICK" = 1 ]; then PEER_REPS=1; SUBSETS=500; fi

# Interleave Rust and peer so both see the same machine load.
MODELLVARDE_BENCH="measure:$WORK" "$BIN" > "$WORK/rust.txt"
( cd benches/peer
  python3 fit_diag.py "$WORK" 1
  python3 bootstrap.py "$WORK" "$PEER_REPS"
  python3 subsets.py "$WORK" "$SUBSETS" ) > "$WORK/peer.txt"
MODELLVARDE_BENCH="measure:$WORK" "$BIN" > "$WORK/rust2.txt"
/usr/bin/time -v env MODELLVARDE_BENCH=scale "$BIN" > "$WORK/scale.txt" 2> "$WORK/time.txt"

if [ "$COVERAGE" = 1 ]; then
  cargo test --release --test engine_bootstrap -- --ignored --nocapture 2>/dev/null |
    grep coverage > "$WORK/coverage.txt" || true
fi

cat "$WORK"/rust.txt "$WORK"/rust2.txt "$WORK"/peer.txt "$WORK"/scale.txt >&2
grep -E "Maximum resident|Elapsed \(wall" "$WORK/time.txt" >&2
python3 benches/peer/write_md.py "$WORK" BENCHMARKS.md
