#!/usr/bin/env bash
# Clientele's clustering against scikit-learn, SciPy and ML.NET on the same files, in one run, as Markdown tables.
#
#   bench/peers/run-clustering-peers.sh [--rows N] [--k K] [--spread SD] [--max-iter M] [--ward-rows N] [--dbscan-rows N]
#                                       [--eps E] [--min-samples M] [--repeat R] [--only kmeans,ward,dbscan] [--keep DIR]
#
# k-means: N × 8 seeded gaussian blobs (default 1,000,000; 8 centres uniform in [-5, 5]^8, standard deviation
#   --spread, default 3: overlapping blobs, as in KMeansBenchmarks; 1 gives separated ones), k = 8, one start, at most 100
#   iterations, tol 1e-4: Clientele (Hamerly, Lloyd) and scikit-learn (lloyd, elkan) from the same k-means++ centres
#   (drawn once by sklearn.cluster.kmeans_plusplus), then each from one k-means++ seeding of its own, with ML.NET's
#   KMeansTrainer (which cannot take initial centres). Time, inertia, ARI against the generating labels.
# Ward: the first 20,000 rows of the same blobs; Clientele HierarchicalClusterer vs SciPy linkage 'ward'; merge heights
#   compared. DBSCAN: 1,000,000 2-d points (8 blobs + 5 % uniform noise), eps 0.1, min_samples 5; labels compared.
# Installs nothing: /usr/bin/python3 must have Debian's python3-sklearn (with scipy, numpy, pandas).
set -euo pipefail

rows=1000000 k=8 spread=3 max_iter=100 ward_rows=20000 dbscan_rows=1000000 eps=0.1 min_samples=5 repeat=3
only=kmeans,ward,dbscan keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --k) k=$2; shift 2 ;;
    --spread) spread=$2; shift 2 ;;
    --max-iter) max_iter=$2; shift 2 ;;
    --ward-rows) ward_rows=$2; shift 2 ;;
    --dbscan-rows) dbscan_rows=$2; shift 2 ;;
    --eps) eps=$2; shift 2 ;;
    --min-samples) min_samples=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/peers/common.sh"
peer="$root/bench/peers/sklearn_clustering.py"
require_python "sklearn, scipy, numpy, pandas" "python3-sklearn python3-scipy python3-pandas libopenblas0-pthread"

build_bench

make_work "$keep"
wants() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "scikit-learn $("$python" -c 'import sklearn; print(sklearn.__version__)'), SciPy $("$python" -c 'import scipy; print(scipy.__version__)'), OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset}; files in $work" >&2

if wants kmeans; then
  "${bench[@]}" export-blobs "$work/kmeans.csv" --rows "$rows" --centres "$k" --spread "$spread" --labels "$work/kmeans-labels.csv"
  "$python" "$peer" init --csv "$work/kmeans.csv" --k "$k" --out "$work/kmeans-init.csv"
  "$python" "$peer" kmeans --csv "$work/kmeans.csv" --labels "$work/kmeans-labels.csv" --k "$k" --init "$work/kmeans-init.csv" \
    --max-iter "$max_iter" --repeat "$repeat" | tee -a "$results" >&2
  "${bench[@]}" kmeans-compare --csv "$work/kmeans.csv" --labels "$work/kmeans-labels.csv" --k "$k" --init "$work/kmeans-init.csv" \
    --max-iter "$max_iter" --repeat "$repeat" | tee -a "$results" >&2
fi

if wants ward; then
  "${bench[@]}" export-blobs "$work/ward.csv" --rows "$ward_rows" --centres "$k" --spread "$spread" --labels "$work/ward-labels.csv"
  "${bench[@]}" hierarchical-once --csv "$work/ward.csv" --labels "$work/ward-labels.csv" --k "$k" \
    --heights-out "$work/ward-heights-clientele.csv" | tee -a "$results" >&2
  "$python" "$peer" ward --csv "$work/ward.csv" --labels "$work/ward-labels.csv" --k "$k" \
    --heights-out "$work/ward-heights-scipy.csv" | tee -a "$results" >&2
fi

if wants dbscan; then
  "${bench[@]}" export-dbscan "$work/dbscan.csv" --rows "$dbscan_rows" --labels "$work/dbscan-labels.csv"
  "$python" "$peer" dbscan --csv "$work/dbscan.csv" --labels "$work/dbscan-labels.csv" --eps "$eps" --min-samples "$min_samples" \
    --labels-out "$work/dbscan-labels-sklearn.csv" | tee -a "$results" >&2
  "${bench[@]}" dbscan-once --csv "$work/dbscan.csv" --labels "$work/dbscan-labels.csv" --eps "$eps" --min-samples "$min_samples" \
    --repeat "$repeat" --labels-out "$work/dbscan-labels-clientele.csv" | tee -a "$results" >&2
fi

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "k-means: $rows × 8 blobs (standard deviation $spread), k = $k, at most $max_iter iterations, tol 1e-4, $repeat timed runs;" \
  "Ward: $ward_rows rows of the same blobs; DBSCAN: $dbscan_rows 2-d points, $repeat timed runs (scikit-learn: 1)."
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores."
echo
"$python" "$root/bench/peers/tables.py" clustering "$results" "$work"
