package linalg

import (
	"fmt"
	"math"
)

// WhitenMode selects the whitening matrix built from C = E·Λ·Eᵀ.
type WhitenMode int

const (
	// PCAWhiten uses K = Λ^(-1/2)·Eᵀ: row i of K is the i-th principal
	// direction scaled to unit variance, largest variance first.
	PCAWhiten WhitenMode = iota
	// ZCAWhiten uses K = E·Λ^(-1/2)·Eᵀ, the symmetric whitener that
	// keeps the whitened data closest to the original axes.
	ZCAWhiten
)

// String returns "pca" or "zca".
func (m WhitenMode) String() string {
	switch m {
	case PCAWhiten:
		return "pca"
	case ZCAWhiten:
		return "zca"
	}
	return fmt.Sprintf("WhitenMode(%d)", int(m))
}

// Whitener maps n×k observations X to Z = (X − 1·Meanᵀ)·Kᵀ, whose
// population covariance is the identity.
type Whitener struct {
	Mode   WhitenMode
	Mean   []float64 // column means of the fitted data (k)
	Cov    *Dense    // population covariance C = XcᵀXc/n (k×k)
	Values []float64 // eigenvalues of C, descending, after the floor (k)
	Vecs   *Dense    // eigenvectors of C as columns, same order (k×k)
	K      *Dense    // whitening matrix (k×k)
}

// FitWhitener centres the n×k data x, forms its covariance and builds
// the whitener of the given mode. Eigenvalues below floor are raised to
// it (the write-up uses 1e-9; 0 disables the floor).
//
// The data's rank is decided relative to the largest eigenvalue λ₁: an
// eigenvalue at or below max(n, k)·ε·λ₁, the rounding level of forming
// C, marks a direction with no variance of its own, and FitWhitener
// returns an error wrapping ErrRankDeficient rather than divide by it.
// Constant columns and linearly dependent columns are reported so.
// NaN or Inf in x gives an error wrapping ErrNotFinite. Fewer than two
// rows cannot have a non-singular covariance and are rank-deficient.
// Cost: 2nk + nk² flops plus one k×k eigendecomposition.
func FitWhitener(x *Dense, mode WhitenMode, floor float64) (*Whitener, error) {
	n, k := x.Rows, x.Cols
	if k == 0 {
		panic(errShape)
	}
	if ok, i, j := x.AllFinite(); !ok {
		return nil, fmt.Errorf("whiten: row %d, column %d: %w", i, j, ErrNotFinite)
	}
	if n < 2 {
		return nil, fmt.Errorf("whiten: %d rows: %w", n, ErrRankDeficient)
	}
	mean := ColumnMeans(x)
	xc := Center(x, mean)
	cov := Gram(xc)
	cov.Scale(1 / float64(n))

	vals, vecs, err := EigSymDesc(cov)
	if err != nil {
		return nil, fmt.Errorf("whiten: %w", err)
	}
	tol := float64(max(n, k)) * 0x1p-52 * vals[0]
	if vals[k-1] <= tol {
		return nil, fmt.Errorf("whiten: covariance eigenvalue %.3g is at rounding level "+
			"(largest %.3g): a constant column or linearly dependent columns: %w",
			vals[k-1], vals[0], ErrRankDeficient)
	}
	for i := range vals {
		vals[i] = math.Max(vals[i], floor)
	}

	// K = Λ^(-1/2)·Eᵀ, then for ZCA K ← E·K.
	kk := New(k, k)
	for i := 0; i < k; i++ {
		s := 1 / math.Sqrt(vals[i])
		for j := 0; j < k; j++ {
			kk.Data[i*k+j] = s * vecs.Data[j*k+i]
		}
	}
	if mode == ZCAWhiten {
		kk = Mul(vecs, kk)
	}
	return &Whitener{Mode: mode, Mean: mean, Cov: cov, Values: vals, Vecs: vecs, K: kk}, nil
}

// Transform returns Z = (x − 1·Meanᵀ)·Kᵀ for x with k columns.
func (w *Whitener) Transform(x *Dense) *Dense {
	if x.Cols != len(w.Mean) {
		panic(errShape)
	}
	return MulTB(Center(x, w.Mean), w.K)
}

// ColumnMeans returns the mean of each column of x (Σ/n, in row order).
func ColumnMeans(x *Dense) []float64 {
	mean := make([]float64, x.Cols)
	for i := 0; i < x.Rows; i++ {
		for j, v := range x.Row(i) {
			mean[j] += v
		}
	}
	if x.Rows > 0 {
		for j := range mean {
			mean[j] /= float64(x.Rows)
		}
	}
	return mean
}

// Center returns x with mean subtracted from every row.
func Center(x *Dense, mean []float64) *Dense {
	if len(mean) != x.Cols {
		panic(errShape)
	}
	c := New(x.Rows, x.Cols)
	for i := 0; i < c.Rows; i++ {
		src, dst := x.Row(i), c.Row(i)
		for j, m := range mean {
			dst[j] = src[j] - m
		}
	}
	return c
}
