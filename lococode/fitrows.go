package lococode

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/linalg"
)

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
	// 0 means DefaultMaxFitRows. A negative value streams every row: x
	// is scanned again, chunk by chunk, for each FastICA iteration or
	// LOCOCODE epoch (whose shuffles then stay within a chunk), in the
	// memory of one chunk.
	MaxFitRows int

	ICA      ICAOptions      // FitFastICA; zero value: DefaultICAOptions
	LOCOCODE LococodeOptions // FitLOCOCODE; zero value: DefaultLococodeOptions
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
	o.ICA = o.ICA.withDefaults()
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
	stream := o.MaxFitRows < 0
	if o.Method != FitPCA && !stream {
		maxSample = int64(o.MaxFitRows)
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
	vals, vecs, err := linalg.EigSymDesc(cov)
	if err != nil {
		return nil, fmt.Errorf("covariance: %w", err)
	}
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

	// The whitened rows FastICA and LOCOCODE see: the subsample, in
	// memory, or every row of x, whitened chunk by chunk on each pass.
	w := linalg.Identity(m)
	model.FitSamples = n
	scan := func(visit func(z *linalg.Dense) error) error {
		return x.Scan(func(c []float64) error {
			return visit(linalg.MulTB(linalg.Center(linalg.NewFrom(len(c)/p, p, c), st.mean), k))
		})
	}
	if o.Method != FitPCA && !stream {
		rows := len(st.sampled) / p
		model.FitSamples = int64(rows)
		z := linalg.MulTB(linalg.Center(linalg.NewFrom(rows, p, st.sampled), st.mean), k)
		st.sampled = nil
		scan = func(visit func(z *linalg.Dense) error) error { return visit(z) }
	}
	switch o.Method {
	case FitFastICA:
		res, err := fastICAPasses(m, float64(model.FitSamples), NewStream(o.Seed, 1), o.ICA,
			scanPass(scan, o.ICA))
		if err != nil {
			return nil, err
		}
		w, model.Iterations, model.Converged = res.W, res.Iterations, res.Converged
	case FitLOCOCODE:
		w, model.Iterations, model.Converged, err = trainModel(m, NewStream(o.Seed, 0), o.LOCOCODE, scan)
		if err != nil {
			return nil, err
		}
	}
	if err := model.finish(w, kinv); err != nil {
		return nil, err
	}
	model.Duration = time.Since(start)
	return model, nil
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

// trainModel trains the LOCOCODE autoencoder (k×k) on the whitened rows
// that scan visits, a chunk at a time, for o.Epochs epochs: each chunk's
// rows are shuffled with s and walked in mini-batches (kernel.StepRows).
// With the data in memory the one chunk is all of it, and its order
// carries over from epoch to epoch as Train's does. Converged means the
// mean of W over the last tenth of the epochs moved by less than o.Tol
// (relative) from the mean over the tenth before.
func trainModel(k int, s *Stream, o LococodeOptions,
	scan func(visit func(z *linalg.Dense) error) error) (*linalg.Dense, int, bool, error) {
	w := RandomOrthogonal(s, k)
	c := Config{Penalty: o.Penalty, PenaltyAlpha: o.PenaltyAlpha}
	params := kernel.StepParams{LR: o.LR, LambdaAct: o.LambdaAct, LambdaW: o.LambdaW, Alpha: c.stepAlpha()}
	bs := o.BatchSize
	ws := kernel.NewWorkspace(k)
	var perm []int
	visit := func(z *linalg.Dense) error {
		n := z.Rows
		if len(perm) != n {
			perm = make([]int, n)
			for i := range perm {
				perm[i] = i
			}
		}
		s.Shuffle(perm)
		for lo := 0; lo < n; lo += bs {
			kernel.StepRows(w.Data, z.Data, perm[lo:min(lo+bs, n)], k, params, ws)
		}
		return nil
	}
	e := o.Epochs
	win := max(1, e/10)
	avg1, avg2 := linalg.New(k, k), linalg.New(k, k)
	for ep := 1; ep <= e; ep++ {
		if err := scan(visit); err != nil {
			return nil, ep, false, err
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

// scanPass is the FastICA passFunc over the whitened chunks that scan
// visits: the sums of each chunk added up.
func scanPass(scan func(visit func(z *linalg.Dense) error) error, o ICAOptions) passFunc {
	return func(gz, gd []float64, w *linalg.Dense) error {
		cz, cd := make([]float64, len(gz)), make([]float64, len(gd))
		clear(gz)
		clear(gd)
		return scan(func(z *linalg.Dense) error {
			contrastPass(cz, cd, w, z, o)
			addTo(gz, cz)
			addTo(gd, cd)
			return nil
		})
	}
}

func addTo(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
}
