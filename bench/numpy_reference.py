"""Time the headline training in numpy, written the straightforward way.

This is a stand-in for the write-up's numpy implementation, written from its
description (SPEC.md section 1): per mini-batch H = Zb W^T, E = H W - Zb,
G = (2/b)(H^T E + E^T H) + lambda_act sign(H)^T Zb / b + 2 lambda_w W, and the
per-epoch history on the full data. It is only used by bench/run.sh to put a
numpy time beside ours in one run; no test needs Python.

    python3 bench/numpy_reference.py [repeats]
"""
import sys
import time

import numpy as np


def kurtosis(h):
    h = h - h.mean(0)
    v = np.maximum((h ** 2).mean(0), 1e-12)
    return ((h ** 4).mean(0) / v ** 2 - 3).mean()


def amari(b, a):
    p = np.abs(b @ a)
    k = len(p)
    r = (p.sum(1) / np.maximum(p.max(1), 1e-12) - 1).sum()
    c = (p.sum(0) / np.maximum(p.max(0), 1e-12) - 1).sum()
    return (r + c) / (2 * k * (k - 1))


def train(z, k_white, a, rng, epochs=200, bs=64, lr=0.05, lam_act=0.5, lam_w=1e-4):
    n, k = z.shape
    q, r = np.linalg.qr(rng.standard_normal((k, k)))
    w = q * np.sign(np.diag(r))
    history = []

    def record():
        h = z @ w.T
        history.append((((z - h @ w) ** 2).mean(), np.abs(h).mean(), kurtosis(h),
                        (np.abs(h) < 0.2).mean(), amari(w @ k_white, a)))

    record()
    for _ in range(epochs):
        perm = rng.permutation(n)
        for lo in range(0, n, bs):
            zb = z[perm[lo:lo + bs]]
            b = len(zb)
            h = zb @ w.T
            e = h @ w - zb
            g = (2 / b) * (h.T @ e + e.T @ h) + lam_act * np.sign(h).T @ zb / b + 2 * lam_w * w
            w = w - lr * g
        record()
    return w, history


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    rng = np.random.default_rng(0)
    n, k = 2000, 8
    s = rng.laplace(size=(n, k))
    s = (s - s.mean(0)) / s.std(0)
    q, r = np.linalg.qr(rng.standard_normal((k, k)))
    a = q * np.sign(np.diag(r))
    x = s @ a.T
    x -= x.mean(0)
    lam, e = np.linalg.eigh(x.T @ x / n)
    k_white = np.diag(1 / np.sqrt(np.maximum(lam, 1e-9))) @ e.T
    z = x @ k_white.T
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        w, hist = train(z, k_white, a, np.random.default_rng(1))
        times.append(time.perf_counter() - t0)
    best = min(times)
    print(f"numpy training (k=8, n=2000, 200 epochs, history): best of {repeats}: "
          f"{best * 1e3:.1f} ms; final Amari {hist[-1][4]:.3f}, MSE {hist[-1][0]:.4f}")

    try:
        from sklearn.decomposition import FastICA
    except ImportError:
        return
    times = []
    for _ in range(repeats * 10):
        t0 = time.perf_counter()
        ica = FastICA(whiten="unit-variance", random_state=0, tol=1e-6, max_iter=200).fit(x)
        times.append(time.perf_counter() - t0)
    print(f"scikit-learn FastICA fit (same data): best of {len(times)}: {min(times) * 1e3:.2f} ms, "
          f"{ica.n_iter_} iterations, Amari {amari(ica.components_, a):.3f}")


if __name__ == "__main__":
    main()
