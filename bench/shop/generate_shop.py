#!/usr/bin/env python3
"""A seeded shop in the Online Retail layout, written by pandas as shops' exports are.

usage: generate_shop.py CUSTOMERS OUT.csv [--seed 7] [--chunk 2000000]

Customers arrive over two years and buy a geometric number of orders (mean about 3.4) at exponential gaps; each
customer has a taste (one of 20 product families) and picks most lines from it, the rest by overall popularity (Zipf
over 4,000 products). About 2 % of lines are returned by a later credit line ("C" invoice, negative quantity); about
1 % of lines are dirty as real exports are (no customer id, a zero price). Prices are float64, so pandas writes
artefacts such as 2.1199999999999997. A product drawn twice for one order is one line with the quantities summed, as
order systems keep them. About 11 order lines per customer.

Above --chunk customers (2,000,000 by default) the shop is written in chunks of that many customers, one after the
other, each with its own seeded generator and its own customer ids and invoice numbers, over the same catalogue, so
that 10 million customers fit in memory; each chunk is in date order, the file is not. Up to --chunk customers the
file is exactly what one pass writes.
"""
import argparse

import numpy as np
import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("customers", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chunk", type=int, default=2_000_000)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.customers

    products = 4_000
    families = 20
    family = rng.integers(0, families, products)
    popularity = 1.0 / np.arange(1, products + 1) ** 0.9
    popularity /= popularity.sum()
    price = np.round(rng.lognormal(1.0, 0.8, products), 2) * 1.06  # float artefacts, as a price list with VAT
    catalogue = (families, family, popularity, price)

    totals = [0, 0, 0]
    first_customer, first_order, chunk = 0, 0, 0
    with open(args.out, "w", newline="") as out:
        while first_customer < n:
            size = min(args.chunk, n - first_customer)
            chunk_rng = rng if chunk == 0 else np.random.default_rng([args.seed, chunk])
            frame, orders, returns, dirty = chunk_frame(chunk_rng, size, catalogue, first_customer, first_order, args.seed + 10 * chunk)
            frame.to_csv(out, index=False, header=chunk == 0)
            totals = [totals[0] + len(frame), totals[1] + returns, totals[2] + dirty]
            first_customer, first_order, chunk = first_customer + size, first_order + orders, chunk + 1
    print(f"{n:,} customers, {totals[0]:,} lines ({totals[1]:,} returns, {totals[2]:,} dirty) -> {args.out}")


def chunk_frame(rng, n, catalogue, first_customer, first_order, sample_seed):
    """One chunk of n customers (ids from first_customer) and their orders (numbers from first_order)."""
    families, family, popularity, price = catalogue
    products = family.size
    by_family = [np.flatnonzero(family == f) for f in range(families)]
    family_weights = [popularity[ix] / popularity[ix].sum() for ix in by_family]

    start = np.datetime64("2010-01-01T08:00")
    span_minutes = 2 * 365 * 24 * 60
    orders_per_customer = rng.geometric(0.3, n)
    customer_of_order = np.repeat(np.arange(n), orders_per_customer)
    first = rng.integers(0, span_minutes // 2, n)
    gaps = rng.exponential(60 * 24 * 40, customer_of_order.size).astype(np.int64)
    order_rank = np.arange(customer_of_order.size) - np.repeat(np.cumsum(orders_per_customer) - orders_per_customer, orders_per_customer)
    gaps[order_rank == 0] = 0
    offset = first[customer_of_order] + np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[np.cumsum(orders_per_customer) - orders_per_customer], orders_per_customer)
    keep = offset < span_minutes
    customer_of_order, offset = customer_of_order[keep], offset[keep]
    orders = customer_of_order.size

    lines_per_order = rng.integers(1, 7, orders)
    order_of_line = np.repeat(np.arange(orders), lines_per_order)
    customer = customer_of_order[order_of_line]
    taste = rng.integers(0, families, n)[customer]
    from_taste = rng.random(order_of_line.size) < 0.7
    product = rng.choice(products, order_of_line.size, p=popularity)
    for f in range(families):
        mask = from_taste & (taste == f)
        product[mask] = rng.choice(by_family[f], mask.sum(), p=family_weights[f])
    quantity = rng.geometric(0.35, order_of_line.size)
    # An order system keeps one line per product per order, with its quantity: a product drawn twice for one order is
    # one line with the quantities summed (two identical lines of one invoice are what an export run twice makes, and
    # the ingest rejects them as duplicates, as it does Online Retail's).
    line_key = order_of_line.astype(np.int64) * products + product
    unique_key, first_of_key, inverse = np.unique(line_key, return_index=True, return_inverse=True)
    quantity = np.bincount(inverse, weights=quantity).astype(np.int64)
    order_of_line, product = order_of_line[first_of_key], product[first_of_key]
    customer = customer_of_order[order_of_line]

    frame = pd.DataFrame({
        "InvoiceNo": (500000 + first_order + order_of_line).astype(str),
        # Categoricals over the catalogue: the same text in the file, without a Python string per line.
        "StockCode": pd.Categorical.from_codes(product, ["P%05d" % p for p in range(products)]),
        "Description": pd.Categorical.from_codes(product, ["PRODUCT %d OF FAMILY %d" % (p, family[p]) for p in range(products)]),
        "Quantity": quantity,
        "InvoiceDate": (start + offset[order_of_line].astype("timedelta64[m]")).astype("datetime64[m]"),
        "UnitPrice": price[product],
        "CustomerID": (10000 + first_customer + customer).astype(float),  # float, as pandas makes an id column with gaps
        "Country": "United Kingdom",
    })
    returned = frame.sample(frac=0.02, random_state=sample_seed).copy()
    returned["InvoiceNo"] = "C" + returned["InvoiceNo"]
    returned["Quantity"] = -returned["Quantity"]
    returned["InvoiceDate"] = returned["InvoiceDate"] + pd.Timedelta(days=3)
    dirty = frame.sample(frac=0.01, random_state=sample_seed + 1).copy()
    dirty.loc[dirty.index[: len(dirty) // 2], "CustomerID"] = np.nan
    dirty.loc[dirty.index[len(dirty) // 2:], "UnitPrice"] = 0.0
    dirty["InvoiceNo"] = "9" + dirty["InvoiceNo"]
    frame = pd.concat([frame, returned, dirty]).sort_values("InvoiceDate", kind="stable")
    frame["InvoiceDate"] = frame["InvoiceDate"].dt.strftime("%m/%d/%Y %H:%M")
    return frame, orders, len(returned), len(dirty)


if __name__ == "__main__":
    main()
