#!/usr/bin/env python3
"""A seeded shop in the Online Retail layout, written by pandas as shops' exports are.

usage: generate_shop.py CUSTOMERS OUT.csv [--seed 7]

Customers arrive over two years and buy a geometric number of orders (mean about 3.4) at exponential gaps; each
customer has a taste (one of 20 product families) and picks most lines from it, the rest by overall popularity (Zipf
over 4,000 products). About 2 % of lines are returned by a later credit line ("C" invoice, negative quantity); about
1 % of lines are dirty as real exports are (no customer id, a zero price). Prices are float64, so pandas writes
artefacts such as 2.1199999999999997. About 12 order lines per customer.
"""
import argparse

import numpy as np
import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("customers", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.customers

    products = 4_000
    families = 20
    family = rng.integers(0, families, products)
    popularity = 1.0 / np.arange(1, products + 1) ** 0.9
    popularity /= popularity.sum()
    price = np.round(rng.lognormal(1.0, 0.8, products), 2) * 1.06  # float artefacts, as a price list with VAT
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

    frame = pd.DataFrame({
        "InvoiceNo": (500000 + order_of_line).astype(str),
        "StockCode": ["P%05d" % p for p in product],
        "Description": ["PRODUCT %d OF FAMILY %d" % (p, family[p]) for p in product],
        "Quantity": quantity,
        "InvoiceDate": (start + offset[order_of_line].astype("timedelta64[m]")).astype("datetime64[m]"),
        "UnitPrice": price[product],
        "CustomerID": (10000 + customer).astype(float),  # float, as pandas makes an id column with gaps
        "Country": "United Kingdom",
    })
    returned = frame.sample(frac=0.02, random_state=args.seed).copy()
    returned["InvoiceNo"] = "C" + returned["InvoiceNo"]
    returned["Quantity"] = -returned["Quantity"]
    returned["InvoiceDate"] = returned["InvoiceDate"] + pd.Timedelta(days=3)
    dirty = frame.sample(frac=0.01, random_state=args.seed + 1).copy()
    dirty.loc[dirty.index[: len(dirty) // 2], "CustomerID"] = np.nan
    dirty.loc[dirty.index[len(dirty) // 2:], "UnitPrice"] = 0.0
    dirty["InvoiceNo"] = "9" + dirty["InvoiceNo"]
    frame = pd.concat([frame, returned, dirty]).sort_values("InvoiceDate", kind="stable")
    frame["InvoiceDate"] = frame["InvoiceDate"].dt.strftime("%m/%d/%Y %H:%M")
    frame.to_csv(args.out, index=False)
    print(f"{n:,} customers, {len(frame):,} lines ({len(returned):,} returns, {len(dirty):,} dirty) -> {args.out}")


if __name__ == "__main__":
    main()
