package linalg

import (
	"fmt"
	"math"

	"github.com/lococode/lococode/kernel"
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
	dst := New(w.Rows, w.Rows)
	var ws EigWork
	if err := SymDecorrelateTo(dst, w, &ws); err != nil {
		return nil, err
	}
	return dst, nil
}

// SymDecorrelateTo is SymDecorrelate writing (W·Wᵀ)^(-1/2)·W into dst
// (k×k, which may share storage with w) and taking its scratch space
// from ws, which may be reused across calls and sizes: it allocates
// only to grow ws. With W·Wᵀ = E·Λ·Eᵀ it forms E·Λ^(-1/2)·Eᵀ and then
// its product with W, in the order SymDecorrelate always has, so the
// result equals SymDecorrelate's bit for bit. On error dst is unchanged.
func SymDecorrelateTo(dst, w *Dense, ws *EigWork) error {
	if w.Rows != w.Cols {
		panic(errSquare)
	}
	k := w.Rows
	if dst.Rows != k || dst.Cols != k {
		panic(errShape)
	}
	ws.grow(k)
	if len(ws.g) < k*k {
		ws.g = make([]float64, k*k)
	}
	g := ws.g[:k*k]
	kernel.MatMulTB(g, w.Data, w.Data, k, k, k)
	if i, ok := firstNotFinite(g); !ok {
		return fmt.Errorf("symmetric decorrelation: eigsym: element (%d, %d): %w", i/k, i%k, ErrNotFinite)
	}
	if err := ws.eig(g, k); err != nil {
		return fmt.Errorf("symmetric decorrelation: eigsym: %w", err)
	}
	vals := ws.d[:k]
	if k > 0 && vals[0] <= float64(k)*0x1p-52*vals[k-1] {
		return fmt.Errorf("symmetric decorrelation: W·Wᵀ eigenvalue %.3g (largest %.3g): %w",
			vals[0], vals[k-1], ErrRankDeficient)
	}

	// (W·Wᵀ)^(-1/2) = E·Λ^(-1/2)·Eᵀ, into g; E·Λ^(-1/2) in t, E in q,
	// both free once eig has returned, and the product with W in t.
	es, e := ws.t[:k*k], ws.q[:k*k]
	transpose(e, ws.vt[:k*k], k)
	for i := 0; i < k; i++ {
		row, ei := es[i*k:i*k+k], e[i*k:i*k+k]
		for j := range row {
			row[j] = ei[j] / math.Sqrt(vals[j])
		}
	}
	kernel.MatMulTB(g, es, e, k, k, k)
	kernel.MatMul(es, g, w.Data, k, k, k)
	copy(dst.Data, es)
	return nil
}
