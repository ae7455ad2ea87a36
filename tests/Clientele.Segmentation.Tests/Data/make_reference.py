#!/usr/bin/python3
"""Writes reference.json and hierarchical-5000.json: data sets generated here with fixed numpy seeds and what scikit-learn / SciPy compute on them.

Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1, SciPy 1.10.1, numpy 1.24.2):

    /usr/bin/python3 tests/Clientele.Segmentation.Tests/Data/make_reference.py

The C# tests read reference.json and compare Clientele's results with the numbers below; each test says which entry
it uses. Floats are written with repr() (shortest round-trip), so the C# side reads exactly these doubles.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import fcluster, linkage
from sklearn.cluster import DBSCAN, KMeans
from sklearn.datasets import make_moons
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.mixture import GaussianMixture


def matrix(a):
    return [[float(v) for v in row] for row in np.asarray(a)]


def vector(a):
    return [float(v) for v in np.asarray(a).ravel()]


def ints(a):
    return [int(v) for v in np.asarray(a).ravel()]


out = {
    "producedBy": f"make_reference.py with scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}, numpy {np.__version__}",
}

# --- Cluster quality: 40 rows, 3 features, 4 labels that do not match the generating blobs exactly.
rng = np.random.RandomState(0)
X = np.vstack([rng.normal(loc=c, scale=s, size=(10, 3)) for c, s in [((0, 0, 0), 1.0), ((4, 0, 1), 0.7), ((0, 5, 2), 1.3), ((5, 5, 5), 0.5)]])
labels = np.repeat([0, 1, 2, 3], 10)
labels[[3, 17, 25]] = [1, 2, 0]  # a few rows in the "wrong" cluster
labels = np.where(labels == 3, 7, labels)  # label values need not be 0..k-1
out["quality"] = {
    "x": matrix(X),
    "labels": ints(labels),
    "daviesBouldin": float(davies_bouldin_score(X, labels)),
    "calinskiHarabasz": float(calinski_harabasz_score(X, labels)),
    "silhouette": float(silhouette_score(X, labels)),
}

# --- k-means from given initial centres: sklearn KMeans(init=centres, n_init=1, algorithm='lloyd').
rng = np.random.RandomState(1)
centres = rng.uniform(-4, 4, size=(5, 3))
X = np.vstack([rng.normal(loc=c, scale=1.5, size=(100, 3)) for c in centres])
X = X[rng.permutation(len(X))]
init = X[[0, 1, 2, 3, 4]]
kmeans = {"x": matrix(X), "initialCentres": matrix(init), "runs": []}
for tol in [1e-4, 0.0]:
    km = KMeans(n_clusters=5, init=init, n_init=1, algorithm="lloyd", tol=tol, max_iter=300).fit(X)
    kmeans["runs"].append({
        "tolerance": tol,
        "inertia": float(km.inertia_),
        "iterations": int(km.n_iter_),
        "labels": ints(km.labels_),
        "centres": matrix(km.cluster_centers_),
    })
out["kmeans"] = kmeans

# --- Hierarchical: 30 rows, 2 features, three loose blobs; scipy.cluster.hierarchy.linkage(X, method) and fcluster.
rng = np.random.RandomState(2)
X = np.vstack([rng.normal(loc=c, scale=0.8, size=(10, 2)) for c in [(0, 0), (4, 1), (1, 5)]])
X = X[rng.permutation(len(X))]
hierarchical = {"x": matrix(X), "linkages": {}}
for method in ["ward", "average", "complete", "single"]:
    Z = linkage(X, method)
    # A cut height halfway between the 4th- and 5th-highest merges: 5 clusters.
    height = float((Z[-4, 2] + Z[-5, 2]) / 2)
    hierarchical["linkages"][method] = {
        "linkageMatrix": matrix(Z),
        "maxclust3": ints(fcluster(Z, 3, "maxclust")),
        "cutHeight": height,
        "distanceCut": ints(fcluster(Z, height, "distance")),
    }
out["hierarchical"] = hierarchical

# --- DBSCAN: sklearn.cluster.DBSCAN(eps, min_samples).fit(X).labels_ and core_sample_indices_.
def dbscan_case(X, eps, min_samples):
    db = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    # Border points within eps of core points of two different clusters: where assignment order matters.
    from sklearn.neighbors import NearestNeighbors
    nn = NearestNeighbors(radius=eps).fit(X)
    neighbourhoods = nn.radius_neighbors(X, return_distance=False)
    core = np.zeros(len(X), bool)
    core[db.core_sample_indices_] = True
    contested = 0
    for i, hood in enumerate(neighbourhoods):
        if not core[i]:
            clusters = {int(db.labels_[j]) for j in hood if core[j]}
            contested += len(clusters) > 1
    return {
        "x": matrix(X),
        "epsilon": eps,
        "minimumPoints": min_samples,
        "labels": ints(db.labels_),
        "coreSampleIndices": ints(db.core_sample_indices_),
        "contestedBorderPoints": contested,
    }

rng = np.random.RandomState(3)
# Blobs close enough that some border points are within eps of core points of two clusters ("contested").
X = np.vstack([rng.normal(loc=c, scale=0.35, size=(90, 2)) for c in [(0, 0), (1.2, 0.3), (1, 2)]] + [rng.uniform(-1.5, 3.5, size=(60, 2))])
X = X[rng.permutation(len(X))]
dbscan = {"twoDimensions": dbscan_case(X, 0.25, 8)}
rng = np.random.RandomState(4)
X = np.vstack([rng.normal(loc=c, scale=0.6, size=(80, 6)) for c in rng.uniform(-3, 3, size=(3, 6))] + [rng.uniform(-5, 5, size=(40, 6))])
X = X[rng.permutation(len(X))]
dbscan["sixDimensions"] = dbscan_case(X, 1.6, 5)
# Two moons with uniform noise.
moons, truth = make_moons(n_samples=400, noise=0.05, random_state=5)
rng = np.random.RandomState(5)
noise = rng.uniform([-1.5, -1.0], [2.5, 1.5], size=(40, 2))
X = np.vstack([moons, noise])
case = dbscan_case(X, 0.15, 5)
case["truth"] = ints(np.concatenate([truth, -np.ones(40, int)]))
dbscan["moons"] = case
out["dbscan"] = dbscan

# --- Gaussian mixture: one EM step from given parameters, and the score of those parameters.
rng = np.random.RandomState(6)
A = [np.array([[1.0, 0.6], [0.0, 0.5]]), np.array([[0.4, 0.0], [0.3, 1.2]]), np.array([[0.7, -0.4], [0.2, 0.6]])]
X = np.vstack([rng.normal(size=(n, 2)) @ a + c for n, a, c in zip([120, 100, 80], A, [(0, 0), (4, 3), (-3, 4)])])
X = X[rng.permutation(len(X))]
weights = np.array([0.3, 0.45, 0.25])
means = np.array([[0.5, 0.2], [3.5, 2.5], [-2.0, 3.5]])
full = np.array([[[1.5, 0.4], [0.4, 1.0]], [[0.8, 0.1], [0.1, 1.6]], [[1.0, -0.3], [-0.3, 0.9]]])
diagonal = np.array([[1.5, 1.0], [0.8, 1.6], [1.0, 0.9]])
gmm = {"x": matrix(X), "weights": vector(weights), "means": matrix(means), "cases": {}}
for kind, covariances in [("full", full), ("diag", diagonal)]:
    precisions = np.linalg.inv(covariances) if kind == "full" else 1.0 / covariances
    start = GaussianMixture(n_components=3, covariance_type=kind)
    # The score of the given parameters: set them as a fitted model's (as _set_parameters does).
    from sklearn.mixture._gaussian_mixture import _compute_precision_cholesky
    start.weights_, start.means_, start.covariances_ = weights, means, covariances
    start.precisions_cholesky_ = _compute_precision_cholesky(covariances, kind)
    score0 = start.score(X)
    one = GaussianMixture(n_components=3, covariance_type=kind, max_iter=1, weights_init=weights, means_init=means,
                          precisions_init=precisions, random_state=0)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: one step is the point
        one.fit(X)
    covs = one.covariances_ if kind == "full" else one.covariances_
    gmm["cases"][kind] = {
        "covariances": [vector(c) for c in covariances],
        "scoreOfInitial": float(score0),
        "afterOneStep": {
            "score": float(one.score(X)),
            "bic": float(one.bic(X)),
            "weights": vector(one.weights_),
            "means": matrix(one.means_),
            "covariances": [vector(c) for c in covs],
            "labels": ints(one.predict(X)),
        },
    }
out["gaussianMixture"] = gmm

# --- Hierarchical on 5,000 rows (enough for Clientele's parallel chain scans): points from splitmix64, which the C#
# test regenerates bit for bit, so only the merge heights are stored (hierarchical-5000.json, one line).
def splitmix64_uniforms(seed, count):
    mask = (1 << 64) - 1
    state = seed
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z = z ^ (z >> 31)
        yield (z >> 11) * 2.0 ** -53

u = list(splitmix64_uniforms(2024, 5000 * 2))
# Row i: two uniforms, shifted by 1.5 × (i mod 3) on both axes: three overlapping squares.
X = np.array([[u[2 * i] + 1.5 * (i % 3), u[2 * i + 1] + 1.5 * (i % 3)] for i in range(5000)])
large = {"producedBy": out["producedBy"], "rows": 5000, "seed": 2024}
for method in ["ward", "average"]:
    Z = linkage(X, method)
    large[method] = {"heights": vector(Z[:, 2]), "maxclust3": ints(fcluster(Z, 3, "maxclust"))}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hierarchical-5000.json"), "w") as f:
    json.dump(large, f)
    f.write("\n")

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
for name, case in out["dbscan"].items():
    print(name, "clusters", max(case["labels"]) + 1, "noise", case["labels"].count(-1), "contested border points", case["contestedBorderPoints"])
