#!/usr/bin/env bash
# The headline benchmark of issue 16: the whole chain on a generated shop, each step timed with its peak memory, and
# the same steps done by peers on the same file in the same run, so that every step has a ratio.
#
#   bench/shop/run-chain.sh [--customers N] [--seed S] [--keep DIR] [--shop FILE] [--no-peers]
#
# --shop: a shop generate_shop.py already wrote (with these --customers and --seed), read in place instead of
# generating it again. --no-peers: Clientele's steps only (the 10M run, where the peers' own runs would take hours).
# Clientele: ingest orders → segment --method rfm → segment --method kmeans (k auto) → value → recommend --algorithm
# als (top 10 for every customer) → report, each a separate `clientele` process on one DuckDB store.
# Peers: DuckDB itself (CREATE TABLE … AS SELECT * FROM read_csv, and RFM in SQL), scikit-learn (k-means with k
# chosen as ours), the scipy BG/NBD + Gamma-Gamma fit and CLV (bench/peers/btyd_scipy.py), implicit's ALS with top 10
# for everyone (only when bench/peers/build-implicit.sh has built it). Each peer step is its own process too; its
# seconds are the step's own (reading its input CSV excluded), its memory the process's peak RSS.
# Prints a Markdown table; the JSON lines are in DIR/results.jsonl with --keep.
# Needs /usr/bin/python3 with numpy, pandas, scipy and scikit-learn (Debian: python3-sklearn python3-pandas).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/peers/common.sh"
customers=1000000 seed=7 keep="" shop="" peers=1
while [ $# -gt 0 ]; do
  case "$1" in
    --customers) customers=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --shop) shop=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --no-peers) peers=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
require_python "numpy, pandas, scipy, sklearn" "python3-sklearn python3-pandas python3-scipy"
make_work "$keep"
build_bench
echo "building the clientele command (Release) ..." >&2
dotnet build "$root/src/Clientele.Cli" -c Release --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
cli=(dotnet "$root/src/Clientele.Cli/bin/Release/net10.0/clientele.dll")

if [ -z "$shop" ]; then
  shop="$work/shop.csv"
  echo "generating $customers customers ..." >&2
  "$python" "$root/bench/shop/generate_shop.py" "$customers" "$shop" --seed "$seed" >&2
fi

# measure SIDE STEP COMMAND…: wall seconds and peak RSS of the process, one JSON line (a JSON line the command prints
# with its own "seconds" replaces the wall time, for peers that exclude reading their input).
measure() {
  local side=$1 step=$2; shift 2
  local out="$work/$side-$step.out" timing="$work/$side-$step.time"
  if ! /usr/bin/time -f "%e %M %U %S" -o "$timing" "$@" > "$out" 2> "$work/$side-$step.err"; then
    echo "$side $step failed; see $work/$side-$step.err" >&2
    tail -5 "$work/$side-$step.err" >&2
    exit 1
  fi
  read -r wall rss user system < <(tail -1 "$timing")
  "$python" - "$side" "$step" "$wall" "$rss" "$out" "$user" "$system" "$(cut -d' ' -f1 /proc/loadavg)" >> "$results" <<'PY'
import json, sys
side, step, wall, rss, out, user, system, load = sys.argv[1:]
own = [json.loads(l) for l in open(out) if l.startswith("{")]
row = {"side": side, "step": step, "wall": float(wall), "rss_gb": int(rss) / 1048576, "cpu": float(user) + float(system), "load": float(load)}
if own and "seconds" in own[-1]:
    row["seconds"] = own[-1]["seconds"]
    row["detail"] = {k: v for k, v in own[-1].items() if k not in ("side", "step", "seconds")}
print(json.dumps(row))
PY
  echo "$side $step: $(tail -1 "$results")" >&2
}

store="$work/shop.duckdb" peer="$work/peer.duckdb"
rm -rf "$store" "$store.wal" "$peer" "$peer.wal" "$work/out" "$work/rejects.csv"
: > "$results"
measure clientele ingest "${cli[@]}" ingest orders "$shop" --store "$store" --rejects "$work/rejects.csv"
measure clientele rfm "${cli[@]}" segment --method rfm --store "$store" --out "$work/out"
measure clientele kmeans "${cli[@]}" segment --method kmeans --store "$store" --out "$work/out"
measure clientele value "${cli[@]}" value --store "$store" --out "$work/out"
measure clientele recommend "${cli[@]}" recommend --algorithm als --store "$store" --out "$work/out"
measure clientele report "${cli[@]}" report --store "$store" --out "$work/out"

if [ "$peers" = 0 ]; then
  echo "--no-peers: Clientele's steps only" >&2
else
csv="'${shop//\'/\'\'}'"
measure duckdb ingest "${bench[@]}" duckdb-sql --db "$peer" --step ingest \
  "CREATE TABLE lines AS SELECT * FROM read_csv($csv, types = {'InvoiceNo': 'VARCHAR'})"
measure duckdb read_csv "${bench[@]}" duckdb-sql --db ":memory:" --step read_csv "SELECT count(*) FROM read_csv($csv, types = {'InvoiceNo': 'VARCHAR'})"
# RFM as the SQL a person would write: purchases only, recency to the day after the last line, quintile scores.
measure duckdb rfm "${bench[@]}" duckdb-sql --db "$peer" --step rfm \
  "CREATE TABLE rfm AS WITH p AS (SELECT CAST(CustomerID AS BIGINT) AS customer, InvoiceNo, strptime(InvoiceDate, '%m/%d/%Y %H:%M') AS ts, Quantity * UnitPrice AS value FROM lines WHERE CustomerID IS NOT NULL AND UnitPrice > 0 AND Quantity > 0), c AS (SELECT customer, date_diff('day', max(ts), (SELECT max(ts) FROM p) + INTERVAL '1 day') AS recency, count(DISTINCT InvoiceNo) AS frequency, sum(value) AS monetary FROM p GROUP BY customer) SELECT *, ntile(5) OVER (ORDER BY recency DESC) AS r, ntile(5) OVER (ORDER BY frequency) AS f, ntile(5) OVER (ORDER BY monetary) AS m FROM c" \
  "SELECT count(*) FROM rfm"
# The peers' inputs, exported untimed: RFM features, BG/NBD summaries (weeks), customer × product purchase counts.
"${bench[@]}" duckdb-sql --db "$peer" --step export \
  "COPY (SELECT customer, recency, frequency, monetary FROM rfm) TO '$work/rfm.csv' (HEADER)" \
  "COPY (WITH p AS (SELECT CAST(CustomerID AS BIGINT) AS customer, CAST(strptime(InvoiceDate, '%m/%d/%Y %H:%M') AS DATE) AS day, sum(Quantity * UnitPrice) AS value FROM lines WHERE CustomerID IS NOT NULL AND UnitPrice > 0 AND Quantity > 0 GROUP BY 1, 2), e AS (SELECT max(day) AS last FROM p) SELECT customer AS ID, count(*) - 1 AS x, date_diff('day', min(day), max(day)) / 7.0 AS t_x, date_diff('day', min(day), (SELECT last FROM e)) / 7.0 AS T, CASE WHEN count(*) > 1 THEN (sum(value) - arg_min(value, day)) / (count(*) - 1) ELSE 0 END AS zbar FROM p GROUP BY customer) TO '$work/summary.csv' (HEADER)" \
  "COPY (SELECT CAST(CustomerID AS BIGINT) AS customer, StockCode AS product, count(*) AS count FROM lines WHERE CustomerID IS NOT NULL AND UnitPrice > 0 AND Quantity > 0 GROUP BY 1, 2) TO '$work/pairs.csv' (HEADER)" > /dev/null
measure scikit-learn kmeans "$python" "$root/bench/shop/chain_peers.py" kmeans --features "$work/rfm.csv"
measure scipy value "$python" "$root/bench/shop/chain_peers.py" value --summary "$work/summary.csv"
if "$python" -c "import sys, os; sys.path.insert(0, os.environ.get('IMPLICIT_BUILD', os.path.expanduser('~/.cache/clientele/peers/implicit/build'))); import _als" 2>/dev/null; then
  # implicit asks for one BLAS thread (its ALS threads over users itself); without it the fit is 4-7x slower here.
  measure implicit recommend env OPENBLAS_NUM_THREADS=1 "$python" "$root/bench/shop/chain_peers.py" als --interactions "$work/pairs.csv"
else
  echo "implicit is not built (bench/peers/build-implicit.sh): the recommend step has no peer in this run" >&2
fi
fi

"$python" - "$results" "$customers" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
ours = {r["step"]: r for r in rows if r["side"] == "clientele"}
peers = {}
for r in rows:
    if r["side"] != "clientele":
        peers.setdefault(r["step"], r)
def seconds(r):
    return r.get("seconds", r["wall"])
print(f"\n{int(sys.argv[2]):,} customers; wall seconds (CPU seconds) and peak RSS (GB) per process; ratio = peer / Clientele by the wall clock (above 1: Clientele faster)\n")
print("| step | Clientele | peer | peer side | ratio |")
print("| --- | --- | --- | --- | --- |")
names = {"ingest": "ingest", "rfm": "rfm", "kmeans": "kmeans", "value": "value", "recommend": "recommend", "report": None}
total = 0.0
for step, r in ours.items():
    total += r["wall"]
    p = peers.get(step)
    cell = f"{r['wall']:.1f} s ({r['cpu']:.0f} CPU s), {r['rss_gb']:.2f} GB"
    if p is None:
        print(f"| {step} | {cell} | — | no peer in this run | — |")
    elif "error" in p.get("detail", {}):
        print(f"| {step} | {cell} | failed after {seconds(p):.1f} s: {p['detail']['error']} | {p['side']} | — |")
    else:
        print(f"| {step} | {cell} | {seconds(p):.1f} s, {p['rss_gb']:.2f} GB | {p['side']} | {seconds(p) / r['wall']:.2f} |")
print(f"| whole chain | {total:.1f} s | | | |")
if "read_csv" in peers:
    print(f"\nDuckDB's bare read_csv of the file (count only): {seconds(peers['read_csv']):.1f} s")
PY
