package lococode

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
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

// ErrData is wrapped by every error about data that cannot be fitted:
// NaN or infinite values, fewer samples than features, constant or
// duplicated columns, more components than the data's rank.
var ErrData = errors.New("unusable data")

// Rows is an n×p matrix that can be read more than once, a chunk of
// rows at a time, so that a fit need not hold it in memory.
// dataio.Source and DenseRows implement it.
type Rows interface {
	// Cols returns p.
	Cols() int
	// Scan calls fn with consecutive chunks of whole rows from the
	// first, row-major; fn must not keep the chunk. An error from fn
	// stops the scan and is returned.
	Scan(fn func(chunk []float64) error) error
}

// Locator is implemented by a Rows that can describe a place in its
// data for an error message (row 0-based over the data rows).
type Locator interface {
	Locate(row int64, col int) string
}

// DenseRows returns x as a Rows, in chunks of up to 8192 rows.
func DenseRows(x *linalg.Dense) Rows { return denseRows{x} }

type denseRows struct{ x *linalg.Dense }

func (d denseRows) Cols() int { return d.x.Cols }

func (d denseRows) Scan(fn func([]float64) error) error {
	const chunk = 8192
	p := d.x.Cols
	for lo := 0; lo < d.x.Rows; lo += chunk {
		hi := min(lo+chunk, d.x.Rows)
		if err := fn(d.x.Data[lo*p : hi*p]); err != nil {
			return err
		}
	}
	return nil
}

// LococodeOptions are the training settings of FitLOCOCODE (Config
// has their meaning); Tol decides convergence: the fit has converged
// when the last epoch changed W by less than Tol relative to ‖W‖_F.
type LococodeOptions struct {
	Epochs       int     `json:"epochs"`
	BatchSize    int     `json:"batch_size"`
	LR           float64 `json:"lr"`
	LambdaAct    float64 `json:"lambda_act"`
	LambdaW      float64 `json:"lambda_w"`
	Penalty      Penalty `json:"penalty"`
	PenaltyAlpha float64 `json:"penalty_alpha"`
	Tol          float64 `json:"tol"`
}

// DefaultLococodeOptions returns the headline's training settings and
// a convergence tolerance of 0.02.
func DefaultLococodeOptions() LococodeOptions {
	c := DefaultConfig()
	return LococodeOptions{Epochs: c.Epochs, BatchSize: c.BatchSize, LR: c.LR,
		LambdaAct: c.LambdaAct, LambdaW: c.LambdaW, Penalty: c.Penalty,
		PenaltyAlpha: c.PenaltyAlpha, Tol: 0.02}
}

// MaxFeatures is the largest number of columns FitRows accepts: it
// holds p×p matrices and decomposes one in O(p³).
const MaxFeatures = 4096

// DefaultMaxFitRows is the default bound on the rows that FastICA and
// LOCOCODE iterate over (FitOptions.MaxFitRows).
const DefaultMaxFitRows = 200000

// FitOptions are the settings of Fit.
type FitOptions struct {
	Method FitMethod

	// Components is the number m of components kept, 1 ≤ m ≤ p; 0
	// means p. With m < p the data is reduced to its m leading
	// principal directions by the whitening.
	Components int

	// Whiten is PCA (the default) or ZCA whitening; ZCA needs m = p.
	// FitPCA always uses PCA whitening.
	Whiten linalg.WhitenMode

	// Seed seeds the subsample, FastICA's start (stream 1) and
	// LOCOCODE's start and shuffles (stream 0).
	Seed uint64

	// RankTol is the rank tolerance relative to the largest covariance
	// eigenvalue λ₁: eigenvalues at or below RankTol·λ₁ are rounding
	// noise. 0 means max(n, p)·2⁻⁵², the rounding level of forming the
	// covariance.
	RankTol float64

	// MaxFitRows bounds the rows FastICA and LOCOCODE iterate over:
	// with more rows than this they run on a uniform random subsample
	// of MaxFitRows rows (reservoir sampling, seeded by Seed), held in
	// memory. The mean, covariance and whitening always use every row.
	// 0 means DefaultMaxFitRows; a negative value uses every row.
	MaxFitRows int

	ICA      ICAOptions      // FitFastICA; zero value: DefaultICAOptions
	LOCOCODE LococodeOptions // FitLOCOCODE; zero value: DefaultLococodeOptions
}

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

// stats accumulates the column means and the centred scatter matrix of
// the rows it sees, chunk by chunk (Chan, Golub & LeVeque 1983), and
// counts values that are not finite.
type stats struct {
	p         int
	n         int64
	mean      []float64
	scatter   []float64 // Σ (x − mean)(x − mean)ᵀ, p×p
	cmean     []float64 // chunk scratch
	cent      []float64
	gram      []float64
	bad       int64 // NaN or ±Inf values
	badRow    int64
	badCol    int
	lo, hi    []float64 // column extremes
	sampled   []float64 // reservoir (raw rows)
	maxSample int64
	stream    *Stream
}

func newStats(p int, maxSample int64, s *Stream) *stats {
	st := &stats{p: p, mean: make([]float64, p), scatter: make([]float64, p*p),
		cmean: make([]float64, p), gram: make([]float64, p*p),
		lo: make([]float64, p), hi: make([]float64, p), badRow: -1,
		maxSample: maxSample, stream: s}
	for j := range st.lo {
		st.lo[j], st.hi[j] = math.Inf(1), math.Inf(-1)
	}
	return st
}

func (st *stats) add(chunk []float64) {
	p := st.p
	b := len(chunk) / p
	if b == 0 {
		return
	}

	// Non-finite values are counted (v − v is 0 exactly for finite v);
	// once one is seen, only counting goes on.
	for i, v := range chunk[:b*p] {
		if v-v != 0 {
			if st.bad == 0 {
				st.badRow, st.badCol = st.n+int64(i/p), i%p
			}
			st.bad++
		}
	}
	if st.bad > 0 {
		st.n += int64(b)
		return
	}

	// Reservoir sampling (Algorithm R) of raw rows.
	for r := 0; r < b && st.maxSample > 0; r++ {
		t := st.n + int64(r)
		row := chunk[r*p : r*p+p]
		if t < st.maxSample {
			st.sampled = append(st.sampled, row...)
		} else if j := st.stream.uint64n(uint64(t + 1)); j < uint64(st.maxSample) {
			copy(st.sampled[int(j)*p:], row)
		}
	}

	// Chunk mean and centred Gram, then the merge.
	clear(st.cmean)
	lo, hi, cm := st.lo[:p], st.hi[:p], st.cmean[:p]
	for r := 0; r < b; r++ {
		for j, v := range chunk[r*p : r*p+p] {
			cm[j] += v
			if v < lo[j] {
				lo[j] = v
			}
			if v > hi[j] {
				hi[j] = v
			}
		}
	}
	for j := range st.cmean {
		st.cmean[j] /= float64(b)
	}
	if cap(st.cent) < b*p {
		st.cent = make([]float64, b*p)
	}
	cent := st.cent[:b*p]
	for r := 0; r < b; r++ {
		for j := 0; j < p; j++ {
			cent[r*p+j] = chunk[r*p+j] - st.cmean[j]
		}
	}
	kernel.Gram(st.gram, cent, b, p)
	na, nb := float64(st.n), float64(b)
	nt := na + nb
	f := na * nb / nt
	for i := 0; i < p; i++ {
		di := st.cmean[i] - st.mean[i]
		for j := 0; j < p; j++ {
			dj := st.cmean[j] - st.mean[j]
			st.scatter[i*p+j] += st.gram[i*p+j] + f*di*dj
		}
	}
	for j := range st.mean {
		st.mean[j] += (st.cmean[j] - st.mean[j]) * nb / nt
	}
	st.n += int64(b)
}

// uint64n returns a uniform integer in [0, n), n > 0, without modulo
// bias, on every platform (IntN's int is 32 bits on 386).
func (s *Stream) uint64n(n uint64) uint64 {
	hi, lo := bits.Mul64(s.src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(s.src.Uint64(), n)
		}
	}
	return hi
}

func (o *FitOptions) fill() error {
	switch o.Method {
	case FitLOCOCODE, FitFastICA, FitPCA:
	default:
		return fmt.Errorf("%w: method %q: want lococode, fastica or pca", ErrConfig, o.Method)
	}
	if o.ICA == (ICAOptions{}) {
		o.ICA = DefaultICAOptions()
	}
	if o.LOCOCODE == (LococodeOptions{}) {
		o.LOCOCODE = DefaultLococodeOptions()
	}
	if o.MaxFitRows == 0 {
		o.MaxFitRows = DefaultMaxFitRows
	}
	if o.Method == FitPCA {
		o.Whiten = linalg.PCAWhiten
	}
	l := o.LOCOCODE
	switch {
	case o.Components < 0:
		return fmt.Errorf("%w: components = %d is negative", ErrConfig, o.Components)
	case math.IsNaN(o.RankTol) || o.RankTol < 0 || o.RankTol >= 1:
		return fmt.Errorf("%w: rank tolerance %v: want a value in [0, 1)", ErrConfig, o.RankTol)
	case o.Whiten != linalg.PCAWhiten && o.Whiten != linalg.ZCAWhiten:
		return fmt.Errorf("%w: unknown whitening mode %v", ErrConfig, o.Whiten)
	case o.Method == FitFastICA:
		return o.ICA.Validate()
	case o.Method == FitLOCOCODE && (l.Epochs < 1 || l.BatchSize < 1):
		return fmt.Errorf("%w: lococode needs epochs ≥ 1 and batch size ≥ 1 (have %d, %d)",
			ErrConfig, l.Epochs, l.BatchSize)
	case o.Method == FitLOCOCODE && !(l.Tol > 0):
		return fmt.Errorf("%w: lococode tolerance %v: need a positive value", ErrConfig, l.Tol)
	case o.Method == FitLOCOCODE:
		c := DefaultConfig()
		c.K, c.N = 2, 3
		c.Epochs, c.BatchSize, c.LR, c.LambdaAct, c.LambdaW = l.Epochs, l.BatchSize, l.LR, l.LambdaAct, l.LambdaW
		c.Penalty, c.PenaltyAlpha = l.Penalty, l.PenaltyAlpha
		return c.Validate()
	}
	return nil
}

// Fit fits a model with o.Method to the n×p matrix x (rows are
// samples). See FitRows.
func Fit(x *linalg.Dense, o FitOptions) (*Model, error) {
	return FitRows(DenseRows(x), o)
}

// FitRows fits a model with o.Method to the rows of x, reading them in
// one pass: the count, column means and centred covariance C are
// accumulated chunk by chunk (in float64, with 64-bit counts), and,
// for FastICA and LOCOCODE, a seeded uniform subsample of at most
// o.MaxFitRows rows is kept. From the eigendecomposition C = E·Λ·Eᵀ
// (λ descending) the rank is the number of eigenvalues above
// RankTol·λ₁, and the whitening K (m×p) keeps the m leading directions,
// K = Λ_m^(-1/2)·E_mᵀ (ZCA: E·Λ^(-1/2)·Eᵀ, m = p), so only eigenvalues
// well above rounding level are ever divided by. The method then runs
// on the whitened subsample Z (m columns) and gives an m×m W; the
// unmixing is W·K. Memory: O(p² + MaxFitRows·p) besides the chunks of x.
//
// Errors wrap ErrConfig for invalid options and ErrData for data that
// cannot be fitted: NaN or Inf values (how many and where the first
// is), n ≤ p, and m above the rank, which names constant and
// duplicated columns when that is the cause. Not converging is not an
// error: Model.Converged says so.
func FitRows(x Rows, o FitOptions) (*Model, error) {
	if err := o.fill(); err != nil {
		return nil, err
	}
	start := time.Now()
	p := x.Cols()
	if p < 1 {
		return nil, fmt.Errorf("%w: no columns", ErrData)
	}
	if p > MaxFeatures {
		return nil, fmt.Errorf("%w: %d features: at most %d are supported (the covariance is p×p)",
			ErrData, p, MaxFeatures)
	}
	m := o.Components
	if m == 0 {
		m = p
	}
	if m > p {
		return nil, fmt.Errorf("%w: %d components for %d features: components must not exceed features",
			ErrConfig, m, p)
	}
	if o.Whiten == linalg.ZCAWhiten && m < p {
		return nil, fmt.Errorf("%w: zca whitening keeps all %d features: use pca whitening "+
			"for %d components", ErrConfig, p, m)
	}

	// Pass over the data.
	maxSample := int64(0)
	if o.Method != FitPCA {
		maxSample = math.MaxInt64
		if o.MaxFitRows > 0 {
			maxSample = int64(o.MaxFitRows)
		}
	}
	st := newStats(p, maxSample, NewStream(o.Seed, 2))
	if err := x.Scan(func(c []float64) error { st.add(c); return nil }); err != nil {
		return nil, err
	}
	if err := st.check(x, m); err != nil {
		return nil, err
	}

	// Covariance, its spectrum and the rank.
	n := st.n
	cov := linalg.New(p, p)
	for i := range cov.Data {
		cov.Data[i] = st.scatter[i] / float64(n)
	}
	if ok, i, _ := cov.AllFinite(); !ok {
		return nil, fmt.Errorf("%w: the covariance of column %d overflows float64 "+
			"(values up to %.3g): rescale the data", ErrData, i+1, math.Max(-st.lo[i], st.hi[i]))
	}
	vals, vecs, err := linalg.EigSym(cov)
	if err != nil {
		return nil, fmt.Errorf("covariance: %w", err)
	}
	reverse(vals, vecs)
	rtol := o.RankTol
	if rtol == 0 {
		rtol = float64(max(n, int64(p))) * 0x1p-52
	}
	rank := 0
	for _, v := range vals {
		if v > rtol*vals[0] {
			rank++
		}
	}
	if m > rank {
		return nil, st.rankError(x, cov, vals, rank, rtol, m)
	}

	// Whitening K (m×p) and its inverse on the kept subspace (p×m).
	k, kinv := whitening(vals, vecs, m, o.Whiten)

	model := &Model{Method: o.Method, Features: p, Components: m, Mean: st.mean,
		Whitening: k, Eigenvalues: vals, Rank: rank, RankTolerance: rtol,
		Samples: n, Whiten: o.Whiten, Seed: o.Seed, Converged: true}

	w := linalg.Identity(m)
	if o.Method != FitPCA {
		rows := len(st.sampled) / p
		model.FitSamples = int64(rows)
		z := linalg.MulTB(linalg.Center(linalg.NewFrom(rows, p, st.sampled), st.mean), k)
		st.sampled = nil
		if o.Method == FitFastICA {
			res, err := FastICAWith(z, NewStream(o.Seed, 1), o.ICA)
			if err != nil {
				return nil, err
			}
			w, model.Iterations, model.Converged = res.W, res.Iterations, res.Converged
		} else {
			w, model.Iterations, model.Converged, err = trainModel(z, NewStream(o.Seed, 0), o.LOCOCODE)
			if err != nil {
				return nil, err
			}
		}
	} else {
		model.FitSamples = n
	}
	if err := model.finish(w, kinv); err != nil {
		return nil, err
	}
	model.Duration = time.Since(start)
	return model, nil
}

// check reports the data problems found by the pass.
func (st *stats) check(x Rows, m int) error {
	if st.bad > 0 {
		where := fmt.Sprintf("row %d, column %d", st.badRow+1, st.badCol+1)
		if l, ok := x.(Locator); ok {
			where = l.Locate(st.badRow, st.badCol)
		}
		return fmt.Errorf("%w: %d NaN or infinite %s; the first at %s",
			ErrData, st.bad, plural(st.bad, "value", "values"), where)
	}
	if st.n == 0 {
		return fmt.Errorf("%w: no rows", ErrData)
	}
	if st.n <= int64(st.p) {
		return fmt.Errorf("%w: %d %s for %d features: need more samples than features",
			ErrData, st.n, plural(st.n, "sample", "samples"), st.p)
	}
	return nil
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// rankError explains why the data has fewer than m independent
// directions: constant columns, duplicated (proportional) columns, or
// another linear dependence.
func (st *stats) rankError(x Rows, cov *linalg.Dense, vals []float64, rank int, rtol float64, m int) error {
	p := st.p
	name := func(j int) string {
		if l, ok := x.(Locator); ok {
			return "column " + afterComma(l.Locate(0, j))
		}
		return fmt.Sprintf("column %d", j+1)
	}
	var why string
	tol := rtol * vals[0]
	for j := 0; j < p && why == ""; j++ {
		if st.lo[j] == st.hi[j] || cov.At(j, j) <= tol {
			why = fmt.Sprintf("%s is constant", name(j))
		}
	}
	for i := 0; i < p && why == ""; i++ {
		for j := i + 1; j < p && why == ""; j++ {
			c, a, b := cov.At(i, j), cov.At(i, i), cov.At(j, j)
			if c*c >= (1-1e-9)*a*b {
				why = fmt.Sprintf("%s and %s are equal or proportional", name(i), name(j))
			}
		}
	}
	if why == "" {
		why = "some columns are linear combinations of others"
	}
	return fmt.Errorf("%w: the data has rank %d (covariance eigenvalues ≤ %.3g·λ₁ = %.3g count as zero; "+
		"smallest %.3g), less than the %d components asked for: %s; drop such columns or ask for "+
		"at most %d %s", ErrData, rank, rtol, tol, vals[len(vals)-1], m, why, rank,
		plural(int64(rank), "component", "components"))
}

// afterComma turns a Locator's "row 1, column 3 (\"b\")" into
// "3 (\"b\")".
func afterComma(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if i+7 <= len(s) && s[i:i+7] == "column " {
			return s[i+7:]
		}
		if i+8 <= len(s) && s[i:i+8] == "channel " {
			return s[i+8:]
		}
	}
	return s
}

// reverse turns EigSym's ascending order into descending order.
func reverse(vals []float64, vecs *linalg.Dense) {
	k := len(vals)
	for i, j := 0, k-1; i < j; i, j = i+1, j-1 {
		vals[i], vals[j] = vals[j], vals[i]
		for r := 0; r < k; r++ {
			row := vecs.Row(r)
			row[i], row[j] = row[j], row[i]
		}
	}
}

// whitening returns K (m×p) and its right inverse K⁺ (p×m), K·K⁺ = I.
func whitening(vals []float64, vecs *linalg.Dense, m int, mode linalg.WhitenMode) (k, kinv *linalg.Dense) {
	p := len(vals)
	k = linalg.New(m, p)
	kinv = linalg.New(p, m)
	for i := 0; i < m; i++ {
		s := math.Sqrt(vals[i])
		for j := 0; j < p; j++ {
			k.Data[i*p+j] = vecs.At(j, i) / s
			kinv.Data[j*m+i] = vecs.At(j, i) * s
		}
	}
	if mode == linalg.ZCAWhiten {
		// m = p: K ← E·K, K⁺ ← K⁺·Eᵀ.
		k = linalg.Mul(vecs, k)
		kinv = linalg.MulTB(kinv, vecs)
	}
	return k, kinv
}

// finish sets the unmixing W·K and the mixing K⁺·W⁻¹ from W (m×m),
// with each row of W scaled to unit norm (unit-variance sources), then
// orders and signs the components by the Model conventions.
func (md *Model) finish(w, kinv *linalg.Dense) error {
	m := w.Rows
	w = w.Clone()
	for i := 0; i < m; i++ {
		row := w.Row(i)
		nrm := math.Sqrt(dot(row, row))
		if !(nrm > 0) || math.IsInf(nrm, 0) {
			return fmt.Errorf("fit: component %d has a zero or non-finite weight vector", i+1)
		}
		scale(row, 1/nrm)
	}
	winv, err := inverse(w)
	if err != nil {
		return fmt.Errorf("fit: %w", err)
	}
	b := linalg.Mul(w, md.Whitening)
	a := linalg.Mul(kinv, winv)

	// Order by decreasing ‖column of A‖², stably.
	p := md.Features
	energy := make([]float64, m)
	for j := 0; j < m; j++ {
		for i := 0; i < p; i++ {
			energy[j] += a.At(i, j) * a.At(i, j)
		}
	}
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	for i := 1; i < m; i++ { // insertion sort: stable, m is small
		for j := i; j > 0 && energy[order[j]] > energy[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	md.Unmixing, md.Mixing = linalg.New(m, p), linalg.New(p, m)
	for c, src := range order {
		big, sign := 0.0, 1.0
		for i := 0; i < p; i++ {
			if v := a.At(i, src); math.Abs(v) > big {
				big, sign = math.Abs(v), math.Copysign(1, v)
			}
		}
		for j := 0; j < p; j++ {
			md.Unmixing.Set(c, j, sign*b.At(src, j))
			md.Mixing.Set(j, c, sign*a.At(j, src))
		}
	}
	return nil
}

// inverse returns w⁻¹ for the m×m matrix w by QR: w⁻¹ = R⁻¹·Qᵀ.
func inverse(w *linalg.Dense) (*linalg.Dense, error) {
	m := w.Rows
	q, r := linalg.QR(w)
	var rmax float64
	for i := 0; i < m; i++ {
		rmax = math.Max(rmax, math.Abs(r.At(i, i)))
	}
	for i := 0; i < m; i++ {
		if !(math.Abs(r.At(i, i)) > float64(m)*0x1p-52*rmax) {
			return nil, fmt.Errorf("the learned %d×%d weight matrix is singular: %w", m, m,
				linalg.ErrRankDeficient)
		}
	}

	// Solve R·X = Qᵀ column by column (back substitution).
	qt := q.T()
	inv := linalg.New(m, m)
	for c := 0; c < m; c++ {
		for i := m - 1; i >= 0; i-- {
			s := qt.At(i, c)
			for j := i + 1; j < m; j++ {
				s -= r.At(i, j) * inv.At(j, c)
			}
			inv.Set(i, c, s/r.At(i, i))
		}
	}
	return inv, nil
}

// trainModel trains LOCOCODE's W (m×m) on the whitened z as Train does
// (same initialisation, shuffles and kernel.Step), without the history.
// With a constant learning rate W keeps fluctuating around its optimum,
// so convergence compares averages: W̄₁ over the epochs in (0.8E, 0.9E]
// and W̄₂ over (0.9E, E] (E epochs, each window at least one epoch); the
// fit has converged when ‖W̄₂ − W̄₁‖_F < tol·‖W̄₂‖_F.
func trainModel(z *linalg.Dense, s *Stream, o LococodeOptions) (*linalg.Dense, int, bool, error) {
	n, k := z.Rows, z.Cols
	w := RandomOrthogonal(s, k)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	c := Config{Penalty: o.Penalty, PenaltyAlpha: o.PenaltyAlpha}
	params := kernel.StepParams{LR: o.LR, LambdaAct: o.LambdaAct, LambdaW: o.LambdaW, Alpha: c.stepAlpha()}
	bs := o.BatchSize
	zb := make([]float64, bs*k)
	ws := kernel.NewWorkspace(k)
	e := o.Epochs
	win := max(1, e/10)
	avg1, avg2 := linalg.New(k, k), linalg.New(k, k)
	for ep := 1; ep <= e; ep++ {
		s.Shuffle(perm)
		for lo := 0; lo < n; lo += bs {
			b := min(bs, n-lo)
			for r, idx := range perm[lo : lo+b] {
				copy(zb[r*k:r*k+k], z.Data[idx*k:idx*k+k])
			}
			kernel.Step(w.Data, zb, b, k, params, ws)
		}
		if ok, _, _ := w.AllFinite(); !ok {
			return nil, ep, false, fmt.Errorf("lococode: W is not finite after epoch %d: "+
				"the learning rate %g is too large", ep, o.LR)
		}
		switch {
		case ep > e-win:
			addTo(avg2.Data, w.Data)
		case ep > e-2*win:
			addTo(avg1.Data, w.Data)
		}
	}
	if e < 2 {
		return w, e, false, nil
	}
	for i := range avg1.Data {
		avg1.Data[i] -= avg2.Data[i]
	}
	return w, e, avg1.NormFrob() < o.Tol*avg2.NormFrob(), nil
}

func addTo(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
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

// ModelJSON is the JSON form of a Model: matrices as arrays of rows.
type ModelJSON struct {
	Method        FitMethod   `json:"method"`
	Features      int         `json:"features"`
	Components    int         `json:"components"`
	Samples       int64       `json:"samples"`
	FitSamples    int64       `json:"fit_samples"`
	Whiten        string      `json:"whiten"`
	Seed          uint64      `json:"seed"`
	Rank          int         `json:"rank"`
	RankTolerance float64     `json:"rank_tolerance"`
	Eigenvalues   []float64   `json:"eigenvalues"`
	Iterations    int         `json:"iterations"`
	Converged     bool        `json:"converged"`
	Mean          []float64   `json:"mean"`
	Whitening     [][]float64 `json:"whitening"`
	Unmixing      [][]float64 `json:"unmixing"`
	Mixing        [][]float64 `json:"mixing"`
}

// JSON returns md in its JSON form.
func (md *Model) JSON() ModelJSON {
	rows := func(m *linalg.Dense) [][]float64 {
		out := make([][]float64, m.Rows)
		for i := range out {
			out[i] = append([]float64(nil), m.Row(i)...)
		}
		return out
	}
	return ModelJSON{Method: md.Method, Features: md.Features, Components: md.Components,
		Samples: md.Samples, FitSamples: md.FitSamples, Whiten: md.Whiten.String(), Seed: md.Seed,
		Rank: md.Rank, RankTolerance: md.RankTolerance, Eigenvalues: md.Eigenvalues,
		Iterations: md.Iterations, Converged: md.Converged, Mean: md.Mean,
		Whitening: rows(md.Whitening), Unmixing: rows(md.Unmixing), Mixing: rows(md.Mixing)}
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

// Model returns the model j describes, checking that its shapes agree
// and its values are finite; the error wraps ErrData. Eigenvalues and
// the fit's counts are kept as they are.
func (j ModelJSON) Model() (*Model, error) {
	p, m := j.Features, j.Components
	bad := func(format string, a ...any) (*Model, error) {
		return nil, fmt.Errorf("%w: model: %s", ErrData, fmt.Sprintf(format, a...))
	}
	if p < 1 || p > MaxFeatures || m < 1 || m > p {
		return bad("%d components of %d features", m, p)
	}
	if len(j.Mean) != p {
		return bad("mean has %d entries, want %d", len(j.Mean), p)
	}
	dense := func(name string, rows [][]float64, r, c int) (*linalg.Dense, error) {
		if len(rows) != r {
			return nil, fmt.Errorf("%w: model: %s has %d rows, want %d", ErrData, name, len(rows), r)
		}
		d := linalg.New(r, c)
		for i, row := range rows {
			if len(row) != c {
				return nil, fmt.Errorf("%w: model: %s row %d has %d entries, want %d",
					ErrData, name, i+1, len(row), c)
			}
			copy(d.Row(i), row)
		}
		if ok, _, _ := d.AllFinite(); !ok {
			return nil, fmt.Errorf("%w: model: %s has a NaN or infinite entry", ErrData, name)
		}
		return d, nil
	}
	md := &Model{Method: j.Method, Features: p, Components: m, Mean: j.Mean,
		Eigenvalues: j.Eigenvalues, Rank: j.Rank, RankTolerance: j.RankTolerance,
		Samples: j.Samples, FitSamples: j.FitSamples, Iterations: j.Iterations,
		Converged: j.Converged, Seed: j.Seed}
	if j.Whiten == "zca" {
		md.Whiten = linalg.ZCAWhiten
	}
	for _, v := range j.Mean {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("mean has a NaN or infinite entry")
		}
	}
	var err error
	if md.Whitening, err = dense("whitening", j.Whitening, m, p); err != nil {
		return nil, err
	}
	if md.Unmixing, err = dense("unmixing", j.Unmixing, m, p); err != nil {
		return nil, err
	}
	if md.Mixing, err = dense("mixing", j.Mixing, p, m); err != nil {
		return nil, err
	}
	return md, nil
}
