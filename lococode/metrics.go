package lococode

import (
	"math"

	"github.com/lococode/lococode/linalg"
)

// SparseThreshold is the magnitude below which a code entry counts as
// (near) zero in Sparsity and in the training history.
const SparseThreshold = 0.2

// Amari returns the Amari distance of the demixer b (k×k) to the true
// mixing a (k×k) (Amari, Cichocki & Yang 1996). With P = |b·a|
// elementwise,
//
//	d = [Σ_i (Σ_j P_ij / max_j P_ij − 1) + Σ_j (Σ_i P_ij / max_i P_ij − 1)] / (2k(k−1)),
//
// with every maximum floored at 1e-12. It lies in [0, 1], is 0 exactly
// when b·a is a scaled permutation, and does not change when the rows
// of b are permuted. Rescaling a row of b changes the column terms
// unless b·a is already a scaled permutation, so the distance is
// invariant to row scaling only at its minimum.
func Amari(b, a *linalg.Dense) float64 {
	if a.Rows < 2 {
		return 0
	}
	return amariOf(linalg.Mul(b, a).Data, a.Rows)
}

// amariOf is the Amari distance of the k×k product P = B·A, given in p
// (row-major), which it overwrites with |P|.
func amariOf(p []float64, k int) float64 {
	if k < 2 {
		return 0
	}
	p = p[:k*k]
	for i, v := range p {
		p[i] = math.Abs(v)
	}
	// The maxima skip NaN, but a NaN entry still makes its sum, and so
	// the distance, NaN.
	var d float64
	for i := 0; i < k; i++ {
		var sum, m float64
		for _, v := range p[i*k : i*k+k] {
			sum += v
			if v > m {
				m = v
			}
		}
		d += sum/max(m, 1e-12) - 1
	}
	for j := 0; j < k; j++ {
		var sum, m float64
		for i := 0; i < k; i++ {
			v := p[i*k+j]
			sum += v
			if v > m {
				m = v
			}
		}
		d += sum/max(m, 1e-12) - 1
	}
	return d / float64(2*k*(k-1))
}

// Kurtosis returns the excess kurtosis m₄/m₂² − 3 of each column of h
// (n×k) from population central moments, computed about the column mean
// (two passes), with m₂ floored at 1e-12. A Gaussian column gives about
// 0, a Laplace one about 3.
func Kurtosis(h *linalg.Dense) []float64 {
	mean := linalg.ColumnMeans(h)
	k := h.Cols
	m2 := make([]float64, k)
	m4 := make([]float64, k)
	for i := 0; i < h.Rows; i++ {
		for j, v := range h.Row(i) {
			d := v - mean[j]
			d2 := d * d
			m2[j] += d2
			m4[j] += d2 * d2
		}
	}
	out := make([]float64, k)
	n := float64(h.Rows)
	for j := range out {
		v := math.Max(m2[j]/n, 1e-12)
		out[j] = m4[j]/n/(v*v) - 3
	}
	return out
}

// Sparsity returns the fraction of entries of h with |h| < SparseThreshold.
func Sparsity(h *linalg.Dense) float64 {
	var c int64
	for _, v := range h.Data {
		if math.Abs(v) < SparseThreshold {
			c++
		}
	}
	return float64(c) / float64(len(h.Data))
}

// Mean returns the arithmetic mean of v (0 for an empty slice).
func Mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// kurtosisFromSums is Kurtosis from the raw power sums s1…s4 of one
// column of n values: the central moments are expanded in the raw ones,
// m₄ = μ₄′ − 4μμ₃′ + 6μ²μ₂′ − 3μ⁴. It is as accurate as the two-pass form
// when the column mean μ is small against its spread, as it is for the
// centred codes of the training history.
func kurtosisFromSums(s1, s2, s3, s4, n float64) float64 {
	mu := s1 / n
	r2, r3, r4 := s2/n, s3/n, s4/n
	m2 := math.Max(r2-mu*mu, 1e-12)
	m4 := r4 - 4*mu*r3 + 6*mu*mu*r2 - 3*mu*mu*mu*mu
	return m4/(m2*m2) - 3
}
