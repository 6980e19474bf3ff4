package linalg

import (
	"fmt"
	"math"
)

// SymDecorrelate returns (W·Wᵀ)^(-1/2)·W for the k×k matrix w: the
// orthogonal matrix nearest to w in the Frobenius norm when w is
// non-singular (the polar factor), treating all rows alike. This is
// FastICA's symmetric decorrelation. The error wraps ErrRankDeficient
// when W·Wᵀ has an eigenvalue at rounding level (k·ε·λ₁), and
// ErrNotFinite for NaN or Inf in w. Cost: about 10k³ flops.
func SymDecorrelate(w *Dense) (*Dense, error) {
	if w.Rows != w.Cols {
		panic(errSquare)
	}
	k := w.Rows
	vals, e, err := EigSym(MulTB(w, w))
	if err != nil {
		return nil, fmt.Errorf("symmetric decorrelation: %w", err)
	}
	if k > 0 && vals[0] <= float64(k)*0x1p-52*vals[k-1] {
		return nil, fmt.Errorf("symmetric decorrelation: W·Wᵀ eigenvalue %.3g (largest %.3g): %w",
			vals[0], vals[k-1], ErrRankDeficient)
	}

	// (W·Wᵀ)^(-1/2) = E·Λ^(-1/2)·Eᵀ.
	es := e.Clone()
	for i := 0; i < k; i++ {
		row := es.Row(i)
		for j := range row {
			row[j] /= math.Sqrt(vals[j])
		}
	}
	return Mul(MulTB(es, e), w), nil
}
