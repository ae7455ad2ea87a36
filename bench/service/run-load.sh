#!/usr/bin/env bash
# The live service under load (issue 17): Online Retail ingested, segmented (k-means, k 4), valued and ALS-recommended
# in a DuckDB store (or --store LOCATION, such as a PostgreSQL connection string), `clientele serve` on loopback, and
# bench/Clientele.LoadTest sending profile reads, recommendation reads and event posts (one event each: a purchase in
# four, views otherwise) on fixed schedules. Each row: 60 s measured after 10 s of warm-up.
#
#   bench/service/run-load.sh [--rates "P/R/E P/R/E …"] [--seconds 60] [--warmup 10] [--store LOCATION] [--keep DIR] [--freshness 5]
#                             [--nodes "0 1 2 3"]
#
# --nodes: 0 is the service in one process (the default); N > 0 is N nodes of a cluster (serve --cluster, a PostgreSQL
# --store), the requests spread over their APIs in turn; each count in the list is a set of rows.
# Beside each row, --freshness probes a second: a purchase by a new customer, then its profile until the purchase shows
# (the event-to-profile freshness). Rates are requests per second of profile reads / recommendation reads / event posts; by default 100/100/100,
# 250/250/250, 500/500/500 (the issue's 1,000 reads and 500 events a second) and 750/750/750 (1.5× that).
# Prints a Markdown table; the JSON lines are in DIR/load.jsonl with --keep.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
rates="100/100/100 250/250/250 500/500/500 750/750/750" seconds=60 warmup=10 store="" keep="" freshness=5 nodes=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) rates=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --freshness) freshness=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
work=${keep:-$(mktemp -d)}
mkdir -p "$work"
[ -z "$keep" ] && trap 'rm -rf "$work"' EXIT
echo "building (Release) ..." >&2
dotnet build "$root/src/Clientele.Cli" -c Release --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
dotnet build "$root/bench/Clientele.LoadTest" -c Release --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
cli=(dotnet "$root/src/Clientele.Cli/bin/Release/net10.0/clientele.dll")
load=(dotnet "$root/bench/Clientele.LoadTest/bin/Release/net10.0/Clientele.LoadTest.dll")
store=${store:-$work/shop.duckdb}

echo "preparing the store ($store) ..." >&2
"${cli[@]}" ingest orders "$root/samples/online_retail.csv.gz" --store "$store" --rejects "$work/rejects.csv" > "$work/prepare.log"
"${cli[@]}" segment --method kmeans --k 4 --store "$store" --out "$work/out" >> "$work/prepare.log"
"${cli[@]}" value --store "$store" --out "$work/out" >> "$work/prepare.log"
"${cli[@]}" recommend --algorithm als --store "$store" --out "$work/out" >> "$work/prepare.log"
read_key=$("${cli[@]}" keys create --role read --store "$store" --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
ingest_key=$("${cli[@]}" keys create --role ingest --store "$store" --output json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
python3 - "$work" <<'PY'
import csv, sys
work = sys.argv[1]
with open(f"{work}/out/customers.csv") as f:
    ids = [row["customer_id"] for row in csv.DictReader(f)]
with open(f"{work}/customers.txt", "w") as f:
    f.write("\n".join(ids) + "\n")
with open(f"{work}/out/recommendations.csv") as f:
    products = sorted({row["product_id"] for row in csv.DictReader(f)})
with open(f"{work}/products.txt", "w") as f:
    f.write("\n".join(products) + "\n")
PY

# One process (nodes "0"), or N nodes of a cluster (clientele serve --cluster, a co-hosted silo each, membership in the
# store's PostgreSQL) with the requests spread over their APIs in turn.
cpu_ticks() { local t=0 pid; for pid in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo $t; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true; [ -z "$keep" ] && rm -rf "$work"' EXIT
: > "$work/load.jsonl"
for count in $nodes; do
  urls=() servers=()
  cluster="load-$RANDOM$RANDOM"
  for n in $(seq 1 $(( count > 0 ? count : 1 ))); do
    url="http://127.0.0.1:$(free_port)"
    if [ "$count" -eq 0 ]; then
      ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning "${cli[@]}" serve --store "$store" --urls "$url" > "$work/serve-$count-$n.log" 2>&1 &
    else
      ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Clientele__Cluster__SiloPort=$(free_port) Clientele__Cluster__GatewayPort=$(free_port) \
        "${cli[@]}" serve --store "$store" --urls "$url" --cluster "$cluster" > "$work/serve-$count-$n.log" 2>&1 &
    fi
    servers+=($!) urls+=("$url")
    for _ in $(seq 1 300); do curl -sf "$url/health" > /dev/null && break; sleep 0.2; done
    curl -sf "$url/health" > /dev/null || { echo "the service did not start; see $work/serve-$count-$n.log" >&2; exit 1; }
  done
  joined=$(IFS=,; echo "${urls[*]}")
  for rate in $rates; do
    IFS=/ read -r profile recommend events <<< "$rate"
    echo "$( [ "$count" -eq 0 ] && echo "one process" || echo "$count nodes"): offered $profile profile reads, $recommend recommendation reads, $events event posts a second, ${seconds} s after ${warmup} s ..." >&2
    # CPU of the service's processes and of PostgreSQL's over the row (warm-up included), per request offered.
    service_before=$(cpu_ticks "${servers[@]}") postgres_before=$(cpu_ticks $(pgrep -x postgres))
    "${load[@]}" "$joined" "$read_key" "$ingest_key" "$work/customers.txt" "$work/products.txt" "$profile" "$recommend" "$events" "$seconds" "$warmup" "$freshness" > "$work/row.jsonl"
    service_ms=$(( ($(cpu_ticks "${servers[@]}") - service_before) * 1000 / $(getconf CLK_TCK) ))
    postgres_ms=$(( ($(cpu_ticks $(pgrep -x postgres)) - postgres_before) * 1000 / $(getconf CLK_TCK) ))
    requests=$(( (profile + recommend + events) * (seconds + warmup) ))
    sed "s|^{|{\"nodes\": $count, \"rates\": \"$rate\", \"load\": $(cut -d' ' -f1 /proc/loadavg), \"service_cpu_ms_per_request\": $(python3 -c "print(round($service_ms / $requests, 3))"), \"postgres_cpu_ms_per_request\": $(python3 -c "print(round($postgres_ms / $requests, 3))"), |" \
      "$work/row.jsonl" >> "$work/load.jsonl"
    sleep 5
  done
  kill "${servers[@]}"; wait "${servers[@]}" 2>/dev/null || true
done

python3 - "$work/load.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
clustered = any(r["nodes"] > 0 for r in rows)
print(("| nodes " if clustered else "") + "| offered (profile/recs/events per s) | kind | achieved 2xx/s | answers | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |")
print(("|---" if clustered else "") + "|---|---|---|---|---|---|---|---|---|")
cpu = {}
for r in rows:
    answers = ", ".join(f"{k}: {v}" for k, v in r["answers"].items())
    node = (f"| {r['nodes']} " if clustered else "")
    print(f"{node}| {r['rates']} | {r['kind']} | {r['achieved_ok_per_s']} | {answers} | {r['p50']} | {r['p90']} | {r['p99']} | {r['p999']} | {r['max']} |")
    cpu[(r["nodes"], r["rates"], r["load"])] = (r["service_cpu_ms_per_request"], r["postgres_cpu_ms_per_request"])
print()
print("| nodes | offered | service CPU ms per request | PostgreSQL CPU ms per request |")
print("|---|---|---|---|")
for (n, rates, _), (service, postgres) in cpu.items():
    print(f"| {'one process' if n == 0 else n} | {rates} | {service} | {postgres} |")
PY
