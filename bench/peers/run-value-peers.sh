#!/usr/bin/env bash
# Clientele's BG/NBD + Gamma-Gamma fit and CLV against btyd_scipy.py (lifetimes' method in plain numpy/scipy) on the
# same files, in one run, as Markdown tables.
#
#   bench/peers/run-value-peers.sh [--customers N] [--seed S] [--repeat R] [--cdnow-repeat R] [--cdnow PATH]
#                                  [--gradient analytic|numeric] [--keep DIR]
#
# Data: CDNOW's published summaries (2,357 customers, weeks; ../shared/data/cdnow beside the repository by default)
# and N customers (default 1,000,000) simulated from the BG/NBD process with CDNOW's published parameters
# (export-btyd), written as CSV so both sides read the same numbers. Each side fits BG/NBD, then Gamma-Gamma on the
# repeat buyers, then computes every customer's CLV over 12 months of 4.345 weeks at 1 % a month; every step is timed
# --repeat times (--cdnow-repeat on CDNOW) after an untimed warm-up. The tables give the median (min–max) seconds,
# the speed-up, both sides' parameters with standard errors, log-likelihoods, and the CLV agreement.
# Installs nothing: /usr/bin/python3 must have Debian's python3-scipy and python3-pandas.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/peers/common.sh"
customers=1000000 seed=42 repeat=3 cdnow_repeat=20 gradient=analytic keep=""
cdnow="$root/../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv"
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) customers=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --cdnow-repeat) cdnow_repeat=$2; shift 2 ;;
    --cdnow) cdnow=$2; shift 2 ;;
    --gradient) gradient=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

peer="$root/bench/peers/btyd_scipy.py"
require_python "scipy, numpy, pandas" "python3-scipy python3-pandas"
if [ ! -f "$cdnow" ]; then
  echo "no CDNOW summary at $cdnow; pass --cdnow PATH (ID,x,t_x,T,zbar)" >&2
  exit 2
fi

build_bench

make_work "$keep"

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "SciPy $("$python" -c 'import scipy; print(scipy.__version__)'), numpy $("$python" -c 'import numpy; print(numpy.__version__)'), peer gradient: $gradient; files in $work" >&2

simulated="$work/simulated.csv"
"${bench[@]}" export-btyd "$simulated" --customers "$customers" --seed "$seed"

"$python" "$peer" --csv "$cdnow" --repeat "$cdnow_repeat" --gradient "$gradient" --clv-out "$work/clv-cdnow-peer.csv" | tag "CDNOW"
"${bench[@]}" value-once --csv "$cdnow" --repeat "$cdnow_repeat" --clv-out "$work/clv-cdnow-clientele.csv" | tag "CDNOW"
"$python" "$peer" --csv "$simulated" --repeat "$repeat" --gradient "$gradient" --clv-out "$work/clv-simulated-peer.csv" | tag "Simulated BG/NBD"
"${bench[@]}" value-once --csv "$simulated" --repeat "$repeat" --clv-out "$work/clv-simulated-clientele.csv" | tag "Simulated BG/NBD"

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; peer gradient: $gradient;" \
  "timed runs: $cdnow_repeat on CDNOW, $repeat on the simulated customers."
echo
"$python" "$root/bench/peers/tables.py" value "$results" "$work"
