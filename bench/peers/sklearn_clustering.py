#!/usr/bin/env python3
"""Peer for Clientele's clustering benchmarks: scikit-learn KMeans and DBSCAN, SciPy's Ward linkage.

Subcommands (each prints one JSON line per result on stdout, like the Clientele side):

  init    --csv X --k K [--seed S] --out PATH      greedy k-means++ centres (sklearn.cluster.kmeans_plusplus) as CSV
  kmeans  --csv X --labels L --k K [--init PATH] [--max-iter M] [--tol T] [--seed S] [--repeat R] [--algorithms lloyd,elkan]
  ward    --csv X --labels L --k K [--repeat R] [--heights-out PATH]
  dbscan  --csv X --labels L --eps E [--min-samples M] [--n-jobs J] [--repeat R] [--labels-out PATH]

CSV files have a header row; numbers are read with pandas' round-trip parser, so both sides see the same doubles.
Every timing is of the fit alone (no parsing), after an untimed warm-up fit on the first 5,000 rows.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd

WARM_UP_ROWS = 5_000
CPU_SECONDS = []


def read_matrix(path):
    return pd.read_csv(path, float_precision="round_trip").to_numpy(dtype=np.float64)


def read_labels(path):
    return pd.read_csv(path)["label"].to_numpy(dtype=np.int64)


def emit(**fields):
    seconds = fields.get("seconds")
    if seconds:
        fields["median_seconds"] = float(np.median(seconds))
        if len(CPU_SECONDS) == len(seconds):
            fields["cpu_seconds"] = list(CPU_SECONDS)
    print(json.dumps(fields), flush=True)


def timed(repeat, action):
    """Runs action repeat times: its last result and the wall-clock seconds of each run (the CPU seconds of the
    process, all threads, in CPU_SECONDS; emit adds them as cpu_seconds)."""
    seconds, result = [], None
    CPU_SECONDS.clear()
    for _ in range(repeat):
        cpu = time.process_time()
        start = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - start)
        CPU_SECONDS.append(time.process_time() - cpu)
    return result, seconds


def cmd_init(args):
    from sklearn.cluster import kmeans_plusplus

    data = read_matrix(args.csv)
    centres, _ = kmeans_plusplus(data, n_clusters=args.k, random_state=args.seed)
    header = ",".join(f"x{j}" for j in range(centres.shape[1]))
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        for row in centres:
            handle.write(",".join(repr(float(v)) for v in row) + "\n")
    print(f"wrote {args.k} k-means++ centres (scikit-learn, random_state={args.seed}) to {args.out}", file=sys.stderr)


def cmd_kmeans(args):
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    data = read_matrix(args.csv)
    truth = read_labels(args.labels)
    inits = []
    if args.init:
        inits.append(("given", read_matrix(args.init)))
    inits.append(("k-means++", "k-means++"))
    for algorithm in args.algorithms.split(","):
        for name, init in inits:
            def model(init=init, algorithm=algorithm):
                return KMeans(n_clusters=args.k, init=init, n_init=1, max_iter=args.max_iter, tol=args.tol,
                              random_state=args.seed, algorithm=algorithm)
            model().fit(data[:WARM_UP_ROWS])
            fitted, seconds = timed(args.repeat, lambda: model().fit(data))
            emit(side="scikit-learn", algorithm=algorithm, init=name, n_iter=int(fitted.n_iter_),
                 inertia=float(fitted.inertia_), ari=float(adjusted_rand_score(truth, fitted.labels_)), seconds=seconds)


def cmd_ward(args):
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import adjusted_rand_score

    data = read_matrix(args.csv)
    truth = read_labels(args.labels)

    def fit(rows):
        tree = linkage(rows, method="ward")
        return tree, fcluster(tree, args.k, criterion="maxclust")

    fit(data[:500])
    (tree, labels), seconds = timed(args.repeat, lambda: fit(data))
    if args.heights_out:
        np.savetxt(args.heights_out, tree[:, 2], fmt="%.17g", header="height", comments="")
    import resource
    emit(side="scipy", method="ward", rows=int(data.shape[0]), k=args.k, seconds=seconds, top_height=float(tree[-1, 2]),
         sum_heights=float(tree[:, 2].sum()), ari=float(adjusted_rand_score(truth, labels)),
         peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3)


def cmd_dbscan(args):
    from sklearn.cluster import DBSCAN
    from sklearn.metrics import adjusted_rand_score

    data = read_matrix(args.csv)
    truth = read_labels(args.labels)

    def model():
        return DBSCAN(eps=args.eps, min_samples=args.min_samples, n_jobs=args.n_jobs)

    model().fit(data[:WARM_UP_ROWS])
    fitted, seconds = timed(args.repeat, lambda: model().fit(data))
    labels = fitted.labels_
    if args.labels_out:
        pd.DataFrame({"label": labels}).to_csv(args.labels_out, index=False)
    import resource
    emit(side="scikit-learn", method="dbscan", rows=int(data.shape[0]), eps=args.eps, min_samples=args.min_samples,
         n_jobs=args.n_jobs, seconds=seconds, clusters=int(labels.max() + 1), noise=int((labels < 0).sum()),
         core=int(len(fitted.core_sample_indices_)), ari=float(adjusted_rand_score(truth, labels)),
         peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    init = commands.add_parser("init")
    init.add_argument("--csv", required=True)
    init.add_argument("--k", type=int, required=True)
    init.add_argument("--seed", type=int, default=42)
    init.add_argument("--out", required=True)
    init.set_defaults(run=cmd_init)

    kmeans = commands.add_parser("kmeans")
    kmeans.add_argument("--csv", required=True)
    kmeans.add_argument("--labels", required=True)
    kmeans.add_argument("--k", type=int, required=True)
    kmeans.add_argument("--init")
    kmeans.add_argument("--max-iter", type=int, default=100)
    kmeans.add_argument("--tol", type=float, default=1e-4)
    kmeans.add_argument("--seed", type=int, default=42)
    kmeans.add_argument("--repeat", type=int, default=3)
    kmeans.add_argument("--algorithms", default="lloyd,elkan")
    kmeans.set_defaults(run=cmd_kmeans)

    ward = commands.add_parser("ward")
    ward.add_argument("--csv", required=True)
    ward.add_argument("--labels", required=True)
    ward.add_argument("--k", type=int, required=True)
    ward.add_argument("--repeat", type=int, default=1)
    ward.add_argument("--heights-out")
    ward.set_defaults(run=cmd_ward)

    dbscan = commands.add_parser("dbscan")
    dbscan.add_argument("--csv", required=True)
    dbscan.add_argument("--labels", required=True)
    dbscan.add_argument("--eps", type=float, required=True)
    dbscan.add_argument("--min-samples", type=int, default=5)
    dbscan.add_argument("--n-jobs", type=int, default=-1)
    dbscan.add_argument("--repeat", type=int, default=1)
    dbscan.add_argument("--labels-out")
    dbscan.set_defaults(run=cmd_dbscan)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
