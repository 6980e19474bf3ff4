package lococode

import (
	"math"
	"time"

	"github.com/lococode/lococode/linalg"
)

// ICA is the outcome of FastICA.
type ICA struct {
	W          *linalg.Dense // unmixing of the whitened data, k×k, orthogonal
	Iterations int           // fixed-point iterations run
	Converged  bool          // whether the tolerance was met within the limit
	Duration   time.Duration
}

// FastICA runs symmetric ("parallel") FastICA with g = tanh on the
// whitened data z (n×k) (Hyvärinen 1999). W starts as the Q factor of a
// k×k standard normal matrix drawn from s (PositiveQR) and iterates
//
//	W⁺ = E[g(W·z)·zᵀ] − diag(E[g′(W·z)])·W,  W⁺ ← (W⁺W⁺ᵀ)^(-1/2)·W⁺
//
// until max_i | |⟨w⁺_i, w_i⟩| − 1 | < tol or maxIter iterations have run.
// Not converging is not an error: the result says so. The error wraps
// linalg.ErrRankDeficient if W⁺ becomes singular, which happens only for
// degenerate data. Cost per iteration: 4nk² flops, nk tanh and O(k³).
func FastICA(z *linalg.Dense, s *Stream, maxIter int, tol float64) (*ICA, error) {
	start := time.Now()
	o := DefaultICAOptions()
	o.MaxIter, o.Tol = maxIter, tol
	res, err := parallelICA(z.Cols, float64(z.Rows), densePass(z, o), RandomOrthogonal(s, z.Cols), o)
	if err != nil {
		return nil, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// PCADemixer returns the PCA demixer of README.md ("What it computes") from a fitted
// whitener: row i is the i-th eigenvector of the covariance (largest
// eigenvalue first) scaled by 1/sqrt(λ_i + 1e-9).
func PCADemixer(wh *linalg.Whitener) *linalg.Dense {
	k := len(wh.Values)
	b := linalg.New(k, k)
	for i := 0; i < k; i++ {
		s := 1 / math.Sqrt(wh.Values[i]+1e-9)
		for j := 0; j < k; j++ {
			b.Data[i*k+j] = s * wh.Vecs.Data[j*k+i]
		}
	}
	return b
}
