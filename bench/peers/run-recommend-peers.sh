#!/usr/bin/env bash
# Clientele's ALS and BPR against implicit (built from source) and a plain numpy CG-ALS, time per iteration at 64
# factors on the same files, in one run, as one Markdown table (issue 5's benchmark).
#
#   bench/peers/run-recommend-peers.sh [--repeat R] [--synthetic-repeat R] [--runs N] [--only movielens,retail,synthetic]
#                                      [--no-numpy-synthetic] [--movielens PATH] [--keep DIR]
#
# Data (recommend_data.py, binary CSR files both sides read): MovieLens-100k (every rating an interaction of weight 1;
# ../shared/data/movielens-100k/u.data beside the repository, read in place, or --movielens PATH), the Online Retail
# sample's customer × product counts of purchase lines (samples/online_retail.csv.gz), and a seeded synthetic
# 100,000 × 20,000 matrix with 10,000,000 pairs. ALS: 64 factors, λ 20, α 1 (confidence 1 + α·w), 3 CG steps, the
# factors warm-started from the previous sweep on every side; one untimed sweep, then R timed ones (default 5; 3 on
# the synthetic matrix). BPR: 64 factors, learning rate 0.02, λ 0.01, negatives drawn by popularity and verified.
# Threads: Clientele all cores; implicit's OpenMP loops 2 threads with OpenBLAS at 1 thread (implicit's own advice:
# its kernels call BLAS inside the parallel loop); the numpy peer OpenBLAS at 2 threads.
# --runs N (default 1) repeats the timings N times, interleaved: run 1 of every side on every data set, then run 2, …,
# each run's load average recorded; the table gives per side the median (min–max) over the runs of each run's median
# time per iteration, and per peer the median (min–max) of the runs' ratios, by the wall clock and in CPU seconds.
# On MovieLens the factors of every side are also written out and scored alike (loss, NDCG@10 on a 75/25 split).
# Needs /usr/bin/python3 with numpy/scipy/pandas; implicit is built by build-implicit.sh when its source cache is
# filled (see that script), else its rows are left out with a message.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/peers/common.sh"
repeat=5 synthetic_repeat=3 runs=1 only="movielens,retail,synthetic" numpy_synthetic=1 keep=""
movielens="$root/../shared/data/movielens-100k/u.data"
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --synthetic-repeat) synthetic_repeat=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --no-numpy-synthetic) numpy_synthetic=0; shift ;;
    --movielens) movielens=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

peers="$root/bench/peers"
require_python "scipy, numpy, pandas" "python3-numpy python3-scipy python3-pandas"

implicit=1
if build=$("$peers/build-implicit.sh"); then
  export IMPLICIT_BUILD=$build
else
  echo "implicit could not be built (above); its rows are left out, the numpy CG-ALS peer still runs" >&2
  implicit=0
fi

build_bench

make_work "$keep"

peer() { OPENBLAS_NUM_THREADS=$1 OMP_NUM_THREADS=2 "$python" -W ignore "$peers/recommend_peers.py" "${@:2}"; }

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "numpy $("$python" -c 'import numpy; print(numpy.__version__)'), SciPy $("$python" -c 'import scipy; print(scipy.__version__)'); files in $work" >&2
start_load=$(cut -d' ' -f1-3 /proc/loadavg)

# One data set in run number $run: ALS on every side, then BPR on Clientele and implicit.
run() {
  local name=$1 file=$2 r=$3 numpy=$4
  "${bench[@]}" als-once --csr "$file" --warm-up 1 --iterations "$r" | tag "$name" "$run"
  if [ "$implicit" = 1 ]; then peer 1 als --csr "$file" --impl implicit --warm-up 1 --iterations "$r" | tag "$name" "$run"; fi
  if [ "$numpy" = 1 ]; then peer 2 als --csr "$file" --impl numpy --warm-up 1 --iterations "$r" | tag "$name" "$run"; fi
  "${bench[@]}" bpr-once --csr "$file" --warm-up 1 --iterations "$r" | tag "$name" "$run"
  if [ "$implicit" = 1 ]; then peer 1 bpr --csr "$file" --warm-up 1 --iterations "$r" | tag "$name" "$run"; fi
}
datasets=()

case ",$only," in *,movielens,*)
  if [ ! -f "$movielens" ]; then
    echo "no MovieLens-100k at $movielens; pass --movielens PATH (u.data) or leave it out with --only" >&2
    exit 2
  fi
  "$python" "$peers/recommend_data.py" movielens --udata "$movielens" --out "$work"
  datasets+=("MovieLens-100k|$work/movielens.csr|$repeat|1")
;; esac
case ",$only," in *,retail,*)
  "$python" "$peers/recommend_data.py" retail --csv "$root/samples/online_retail.csv.gz" --out "$work/retail.csr"
  datasets+=("Online Retail|$work/retail.csr|$repeat|1")
;; esac
case ",$only," in *,synthetic,*)
  "$python" "$peers/recommend_data.py" synthetic --users 100000 --items 20000 --nnz 10000000 --seed 42 --out "$work/synthetic.csr"
  datasets+=("Synthetic 10M|$work/synthetic.csr|$synthetic_repeat|$numpy_synthetic")
;; esac

for run in $(seq 1 "$runs"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "run $run of $runs, $(date -u '+%H:%M:%S UTC'), load average $load" >&2
  echo "{\"run\": $run, \"utc\": \"$(date -u '+%Y-%m-%d %H:%M:%S')\", \"load\": \"$load\"}" >> "$results"
  for dataset in "${datasets[@]}"; do
    IFS='|' read -r name file r numpy <<< "$dataset"
    run "$name" "$file" "$r" "$numpy"
  done
done

case ",$only," in *,movielens,*)
  # The same algorithm? Every side's factors after 15 sweeps on the 75 % split, scored alike.
  "${bench[@]}" als-once --csr "$work/movielens-train.csr" --warm-up 1 --iterations 14 --factors-out "$work/ml-clientele" > /dev/null
  sides=(clientele numpy)
  peer 2 als --csr "$work/movielens-train.csr" --impl numpy --warm-up 1 --iterations 14 --factors-out "$work/ml-numpy" > /dev/null
  if [ "$implicit" = 1 ]; then
    peer 1 als --csr "$work/movielens-train.csr" --impl implicit --warm-up 1 --iterations 14 --factors-out "$work/ml-implicit" > /dev/null
    sides+=(implicit)
  fi
  for side in "${sides[@]}"; do
    peer 1 quality --csr "$work/movielens-train.csr" --test "$work/movielens-test.csr" --prefix "$work/ml-$side" --side "$side" \
      | tag "MovieLens-100k split"
  done
;; esac

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average at the start" \
  "$start_load, at the end $(cut -d' ' -f1-3 /proc/loadavg)."
echo
"$python" "$peers/tables.py" recommend "$results" "$work"
