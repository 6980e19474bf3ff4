package kernel

import "math"

// StepParams are the hyper-parameters of one LOCOCODE update.
type StepParams struct {
	LR        float64 // learning rate
	LambdaAct float64 // weight of the L1 penalty on the codes H
	LambdaW   float64 // weight of the L2 penalty on W

	// Alpha selects the penalty on the codes: 0 is the L1 penalty
	// λ_act·|h|, whose gradient uses sign(H); Alpha > 0 is the smooth
	// log-cosh penalty λ_act·α·log cosh(h/α), whose gradient uses
	// tanh(H/α) (SmoothMoments). It tends to |h| as α → 0, and for
	// |h| ≫ α it is λ_act·(|h| − α·ln 2): the same slope as L1.
	Alpha float64
}

// Workspace holds the k×k scratch matrices of Step, so that training
// allocates once.
type Workspace struct {
	k             int
	c, s, m, t, q []float64
	h             []float64 // SmoothMoments scratch, grown on first use
	zb            []float64 // gathered batch of StepRows with Alpha > 0
}

// NewWorkspace returns scratch space for Step at size k.
func NewWorkspace(k int) *Workspace {
	if k < 1 {
		panic(errBadShape)
	}
	buf := make([]float64, 5*k*k)
	kk := k * k
	return &Workspace{k: k,
		c: buf[0:kk], s: buf[kk : 2*kk], m: buf[2*kk : 3*kk],
		t: buf[3*kk : 4*kk], q: buf[4*kk : 5*kk]}
}

// Step performs one mini-batch update of the tied autoencoder
// H = Zb·Wᵀ, Ẑ = H·W on the b rows of zb (b×k), overwriting w (k×k):
//
//	G = (2/b)(HᵀE + EᵀH) + (λ_act/b)·sign(H)ᵀZb + 2λ_w·W,  E = H·W − Zb
//	W ← W − lr·G
//
// The reconstruction term depends on the batch only through C = ZbᵀZb:
// with M = WᵀW − I it is (2/b)(Q + Qᵀ), Q = W·C·M. So Step reads the
// batch once (BatchMoments, O(bk²)) and does the rest in k×k products
// (O(k³)). A batch with b = 0 changes only the λ_w term. With
// p.Alpha > 0, sign(H) becomes tanh(H/α) (the log-cosh penalty) and the
// batch pass is SmoothMoments.
func Step(w, zb []float64, b, k int, p StepParams, ws *Workspace) {
	if ws == nil || ws.k != k {
		panic(errBadShape)
	}
	if p.Alpha > 0 {
		if len(ws.h) < 2*b*k {
			ws.h = make([]float64, 2*b*k)
		}
		SmoothMoments(ws.c, ws.s, ws.h, w, zb, b, k, p.Alpha)
	} else {
		BatchMoments(ws.c, ws.s, w, zb, b, k)
	}
	ws.update(w, b, k, p)
}

// StepRows is Step on the batch whose row r is row rows[r] of z (n×k):
// the mini-batch of a shuffled epoch, read in place (BatchMomentsRows)
// instead of copied. It overwrites w exactly as Step would on the
// gathered rows. It panics if an index is outside z.
func StepRows(w, z []float64, rows []int, k int, p StepParams, ws *Workspace) {
	if ws == nil || ws.k != k {
		panic(errBadShape)
	}
	if p.Alpha > 0 {
		ws.zb = gatherInto(ws.zb, z, rows, k)
		Step(w, ws.zb, len(rows), k, p, ws)
		return
	}
	need(w, k*k, errShortInput)
	stepRows(w, z, rows, k, p, ws, nil)
}

// StepRowsDraw is StepRows, and then up to len(rows) of the draws left
// in d (one per row of the batch): the training makes the draws of its
// next epoch's shuffle this way, inside its batch passes. The generic
// code makes exactly min(len(rows), d.Left()); the AVX2 kernel for k = 8
// stops early at a draw that needs Lemire's rejection step, which Finish
// (or ForwardMomentsShuffle) makes later, so that the draws, and the
// generator's state after them, are Shuffle's either way.
func StepRowsDraw(w, z []float64, rows []int, k int, p StepParams, ws *Workspace, d *Draws) {
	if ws == nil || ws.k != k || d == nil {
		panic(errBadShape)
	}
	if p.Alpha > 0 {
		StepRows(w, z, rows, k, p, ws)
		d.draw(len(rows))
		return
	}
	need(w, k*k, errShortInput)
	stepRows(w, z, rows, k, p, ws, d)
}

// stepRowsGeneric is the L1 StepRows and StepRowsDraw on the paths
// without a kernel for the whole batch pass.
func stepRowsGeneric(w, z []float64, rows []int, k int, p StepParams, ws *Workspace, d *Draws) {
	batchMomentsRows(ws.c, ws.s, w, z, rows, k)
	ws.update(w, len(rows), k, p)
	if d != nil {
		d.draw(len(rows))
	}
}

// StepRows32 is StepRows with the pass over the batch in float32
// (BatchMomentsRows32 on the float32 data z, n×k, and W rounded to
// float32); the k×k update of the float64 W runs as in Step, from C and
// S widened back to float64. It is the optional single-precision hot
// loop of the training: twice the lanes per vector. Only the L1 penalty
// (p.Alpha = 0) is supported; it panics otherwise.
func StepRows32(w []float64, z []float32, rows []int, k int, p StepParams, ws *Workspace) {
	if ws == nil || ws.k != k || p.Alpha != 0 {
		panic(errBadShape)
	}
	need(w, k*k, errShortInput)
	stepRows32(w, z, rows, k, p, ws, nil)
}

// StepRows32Draw is StepRows32, and then up to len(rows) of the draws
// left in d (one per row of the batch): the float32 training makes the
// draws of its next epoch's shuffle this way, inside its batch passes.
// The generic code makes exactly min(len(rows), d.Left()); the AVX2
// kernel for k = 8 stops early at a draw that needs Lemire's rejection
// step, which Finish (or ForwardMoments32Shuffle) makes later, so that
// the draws, and the generator's state after them, are Shuffle's either
// way.
func StepRows32Draw(w []float64, z []float32, rows []int, k int, p StepParams, ws *Workspace, d *Draws) {
	if ws == nil || ws.k != k || p.Alpha != 0 || d == nil {
		panic(errBadShape)
	}
	need(w, k*k, errShortInput)
	stepRows32(w, z, rows, k, p, ws, d)
}

// update is the k×k part of Step once ws.c and ws.s hold the moments of
// a batch of b rows.
func (ws *Workspace) update(w []float64, b, k int, p StepParams) {
	rec, act := stepScales(b, p)
	stepTail(w, ws, k, rec, act, 2*p.LambdaW, p.LR)
}

// stepScales returns the weights 2/b of the reconstruction term and
// λ_act/b of the sign term of a batch of b rows (both 0 when b = 0).
func stepScales(b int, p StepParams) (rec, act float64) {
	if b > 0 {
		rec, act = 2/float64(b), p.LambdaAct/float64(b)
	}
	return rec, act
}

// stepTailProducts is the k×k part of Step after BatchMoments has set
// ws.c and ws.s: M = WᵀW − I, Q = (W·C)·M, and the update of W with
// G = rec·(Q+Qᵀ) + act·S + decay·W, each entry of G formed once in
// fused steps.
func stepTailProducts(w []float64, ws *Workspace, k int, rec, act, decay, lr float64) {
	// M = WᵀW − I.
	m := ws.m
	Gram(m, w, k, k)
	for i := 0; i < k; i++ {
		m[i*k+i]--
	}

	// Q = (W·C)·M.
	MatMul(ws.t, w, ws.c, k, k, k)
	MatMul(ws.q, ws.t, m, k, k, k)

	stepUpdate(w, ws.q, ws.s, k, rec, act, decay, lr)
}

// stepUpdateGeneric is the specification of the update of Step:
// W ← W − lr·(rec·(Q+Qᵀ) + act·S + decay·W), each entry in fused steps.
func stepUpdateGeneric(w, q, s []float64, k int, rec, act, decay, lr float64) {
	q = q[:k*k]
	for i := 0; i < k; i++ {
		qi, si, wi := q[i*k:i*k+k], s[i*k:i*k+k], w[i*k:i*k+k]
		for j := range wi {
			g := math.FMA(act, si[j], decay*wi[j])
			g = math.FMA(rec, qi[j]+q[j*k+i], g)
			wi[j] = math.FMA(-lr, g, wi[j])
		}
	}
}
