#!/usr/bin/env python3
"""Peer for Clientele's k-means: scikit-learn KMeans (Lloyd, k-means++) on a CSV of numeric features.

Prints one JSON line: {"k": ..., "inertia": ..., "n_iter": ..., "seconds": ...}.
The CSV may have a header row (detected: a first row that does not parse as numbers is skipped).
"""
import argparse
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans


def load_csv(path):
    with open(path, encoding="utf-8") as handle:
        first = handle.readline()
    try:
        [float(cell) for cell in first.strip().split(",")]
        skip = 0
    except ValueError:
        skip = 1
    data = np.loadtxt(path, delimiter=",", skiprows=skip, dtype=np.float64, ndmin=2)
    if not np.all(np.isfinite(data)):
        sys.exit(f"{path}: the data holds a NaN or infinite value")
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", required=True, help="numeric features, comma-separated, optional header row")
    parser.add_argument("--k", type=int, required=True, help="number of clusters")
    parser.add_argument("--n-init", type=int, default=10, help="number of k-means++ restarts (default 10)")
    parser.add_argument("--seed", type=int, default=42, help="random_state (default 42)")
    parser.add_argument("--max-iter", type=int, default=300, help="maximum Lloyd iterations (default 300)")
    parser.add_argument("--tol", type=float, default=1e-4, help="tolerance (default 1e-4)")
    args = parser.parse_args()

    data = load_csv(args.csv)
    model = KMeans(
        n_clusters=args.k,
        init="k-means++",
        n_init=args.n_init,
        max_iter=args.max_iter,
        tol=args.tol,
        random_state=args.seed,
        algorithm="lloyd",
    )
    start = time.perf_counter()
    model.fit(data)
    seconds = time.perf_counter() - start
    print(json.dumps({"k": args.k, "inertia": float(model.inertia_), "n_iter": int(model.n_iter_), "seconds": seconds}))


if __name__ == "__main__":
    main()
