package lococode

import (
	"time"

	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/linalg"
)

// FitMethod names a way to fit a Model.
type FitMethod string

const (
	// FitLOCOCODE trains the tied sparse autoencoder of Train on the
	// whitened data.
	FitLOCOCODE FitMethod = "lococode"
	// FitFastICA runs FastICAWith on the whitened data.
	FitFastICA FitMethod = "fastica"
	// FitPCA keeps the whitened principal components as they are.
	FitPCA FitMethod = "pca"
)

// errModelShape is the panic of Transform and InverseTransform for a
// matrix of the wrong width.
const errModelShape = "lococode: matrix width differs from the model's features or components"

// Model is a fitted linear model of n×p data X with m components:
// sources S = (X − 1·Meanᵀ)·Unmixingᵀ (n×m) and X ≈ 1·Meanᵀ + S·Mixingᵀ.
//
// Conventions. Every method's sources have unit (population) variance
// over all n fitted rows, subsample or not: each row of W has unit norm
// and the whitened data has identity covariance. Mixing carries the
// scale. Components are ordered by
// decreasing ‖Mixing column‖², the variance each contributes to X
// (for PCA: decreasing eigenvalue), ties kept in the fitted order,
// and each component's sign makes the entry of largest magnitude in
// its Mixing column positive (the first such entry on a tie).
type Model struct {
	Method     FitMethod
	Features   int // p
	Components int // m

	Mean      []float64     // column means of X (p)
	Whitening *linalg.Dense // K (m×p): Z = (X − Mean)·Kᵀ has identity covariance
	Unmixing  *linalg.Dense // B = W·K (m×p), in the component order
	Mixing    *linalg.Dense // A (p×m) with B·A = I_m

	// Eigenvalues of the population covariance of X, descending (p).
	Eigenvalues []float64
	// Rank is the number of eigenvalues above RankTolerance·λ₁.
	Rank          int
	RankTolerance float64

	Samples    int64 // n, rows read
	FitSamples int64 // rows the iterative methods ran on

	// Iterations is FastICA's iteration count (the largest over the
	// components for deflation), LOCOCODE's epochs, 0 for PCA; Converged
	// says whether the method met its tolerance (always true for PCA).
	Iterations int
	Converged  bool
	Whiten     linalg.WhitenMode
	Seed       uint64
	Duration   time.Duration
}

// Transform returns the sources S = (x − 1·Meanᵀ)·Unmixingᵀ (n×m) of
// x (n×p).
func (md *Model) Transform(x *linalg.Dense) *linalg.Dense {
	if x.Cols != md.Features {
		panic(errModelShape)
	}
	s := linalg.New(x.Rows, md.Components)
	md.TransformChunk(s.Data, x.Data)
	return s
}

// TransformChunk sets dst (r×m) to the sources of the r rows of x
// (r×p, r = len(x)/p), for streaming. Cost: 2rpm flops.
func (md *Model) TransformChunk(dst, x []float64) {
	p, m := md.Features, md.Components
	r := len(x) / p
	xc := make([]float64, r*p)
	for i := 0; i < r; i++ {
		for j := 0; j < p; j++ {
			xc[i*p+j] = x[i*p+j] - md.Mean[j]
		}
	}
	kernel.MatMulTB(dst[:r*m], xc, md.Unmixing.Data, r, p, m)
}

// InverseTransform returns X̂ = 1·Meanᵀ + s·Mixingᵀ (n×p) for sources
// s (n×m). InverseTransform(Transform(x)) is the projection of x onto
// the m retained principal directions (x itself when m equals the
// rank), and Transform(InverseTransform(s)) = s.
func (md *Model) InverseTransform(s *linalg.Dense) *linalg.Dense {
	if s.Cols != md.Components {
		panic(errModelShape)
	}
	x := linalg.MulTB(s, md.Mixing)
	for i := 0; i < x.Rows; i++ {
		row := x.Row(i)
		for j := range row {
			row[j] += md.Mean[j]
		}
	}
	return x
}

// InverseTransformChunk sets dst (r×p) to 1·Meanᵀ + s·Mixingᵀ for the
// r rows of sources s (r×m, r = len(s)/m), for streaming.
func (md *Model) InverseTransformChunk(dst, s []float64) {
	p, m := md.Features, md.Components
	r := len(s) / m
	kernel.MatMulTB(dst[:r*p], s[:r*m], md.Mixing.Data, r, m, p)
	for i := 0; i < r; i++ {
		row := dst[i*p : i*p+p]
		for j := range row {
			row[j] += md.Mean[j]
		}
	}
}
