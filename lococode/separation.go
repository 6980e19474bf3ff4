package lococode

import (
	"fmt"
	"math"

	"github.com/lococode/lococode/linalg"
)

const errSIRShape = "lococode: SIR wants est n×m and ref n×k with m ≤ k"

// SIR scores estimated sources against the true ones, as BSS Eval
// (Vincent, Gribonval & Févotte 2006) does with distortion filters of
// length 1. Both est (n×m) and ref (n×k, m ≤ k) are centred; each
// estimate e is matched to one reference, one-to-one, greedily by
// decreasing |correlation|. With P the projection onto the span of all
// references and r the matched one, the target is ⟨e, r⟩/‖r‖²·r and
// the interference P·e minus the target (orthogonal to it); SIR is
// 10·log10(‖target‖² / ‖interference‖²) in dB, kept within ±300 dB.
// What is outside the span (noise, quantisation) counts in neither.
// It returns the matched reference of each estimate, |corr| and SIR.
// The error wraps ErrData when the references are linearly dependent.
func SIR(est, ref *linalg.Dense) (match []int, corr, sir []float64, err error) {
	n, m, k := est.Rows, est.Cols, ref.Cols
	if ref.Rows != n || m > k {
		panic(errSIRShape)
	}
	e := linalg.Center(est, linalg.ColumnMeans(est))
	r := linalg.Center(ref, linalg.ColumnMeans(ref))
	g := linalg.Gram(r)     // k×k
	c := linalg.MulTA(r, e) // k×m: ⟨r_j, e_i⟩
	ee := linalg.Gram(e)    // m×m, diagonal ‖e_i‖²
	ginv, err := inverse(g)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: SIR: the reference sources are linearly dependent", ErrData)
	}

	// |corr| and the greedy one-to-one matching.
	ac := linalg.New(m, k)
	for i := 0; i < m; i++ {
		for j := 0; j < k; j++ {
			d := math.Sqrt(g.At(j, j) * ee.At(i, i))
			if d > 0 {
				ac.Set(i, j, math.Abs(c.At(j, i))/d)
			}
		}
	}
	match = make([]int, m)
	corr = make([]float64, m)
	for i := range match {
		match[i] = -1
	}
	used := make([]bool, k)
	for range m {
		bi, bj, best := -1, -1, -1.0
		for i := 0; i < m; i++ {
			if match[i] >= 0 {
				continue
			}
			for j := 0; j < k; j++ {
				if !used[j] && ac.At(i, j) > best {
					bi, bj, best = i, j, ac.At(i, j)
				}
			}
		}
		match[bi], corr[bi], used[bj] = bj, best, true
	}

	sir = make([]float64, m)
	for i := 0; i < m; i++ {
		j := match[i]
		target := c.At(j, i) * c.At(j, i) / g.At(j, j)
		var proj float64 // cᵢᵀ G⁻¹ cᵢ
		for a := 0; a < k; a++ {
			for b := 0; b < k; b++ {
				proj += c.At(a, i) * ginv.At(a, b) * c.At(b, i)
			}
		}
		interf := math.Max(proj-target, target*1e-30)
		sir[i] = 10 * math.Log10(target/interf)
		if !(target > 0) {
			sir[i] = -300
		}
	}
	return match, corr, sir, nil
}
