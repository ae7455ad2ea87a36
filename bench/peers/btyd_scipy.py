#!/usr/bin/env python3
"""Peer for Clientele's value benchmarks: BG/NBD + Gamma-Gamma fit and 12-month CLV the way lifetimes 0.11 does them.

A plain numpy/scipy re-implementation of lifetimes' BG/NBD fit, written for this benchmark (lifetimes itself is not
installable here: no PyPI, and its one extra dependency, autograd, is not packaged by Debian). It follows lifetimes
0.11 (CamDavidsonPilon/lifetimes, lifetimes/fitters/__init__.py, beta_geo_fitter.py, gamma_gamma_fitter.py,
utils.py) step by step:

- BG/NBD: `BetaGeoFitter._negative_log_likelihood` term for term (A_1 … A_4, the log-sum-exp of A_3 and A_4 with the
  running maximum, `np.maximum(freq, 1)`), on log-parameters, divided by the sum of the weights (1 per customer, no
  grouping), plus `penalizer_coef * sum(params ** 2)`; times scaled by `_scale_time` (max T → 1) and alpha scaled back.
- Optimiser: `BaseFitter._fit`: `scipy.optimize.minimize(f, x0=0.1 * ones, jac=True, method=None, tol=1e-7)`, i.e.
  BFGS (scipy's choice without bounds or constraints) with gtol 1e-7 on the max-norm of the gradient. lifetimes gets
  the value and gradient from autograd's `value_and_grad`; here the gradient of the same expression is written out by
  hand (digamma terms), which is what autograd computes, without its tracing overhead. `--gradient numeric` uses
  scipy's finite differences instead.
- After the fit, lifetimes computes autograd's Hessian of the objective for the standard errors; here the Hessian is
  central differences of the analytic gradient (8 gradient evaluations for BG/NBD, 6 for Gamma-Gamma). It is part of
  the timed fit, as in lifetimes (and in Clientele, which also derives standard errors from the observed information).
- Gamma-Gamma: `GammaGammaFitter._negative_log_likelihood` and fit, on the customers with x > 0 (the filter lifetimes'
  documentation applies before `fit`, which rejects non-positive monetary values); no time scaling.
- CLV: `GammaGammaFitter.customer_lifetime_value(bgf, x, t_x, T, zbar, time=12, discount_rate=0.01, freq="W")`:
  `conditional_expected_average_profit` and `utils._customer_lifetime_value`, which calls BG/NBD's
  `conditional_expected_number_of_purchases_up_to_time` (two hyp2f1 evaluations per call, the second the fallback for
  overflow) twice per month.

Prints one JSON line per step (bgnbd, gamma-gamma, clv), with the seconds of every timed run.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, gammaln, hyp2f1

WEEKS_PER_MONTH = 4.345  # lifetimes' factor for freq="W"


# ----- BG/NBD (lifetimes.BetaGeoFitter) -------------------------------------------------------------------------------

def bgnbd_terms(log_params, freq, rec, T):
    r, alpha, a, b = np.exp(log_params)
    A_1 = gammaln(r + freq) - gammaln(r) + r * np.log(alpha)
    A_2 = gammaln(a + b) + gammaln(b + freq) - gammaln(b) - gammaln(a + b + freq)
    A_3 = -(r + freq) * np.log(alpha + T)
    A_4 = np.log(a) - np.log(b + np.maximum(freq, 1) - 1) - (r + freq) * np.log(rec + alpha)
    max_A_3_A_4 = np.maximum(A_3, A_4)
    e3 = np.exp(A_3 - max_A_3_A_4)
    e4 = np.exp(A_4 - max_A_3_A_4) * (freq > 0)
    ll = A_1 + A_2 + np.log(e3 + e4) + max_A_3_A_4
    return ll, e3, e4


def bgnbd_nll(log_params, freq, rec, T, weights, penalizer_coef):
    """lifetimes' BetaGeoFitter._negative_log_likelihood."""
    params = np.exp(log_params)
    ll, _, _ = bgnbd_terms(log_params, freq, rec, T)
    return -(weights * ll).sum() / weights.sum() + penalizer_coef * (params ** 2).sum()


def bgnbd_nll_and_grad(log_params, freq, rec, T, weights, penalizer_coef):
    """The objective and its gradient in the log-parameters (what autograd's value_and_grad returns)."""
    params = np.exp(log_params)
    r, alpha, a, b = params
    ll, e3, e4 = bgnbd_terms(log_params, freq, rec, T)
    pi = e4 / (e3 + e4)  # weight of the A_4 branch (dropped out after the last purchase)
    stay = 1.0 - pi
    rx = r + freq
    psi_ab = digamma(a + b)
    psi_abx = digamma(a + b + freq)
    d_r = digamma(rx) - digamma(r) + np.log(alpha) - stay * np.log(alpha + T) - pi * np.log(alpha + rec)
    d_alpha = r / alpha - rx * (stay / (alpha + T) + pi / (alpha + rec))
    d_a = psi_ab - psi_abx + pi / a
    d_b = psi_ab + digamma(b + freq) - digamma(b) - psi_abx - pi / (b + np.maximum(freq, 1) - 1)
    total = weights.sum()
    gradient = np.array([(weights * d).sum() for d in (d_r, d_alpha, d_a, d_b)])
    value = -(weights * ll).sum() / total + penalizer_coef * (params ** 2).sum()
    return value, -params * gradient / total + 2.0 * penalizer_coef * params ** 2


# ----- Gamma-Gamma (lifetimes.GammaGammaFitter) -----------------------------------------------------------------------

def gg_nll(log_params, frequency, avg_monetary_value, weights, penalizer_coef):
    """lifetimes' GammaGammaFitter._negative_log_likelihood."""
    params = np.exp(log_params)
    p, q, v = params
    x = frequency
    m = avg_monetary_value
    values = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
              + (p * x) * np.log(x) - (p * x + q) * np.log(x * m + v)) * weights
    return -values.sum() / weights.sum() + penalizer_coef * (params ** 2).sum()


def gg_nll_and_grad(log_params, frequency, avg_monetary_value, weights, penalizer_coef):
    params = np.exp(log_params)
    p, q, v = params
    x = frequency
    m = avg_monetary_value
    px = p * x
    log_total = np.log(x * m + v)
    psi_pxq = digamma(px + q)
    values = (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m)
              + px * np.log(x) - (px + q) * log_total)
    d_p = x * (psi_pxq - digamma(px) + np.log(m) + np.log(x) - log_total)
    d_q = psi_pxq - digamma(q) + np.log(v) - log_total
    d_v = q / v - (px + q) / (x * m + v)
    total = weights.sum()
    gradient = np.array([(weights * d).sum() for d in (d_p, d_q, d_v)])
    value = -(weights * values).sum() / total + penalizer_coef * (params ** 2).sum()
    return value, -params * gradient / total + 2.0 * penalizer_coef * params ** 2


# ----- lifetimes' BaseFitter._fit -------------------------------------------------------------------------------------

def base_fit(value_and_grad, value_only, args, size, tol, gradient):
    x0 = 0.1 * np.ones(size)
    if gradient == "analytic":
        output = minimize(value_and_grad, jac=True, method=None, tol=tol, x0=x0, args=args)
    else:
        output = minimize(value_only, method=None, tol=tol, x0=x0, args=args)
    if not output.success:
        raise RuntimeError(f"The model did not converge: {output.message}")
    hessian = np.empty((size, size))
    for i in range(size):
        step = np.zeros(size)
        step[i] = 1e-5
        hessian[i] = (value_and_grad(output.x + step, *args)[1] - value_and_grad(output.x - step, *args)[1]) / 2e-5
    return output.x, output.fun, (hessian + hessian.T) / 2.0, output.nit


def fit_bgnbd(frequency, recency, T, tol, gradient, penalizer_coef=0.0):
    """lifetimes' BetaGeoFitter.fit."""
    frequency = np.asarray(frequency).astype(int)
    recency = np.asarray(recency)
    T = np.asarray(T)
    if np.any(recency > T) or np.any(recency[frequency == 0] != 0) or np.any(recency < 0):
        raise ValueError("invalid summaries")
    weights = np.ones_like(recency, dtype=int)
    scale = 1.0 / T.max()  # lifetimes.utils._scale_time
    log_params, fun, hessian, nit = base_fit(
        bgnbd_nll_and_grad, bgnbd_nll, (frequency, recency * scale, T * scale, weights, penalizer_coef), 4, tol, gradient)
    params = np.exp(log_params)
    params[1] /= scale
    return params, hessian, weights.sum(), nit


def fit_gamma_gamma(frequency, monetary_value, tol, gradient, penalizer_coef=0.0):
    """lifetimes' GammaGammaFitter.fit."""
    frequency = np.asarray(frequency).astype(float)
    monetary_value = np.asarray(monetary_value).astype(float)
    if np.any(monetary_value <= 0):
        raise ValueError("There exist non-positive (<= 0) values in the monetary_value vector.")
    weights = np.ones_like(frequency, dtype=int)
    log_params, fun, hessian, nit = base_fit(
        gg_nll_and_grad, gg_nll, (frequency, monetary_value, weights, penalizer_coef), 3, tol, gradient)
    return np.exp(log_params), hessian, weights.sum(), nit


def standard_errors(params, hessian, n):
    """lifetimes' BaseFitter._compute_variance_matrix / _compute_standard_errors."""
    return np.sqrt(np.diag(params ** 2 * np.linalg.inv(hessian) / n))


# ----- CLV (lifetimes.GammaGammaFitter.customer_lifetime_value, utils._customer_lifetime_value) -----------------------

def conditional_expected_number_of_purchases_up_to_time(params, t, frequency, recency, T):
    r, alpha, a, b = params
    x = frequency
    _a = r + x
    _b = b + x
    _c = a + b + x - 1
    _z = t / (alpha + T + t)
    ln_hyp_term = np.log(hyp2f1(_a, _b, _c, _z))
    ln_hyp_term_alt = np.log(hyp2f1(_c - _a, _c - _b, _c, _z)) + (_c - _a - _b) * np.log(1 - _z)
    ln_hyp_term = np.where(np.isinf(ln_hyp_term), ln_hyp_term_alt, ln_hyp_term)
    first_term = (a + b + x - 1) / (a - 1)
    second_term = 1 - np.exp(ln_hyp_term + (r + x) * np.log((alpha + T) / (alpha + t + T)))
    numerator = first_term * second_term
    denominator = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + recency)) ** (r + x)
    return numerator / denominator


def customer_lifetime_value(bg_params, gg_params, frequency, recency, T, monetary_value, time=12, discount_rate=0.01,
                            factor=WEEKS_PER_MONTH):
    p, q, v = gg_params
    individual_weight = p * frequency / (p * frequency + q - 1)
    population_mean = v * p / (q - 1)
    adjusted_monetary_value = (1 - individual_weight) * population_mean + individual_weight * monetary_value

    df = pd.DataFrame(index=frequency.index)
    df["clv"] = 0
    steps = np.arange(1, time + 1)
    for i in steps * factor:
        expected_number_of_transactions = conditional_expected_number_of_purchases_up_to_time(
            bg_params, i, frequency, recency, T
        ) - conditional_expected_number_of_purchases_up_to_time(bg_params, i - factor, frequency, recency, T)
        df["clv"] += (adjusted_monetary_value * expected_number_of_transactions) / (1 + discount_rate) ** (i / factor)
    return df["clv"]


# ----- driver ---------------------------------------------------------------------------------------------------------

CPU_SECONDS = []


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


def emit(**fields):
    fields["median_seconds"] = float(np.median(fields["seconds"]))
    if len(CPU_SECONDS) == len(fields["seconds"]):
        fields["cpu_seconds"] = list(CPU_SECONDS)
    print(json.dumps(fields), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", required=True, help="summaries: ID,x,t_x,T,zbar (CDNOW's layout), header row")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each step (default 3)")
    parser.add_argument("--tol", type=float, default=1e-7, help="lifetimes' default tol (1e-7)")
    parser.add_argument("--gradient", choices=("analytic", "numeric"), default="analytic",
                        help="analytic: the hand-written gradient standing in for autograd's; numeric: scipy's finite differences")
    parser.add_argument("--period-length", type=float, default=WEEKS_PER_MONTH, help="lifetimes' freq factor (W: 4.345)")
    parser.add_argument("--clv-out", help="write every customer's CLV, in row order")
    args = parser.parse_args()

    data = pd.read_csv(args.csv, float_precision="round_trip", dtype={"ID": str})
    print(f"value: {len(data)} customers from {args.csv}, {args.repeat} timed runs each, gradient {args.gradient}",
          file=sys.stderr)
    x, t_x, T, zbar = data["x"], data["t_x"], data["T"], data["zbar"]

    # Warm-up (imports, first calls) on the first 2,357 rows, untimed.
    head = data.iloc[:2357]
    fit_bgnbd(head["x"], head["t_x"], head["T"], args.tol, args.gradient)

    (bg, bg_hessian, n, bg_nit), seconds = timed(args.repeat, lambda: fit_bgnbd(x, t_x, T, args.tol, args.gradient))
    log_likelihood = -bgnbd_nll(np.log(bg), x.to_numpy().astype(int), t_x.to_numpy(), T.to_numpy(),
                                np.ones(len(x)), 0.0) * len(x)
    emit(side="numpy/scipy (lifetimes' method)", step="bgnbd", customers=int(n),
         params=dict(zip(["r", "alpha", "a", "b"], map(float, bg))),
         se=dict(zip(["r", "alpha", "a", "b"], map(float, standard_errors(bg, bg_hessian, n)))),
         ll=float(log_likelihood), n_iter=int(bg_nit), seconds=seconds)

    returning = data[data["x"] > 0]
    (gg, gg_hessian, n, gg_nit), seconds = timed(
        args.repeat, lambda: fit_gamma_gamma(returning["x"], returning["zbar"], args.tol, args.gradient))
    log_likelihood = -gg_nll(np.log(gg), returning["x"].to_numpy(float), returning["zbar"].to_numpy(float),
                             np.ones(len(returning)), 0.0) * len(returning)
    emit(side="numpy/scipy (lifetimes' method)", step="gamma-gamma", customers=int(n),
         params=dict(zip(["p", "q", "gamma"], map(float, gg))),
         se=dict(zip(["p", "q", "gamma"], map(float, standard_errors(gg, gg_hessian, n)))),
         ll=float(log_likelihood), n_iter=int(gg_nit), seconds=seconds)

    clv, seconds = timed(args.repeat, lambda: customer_lifetime_value(bg, gg, x, t_x, T, zbar, factor=args.period_length))
    if args.clv_out:
        np.savetxt(args.clv_out, clv.to_numpy(), fmt="%.17g", header="clv", comments="")
    emit(side="numpy/scipy (lifetimes' method)", step="clv", customers=int(len(clv)), sum=float(clv.sum()),
         seconds=seconds)


if __name__ == "__main__":
    main()
