package pipeline

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/lococode/lococode/dmd"
	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// Method names of Trace.
const (
	LOCOCODE       = lococode.MethodLOCOCODE
	LOCOCODEDirect = "LOCOCODE (write-up step)"
	PCA            = lococode.MethodPCA
	FastICA        = lococode.MethodFastICA
)

// Methods lists the methods Trace knows, in report order.
var Methods = []string{LOCOCODE, LOCOCODEDirect, PCA, FastICA}

// ErrConfig is wrapped by the errors of configurations Trace does not
// trace.
var ErrConfig = errors.New("pipeline: configuration not traced")

// Options control a trace.
type Options struct {
	// BytesPerElement is ByteDMD's w; 0 means 1.
	BytesPerElement int

	// Progress, if not nil, is called after every epoch of LOCOCODE and
	// every iteration of FastICA, with the work done and the work there
	// is (FastICA's total is its iteration limit).
	Progress func(p Progress)
}

// Progress is the state of a running trace.
type Progress struct {
	Method      string
	K, N        int
	Done, Total int
	Reads       int64
}

// Phase is the cost of the trace up to the end of a stage.
type Phase struct {
	Name  string `json:"name"`  // whiten, fit, demixer, score
	Cost  int64  `json:"cost"`  // cumulative ByteDMD cost at the end of the stage
	Reads int64  `json:"reads"` // cumulative reads
}

// Result is one traced pipeline.
type Result struct {
	Method    string    `json:"method"`
	K         int       `json:"k"`
	N         int       `json:"n"`
	Epochs    int       `json:"epochs,omitempty"` // LOCOCODE
	Stats     dmd.Stats `json:"stats"`
	Phases    []Phase   `json:"phases"`
	Amari     float64   `json:"amari"`
	Kurtosis  float64   `json:"kurtosis"`
	Sparsity  float64   `json:"sparsity"`
	Seconds   float64   `json:"seconds"` // wall time of the trace
	Converged bool      `json:"converged"`

	MSE        float64          `json:"mse,omitempty"`        // LOCOCODE: final whitened reconstruction MSE
	Iterations int              `json:"iterations,omitempty"` // FastICA
	History    []lococode.Epoch `json:"-"`                    // LOCOCODE
	// EpochCosts is LOCOCODE's cumulative cost after the history of
	// each epoch, from epoch 0 (before training).
	EpochCosts []int64       `json:"-"`
	Demixer    *linalg.Dense `json:"-"`
	Whitener   *linalg.Dense `json:"-"` // K
}

// tracer is one trace in progress.
type tracer struct {
	t   *dmd.Machine
	res *Result
	opt Options
}

func (tr *tracer) phase(name string) {
	st := tr.t.Stats()
	tr.res.Phases = append(tr.res.Phases, Phase{name, st.Cost, st.Reads})
}

func (tr *tracer) progress(done, total int) {
	if tr.opt.Progress != nil {
		tr.opt.Progress(Progress{tr.res.Method, tr.res.K, tr.res.N, done, total, tr.t.Reads()})
	}
}

// Trace runs one method of the headline experiment on the data of
// seed under ByteDMD, as lococode.RunSeed performs it with the generic
// kernels, and returns its cost and its results (which equal RunSeed's).
//
// The data generation is outside the measurement: its outputs are the
// arguments, pushed at entry, X (n×k, row-major) and then the true
// mixing A (k×k), which only the Amari distance reads. Then:
//
//   - LOCOCODE: whitening (column means, centring, covariance,
//     eigendecomposition, K, Z = Xc·Kᵀ), lococode.Train with its
//     per-epoch history, the demixer W·K and the scores;
//   - LOCOCODEDirect: the same with the write-up's straightforward step
//     (H and E formed) in place of kernel.Step;
//   - PCA: whitening without Z, the PCA demixer and the scores;
//   - FastICA: whitening, Z, the symmetric FastICA iterations with tanh
//     and symmetric decorrelation, the demixer W·K and the scores.
//
// Random draws (the initial W of LOCOCODE and FastICA) are pushed free
// at the moment they are drawn, as arguments are; the shuffles are
// indexing and free. Only PCA whitening and FastICA's default contrast
// (logcosh, α = 1, parallel) are traced.
func Trace(method string, cfg lococode.Config, seed uint64, opt Options) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Whiten != linalg.PCAWhiten {
		return nil, fmt.Errorf("%w: whitening %v (only pca)", ErrConfig, cfg.Whiten)
	}
	if cfg.Float32 {
		return nil, fmt.Errorf("%w: float32 training", ErrConfig)
	}
	if cfg.Penalty != "" && cfg.Penalty != lococode.PenaltyL1 {
		return nil, fmt.Errorf("%w: penalty %s (only l1)", ErrConfig, cfg.Penalty)
	}
	if o := cfg.ICAOptions(); method == FastICA && (o.Fun != "" && o.Fun != lococode.LogCosh ||
		o.Alpha != 0 && o.Alpha != 1 || o.Algorithm != "" && o.Algorithm != lococode.Parallel) {
		return nil, fmt.Errorf("%w: FastICA %s, α = %v, %s (only logcosh, α = 1, parallel)",
			ErrConfig, o.Fun, o.Alpha, o.Algorithm)
	}
	w := opt.BytesPerElement
	if w == 0 {
		w = 1
	}
	start := time.Now()
	s := lococode.NewStream(seed, 0)
	data := lococode.Generate(s, cfg.N, cfg.K)

	tr := &tracer{t: dmd.New(w), opt: opt,
		res: &Result{Method: method, K: cfg.K, N: cfg.N, Converged: true}}
	t := tr.t
	x := &mat{cfg.N, cfg.K, t.Args(data.X.Data)}
	a := &mat{cfg.K, cfg.K, t.Args(data.A.Data)}

	wh, err := fitWhitener(t, x, 1e-9)
	if err != nil {
		return nil, err
	}
	tr.res.Whitener = wh.k.values()

	var b *mat
	switch method {
	case LOCOCODE, LOCOCODEDirect:
		z := wh.transform(t, x)
		tr.phase("whiten")
		tr.res.Epochs = cfg.Epochs
		wt, err := tr.train(z, wh.k, a, cfg, s, method == LOCOCODEDirect)
		if err != nil {
			return nil, err
		}
		tr.phase("fit")
		b = mul(t, wt, wh.k)
	case PCA:
		tr.phase("whiten")
		tr.phase("fit")
		b = pcaDemixer(t, wh)
	case FastICA:
		z := wh.transform(t, x)
		tr.phase("whiten")
		wt, err := tr.fastICA(z, lococode.NewStream(seed, 1), cfg.FastICAMaxIter, cfg.FastICATol)
		if err != nil {
			return nil, err
		}
		tr.phase("fit")
		b = mul(t, wt, wh.k)
	default:
		return nil, fmt.Errorf("%w: unknown method %q", ErrConfig, method)
	}
	tr.phase("demixer")
	tr.res.Demixer = b.values()

	tr.score(b, x, a)
	tr.phase("score")
	tr.res.Stats = t.Stats()
	tr.res.Seconds = time.Since(start).Seconds()
	return tr.res, nil
}

// randomOrthogonal is lococode.RandomOrthogonal: the k×k normal draws
// are pushed free as they are drawn, then PositiveQR is traced.
func randomOrthogonal(t *dmd.Machine, s *lococode.Stream, k int) *mat {
	g := newMat(k, k)
	for i := range g.v {
		g.v[i] = t.Arg(s.Normal())
	}
	q, _ := positiveQR(t, g)
	return q
}

// train is lococode.Train; direct selects the write-up's step.
func (tr *tracer) train(z, kw, a *mat, cfg lococode.Config, s *lococode.Stream, direct bool) (*mat, error) {
	t := tr.t
	n, k := z.r, z.c
	w := randomOrthogonal(t, s, k)
	rec := newRecorder(t, z, kw, a)
	hist := make([]lococode.Epoch, 0, cfg.Epochs+1)
	hist = append(hist, rec.measure(0, w))
	tr.res.EpochCosts = append(tr.res.EpochCosts, t.Cost())

	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	bs := cfg.BatchSize
	zb := make([]dmd.Num, bs*k)
	ws := newStepWork(k)
	dw := newDirectWork(bs, k)
	p := stepParams{lr: cfg.LR, lambdaAct: cfg.LambdaAct, lambdaW: cfg.LambdaW}
	for ep := 1; ep <= cfg.Epochs; ep++ {
		s.Shuffle(perm)
		for lo := 0; lo < n; lo += bs {
			b := min(bs, n-lo)
			for r, idx := range perm[lo : lo+b] {
				copy(zb[r*k:r*k+k], z.v[idx*k:idx*k+k])
			}
			if direct {
				directStep(t, w.v, zb, b, k, p, dw)
			} else {
				step(t, w.v, zb, b, k, p, ws)
			}
		}
		for _, v := range w.v {
			if math.IsNaN(v.X) || math.IsInf(v.X, 0) {
				return nil, fmt.Errorf("train: W is not finite after epoch %d", ep)
			}
		}
		hist = append(hist, rec.measure(ep, w))
		tr.res.EpochCosts = append(tr.res.EpochCosts, t.Cost())
		tr.progress(ep, cfg.Epochs)
	}
	tr.res.History = hist
	tr.res.MSE = hist[len(hist)-1].MSE
	return w, nil
}

// recorder is lococode's history recorder.
type recorder struct {
	t     *dmd.Machine
	z     *mat
	kw, a *mat
	g     []dmd.Num
	sums  []dmd.Num
	m, m2 []dmd.Num
}

func newRecorder(t *dmd.Machine, z, kw, a *mat) *recorder {
	k := z.c
	r := &recorder{t: t, z: z, kw: kw, a: a,
		g: make([]dmd.Num, k*k), sums: make([]dmd.Num, 5*k),
		m: make([]dmd.Num, k*k), m2: make([]dmd.Num, k*k)}
	gram(t, r.g, z.v, z.r, k)
	return r
}

func (r *recorder) measure(epoch int, w *mat) lococode.Epoch {
	t := r.t
	n, k := r.z.r, r.z.c
	nsmall := forwardMoments(t, r.sums, w.v, r.z.v, n, k, lococode.SparseThreshold)

	mulTA(t, r.m, w.v, w.v, k, k, k)
	one := dmd.Const(1)
	for i := 0; i < k; i++ {
		r.m[i*k+i] = t.Sub(r.m[i*k+i], one)
	}
	matMul(t, r.m2, r.m, r.m, k, k, k)
	var sse dmd.Num
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			sse = t.Add(sse, t.Mul(r.g[i*k+j], r.m2[j*k+i]))
		}
	}

	nf := float64(n)
	var kurt, sabs dmd.Num
	for i := 0; i < k; i++ {
		kurt = t.Add(kurt, kurtosisFromSums(t, r.sums[i], r.sums[k+i], r.sums[2*k+i], r.sums[3*k+i], nf))
		sabs = t.Add(sabs, r.sums[4*k+i])
	}
	nk := dmd.Const(nf * float64(k))
	return lococode.Epoch{
		Epoch:    epoch,
		MSE:      t.Div(t.Max(sse, dmd.Const(0)), nk).X,
		MeanAbsH: t.Div(sabs, nk).X,
		Kurtosis: t.Div(kurt, dmd.Const(float64(k))).X,
		Sparsity: float64(nsmall) / (nf * float64(k)),
		Amari:    amari(t, mul(t, w, r.kw), r.a),
	}
}

// kurtosisFromSums is lococode's kurtosis from raw power sums.
func kurtosisFromSums(t *dmd.Machine, s1, s2, s3, s4 dmd.Num, n float64) dmd.Num {
	nn := dmd.Const(n)
	mu := t.Div(s1, nn)
	r2, r3, r4 := t.Div(s2, nn), t.Div(s3, nn), t.Div(s4, nn)
	m2 := t.Max(t.Sub(r2, t.Mul(mu, mu)), dmd.Const(1e-12))
	c3, c4, c6 := dmd.Const(3), dmd.Const(4), dmd.Const(6)
	m4 := t.Sub(r4, t.Mul(t.Mul(c4, mu), r3))
	m4 = t.Add(m4, t.Mul(t.Mul(t.Mul(c6, mu), mu), r2))
	m4 = t.Sub(m4, t.Mul(t.Mul(t.Mul(t.Mul(c3, mu), mu), mu), mu))
	return t.Sub(t.Div(m4, t.Mul(m2, m2)), c3)
}

// fastICA is lococode.FastICA (parallel, g = tanh).
func (tr *tracer) fastICA(z *mat, s *lococode.Stream, maxIter int, tol float64) (*mat, error) {
	t := tr.t
	n, k := z.r, z.c
	w := randomOrthogonal(t, s, k)
	gz := newMat(k, k)
	gd := make([]dmd.Num, k)
	one, ctol := dmd.Const(1), dmd.Const(tol)
	tr.res.Converged = false
	for it := 1; it <= maxIter; it++ {
		tanhContrast(t, gz.v, gd, w.v, z.v, n, k)
		inv := dmd.Const(1 / float64(n))
		for i := 0; i < k; i++ {
			row, wi := gz.row(i), w.row(i)
			for j := range row {
				row[j] = t.Sub(t.Mul(row[j], inv), t.Mul(t.Mul(gd[i], inv), wi[j]))
			}
		}
		next, err := symDecorrelate(t, gz)
		if err != nil {
			return nil, fmt.Errorf("fastica: iteration %d: %w", it, err)
		}

		var lim dmd.Num
		for i := 0; i < k; i++ {
			var dot dmd.Num
			for j, v := range next.row(i) {
				dot = t.Add(dot, t.Mul(v, w.v[i*k+j]))
			}
			lim = t.Max(lim, t.Abs(t.Sub(t.Abs(dot), one)))
		}
		w = next
		tr.res.Iterations = it
		tr.progress(it, maxIter)
		if t.Less(lim, ctol) {
			tr.res.Converged = true
			break
		}
	}
	return w, nil
}

// pcaDemixer is lococode.PCADemixer.
func pcaDemixer(t *dmd.Machine, wh *whitener) *mat {
	k := len(wh.values)
	b := newMat(k, k)
	one, fl := dmd.Const(1), dmd.Const(1e-9)
	for i := 0; i < k; i++ {
		s := t.Div(one, t.Sqrt(t.Add(wh.values[i], fl)))
		for j := 0; j < k; j++ {
			b.v[i*k+j] = t.Mul(s, wh.vecs.v[j*k+i])
		}
	}
	return b
}

// score is lococode's score: codes H = X·Bᵀ, Amari distance, mean
// kurtosis and sparsity.
func (tr *tracer) score(b, x, a *mat) {
	t := tr.t
	h := mulTB(t, x, b)
	tr.res.Amari = amari(t, b, a)
	tr.res.Kurtosis = mean(t, kurtosis(t, h)).X
	tr.res.Sparsity = sparsity(t, h)
}

// amari is lococode.Amari.
func amari(t *dmd.Machine, b, a *mat) float64 {
	k := a.r
	if k < 2 {
		return 0
	}
	p := mul(t, b, a)
	for i := range p.v {
		p.v[i] = t.Abs(p.v[i])
	}
	one, fl := dmd.Const(1), dmd.Const(1e-12)
	var d dmd.Num
	for i := 0; i < k; i++ {
		var sum, m dmd.Num
		for _, v := range p.row(i) {
			sum = t.Add(sum, v)
			m = t.Max(m, v)
		}
		d = t.Add(d, t.Sub(t.Div(sum, t.Max(m, fl)), one))
	}
	for j := 0; j < k; j++ {
		var sum, m dmd.Num
		for i := 0; i < k; i++ {
			v := p.v[i*k+j]
			sum = t.Add(sum, v)
			m = t.Max(m, v)
		}
		d = t.Add(d, t.Sub(t.Div(sum, t.Max(m, fl)), one))
	}
	return t.Div(d, dmd.Const(float64(2*k*(k-1)))).X
}

// kurtosis is lococode.Kurtosis (two passes about the column means).
func kurtosis(t *dmd.Machine, h *mat) []dmd.Num {
	mn := columnMeans(t, h)
	k := h.c
	m2 := make([]dmd.Num, k)
	m4 := make([]dmd.Num, k)
	for i := 0; i < h.r; i++ {
		for j, v := range h.row(i) {
			d := t.Sub(v, mn[j])
			d2 := t.Mul(d, d)
			m2[j] = t.Add(m2[j], d2)
			m4[j] = t.Add(m4[j], t.Mul(d2, d2))
		}
	}
	out := make([]dmd.Num, k)
	n := dmd.Const(float64(h.r))
	fl, three := dmd.Const(1e-12), dmd.Const(3)
	for j := range out {
		v := t.Max(t.Div(m2[j], n), fl)
		out[j] = t.Sub(t.Div(t.Div(m4[j], n), t.Mul(v, v)), three)
	}
	return out
}

// sparsity is lococode.Sparsity: each entry is an abs, a comparison
// and a branch; the count is an integer off the stack.
func sparsity(t *dmd.Machine, h *mat) float64 {
	var c int64
	lim := dmd.Const(lococode.SparseThreshold)
	for _, v := range h.v {
		if t.Less(t.Abs(v), lim) {
			c++
		}
	}
	return float64(c) / float64(len(h.v))
}

// mean is lococode.Mean.
func mean(t *dmd.Machine, v []dmd.Num) dmd.Num {
	if len(v) == 0 {
		return dmd.Num{}
	}
	var s dmd.Num
	for _, x := range v {
		s = t.Add(s, x)
	}
	return t.Div(s, dmd.Const(float64(len(v))))
}
