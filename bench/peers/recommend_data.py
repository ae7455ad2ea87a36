#!/usr/bin/env python3
"""Writes the interaction matrices of the recommender benchmarks (run-recommend-peers.sh) as binary CSR files that
both sides read: Clientele's `als-once` / `bpr-once` and recommend_peers.py.

File layout (little-endian): int64 users, int64 items, int64 nnz; int32 row pointers (users + 1); int32 column
indices (nnz, sorted within each row, no duplicates); float32 weights (nnz, all > 0).

    recommend_data.py movielens --udata ../shared/data/movielens-100k/u.data --out DIR
        DIR/movielens.csr         every rating as an interaction of weight 1 (943 × 1,682, 100,000 pairs)
        DIR/movielens-train.csr   a seeded random 75/25 split of the ratings (seed 42), same shape
        DIR/movielens-test.csr
    recommend_data.py retail --csv samples/online_retail.csv.gz --out DIR/retail.csr
        customer × product (StockCode) counts of purchase lines (Quantity > 0, CustomerID present)
    recommend_data.py synthetic --users 100000 --items 20000 --nnz 10000000 --seed 42 --out DIR/synthetic.csr
        a seeded random matrix with exactly nnz distinct pairs: user activity log-normal, item popularity a power
        law (p_i ∝ (i + 10)^-0.8), weights 1 + Poisson(0.5) (repeat purchases)
"""
import argparse
import sys

import numpy as np
import pandas as pd
import scipy.sparse as sp


def write_csr(path, matrix):
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    matrix.sum_duplicates()
    matrix.sort_indices()
    matrix.eliminate_zeros()
    users, items = matrix.shape
    with open(path, "wb") as out:
        np.array([users, items, matrix.nnz], dtype="<i8").tofile(out)
        matrix.indptr.astype("<i4").tofile(out)
        matrix.indices.astype("<i4").tofile(out)
        matrix.data.astype("<f4").tofile(out)
    print(f"wrote {path}: {users} x {items}, {matrix.nnz} pairs", file=sys.stderr)


def read_csr(path):
    with open(path, "rb") as f:
        users, items, nnz = np.fromfile(f, dtype="<i8", count=3)
        indptr = np.fromfile(f, dtype="<i4", count=users + 1)
        indices = np.fromfile(f, dtype="<i4", count=nnz)
        data = np.fromfile(f, dtype="<f4", count=nnz)
    return sp.csr_matrix((data, indices, indptr), shape=(int(users), int(items)))


def movielens(args):
    ratings = pd.read_csv(args.udata, sep="\t", header=None, names=["user", "item", "rating", "time"])
    users = ratings["user"].astype("category").cat.codes.to_numpy()
    items = ratings["item"].astype("category").cat.codes.to_numpy()
    shape = (users.max() + 1, items.max() + 1)
    ones = np.ones(len(ratings), dtype=np.float32)
    write_csr(f"{args.out}/movielens.csr", sp.coo_matrix((ones, (users, items)), shape=shape))
    order = np.random.default_rng(args.seed).permutation(len(ratings))
    cut = int(round(0.75 * len(ratings)))
    for name, rows in (("train", order[:cut]), ("test", order[cut:])):
        write_csr(f"{args.out}/movielens-{name}.csr", sp.coo_matrix((ones[rows], (users[rows], items[rows])), shape=shape))


def retail(args):
    lines = pd.read_csv(args.csv, dtype={"CustomerID": "string", "StockCode": "string", "InvoiceNo": "string"},
                        usecols=["StockCode", "Quantity", "CustomerID"])
    kept = lines[lines["CustomerID"].notna() & (lines["Quantity"] > 0)]
    print(f"{args.csv}: {len(lines)} lines, {len(kept)} purchase lines with a customer", file=sys.stderr)
    users = kept["CustomerID"].astype("category").cat.codes.to_numpy()
    items = kept["StockCode"].astype("category").cat.codes.to_numpy()
    ones = np.ones(len(kept), dtype=np.float32)
    write_csr(args.out, sp.coo_matrix((ones, (users, items)), shape=(users.max() + 1, items.max() + 1)))


def synthetic(args):
    rng = np.random.default_rng(args.seed)
    activity = rng.lognormal(0.0, 1.0, args.users)
    popularity = (np.arange(args.items) + 10.0) ** -0.8
    popularity /= popularity.sum()
    keys = np.empty(0, dtype=np.int64)
    # Draw pairs until there are nnz distinct ones, then keep a random nnz of them.
    while len(keys) < args.nnz:
        draw = int((args.nnz - len(keys)) * 1.1) + 1000
        u = rng.choice(args.users, size=draw, p=activity / activity.sum())
        i = rng.choice(args.items, size=draw, p=popularity)
        keys = np.unique(np.concatenate([keys, u.astype(np.int64) * args.items + i]))
    keys = np.sort(rng.choice(keys, size=args.nnz, replace=False))
    weights = (1 + rng.poisson(0.5, args.nnz)).astype(np.float32)
    write_csr(args.out, sp.coo_matrix((weights, (keys // args.items, keys % args.items)), shape=(args.users, args.items)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("movielens")
    p.add_argument("--udata", required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", required=True)
    p = sub.add_parser("retail")
    p.add_argument("--csv", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("synthetic")
    p.add_argument("--users", type=int, default=100_000)
    p.add_argument("--items", type=int, default=20_000)
    p.add_argument("--nnz", type=int, default=10_000_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", required=True)
    args = parser.parse_args()
    {"movielens": movielens, "retail": retail, "synthetic": synthetic}[args.command](args)


if __name__ == "__main__":
    main()
