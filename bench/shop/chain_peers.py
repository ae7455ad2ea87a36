#!/usr/bin/env python3
"""The Python peers of run-chain.sh, one step per call, each on the files DuckDB's SQL peer exported.

usage: chain_peers.py kmeans --features rfm.csv [--seed 42]
       chain_peers.py value --summary summary.csv
       chain_peers.py als --interactions pairs.csv

- kmeans: scikit-learn KMeans doing what `clientele segment --method kmeans` does by default: recency, frequency and
  monetary after log1p (monetary floored at 0), standardised; each k from 2 to 8 fitted (10 restarts) on one seeded
  sample of 50,000 customers (as ours since it fits its candidates on 50,000; 100,000 before) and scored by the
  silhouette on 10,000 of them; the best k fitted on every customer (10 restarts, as a scikit-learn user would; ours
  starts one run from the sample fit's centroids).
- value: BG/NBD and Gamma-Gamma fitted as lifetimes 0.11 does (bench/peers/btyd_scipy.py) and every customer's
  12-month CLV.
- als: implicit's ALS (benfred, CPU kernels built by bench/peers/build-implicit.sh) with AlsOptions' defaults (64
  factors, regularisation 20, alpha 1 on purchase counts, 15 iterations of 3 CG steps), then the top 10 for every
  customer, items already bought left out.

Prints one JSON line: {"side": ..., "step": ..., "seconds": ...}; times exclude reading the CSV.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "peers"))


def emit(side, step, seconds, **extra):
    print(json.dumps({"side": side, "step": step, "seconds": round(seconds, 3), **extra}), flush=True)


def kmeans(args):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    data = pd.read_csv(args.features)
    start = time.perf_counter()
    x = np.column_stack([np.log1p(data["recency"].to_numpy(float)), np.log1p(data["frequency"].to_numpy(float)),
                         np.log1p(np.maximum(data["monetary"].to_numpy(float), 0.0))])
    x = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    rng = np.random.default_rng(args.seed)
    sample = x[rng.choice(len(x), min(len(x), 50_000), replace=False)]
    scored = sample[:10_000]
    best_k, best_score = 2, -1.0
    for k in range(2, 9):
        model = KMeans(n_clusters=k, n_init=10, random_state=args.seed).fit(sample)
        score = silhouette_score(scored, model.predict(scored))
        if score > best_score:
            best_k, best_score = k, score
    final = KMeans(n_clusters=best_k, n_init=10, random_state=args.seed).fit(x)
    emit("scikit-learn", "kmeans", time.perf_counter() - start, k=best_k, inertia=float(final.inertia_))


def value(args):
    import btyd_scipy as btyd

    data = pd.read_csv(args.summary, float_precision="round_trip", dtype={"ID": str})
    start = time.perf_counter()
    x, t_x, T, zbar = data["x"], data["t_x"], data["T"], data["zbar"]
    # lifetimes' BFGS gives up ("precision loss") where a and b run off together, as they do on this shop; its users
    # then add a small penalizer. The same ladder as clientele value's fallback (ValueJob.FallbackPenalizers), with
    # the time of every attempt counted.
    failures = []
    for penalizer in (0.0, 0.001, 0.01):
        try:
            bg, _, _, _ = btyd.fit_bgnbd(x, t_x, T, 1e-7, "analytic", penalizer)
            break
        except RuntimeError as error:
            failures.append(f"penalizer {penalizer}: {error}")
    else:
        emit("numpy/scipy (lifetimes' method)", "value", time.perf_counter() - start, error="; ".join(failures))
        return
    returning = data[(data["x"] > 0) & (data["zbar"] > 0)]
    gg, _, _, _ = btyd.fit_gamma_gamma(returning["x"], returning["zbar"], 1e-7, "analytic")
    clv = btyd.customer_lifetime_value(bg, gg, x, t_x, T, zbar.where(x > 0, 0.0))
    emit("numpy/scipy (lifetimes' method)", "value", time.perf_counter() - start, total_clv=float(np.nansum(clv)),
         penalizer=penalizer, failed_first=failures)


def als(args):
    import scipy.sparse as sp
    from recommend_peers import load_implicit

    pairs = pd.read_csv(args.interactions, dtype={"customer": str, "product": str})
    users = pairs["customer"].astype("category")
    items = pairs["product"].astype("category")
    matrix = sp.csr_matrix((pairs["count"].to_numpy(np.float32), (users.cat.codes, items.cat.codes)))
    als_module, _ = load_implicit()
    start = time.perf_counter()
    factors, iterations, reg, alpha = 64, 15, 20.0, 1.0
    rng = np.random.default_rng(42)
    user_factors = (rng.random((matrix.shape[0], factors), dtype=np.float32) * 0.01)
    item_factors = (rng.random((matrix.shape[1], factors), dtype=np.float32) * 0.01)
    # The kernel's confidence is c = 1 + alpha w (as recommend_peers.py).
    cui = sp.csr_matrix((1 + alpha * matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape)
    ciu = cui.T.tocsr()
    for _ in range(iterations):
        als_module.least_squares_cg(cui, user_factors, item_factors, reg, 0, 3)
        als_module.least_squares_cg(ciu, item_factors, user_factors, reg, 0, 3)
    fit = time.perf_counter() - start
    # Top 10 for every customer, bought items left out, in blocks (as implicit's recommend(userids) does).
    top = np.empty((matrix.shape[0], 10), dtype=np.int32)
    for begin in range(0, matrix.shape[0], 4096):
        end = min(begin + 4096, matrix.shape[0])
        scores = user_factors[begin:end] @ item_factors.T
        bought = cui[begin:end]
        scores[bought.nonzero()] = -np.inf
        part = np.argpartition(-scores, 10, axis=1)[:, :10]
        order = np.take_along_axis(scores, part, axis=1).argsort(axis=1)[:, ::-1]
        top[begin:end] = np.take_along_axis(part, order, axis=1)
    emit("implicit (benfred) least_squares_cg + numpy top 10", "recommend", time.perf_counter() - start, fit_seconds=round(fit, 3))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    k = sub.add_parser("kmeans")
    k.add_argument("--features", required=True)
    k.add_argument("--seed", type=int, default=42)
    v = sub.add_parser("value")
    v.add_argument("--summary", required=True)
    a = sub.add_parser("als")
    a.add_argument("--interactions", required=True)
    args = parser.parse_args()
    {"kmeans": kmeans, "value": value, "als": als}[args.step](args)


if __name__ == "__main__":
    main()
