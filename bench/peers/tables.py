#!/usr/bin/env python3
"""Prints the Markdown tables of run-clustering-peers.sh, run-value-peers.sh and run-recommend-peers.sh from their
JSON lines.

  tables.py clustering RESULTS.jsonl DIR   (DIR holds the heights and label files both sides wrote)
  tables.py value RESULTS.jsonl DIR        (DIR holds the CLV files both sides wrote)
  tables.py recommend RESULTS.jsonl DIR    (DIR is not read)

Every line of RESULTS.jsonl is one result of one side; lines that are not JSON are ignored.
"""
import json
import os
import sys

import numpy as np
import pandas as pd


def load(path):
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def seconds(row):
    """The median (min–max) of the timed runs: in seconds, or in milliseconds (with "ms") below a tenth of a second."""
    values = row["seconds"]
    median = float(np.median(values))
    scale, unit = (1e3, " ms") if median < 0.1 else (1.0, "")
    if len(values) == 1:
        return f"{median * scale:.3f}{unit}"
    return f"{median * scale:.3f} ({min(values) * scale:.3f}–{max(values) * scale:.3f}){unit}"


def cpu(row):
    """The median CPU seconds (all threads of the process) of the timed runs, or "" when not recorded."""
    values = row.get("cpu_seconds")
    if not values:
        return ""
    median = float(np.median(values))
    return f"{median * 1e3:.3f} ms" if median < 0.1 else f"{median:.3f}"


def cpu_ratio(peer, ours):
    if not peer.get("cpu_seconds") or not ours.get("cpu_seconds"):
        return ""
    return f"{float(np.median(peer['cpu_seconds'])) / float(np.median(ours['cpu_seconds'])):.2f}×"


def ratio(peer, ours):
    return f"**{float(np.median(peer['seconds'])) / float(np.median(ours['seconds'])):.2f}×**"


def clustering(rows, directory):
    kmeans = [r for r in rows if "algorithm" in r]
    if kmeans:
        print("### k-means, one start (time = the fit alone, in seconds unless marked ms: median (min–max) of the timed runs)\n")
        print("Speed-up = the row's median time / Clientele's median time with the same kind of start (> 1: Clientele "
              "is faster); Lloyd (labels decided in single precision where provably exact) is Clientele's default "
              "algorithm. CPU time = CPU seconds of the whole process (all threads, spin-waits included) during the fit: "
              "steadier than the wall clock when neighbours take a core.\n")
        print("| implementation | start | n_iter | time | CPU time | inertia | inertia / Clientele's | ARI vs truth | "
              "speed-up of Clientele Lloyd | (in CPU time) | speed-up of Clientele Hamerly |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for init in ("given", "k-means++"):
            group = [r for r in kmeans if r["init"] == init]
            hamerly = next((r for r in group if r["side"] == "clientele" and r["algorithm"] == "hamerly"), None)
            lloyd = next((r for r in group if r["side"] == "clientele" and r["algorithm"] == "lloyd"), None)
            start = "same initial centres" if init == "given" else "own k-means++ seeding"
            for r in group:
                name = {"clientele": "Clientele", "scikit-learn": "scikit-learn", "ml.net": "ML.NET"}[r["side"]]
                name += " KMeansTrainer" if r["side"] == "ml.net" else f" {r['algorithm']}"
                iterations = "n/a" if r["n_iter"] < 0 else str(r["n_iter"])
                relative = f"{r['inertia'] / lloyd['inertia']:.7f}" if lloyd else ""
                speeds = ["" if ours is None or ours is r else ratio(r, ours) for ours in (lloyd, hamerly)]
                cpu_speed = "" if lloyd is None or lloyd is r else cpu_ratio(r, lloyd)
                print(f"| {name} | {start} | {iterations} | {seconds(r)} | {cpu(r)} | {r['inertia']:,.1f} | {relative} | "
                      f"{r['ari']:.6f} | {speeds[0]} | {cpu_speed} | {speeds[1]} |")
        print()

    ward = [r for r in rows if r.get("method") == "ward"]
    if ward:
        ours = next(r for r in ward if r["side"] == "clientele")
        print(f"### Ward hierarchical clustering of {ours['rows']:,} rows, cut into {ours['k']}\n")
        difference = ""
        c_path, p_path = os.path.join(directory, "ward-heights-clientele.csv"), os.path.join(directory, "ward-heights-scipy.csv")
        if os.path.exists(c_path) and os.path.exists(p_path):
            a = np.sort(pd.read_csv(c_path)["height"].to_numpy())
            b = np.sort(pd.read_csv(p_path)["height"].to_numpy())
            difference = f"{np.max(np.abs(a - b)) / np.max(b):.1e}" if len(a) == len(b) else "different counts"
        print("| implementation | time | CPU time | top merge height | max height difference / top height | ARI vs truth | peak memory (MB) | speed-up of Clientele |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in ward:
            name = "Clientele HierarchicalClusterer (Ward)" if r["side"] == "clientele" else "SciPy linkage(X, 'ward') + fcluster"
            memory = r.get("peak_working_set_mb", r.get("peak_rss_mb", float("nan")))
            speed = "1" if r is ours else ratio(r, ours)
            print(f"| {name} | {seconds(r)} | {cpu(r)} | {r['top_height']:.6f} | {difference if r is not ours else ''} | {r['ari']:.6f} | {memory:,.0f} | {speed} |")
        print()

    dbscan = [r for r in rows if r.get("method") == "dbscan"]
    if dbscan:
        ours = next(r for r in dbscan if r["side"] == "clientele")
        print(f"### DBSCAN on {ours['rows']:,} 2-d points, eps {ours['eps']}, min_samples {ours['min_samples']}\n")
        same = ""
        c_path, p_path = os.path.join(directory, "dbscan-labels-clientele.csv"), os.path.join(directory, "dbscan-labels-sklearn.csv")
        if os.path.exists(c_path) and os.path.exists(p_path):
            a = pd.read_csv(c_path)["label"].to_numpy()
            b = pd.read_csv(p_path)["label"].to_numpy()
            same = "identical" if len(a) == len(b) and np.array_equal(a, b) else f"{int((a != b).sum()):,} differ"
        print("| implementation | time | CPU time | clusters | noise | core points | ARI vs truth | labels vs Clientele | peak memory (MB) | speed-up of Clientele |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
        for r in dbscan:
            name = "Clientele DbscanClusterer (grid)" if r["side"] == "clientele" else f"scikit-learn DBSCAN (n_jobs={r['n_jobs']})"
            memory = r.get("peak_working_set_mb", r.get("peak_rss_mb", float("nan")))
            speed = "1" if r is ours else ratio(r, ours)
            print(f"| {name} | {seconds(r)} | {cpu(r)} | {r['clusters']:,} | {r['noise']:,} | {r['core']:,} | {r['ari']:.6f} | "
                  f"{same if r is not ours else ''} | {memory:,.0f} | {speed} |")
        print()


def value(rows, directory):
    for dataset in dict.fromkeys(r["dataset"] for r in rows):
        group = [r for r in rows if r["dataset"] == dataset]
        customers = next(r["customers"] for r in group if r["step"] == "bgnbd")
        print(f"### {dataset}: {customers:,} customers\n")
        print("Time: in seconds unless marked ms, median (min–max) of the timed runs. Speed-up = the peer's median time / "
              "Clientele's (> 1: Clientele is faster). CPU time: CPU seconds of the whole process (all threads), median.\n")
        print("| step | peer time | Clientele time | speed-up of Clientele | peer CPU time | Clientele CPU time | (in CPU time) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for step, label in (("bgnbd", "BG/NBD fit (with standard errors)"), ("gamma-gamma", "Gamma-Gamma fit (with standard errors)"),
                            ("clv", "CLV of every customer, 12 months")):
            peer = next(r for r in group if r["step"] == step and r["side"] != "clientele")
            ours = next(r for r in group if r["step"] == step and r["side"] == "clientele")
            print(f"| {label} | {seconds(peer)} | {seconds(ours)} | {ratio(peer, ours)} | {cpu(peer)} | {cpu(ours)} | {cpu_ratio(peer, ours)} |")
        print()
        print("| model | side | parameters | log-likelihood | iterations |")
        print("| --- | --- | --- | ---: | ---: |")
        for step in ("bgnbd", "gamma-gamma"):
            for r in (x for x in group if x["step"] == step):
                parameters = ", ".join(f"{name} = {v:.6g} ± {r['se'][name]:.3g}" for name, v in r["params"].items())
                side = "Clientele" if r["side"] == "clientele" else "numpy/scipy peer"
                print(f"| {'BG/NBD' if step == 'bgnbd' else 'Gamma-Gamma'} | {side} | {parameters} | {r['ll']:,.4f} | {r['n_iter']} |")
            pair = [x for x in group if x["step"] == step]
            worst = max(abs(pair[0]["params"][n] / pair[1]["params"][n] - 1) for n in pair[0]["params"])
            print(f"| | largest relative parameter difference | {worst:.1e} | {abs(pair[0]['ll'] - pair[1]['ll']):.1e} | |")
        clv_peer = next(r for r in group if r["step"] == "clv" and r["side"] != "clientele")
        clv_ours = next(r for r in group if r["step"] == "clv" and r["side"] == "clientele")
        tag = dataset.split()[0].lower()
        c_path, p_path = os.path.join(directory, f"clv-{tag}-clientele.csv"), os.path.join(directory, f"clv-{tag}-peer.csv")
        detail = ""
        if os.path.exists(c_path) and os.path.exists(p_path):
            a = pd.read_csv(c_path)["clv"].to_numpy()
            b = pd.read_csv(p_path)["clv"].to_numpy()
            detail = f"; largest relative difference per customer {np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-12)):.1e}"
        print(f"\nCLV total: peer {clv_peer['sum']:,.4f}, Clientele {clv_ours['sum']:,.4f}{detail}.\n")


SIDES = {"clientele": "Clientele", "implicit": "implicit, built from source",
         "numpy": "numpy CG-ALS written for this benchmark"}


def spread(values, fmt, unit=""):
    """The median (min–max) of several values, or the one value, each written with fmt; unit follows the median."""
    median = float(np.median(values))
    if len(values) == 1:
        return fmt(median) + unit
    return f"{fmt(median)}{unit} ({fmt(min(values))}–{fmt(max(values))})"


def recommend(rows, directory):
    timings = [r for r in rows if "algorithm" in r]
    runs = [r for r in rows if "load" in r and "algorithm" not in r]
    if len(runs) > 1:
        print(f"{len(runs)} interleaved runs (every side on every data set, then again), load average (1, 5, 15 min) at "
              "the start of each: " + "; ".join(f"run {r['run']} {r['utc'][11:16]} UTC: {r['load']}" for r in runs) + ".\n")
        print("Time per iteration (ALS: one sweep over users and items; BPR: one epoch of nnz sampled triples): each run's "
              "median over its timed iterations, then the median (min–max) of those over the runs, in seconds unless "
              "marked ms; CPU = CPU seconds of the whole process (all threads), likewise. Speed-up = the peer's time / "
              "Clientele's in the same run (> 1: Clientele is faster), the median (min–max) over the runs, by the wall "
              "clock and in CPU seconds; Clientele / peer = its inverse (median of the runs).\n")
    else:
        print("Time per iteration (ALS: one sweep over users and items; BPR: one epoch of nnz sampled triples): wall "
              "clock in seconds unless marked ms, median (min–max) of the timed iterations; CPU = CPU seconds of the "
              "whole process (all threads), median. Speed-up = the peer's median / Clientele's (> 1: Clientele is "
              "faster); Clientele / peer = its inverse, the issue's \"within 2×\" reads as Clientele / peer ≤ 2.\n")
    print("| data | users × items, pairs | algorithm | side | threads | time per iteration | CPU per iteration | "
          "speed-up of Clientele | (in CPU) | Clientele / peer |")
    print("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")

    def med(values):
        return float(np.median(values))

    def time_cell(values, unit_of):
        scale, unit = (1e3, " ms") if unit_of < 0.1 else (1.0, "")
        return spread([v * scale for v in values], lambda v: f"{v:.3f}") + unit

    for dataset in dict.fromkeys(r["dataset"] for r in timings):
        for algorithm in ("als", "bpr"):
            group = [r for r in timings if r["dataset"] == dataset and r["algorithm"] == algorithm]
            ours_runs = {r.get("run", 1): r for r in group if r["side"] == "clientele"}
            if not ours_runs:
                continue
            first = next(iter(ours_runs.values()))
            size = f"{first['users']:,} × {first['items']:,}, {first['nnz']:,}"
            sides = list(dict.fromkeys(r["side"] for r in group))
            sides.remove("clientele")
            for side in ["clientele"] + sides:
                mine = {r.get("run", 1): r for r in group if r["side"] == side}
                if len(ours_runs) == 1 and len(mine) == 1:
                    r = next(iter(mine.values()))
                    ours = first
                    speed = inverse = cpu_speed = ""
                    if side != "clientele":
                        speed = ratio(r, ours)
                        cpu_speed = cpu_ratio(r, ours)
                        inverse = f"{med(ours['seconds']) / med(r['seconds']):.2f}"
                    print(f"| {dataset} | {size} | {algorithm.upper()} | {SIDES.get(side, side)} | {r['threads']} | "
                          f"{seconds(r)} | {cpu(r)} | {speed} | {cpu_speed} | {inverse} |")
                    continue
                walls = [med(r["seconds"]) for r in mine.values()]
                cpus = [med(r["cpu_seconds"]) for r in mine.values() if r.get("cpu_seconds")]
                speed = inverse = cpu_speed = ""
                if side != "clientele":
                    paired = [(mine[k], ours_runs[k]) for k in mine if k in ours_runs]
                    wall_ratios = [med(p["seconds"]) / med(o["seconds"]) for p, o in paired]
                    speed = "**" + spread(wall_ratios, lambda v: f"{v:.2f}", "×") + "**"
                    cpu_ratios = [med(p["cpu_seconds"]) / med(o["cpu_seconds"]) for p, o in paired
                                  if p.get("cpu_seconds") and o.get("cpu_seconds")]
                    if cpu_ratios:
                        cpu_speed = spread(cpu_ratios, lambda v: f"{v:.2f}", "×")
                    inverse = f"{med([1 / v for v in wall_ratios]):.2f}"
                threads = next(iter(mine.values()))["threads"]
                print(f"| {dataset} | {size} | {algorithm.upper()} | {SIDES.get(side, side)} | {threads} | "
                      f"{time_cell(walls, med(walls))} | {time_cell(cpus, med(cpus)) if cpus else ''} | {speed} | "
                      f"{cpu_speed} | {inverse} |")
    quality = [r for r in rows if "ndcg_at_10" in r or ("loss" in r and "algorithm" not in r)]
    if quality:
        print("\nALS after the same number of sweeps from each side's own random start, on the MovieLens training split "
              "(the loss is implicit's calculate_loss for confidence 1 + α·w, computed by recommend_peers.py for every "
              "side's factors; NDCG@10 on the held-out 25 %, training items excluded):\n")
        print("| side | loss | NDCG@10 |")
        print("| --- | ---: | ---: |")
        for r in quality:
            print(f"| {SIDES.get(r['side'], r['side'])} | {r['loss']:.6f} | {r.get('ndcg_at_10', float('nan')):.4f} |")


def main():
    commands = {"clustering": clustering, "value": value, "recommend": recommend}
    if len(sys.argv) != 4 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    rows = load(sys.argv[2])
    commands[sys.argv[1]](rows, sys.argv[3])


if __name__ == "__main__":
    main()
