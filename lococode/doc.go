// Package lococode runs the LOCOCODE experiment of README.md ("What it computes"): a tied
// linear autoencoder with an L1 penalty on its codes, trained on
// whitened mixtures of Laplace sources, recovers the sources about as
// an ICA method does; PCA and FastICA are the baselines.
//
// One seed drives everything (Stream): the sources S (n×k) and the
// random orthogonal mixing A (k×k) of Generate, the initial weights and
// the per-epoch shuffles of Train, and, from an independent stream of
// the same seed, FastICA's initial demixer. RunSeed runs one seed and
// Sweep many, in parallel, with results that do not depend on the
// number of workers.
//
// Matrices are linalg.Dense, row-major, samples in rows. A demixer B is
// k×k in observation space: the codes of the centred data X are
// H = X·Bᵀ. For LOCOCODE and FastICA, B = W·K where K is the whitener.
//
// The update is the write-up's, per mini-batch Zb of b rows with
// H = Zb·Wᵀ and E = H·W − Zb:
//
//	G = (2/b)(HᵀE + EᵀH) + (λ_act/b)·sign(H)ᵀZb + 2λ_w·W
//
// Its last two terms are the exact gradients of (λ_act/b)‖H‖₁ and
// λ_w‖W‖². Its first is a symmetrised form: the exact gradient of
// (1/b)‖Zb − Zb·WᵀW‖² is (2/b)(HᵀE + W·EᵀZb). The two agree when W is
// orthogonal (E = 0) and both vanish there; we keep the write-up's form,
// since reproducing its result is the point.
//
// References
//
//	S. Hochreiter, J. Schmidhuber. Feature extraction through LOCOCODE.
//	Neural Computation 11(3):679–714, 1999.
//	S. Hochreiter, J. Schmidhuber. Flat minima. Neural Computation
//	9(1):1–42, 1997.
//	A. Hyvärinen. Fast and robust fixed-point algorithms for independent
//	component analysis. IEEE Trans. Neural Networks 10(3):626–634, 1999.
//	S. Amari, A. Cichocki, H. H. Yang. A new learning algorithm for blind
//	signal separation. NIPS 8, 1996.
package lococode
