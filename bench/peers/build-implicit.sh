#!/usr/bin/env bash
# Builds the CPU kernels of benfred/implicit (ALS with conjugate gradient, BPR) from source, for the recommender
# benchmarks (run-recommend-peers.sh). implicit's code is not in this repository and PyPI is not reachable here,
# so the three source files it needs are kept in a cache folder and compiled with Debian's Cython and g++.
#
#   bench/peers/build-implicit.sh [--apt]     # prints the build folder on stdout
#
# Cache: ~/.cache/clientele/peers/implicit/ (or $CLIENTELE_IMPLICIT_SRC) must hold, byte for byte,
#   implicit/cpu/_als.pyx  implicit/cpu/bpr.pyx  implicit/cpu/bpr.h
# from https://github.com/benfred/implicit at the commits in bench/peers/implicit/manifest.sha256, which also
# gives their sha256 (checked here) and git blob ids. To fill it from a clone:
#   git clone https://github.com/benfred/implicit /tmp/implicit
#   mkdir -p ~/.cache/clientele/peers/implicit/implicit/cpu
#   for f in _als.pyx bpr.pyx bpr.h; do
#     git -C /tmp/implicit show <commit of f in the manifest>:implicit/cpu/$f > ~/.cache/clientele/peers/implicit/implicit/cpu/$f
#   done
# Needs cython3 (0.29), python3-dev, g++ and numpy/scipy for /usr/bin/python3; --apt installs the Debian packages
# (as root) when they are missing, otherwise the script names them and stops (exit 3).
#
# What is compiled: _als.pyx unchanged; bpr.pyx with its model class and the three imports only that class needs
# (tqdm, ..utils, .matrix_factorization_base) removed — bpr_update, RNGVector and has_non_zero are untouched (the
# patch is in bench/peers/README.md). Both as C++ (as implicit's CMakeLists), with implicit's flags -O3 -ffast-math
# and OpenMP, against SciPy's cython_blas (Debian's SciPy links the system BLAS, OpenBLAS here).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
apt=0
while [ $# -gt 0 ]; do
  case "$1" in
    --apt) apt=1; shift ;;
    -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

src=${CLIENTELE_IMPLICIT_SRC:-$HOME/.cache/clientele/peers/implicit}
manifest="$root/bench/peers/implicit/manifest.sha256"
python=/usr/bin/python3
build="$src/build"

missing=()
command -v cython3 >/dev/null || missing+=(cython3)
command -v g++ >/dev/null || missing+=(g++)
"$python" -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
  || missing+=(python3-dev)
"$python" -c 'import numpy, scipy' 2>/dev/null || missing+=(python3-numpy python3-scipy)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$apt" = 1 ]; then
    apt-get install -y "${missing[@]}" >&2
  else
    echo "missing: ${missing[*]}. Install Debian's packages (as root), or pass --apt:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
fi

if [ ! -d "$src/implicit/cpu" ]; then
  echo "no implicit sources in $src (see the comment at the top of $0 for how to fill the cache)" >&2
  exit 4
fi
if ! (cd "$src" && grep -v '^#' "$manifest" | sha256sum --quiet -c - >&2); then
  echo "the implicit sources in $src do not match $manifest" >&2
  exit 4
fi

stamp="$(cat "$manifest" "$0" | sha256sum | cut -c1-16)"
ext=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
if [ -f "$build/stamp" ] && [ "$(cat "$build/stamp")" = "$stamp" ] && [ -f "$build/_als$ext" ] && [ -f "$build/bpr$ext" ]; then
  echo "$build"
  exit 0
fi

rm -rf "$build"; mkdir -p "$build"
mkdir -p "$build/implicit/cpu"
cp "$src/implicit/cpu/_als.pyx" "$build/"
cp "$src/implicit/cpu/bpr.h" "$build/implicit/cpu/"  # bpr.pyx includes it as "implicit/cpu/bpr.h"
# bpr.pyx without the model class and its imports: the lines from "class BayesianPersonalizedRanking" up to the
# decorators of bpr_update, and the three import lines.
"$python" - "$src/implicit/cpu/bpr.pyx" "$build/bpr.pyx" <<'EOF'
import sys
lines = open(sys.argv[1]).read().split("\n")
drop = {"from tqdm.auto import tqdm", "from ..utils import check_csr, check_random_state",
        "from .matrix_factorization_base import MatrixFactorizationBase"}
start = lines.index("class BayesianPersonalizedRanking(MatrixFactorizationBase):")
end = lines.index("def bpr_update(RNGVector rng,") - 2  # keep the two decorators
kept = [l for n, l in enumerate(lines) if not (start <= n < end) and l not in drop]
assert len(lines) - len(kept) == (end - start) + 3, "bpr.pyx is not the expected version"
open(sys.argv[2], "w").write("\n".join(kept))
EOF

pyinc=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
npinc=$("$python" -c 'import numpy; print(numpy.get_include())')
cd "$build"
for module in _als bpr; do
  echo "cython3 + g++: $module ..." >&2
  cython3 -3 --cplus "$module.pyx" -o "$module.cpp" 2> >(grep -v -e FutureWarning -e 'if not hasattr' -e 'obj = getattr' >&2)
  g++ -O3 -ffast-math -fopenmp -fPIC -shared -w -I. -I"$pyinc" -I"$npinc" "$module.cpp" -o "$module$ext"
done
OMP_NUM_THREADS=1 "$python" -W ignore -c 'import _als, bpr; _als.least_squares_cg; bpr.bpr_update' >&2
echo "$stamp" > stamp
echo "$build"
