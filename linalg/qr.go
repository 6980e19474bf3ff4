package linalg

import "math"

// QR computes the thin Householder QR factorisation a = Q·R of the m×n
// matrix a with m ≥ n: Q (m×n) has orthonormal columns and R (n×n) is
// upper triangular. A column with nothing to annihilate below its
// diagonal gets no reflection, so the sign of R's diagonal is not fixed;
// PositiveQR fixes it. a is not modified. Cost: about 4mn² − 4n³/3
// flops with Q.
func QR(a *Dense) (q, r *Dense) {
	m, n := a.Rows, a.Cols
	if m < n {
		panic(errShape)
	}
	w := a.Clone()
	us := make([][]float64, n) // reflector vectors, nil where τ = 0
	taus := make([]float64, n)
	for j := 0; j < n; j++ {
		u := make([]float64, m-j)
		for i := range u {
			u[i] = w.Data[(j+i)*n+j]
		}
		tail := norm2(u[1:])
		if tail == 0 {
			continue
		}
		alpha := -math.Copysign(norm2(u), u[0])
		u[0] -= alpha
		tau := 2 / (u[0]*u[0] + tail*tail)
		us[j], taus[j] = u, tau

		// H = I − τ·u·uᵀ on columns j… of rows j….
		w.Data[j*n+j] = alpha
		for i := 1; i < len(u); i++ {
			w.Data[(j+i)*n+j] = 0
		}
		for c := j + 1; c < n; c++ {
			applyReflector(w.Data[j*n+c:], n, u, tau)
		}
	}

	r = New(n, n)
	for i := 0; i < n; i++ {
		copy(r.Data[i*n+i:i*n+n], w.Data[i*n+i:i*n+n])
	}

	// Q = H₀·H₁·…·Hₙ₋₁·[I; 0], accumulated from the last reflector.
	q = New(m, n)
	for i := 0; i < n; i++ {
		q.Data[i*n+i] = 1
	}
	for j := n - 1; j >= 0; j-- {
		if us[j] == nil {
			continue
		}
		for c := j; c < n; c++ {
			applyReflector(q.Data[j*n+c:], n, us[j], taus[j])
		}
	}
	return q, r
}

// applyReflector overwrites the strided vector y[0], y[ld], y[2ld], …
// (len(u) entries) with (I − τ·u·uᵀ)·y.
func applyReflector(y []float64, ld int, u []float64, tau float64) {
	var s float64
	for i, ui := range u {
		s += ui * y[i*ld]
	}
	s *= tau
	for i, ui := range u {
		y[i*ld] -= s * ui
	}
}

// PositiveQR is QR with the signs fixed so that R's diagonal is
// non-negative: each column of Q, and the matching row of R, whose
// diagonal entry was negative is negated. For a of full column rank
// this makes the factorisation unique, which is how a random orthogonal
// matrix is drawn from a Gaussian one (Mezzadri, Notices AMS 54, 2007).
func PositiveQR(a *Dense) (q, r *Dense) {
	q, r = QR(a)
	n := r.Cols
	for j := 0; j < n; j++ {
		if r.Data[j*n+j] >= 0 {
			continue
		}
		for i := 0; i < q.Rows; i++ {
			q.Data[i*n+j] = -q.Data[i*n+j]
		}
		for c := j; c < n; c++ {
			r.Data[j*n+c] = -r.Data[j*n+c]
		}
	}
	return q, r
}
