# Sourced by the run-*.sh peer scripts after they set $root: what they all need, written once.
#   require_python "sklearn, numpy" "python3-sklearn libopenblas0-pthread"   exits 3 with the apt line when missing
#   build_bench                                   builds Clientele.Benchmarks (Release); sets the array $bench
#   make_work "$keep"                             the work folder ($work, removed at exit unless kept) and $results
#   … | tag NAME [RUN]                            adds "dataset": NAME (and "run": RUN) to each JSON line, appends it to $results
# Installs nothing.

python=/usr/bin/python3

require_python() {
  if ! "$python" -c "import $1" 2>/dev/null; then
    echo "$python cannot import $1. Install Debian's packages (as root), then run this again:" >&2
    echo "  apt-get install -y $2" >&2
    exit 3
  fi
}

build_bench() {
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  local project="$root/bench/Clientele.Benchmarks"
  echo "building $project (Release) ..." >&2
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2
  bench=(dotnet "$project/bin/Release/net10.0/Clientele.Benchmarks.dll")
}

make_work() {
  if [ -n "$1" ]; then
    work=$1; mkdir -p "$work"
  else
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; trap 'exit 143' INT TERM
  fi
  results="$work/results.jsonl"
  : > "$results"
}

tag() {
  "$python" -c '
import json, sys
for line in sys.stdin:
    if line.startswith("{"):
        row = json.loads(line)
        row["dataset"] = sys.argv[1]
        if len(sys.argv) > 2:
            row["run"] = int(sys.argv[2])
        print(json.dumps(row), flush=True)' "$@" | tee -a "$results" >&2
}
