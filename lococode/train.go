package lococode

import (
	"fmt"
	"math"
	"time"

	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/linalg"
)

// Epoch is one row of the training history, measured on the full
// whitened data Z (n×k) with the codes H = Z·Wᵀ.
type Epoch struct {
	Epoch    int     `json:"epoch"`      // 0 before training, then 1…Epochs
	MSE      float64 `json:"mse"`        // mean of (Z − Z·Wᵀ·W)² over all n·k entries
	MeanAbsH float64 `json:"mean_abs_h"` // mean |H|
	Kurtosis float64 `json:"kurtosis"`   // mean excess kurtosis of H's columns
	Sparsity float64 `json:"sparsity"`   // fraction of entries with |H| < 0.2
	Amari    float64 `json:"amari"`      // Amari distance of W·K to A
}

// Snapshot is W (k×k) after an epoch.
type Snapshot struct {
	Epoch int
	W     *linalg.Dense
}

// Training is the outcome of Train.
type Training struct {
	W         *linalg.Dense // learned weights, k×k; the demixer is W·K
	History   []Epoch       // Epochs+1 rows, from epoch 0
	Snapshots []Snapshot    // epoch 0, every SnapshotEvery-th, and the last
	Duration  time.Duration // wall time of the epochs and the history
}

// Problem is what Train learns from and is measured against.
type Problem struct {
	Z *linalg.Dense // whitened data, n×k, centred with identity covariance
	K *linalg.Dense // whitener, k×k (Z = X·Kᵀ)
	A *linalg.Dense // true mixing, k×k, for the Amari column of the history
}

// Train fits the tied linear autoencoder H = Z·Wᵀ, Ẑ = H·W of
// README.md ("What it computes") to p.Z. W starts as RandomOrthogonal(s, k); each epoch
// shuffles the rows with s and applies kernel.StepRows to every
// mini-batch in order (kernel.StepRows32 with cfg.Float32), then records
// the history on the full data. The shuffle of an epoch is drawn during
// the batch passes of the one before (kernel.StepRowsDraw) and made
// while its history is measured (see recorder.measure): the same draws
// from s, in the same order, as shuffling at its start.
//
// The history's reconstruction MSE uses G = ZᵀZ, formed once: with
// M = WᵀW − I, Σ(Z − Z·WᵀW)² = tr(G·M²), an O(k³) product instead of a
// pass over the data. The other columns come from one kernel.ForwardMoments
// pass per epoch.
//
// Train returns an error if W stops being finite (the learning rate is
// too large for the data).
func Train(p Problem, cfg Config, s *Stream) (*Training, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n, k := p.Z.Rows, p.Z.Cols
	if k != cfg.K || p.K.Rows != k || p.A.Rows != k {
		panic("lococode: problem shape does not match the configuration")
	}
	start := time.Now()
	w := RandomOrthogonal(s, k)
	var z32 []float32
	if cfg.Float32 {
		z32 = make([]float32, n*k)
		for i, v := range p.Z.Data {
			z32[i] = float32(v)
		}
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	rec := newRecorder(p, z32, n, k)
	rec.perm = perm
	// measure(ep) shuffles perm for epoch ep+1, if there is one. The
	// draws of that shuffle are made during epoch ep's batch passes
	// (kernel.Draws), started after the shuffle before.
	shuffles := func(ep int) bool { return ep < cfg.Epochs }
	rec.draws = &kernel.Draws{G: s.src}
	rec.draws.Start(n)
	startDraws := func(ep int) {
		if shuffles(ep) {
			rec.draws.Start(n)
		}
	}
	tr := &Training{W: w, History: make([]Epoch, 0, cfg.Epochs+1)}
	tr.History = append(tr.History, rec.measure(0, w, shuffles(0)))
	tr.Snapshots = append(tr.Snapshots, Snapshot{0, w.Clone()})
	startDraws(1)

	bs := cfg.BatchSize
	ws := kernel.NewWorkspace(k)
	params := kernel.StepParams{LR: cfg.LR, LambdaAct: cfg.LambdaAct, LambdaW: cfg.LambdaW,
		Alpha: cfg.stepAlpha()}
	for ep := 1; ep <= cfg.Epochs; ep++ {
		for lo := 0; lo < n; lo += bs {
			b := min(bs, n-lo)
			rows, draw := perm[lo:lo+b], rec.draws.Left() > 0
			switch {
			case z32 != nil && draw:
				kernel.StepRows32Draw(w.Data, z32, rows, k, params, ws, rec.draws)
			case z32 != nil:
				kernel.StepRows32(w.Data, z32, rows, k, params, ws)
			case draw:
				kernel.StepRowsDraw(w.Data, p.Z.Data, rows, k, params, ws, rec.draws)
			default:
				kernel.StepRows(w.Data, p.Z.Data, rows, k, params, ws)
			}
		}
		if ok, _, _ := w.AllFinite(); !ok {
			return nil, fmt.Errorf("train: W is not finite after epoch %d: "+
				"the learning rate %g is too large", ep, cfg.LR)
		}
		tr.History = append(tr.History, rec.measure(ep, w, shuffles(ep)))
		startDraws(ep + 1)
		if ep == cfg.Epochs || (cfg.SnapshotEvery > 0 && ep%cfg.SnapshotEvery == 0) {
			tr.Snapshots = append(tr.Snapshots, Snapshot{ep, w.Clone()})
		}
	}
	s.src = rec.draws.G
	tr.Duration = time.Since(start)
	return tr, nil
}

// recorder measures the history on the full data, reusing its buffers.
// With z32 (the float32 training) the codes are formed in float32 by
// kernel.ForwardMoments32; the MSE is float64 either way.
type recorder struct {
	p     Problem
	z32   []float32
	n, k  int
	perm  []int         // the order of the rows, shuffled for each epoch
	draws *kernel.Draws // the draws of perm's next shuffle
	g     []float64     // ZᵀZ, k×k
	sums  []float64     // power sums, 5k
	m, m2 []float64     // WᵀW − I and its square, k×k
	wk, q []float64     // W·K and W·K·A, k×k, for the Amari column
}

func newRecorder(p Problem, z32 []float32, n, k int) *recorder {
	r := &recorder{p: p, z32: z32, n: n, k: k,
		g: make([]float64, k*k), sums: make([]float64, 5*k),
		m: make([]float64, k*k), m2: make([]float64, k*k),
		wk: make([]float64, k*k), q: make([]float64, k*k)}
	kernel.Gram(r.g, p.Z.Data, n, k)
	return r
}

// measure returns the history row of W after epoch and, with shuffle,
// shuffles perm for the next epoch with the draws that r.draws holds,
// its swaps made inside the pass over the data
// (kernel.ForwardMomentsShuffle, kernel.ForwardMoments32Shuffle): the
// draws and swaps of s.Shuffle(perm).
func (r *recorder) measure(epoch int, w *linalg.Dense, shuffle bool) Epoch {
	n, k := r.n, r.k
	var nsmall int64
	switch {
	case r.z32 != nil && shuffle:
		nsmall = kernel.ForwardMoments32Shuffle(r.sums, w.Data, r.z32, n, k, SparseThreshold, r.perm, r.draws)
	case r.z32 != nil:
		nsmall = kernel.ForwardMoments32(r.sums, w.Data, r.z32, n, k, SparseThreshold)
	case shuffle:
		nsmall = kernel.ForwardMomentsShuffle(r.sums, w.Data, r.p.Z.Data, n, k, SparseThreshold, r.perm, r.draws)
	default:
		nsmall = kernel.ForwardMoments(r.sums, w.Data, r.p.Z.Data, n, k, SparseThreshold)
	}

	// MSE = tr(G·M²)/(n·k) with M = WᵀW − I.
	kernel.MulTA(r.m, w.Data, w.Data, k, k, k)
	for i := 0; i < k; i++ {
		r.m[i*k+i]--
	}
	kernel.MatMul(r.m2, r.m, r.m, k, k, k)
	var sse float64
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			sse += r.g[i*k+j] * r.m2[j*k+i]
		}
	}

	nf := float64(n)
	var kurt, sabs float64
	for i := 0; i < k; i++ {
		kurt += kurtosisFromSums(r.sums[i], r.sums[k+i], r.sums[2*k+i], r.sums[3*k+i], nf)
		sabs += r.sums[4*k+i]
	}
	return Epoch{
		Epoch:    epoch,
		MSE:      math.Max(sse, 0) / (nf * float64(k)),
		MeanAbsH: sabs / (nf * float64(k)),
		Kurtosis: kurt / float64(k),
		Sparsity: float64(nsmall) / (nf * float64(k)),
		Amari:    r.amari(w),
	}
}

// amari is Amari(W·K, A) without allocating.
func (r *recorder) amari(w *linalg.Dense) float64 {
	k := r.k
	kernel.MatMul(r.wk, w.Data, r.p.K.Data, k, k, k)
	kernel.MatMul(r.q, r.wk, r.p.A.Data, k, k, k)
	return amariOf(r.q, k)
}
