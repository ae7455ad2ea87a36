#!/usr/bin/env python3
"""The Python side of run-recommend-peers.sh: implicit ALS (conjugate gradient) and BPR iterations, timed one by one,
on the binary CSR files of recommend_data.py; and the loss and NDCG@10 of any side's factors.

    recommend_peers.py als --csr PATH --impl implicit|numpy [--iterations N] [--warm-up W] [--factors 64] [--reg 20]
                           [--alpha 1] [--cg-steps 3] [--threads 2] [--seed 42] [--factors-out PREFIX] [--loss]
    recommend_peers.py bpr --csr PATH [--iterations N] [--warm-up W] [--factors 64] [--lr 0.02] [--reg 0.01]
                           [--threads 2] [--seed 42]
    recommend_peers.py quality --csr TRAIN --prefix PREFIX [--side S] [--test TEST] [--reg 20] [--alpha 1] [--k 10]

Peers:
- "implicit": benfred/implicit's CPU kernels built from source by build-implicit.sh (its folder in $IMPLICIT_BUILD):
  each ALS sweep is `_als.least_squares_cg(Cui, X, Y, reg, threads, cg_steps)` on the users, then on the items, as
  implicit's `AlternatingLeastSquares.fit` does; each BPR epoch is `bpr.bpr_update(...)` set up as implicit's `fit`.
  The confidence matrix handed to the kernel is 1 + alpha * w, so it solves Clientele's problem (Hu et al.'s
  c = 1 + alpha * r); implicit's own model class would pass alpha * w.
- "numpy": **a plain numpy/scipy CG-ALS written for this benchmark** (not implicit): the same equations and 3 CG
  steps warm-started from the previous factors, batched over all users (items) at once with sparse products; no loop
  per user. Labelled as such in every output line.

Timing: wall clock and process CPU seconds of each sweep (users + items) or epoch after W untimed ones.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recommend_data import read_csr  # noqa: E402

NUMPY_LABEL = "numpy CG-ALS written for this benchmark"
IMPLICIT_LABEL = "implicit (benfred) least_squares_cg, built from source"


def load_implicit():
    build = os.environ.get("IMPLICIT_BUILD", os.path.expanduser("~/.cache/clientele/peers/implicit/build"))
    sys.path.insert(0, build)
    import _als  # noqa: F401
    import bpr
    return _als, bpr


def emit(fields):
    seconds = fields["seconds"]
    fields["median_seconds"] = float(np.median(seconds))
    print(json.dumps(fields), flush=True)


# ----------------------------------------------------------------------------------------------------------- numpy


def pair_dots(indptr, indices, A, B, chunk=1 << 20):
    """For every stored (row r, column c) of a CSR pattern, A[r] . B[c], in chunks (no nnz x f array at once)."""
    nnz = len(indices)
    rows = np.repeat(np.arange(len(indptr) - 1, dtype=np.int32), np.diff(indptr))
    out = np.empty(nnz, dtype=A.dtype)
    for start in range(0, nnz, chunk):
        end = min(nnz, start + chunk)
        out[start:end] = np.einsum("ij,ij->i", A[rows[start:end]], B[indices[start:end]])
    return out


def numpy_cg_half(C, X, Y, reg, alpha, cg_steps):
    """One half-sweep of CG-ALS for every row of C (weights w) at once: a few CG steps on
    (Y'Y + reg I + sum_i alpha w_ui y_i y_i') x_u = sum_i (1 + alpha w_ui) y_i, warm-started from X (updated in place)."""
    f = X.shape[1]
    G = Y.T @ Y + reg * np.eye(f, dtype=X.dtype)
    aw = (alpha * C.data).astype(X.dtype)
    b = sp.csr_matrix(((1 + aw), C.indices, C.indptr), shape=C.shape) @ Y
    empty = np.diff(C.indptr) == 0

    def apply(P):
        # A P = P G + sum_i alpha w_ui (y_i . p_u) y_i, as a sparse matrix of the scaled dots times Y.
        s = aw * pair_dots(C.indptr, C.indices, P, Y)
        return P @ G + sp.csr_matrix((s, C.indices, C.indptr), shape=C.shape) @ Y

    R = b - apply(X)
    P = R.copy()
    rs_old = np.einsum("ij,ij->i", R, R)
    active = (rs_old >= 1e-20) & ~empty
    for _ in range(cg_steps):
        AP = apply(P)
        denom = np.einsum("ij,ij->i", P, AP)
        a = np.where(active, rs_old / np.where(active, denom, 1), 0).astype(X.dtype)
        X += a[:, None] * P
        R -= a[:, None] * AP
        rs_new = np.einsum("ij,ij->i", R, R)
        still = active & (rs_new >= 1e-20)
        beta = np.where(still, rs_new / np.where(active, rs_old, 1), 0).astype(X.dtype)
        P = R + beta[:, None] * P
        rs_old = rs_new
        active = still
    X[empty] = 0


# ------------------------------------------------------------------------------------------------------- quality


def loss(C, X, Y, reg, alpha):
    """implicit's calculate_loss for confidence 1 + alpha w: (sum c (p - x.y)^2 + reg (|X|^2 + |Y|^2)) / (sum c + n m - nnz)."""
    X = X.astype(np.float64)
    Y = Y.astype(np.float64)
    c = 1 + alpha * C.data.astype(np.float64)
    s = pair_dots(C.indptr, C.indices, X, Y)
    total = np.sum((X.T @ X) * (Y.T @ Y)) + np.sum(c * (1 - s) ** 2 - s ** 2)
    total += reg * (np.sum(X * X) + np.sum(Y * Y))
    n, m = C.shape
    return float(total / (c.sum() + n * m - C.nnz))


def ndcg_at_k(train, test, X, Y, k=10):
    """Mean NDCG@k (binary relevance, ideal = min(|test|, k) hits) over users with test items; training items excluded."""
    scores = X @ Y.T
    total, users = 0.0, 0
    discounts = 1 / np.log2(np.arange(2, k + 2))
    for u in range(test.shape[0]):
        relevant = test.indices[test.indptr[u]:test.indptr[u + 1]]
        if len(relevant) == 0:
            continue
        row = scores[u].copy()
        row[train.indices[train.indptr[u]:train.indptr[u + 1]]] = -np.inf
        top = np.argpartition(-row, k)[:k]
        top = top[np.argsort(-row[top], kind="stable")]
        hits = np.isin(top, relevant)
        total += float(np.sum(discounts[hits]) / np.sum(discounts[:min(len(relevant), k)]))
        users += 1
    return total / users


def read_factors(prefix, rows_users, rows_items):
    X = np.fromfile(prefix + ".users.f32", dtype="<f4").reshape(rows_users, -1)
    Y = np.fromfile(prefix + ".items.f32", dtype="<f4").reshape(rows_items, -1)
    return X, Y


# --------------------------------------------------------------------------------------------------------- commands


def als(args):
    Cui = read_csr(args.csr).astype(np.float32)
    Ciu = Cui.T.tocsr()
    users, items = Cui.shape
    rng = np.random.RandomState(args.seed)
    X = (rng.rand(users, args.factors) * 0.01).astype(np.float32)
    Y = (rng.rand(items, args.factors) * 0.01).astype(np.float32)
    if args.impl == "implicit":
        _als, _ = load_implicit()
        # The kernel's confidence is c = 1 + alpha w (see the module comment).
        Cu = sp.csr_matrix((1 + args.alpha * Cui.data, Cui.indices, Cui.indptr), shape=Cui.shape)
        Ci = sp.csr_matrix((1 + args.alpha * Ciu.data, Ciu.indices, Ciu.indptr), shape=Ciu.shape)

        def sweep():
            _als.least_squares_cg(Cu, X, Y, args.reg, args.threads, args.cg_steps)
            _als.least_squares_cg(Ci, Y, X, args.reg, args.threads, args.cg_steps)
        label = IMPLICIT_LABEL
    else:
        def sweep():
            numpy_cg_half(Cui, X, Y, args.reg, args.alpha, args.cg_steps)
            numpy_cg_half(Ciu, Y, X, args.reg, args.alpha, args.cg_steps)
        label = NUMPY_LABEL
    print(f"als ({label}): {users} x {items}, {Cui.nnz} pairs from {args.csr}; {args.factors} factors, reg {args.reg}, "
          f"alpha {args.alpha}, {args.cg_steps} CG steps; {args.warm_up} + {args.iterations} sweeps, {args.threads} threads",
          file=sys.stderr)
    seconds, cpu, losses = [], [], []
    for it in range(args.warm_up + args.iterations):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        sweep()
        wall, proc = time.perf_counter() - wall0, time.process_time() - cpu0
        if it >= args.warm_up:
            seconds.append(wall)
            cpu.append(proc)
        if args.loss:
            losses.append(loss(Cui, X, Y, args.reg, args.alpha))
    fields = {"side": args.impl, "peer": label, "algorithm": "als", "users": users, "items": items, "nnz": int(Cui.nnz),
              "factors": args.factors, "threads": args.threads, "seconds": seconds, "cpu_seconds": cpu}
    if losses:
        fields["loss"] = losses
    emit(fields)
    if args.factors_out:
        X.tofile(args.factors_out + ".users.f32")
        Y.tofile(args.factors_out + ".items.f32")


def bpr(args):
    _, bpr_module = load_implicit()
    user_items = read_csr(args.csr).astype(np.float32)
    user_items.sort_indices()
    users, items = user_items.shape
    # As implicit's (v0.7) BayesianPersonalizedRanking.fit with random_state = seed: a numpy Generator.
    rs = np.random.default_rng(args.seed)
    user_counts = np.ediff1d(user_items.indptr)
    userids = np.repeat(np.arange(users), user_counts).astype(user_items.indices.dtype)
    item_factors = (rs.random((items, args.factors + 1), dtype=np.float32) - .5) / args.factors
    item_factors[np.bincount(user_items.indices, minlength=items) == 0] = 0
    user_factors = (rs.random((users, args.factors + 1), dtype=np.float32) - .5) / args.factors
    user_factors[user_counts == 0] = 0
    user_factors[:, args.factors] = 1.0
    rng_seeds = rs.integers(0, 2**31, size=args.threads, dtype="long")
    rng = bpr_module.RNGVector(args.threads, len(user_items.data) - 1, rng_seeds)
    print(f"bpr (implicit bpr_update): {users} x {items}, {user_items.nnz} pairs from {args.csr}; {args.factors} factors, "
          f"{args.warm_up} + {args.iterations} epochs, {args.threads} threads", file=sys.stderr)
    seconds, cpu, auc = [], [], []
    for epoch in range(args.warm_up + args.iterations):
        wall0, cpu0 = time.perf_counter(), time.process_time()
        correct, skipped = bpr_module.bpr_update(rng, userids, user_items.indices, user_items.indptr,
                                                 user_factors, item_factors, args.lr, args.reg, args.threads, True)
        wall, proc = time.perf_counter() - wall0, time.process_time() - cpu0
        if epoch >= args.warm_up:
            seconds.append(wall)
            cpu.append(proc)
        auc.append(correct / max(1, user_items.nnz - skipped))
    emit({"side": "implicit", "peer": "implicit (benfred) bpr_update, built from source", "algorithm": "bpr",
          "users": users, "items": items, "nnz": int(user_items.nnz), "factors": args.factors, "threads": args.threads,
          "seconds": seconds, "cpu_seconds": cpu, "train_auc": auc})


def quality(args):
    train = read_csr(args.csr)
    X, Y = read_factors(args.prefix, train.shape[0], train.shape[1])
    fields = {"side": args.side, "prefix": os.path.basename(args.prefix), "loss": loss(train, X, Y, args.reg, args.alpha)}
    if args.test:
        fields["ndcg_at_%d" % args.k] = ndcg_at_k(train, read_csr(args.test), X, Y, args.k)
    print(json.dumps(fields), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("als")
    p.add_argument("--csr", required=True)
    p.add_argument("--impl", choices=["implicit", "numpy"], required=True)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--warm-up", type=int, default=1)
    p.add_argument("--factors", type=int, default=64)
    p.add_argument("--reg", type=float, default=20.0)
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--cg-steps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--factors-out")
    p.add_argument("--loss", action="store_true", help="the loss after every sweep (untimed)")
    p = sub.add_parser("bpr")
    p.add_argument("--csr", required=True)
    p.add_argument("--iterations", type=int, default=5)
    p.add_argument("--warm-up", type=int, default=1)
    p.add_argument("--factors", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.02)
    p.add_argument("--reg", type=float, default=0.01)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p = sub.add_parser("quality")
    p.add_argument("--csr", required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--side", default="clientele", help="whose factors: clientele, implicit or numpy (a label)")
    p.add_argument("--test")
    p.add_argument("--reg", type=float, default=20.0)
    p.add_argument("--alpha", type=float, default=1.0)
    p.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    {"als": als, "bpr": bpr, "quality": quality}[args.command](args)


if __name__ == "__main__":
    main()
