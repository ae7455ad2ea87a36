#!/usr/bin/env bash
# Clientele's k-means against scikit-learn's on the same CSV, with the same k, n_init and seed.
#
#   bench/peers/run-kmeans-peer.sh [--rows N] [--k K] [--n-init N] [--seed S] [--csv PATH]
#
# Without --csv it writes seeded gaussian blobs (the generator of the benchmarks: 8 features, 8 blobs) to a
# temporary CSV. Each side prints one JSON line (k, inertia, n_iter, seconds of the fit alone); the last lines
# compare them. Installs nothing: scikit-learn must already be in /usr/bin/python3 (Debian's python3-sklearn).
set -euo pipefail

rows=200000 k=8 n_init=10 seed=42 csv=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --k) k=$2; shift 2 ;;
    --n-init) n_init=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --csv) csv=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/peers/common.sh"
require_python "sklearn, numpy" "python3-sklearn libopenblas0-pthread"

build_bench

cleanup=""
if [ -z "$csv" ]; then
  csv=$(mktemp --suffix=.csv)
  cleanup=$csv
  "${bench[@]}" export-blobs "$csv" --rows "$rows" --seed "$seed"
fi
trap '[ -n "$cleanup" ] && rm -f "$cleanup"' EXIT

echo "k=$k n_init=$n_init seed=$seed on $csv; $(nproc) cores, OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset}" >&2
sklearn=$("$python" "$root/bench/peers/sklearn_kmeans.py" --csv "$csv" --k "$k" --n-init "$n_init" --seed "$seed")
clientele=$("${bench[@]}" kmeans-once --csv "$csv" --k "$k" --n-init "$n_init" --seed "$seed")
echo "scikit-learn $sklearn"
echo "clientele    $clientele"

"$python" - "$sklearn" "$clientele" <<'PY'
import json, sys
peer, ours = (json.loads(line) for line in sys.argv[1:3])
print(f"{'':<13}{'inertia':>18}{'n_iter':>8}{'seconds':>10}")
for name, r in (("scikit-learn", peer), ("clientele", ours)):
    print(f"{name:<13}{r['inertia']:>18.6f}{r['n_iter']:>8}{r['seconds']:>10.3f}")
print(f"inertia clientele / scikit-learn = {ours['inertia'] / peer['inertia']:.6f} (<= 1 + tolerance is the check)")
print(f"time    clientele / scikit-learn = {ours['seconds'] / peer['seconds']:.2f} (< 1: clientele is faster)")
PY
