package lococode

import (
	"fmt"
	"math"
	"time"

	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/linalg"
)

// Contrast names FastICA's nonlinearity g, as scikit-learn's `fun`.
type Contrast string

const (
	// LogCosh is G(y) = log cosh(αy)/α: g(y) = tanh(αy),
	// g′(y) = α(1 − tanh²(αy)). The default, with α = 1.
	LogCosh Contrast = "logcosh"
	// Exp is G(y) = −exp(−y²/2): g(y) = y·exp(−y²/2),
	// g′(y) = (1 − y²)·exp(−y²/2).
	Exp Contrast = "exp"
	// Cube is G(y) = y⁴/4: g(y) = y³, g′(y) = 3y² (kurtosis).
	Cube Contrast = "cube"
)

// ICAAlgorithm is how FastICA estimates the k unmixing vectors.
type ICAAlgorithm string

const (
	// Parallel updates all rows of W at once and decorrelates them
	// symmetrically, (WWᵀ)^(-1/2)·W. The default.
	Parallel ICAAlgorithm = "parallel"
	// Deflation estimates one row at a time, each made orthogonal to the
	// rows before it by Gram–Schmidt.
	Deflation ICAAlgorithm = "deflation"
)

// ICAOptions are the settings of FastICAWith, named as scikit-learn's
// FastICA names them.
type ICAOptions struct {
	Fun       Contrast     // g; "" means LogCosh
	Alpha     float64      // α of LogCosh, in [1, 2]; 0 means 1
	Algorithm ICAAlgorithm // "" means Parallel
	MaxIter   int          // iteration limit (per component for Deflation)
	Tol       float64      // convergence tolerance on | |⟨w⁺, w⟩| − 1 |

	// Float32 evaluates the tanh of the LogCosh contrast in float32
	// (kernel.TanhContrast32, within 3 float32 ulps); the rest of the
	// iteration stays float64. Other contrasts ignore it.
	Float32 bool
}

// DefaultICAOptions returns the headline's FastICA: parallel, logcosh
// with α = 1, at most 200 iterations, tolerance 1e-6.
func DefaultICAOptions() ICAOptions {
	return ICAOptions{Fun: LogCosh, Alpha: 1, Algorithm: Parallel, MaxIter: 200, Tol: 1e-6}
}

// Validate reports the first option that cannot run, wrapping ErrConfig.
func (o ICAOptions) Validate() error {
	switch {
	case o.Fun != "" && o.Fun != LogCosh && o.Fun != Exp && o.Fun != Cube:
		return fmt.Errorf("%w: fastica-fun %q: want logcosh, exp or cube", ErrConfig, o.Fun)
	case o.Algorithm != "" && o.Algorithm != Parallel && o.Algorithm != Deflation:
		return fmt.Errorf("%w: fastica-algorithm %q: want parallel or deflation", ErrConfig, o.Algorithm)
	case math.IsNaN(o.Alpha) || o.Alpha != 0 && (o.Alpha < 1 || o.Alpha > 2):
		return fmt.Errorf("%w: fastica-alpha = %v: want a value in [1, 2]", ErrConfig, o.Alpha)
	case o.MaxIter < 1:
		return fmt.Errorf("%w: fastica-max-iter = %d: need at least 1", ErrConfig, o.MaxIter)
	case !(o.Tol > 0) || math.IsInf(o.Tol, 0):
		return fmt.Errorf("%w: fastica-tol = %v: need a positive tolerance", ErrConfig, o.Tol)
	}
	return nil
}

// withDefaults returns o with its zero Fun, Alpha and Algorithm replaced
// by LogCosh, 1 and Parallel.
func (o ICAOptions) withDefaults() ICAOptions {
	if o.Fun == "" {
		o.Fun = LogCosh
	}
	if o.Alpha == 0 {
		o.Alpha = 1
	}
	if o.Algorithm == "" {
		o.Algorithm = Parallel
	}
	return o
}

// FastICAWith runs FastICA on the whitened data z (n×k) with the given
// contrast and algorithm, starting, like FastICA, from the Q factor of a
// k×k standard normal matrix drawn from s. Parallel with LogCosh and
// α = 1 is FastICA. For Deflation, Iterations is the largest
// count over the components and Converged says whether all converged.
func FastICAWith(z *linalg.Dense, s *Stream, o ICAOptions) (*ICA, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	start := time.Now()
	res, err := fastICAPasses(z.Cols, float64(z.Rows), s, o, densePass(z, o))
	if err != nil {
		return nil, err
	}
	res.Duration = time.Since(start)
	return res, nil
}

// A passFunc makes one pass of FastICA over the whitened data: it sets
// gz = Σ g(W·z)·zᵀ (m×k) and gd = Σ g′(W·z) (m) over all rows z, for
// the m×k matrix w. densePass walks data in memory; FitRows streams it.
type passFunc func(gz, gd []float64, w *linalg.Dense) error

// densePass is the passFunc of the whitened data z (n×k) in memory.
func densePass(z *linalg.Dense, o ICAOptions) passFunc {
	return func(gz, gd []float64, w *linalg.Dense) error {
		contrastPass(gz, gd, w, z, o)
		return nil
	}
}

// fastICAPasses runs FastICA (o filled in) on k whitened features and
// n rows that pass reads, from the orthogonal start drawn from s.
func fastICAPasses(k int, n float64, s *Stream, o ICAOptions, pass passFunc) (*ICA, error) {
	w := RandomOrthogonal(s, k)
	if o.Algorithm == Parallel {
		return parallelICA(k, n, pass, w, o)
	}
	return deflationICA(k, n, pass, w, o)
}

// contrastPass sets gz = Σ g(W·z)·zᵀ (m×k) and gd = Σ g′(W·z) (m) over
// the rows z of z (n×k), for the m×k matrix w. LogCosh with m = k uses
// kernel.TanhContrast (TanhContrast32 with o.Float32) on α·W.
func contrastPass(gz, gd []float64, w *linalg.Dense, z *linalg.Dense, o ICAOptions) {
	n, k, m := z.Rows, z.Cols, w.Rows
	if o.Fun == LogCosh && m == k {
		contrast := kernel.TanhContrast
		if o.Float32 {
			contrast = kernel.TanhContrast32
		}
		if o.Alpha == 1 {
			contrast(gz, gd, w.Data, z.Data, n, k)
			return
		}
		aw := w.Clone()
		aw.Scale(o.Alpha)
		contrast(gz, gd, aw.Data, z.Data, n, k)
		for i := range gd[:k] {
			gd[i] *= o.Alpha
		}
		return
	}
	clear(gz[:m*k])
	clear(gd[:m])
	for r := 0; r < n; r++ {
		zr := z.Row(r)
		for i := 0; i < m; i++ {
			y := dot(w.Row(i), zr)
			var g, dg float64
			switch o.Fun {
			case Cube:
				g, dg = y*y*y, 3*y*y
			case Exp:
				e := math.Exp(-y * y / 2)
				g, dg = y*e, (1-y*y)*e
			default:
				t := math.Tanh(o.Alpha * y)
				g, dg = t, o.Alpha*(1-t*t)
			}
			gd[i] += dg
			gi := gz[i*k : i*k+k]
			for j, zj := range zr {
				gi[j] += g * zj
			}
		}
	}
}

// parallelICA is the symmetric iteration of FastICA for any contrast,
// from the orthogonal start w, over n rows of k whitened features.
func parallelICA(k int, n float64, pass passFunc, w *linalg.Dense, o ICAOptions) (*ICA, error) {
	gz := linalg.New(k, k)
	gd := make([]float64, k)
	// W⁺ alternates between two buffers, never the caller's w, and the
	// decorrelation reuses its scratch space: no allocation per iteration.
	bufs := [2]*linalg.Dense{linalg.New(k, k), linalg.New(k, k)}
	var ws linalg.EigWork
	res := &ICA{}
	for it := 1; it <= o.MaxIter; it++ {
		if err := pass(gz.Data, gd, w); err != nil {
			return nil, err
		}
		inv := 1 / n
		for i := 0; i < k; i++ {
			row, wi := gz.Row(i), w.Row(i)
			for j := range row {
				row[j] = row[j]*inv - gd[i]*inv*wi[j]
			}
		}
		next := bufs[it%2]
		if err := linalg.SymDecorrelateTo(next, gz, &ws); err != nil {
			return nil, fmt.Errorf("fastica: iteration %d: %w", it, err)
		}
		lim := 0.0
		for i := 0; i < k; i++ {
			lim = math.Max(lim, math.Abs(math.Abs(dot(next.Row(i), w.Row(i)))-1))
		}
		w = next
		res.Iterations = it
		if lim < o.Tol {
			res.Converged = true
			break
		}
	}
	res.W = w
	return res, nil
}

// deflationICA estimates the rows of W one after another (Hyvärinen
// 1999, §5): w⁺ = E[z·g(wᵀz)] − E[g′(wᵀz)]·w, then w⁺ minus its
// projection on the rows already found, normalised.
func deflationICA(k int, n float64, pass passFunc, w0 *linalg.Dense, o ICAOptions) (*ICA, error) {
	w := linalg.New(k, k)
	res := &ICA{Converged: true}
	one := linalg.New(1, k)
	gz := make([]float64, k)
	var gd [1]float64
	for c := 0; c < k; c++ {
		v := one.Row(0)
		copy(v, w0.Row(c))
		scale(v, 1/math.Sqrt(dot(v, v)))
		conv := false
		it := 0
		for it < o.MaxIter && !conv {
			it++
			if err := pass(gz, gd[:], one); err != nil {
				return nil, err
			}
			next := make([]float64, k)
			for j := range next {
				next[j] = (gz[j] - gd[0]*v[j]) / n
			}
			for p := 0; p < c; p++ {
				wp := w.Row(p)
				d := dot(next, wp)
				for j := range next {
					next[j] -= d * wp[j]
				}
			}
			norm := math.Sqrt(dot(next, next))
			if !(norm > 0) {
				return nil, fmt.Errorf("fastica: component %d, iteration %d: %w",
					c, it, linalg.ErrRankDeficient)
			}
			scale(next, 1/norm)
			conv = math.Abs(math.Abs(dot(next, v))-1) < o.Tol
			copy(v, next)
		}
		copy(w.Row(c), v)
		res.Iterations = max(res.Iterations, it)
		res.Converged = res.Converged && conv
	}
	res.W = w
	return res, nil
}

func dot(a, b []float64) float64 {
	var s float64
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

func scale(v []float64, s float64) {
	for i := range v {
		v[i] *= s
	}
}
