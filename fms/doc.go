// Package fms is the flat-minimum-search (FMS) autoencoder of LOCOCODE:
// a one-hidden-layer network with logistic hidden units and linear
// outputs, trained on a squared error plus λ times the flat-minimum
// regulariser B(w, X) of Hochreiter & Schmidhuber, with its closed-form
// gradient and the λ control of their papers (docs/FMS.md §2 and §4).
//
// The network, for one example x (n):
//
//	a = W1·x + b1,  y = f(a) = 1/(1 + e^(−a)),  o = W2·y + b2
//
// with W1 H×n, b1 H, W2 K×H, b2 K; L = H(n+1) + K(H+1) weights in all,
// stored in one flat vector in the order W1 (row-major), b1, W2
// (row-major), b2 (Net.P; the views W1, B1, W2, B2 share it).
//
// The regulariser (docs/FMS.md §1). With g_w^k = ∂o_k/∂w, S_w = Σ_k (g_w^k)²,
// A_k = Σ_w |g_w^k|/√S_w and Q = Σ_k A_k²,
//
//	B(w, x) = ½(−L ln ε + Σ_w ln S_w + L ln Q),  B(w, X) = Σ_p B(w, x_p).
//
// For this network it has a closed form (docs/FMS.md §2). With
// c_u = Σ_m W2_mu², s_u = c_u·f′(a_u)², z_mu = |W2_mu|/√c_u and
// ν = 1 + #{v : x_v ≠ 0},
//
//	Σ_w ln S_w = K·Σ_j ln y_j² + Σ_u (ν·ln s_u + Σ_{x_v≠0} ln x_v²) + H(n+1−ν)·ln F²
//	A_m = (H+1) + ν·Σ_u z_mu
//
// where F = 1e-20 is the floor on √S_w (a weight that does not move
// any output, an input x_v = 0, has ln S_w = ln F² and adds nothing to
// A). The closed form applies the floor to the factors y_j² and s_u
// (and c_u inside z). It equals the direct form with the floor on √S_w
// as long as no unit is saturated to f′(a_u)²·c_u < F² while c_u ≥ F²
// (the direct form then drops the unit's z_mu from A_m, the closed form
// keeps it) and no input has 0 < |x_v| < F/√s_u.
//
// The gradient (docs/FMS.md §2, with f′ = y(1−y)), per example:
//
//	∂B/∂a_u    = K(1−y_u) + ν(1−2y_u),  ∂B/∂W1_uv = ∂B/∂a_u·x_v,  ∂B/∂b1_u = ∂B/∂a_u
//	∂B/∂W2_mu  = ν·W2_mu/c_u + (Lν/Q)·[A_m·sgn(W2_mu)/√c_u − W2_mu·c_u^(−3/2)·Σ_k A_k|W2_ku|]
//	∂B/∂b2     = 0
//
// T2 = L ln Q depends on the weights only through W2, and on the
// example only through ν, so over a batch it costs O(KH) once plus O(n)
// per example to count ν; the per-example cost of B and ∇B is one
// forward pass to the hidden layer and one rank-one update of the W1
// gradient, O(nH), the order of one backpropagation pass.
//
// Training (Train) follows docs/FMS.md §4: plain backpropagation until the
// running error E_avg falls below E_tol, then E + λB with the gradient
// of B rescaled to the length of E's, w ← w − η(∇E + λ·(|∇E|/|∇B|)·∇B),
// λ adjusted once per epoch by the Weigend et al. rule. The L1
// penalty R = Σ_p Σ_u y_pu on the hidden activations can stand in for
// B under the same schedule, the write-up's surrogate.
//
// References
//
//	S. Hochreiter, J. Schmidhuber. Flat minima. Neural Computation
//	9(1):1–42, 1997.
//	S. Hochreiter, J. Schmidhuber. Feature extraction through LOCOCODE.
//	Neural Computation 11(3):679–714, 1999.
//	A. S. Weigend, D. E. Rumelhart, B. A. Huberman. Generalization by
//	weight-elimination with application to forecasting. NIPS 3, 1991.
package fms
