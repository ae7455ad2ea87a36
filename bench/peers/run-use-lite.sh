#!/usr/bin/env bash
# Universal Sentence Encoder Lite: Clientele's C# encoder against the model package's own JavaScript runtime, on the
# same short texts and the same model files, in one run, as a Markdown table (texts per second and the ratio).
#
#   bench/peers/run-use-lite.sh [--texts N] [--js-texts N] [--repeat R] [--js-repeat R] [--batch B] [--keep DIR]
#
# Texts: Amazon Alexa reviews (../shared/data beside the repository) of 12–18 USE-lite tokens (about 15), repeated to
# N lines (default 3,000 for C#; the JavaScript side embeds the first --js-texts, default 300, as it is ~50 times
# slower). Clientele: `Clientele.Benchmarks use-lite-throughput` (UseLiteEmbedder.Embed over all texts, batched, all
# cores), --repeat runs (default 5) after a warm-up. JavaScript: bench/peers/use_lite_js.js, i.e.
# @energetic-ai/embeddings 0.2.0 + @energetic-ai/core 0.2.0 (TF.js, WebAssembly backend) as the package documents
# them, embed(string[]) in batches of --batch (default 32), --js-repeat runs (default 3) after a warm-up.
# Both read the model cache's use-lite folder (scripts/fetch-models.sh fills it; this script runs it). The JavaScript
# runtime is installed with npm into ${CLIENTELE_BENCH_CACHE:-~/.cache/clientele/bench}/use-lite-js, outside git.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/bench/peers/common.sh"
count=3000 js_count=300 repeat=5 js_repeat=3 batch=32 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --texts) count=$2; shift 2 ;;
    --js-texts) js_count=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --js-repeat) js_repeat=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

"$root/scripts/fetch-models.sh" >&2
model="${CLIENTELE_MODELS:-$HOME/.cache/clientele/models}/use-lite"

# The package's JavaScript runtime, pinned, into a cache folder outside the repository (npm checks each tarball's
# integrity against the registry's).
runtime="${CLIENTELE_BENCH_CACHE:-$HOME/.cache/clientele/bench}/use-lite-js"
if [ ! -f "$runtime/node_modules/@energetic-ai/embeddings/package.json" ] || [ ! -f "$runtime/node_modules/@energetic-ai/core/package.json" ]; then
  echo "installing @energetic-ai/embeddings@0.2.0 and @energetic-ai/core@0.2.0 with npm into $runtime ..." >&2
  mkdir -p "$runtime"
  [ -f "$runtime/package.json" ] || echo '{ "private": true }' > "$runtime/package.json"
  (cd "$runtime" && npm install --no-audit --no-fund --loglevel=error --save-exact \
    @energetic-ai/embeddings@0.2.0 @energetic-ai/core@0.2.0 >&2)
fi

build_bench

make_work "$keep"

"${bench[@]}" export-short-texts "$work/texts.txt" --count "$count" --model "$model" >&2
head -n "$js_count" "$work/texts.txt" > "$work/js-texts.txt"

echo "Clientele: $count texts, $repeat runs ..." >&2
"${bench[@]}" use-lite-throughput --texts "$work/texts.txt" --repeat "$repeat" --model "$model" | tee "$work/clientele.json" >&2
echo "JavaScript: $js_count texts, $js_repeat runs ..." >&2
NODE_PATH="$runtime/node_modules" node "$root/bench/peers/use_lite_js.js" \
  --texts "$work/js-texts.txt" --model "$model" --repeat "$js_repeat" --batch "$batch" | tee "$work/js.json" >&2

node - "$work/clientele.json" "$work/js.json" "$(nproc)" "$(uptime | sed 's/.*load average: //')" <<'NODE'
const fs = require("fs");
const [cs, js] = process.argv.slice(2, 4).map((f) => JSON.parse(fs.readFileSync(f, "utf-8")));
const cores = process.argv[4], load = process.argv[5];
const fmt = (x, d = 1) => x.toFixed(d);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const row = (r) => `| ${r.side} | ${r.runtime} | ${r.texts} | ${r.seconds.length} | ${fmt(median(r.seconds), 2)} (${fmt(Math.min(...r.seconds), 2)}–${fmt(Math.max(...r.seconds), 2)}) | ${fmt(median(r.cpu_seconds), 2)} | **${fmt(r.texts_per_second)}** |`;
console.log(`USE-lite throughput on short texts (${cs.tokens / cs.texts >= 0 ? fmt(cs.tokens / cs.texts) : "?"} tokens on average), ${cores} cores, load average ${load}\n`);
console.log("| side | runtime | texts | runs | seconds, median (min–max) | CPU seconds, median | texts/s (median run) |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
console.log(row(cs));
console.log(row(js));
console.log(`\nClientele / JavaScript: **${fmt(cs.texts_per_second / js.texts_per_second)}×** the texts per second` +
  ` (CPU seconds per text: ${fmt((median(js.cpu_seconds) / js.texts) / (median(cs.cpu_seconds) / cs.texts))}× fewer).`);
NODE
