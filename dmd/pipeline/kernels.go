package pipeline

import "github.com/lococode/lococode/dmd"

// The traced kernels below follow kernel/*_generic.go and kernel/step.go
// line by line: same loops, same order, every math.FMA(a, b, s) priced
// as a multiply (a, b) and an add (s, product). A slice cleared by the
// kernel holds constant zeros (the zero Num), so the first accumulation
// into it reads only the product, as Python's sum() starting from 0 does.

// matMul is kernel.matMulGeneric: dst (m×q) = a (m×p)·b (p×q), i-l-j.
func matMul(t *dmd.Machine, dst, a, b []dmd.Num, m, p, q int) {
	for i := 0; i < m; i++ {
		di := dst[i*q : i*q+q]
		clear(di)
		for l, ail := range a[i*p : i*p+p] {
			bl := b[l*q : l*q+q]
			for j, blj := range bl {
				di[j] = t.FMA(ail, blj, di[j])
			}
		}
	}
}

// matMulTB is kernel.matMulTBGeneric: dst (m×q) = a (m×p)·bᵀ, b q×p.
func matMulTB(t *dmd.Machine, dst, a, b []dmd.Num, m, p, q int) {
	for i := 0; i < m; i++ {
		ai := a[i*p : i*p+p]
		for j := 0; j < q; j++ {
			bj := b[j*p : j*p+p]
			var s dmd.Num
			for l, ail := range ai {
				s = t.FMA(ail, bj[l], s)
			}
			dst[i*q+j] = s
		}
	}
}

// mulTA is kernel.mulTAGeneric: dst (kx×ky) = xᵀ·y over n rows.
func mulTA(t *dmd.Machine, dst, x, y []dmd.Num, n, kx, ky int) {
	clear(dst[:kx*ky])
	for r := 0; r < n; r++ {
		xr := x[r*kx : r*kx+kx]
		yr := y[r*ky : r*ky+ky]
		for i, xi := range xr {
			di := dst[i*ky : i*ky+ky]
			for j, yj := range yr {
				di[j] = t.FMA(xi, yj, di[j])
			}
		}
	}
}

// gram is kernel.gramGeneric: dst (k×k) = xᵀ·x, upper triangle
// accumulated and mirrored (the mirror stores references: free).
func gram(t *dmd.Machine, dst, x []dmd.Num, n, k int) {
	clear(dst[:k*k])
	for r := 0; r < n; r++ {
		xr := x[r*k : r*k+k]
		for i, xi := range xr {
			di := dst[i*k : i*k+k]
			for j := i; j < k; j++ {
				di[j] = t.FMA(xi, xr[j], di[j])
			}
		}
	}
	for i := 1; i < k; i++ {
		for j := 0; j < i; j++ {
			dst[i*k+j] = dst[j*k+i]
		}
	}
}

// batchMoments is kernel.batchMomentsGeneric: c = ZbᵀZb and
// s = sign(Zb·Wᵀ)ᵀZb in one pass. The switch on the sign of h is two
// comparisons with the constant 0, each a comparison instruction and a
// branch on its result; the second runs only when the first fails.
func batchMoments(t *dmd.Machine, c, s, w, zb []dmd.Num, b, k int) {
	clear(c[:k*k])
	clear(s[:k*k])
	var zero dmd.Num
	for r := 0; r < b; r++ {
		z := zb[r*k : r*k+k]
		for i := 0; i < k; i++ {
			wi := w[i*k : i*k+k]
			var h dmd.Num
			for j, zj := range z {
				h = t.FMA(wi[j], zj, h)
			}
			si := s[i*k : i*k+k]
			switch {
			case t.Greater(h, zero):
				for j, zj := range z {
					si[j] = t.Add(si[j], zj)
				}
			case t.Less(h, zero):
				for j, zj := range z {
					si[j] = t.Sub(si[j], zj)
				}
			}

			zi := z[i]
			ci := c[i*k : i*k+k]
			for j := i; j < k; j++ {
				ci[j] = t.FMA(zi, z[j], ci[j])
			}
		}
	}
	for i := 1; i < k; i++ {
		for j := 0; j < i; j++ {
			c[i*k+j] = c[j*k+i]
		}
	}
}

// forwardMoments is kernel.forwardMomentsGeneric: the power sums of the
// codes H = Z·Wᵀ and the count of |h| < small (an integer counter, off
// the stack; each test is a comparison and a branch).
func forwardMoments(t *dmd.Machine, sums, w, z []dmd.Num, n, k int, small float64) int64 {
	clear(sums[:5*k])
	s1, s2, s3 := sums[0:k], sums[k:2*k], sums[2*k:3*k]
	s4, sa := sums[3*k:4*k], sums[4*k:5*k]
	lim := dmd.Const(small)
	var nsmall int64
	for r := 0; r < n; r++ {
		zr := z[r*k : r*k+k]
		for i := 0; i < k; i++ {
			wi := w[i*k : i*k+k]
			var h dmd.Num
			for j, zj := range zr {
				h = t.FMA(wi[j], zj, h)
			}
			h2 := t.Mul(h, h)
			s1[i] = t.Add(s1[i], h)
			s2[i] = t.FMA(h, h, s2[i])
			s3[i] = t.FMA(h2, h, s3[i])
			s4[i] = t.FMA(h2, h2, s4[i])
			a := t.Abs(h)
			sa[i] = t.Add(sa[i], a)
			if t.Less(a, lim) {
				nsmall++
			}
		}
	}
	return nsmall
}

// tanhContrast is kernel.tanhContrastGeneric: gz = Σ tanh(W z) zᵀ and
// gd = Σ (1 − tanh²(W z)). math.FMA(-g, g, 1) is a negation, a multiply
// (−g, g) and an add (1, product).
func tanhContrast(t *dmd.Machine, gz, gd, w, z []dmd.Num, n, k int) {
	clear(gz[:k*k])
	clear(gd[:k])
	one := dmd.Const(1)
	for r := 0; r < n; r++ {
		zr := z[r*k : r*k+k]
		for i := 0; i < k; i++ {
			wi := w[i*k : i*k+k]
			var y dmd.Num
			for j, zj := range zr {
				y = t.FMA(wi[j], zj, y)
			}
			g := t.Tanh(y)
			gd[i] = t.Add(gd[i], t.FMA(t.Neg(g), g, one))
			gi := gz[i*k : i*k+k]
			for j, zj := range zr {
				gi[j] = t.FMA(g, zj, gi[j])
			}
		}
	}
}

// stepParams are kernel.StepParams: constants of the trace.
type stepParams struct {
	lr, lambdaAct, lambdaW float64
}

// stepWork is kernel.Workspace.
type stepWork struct {
	c, s, m, t, q []dmd.Num
}

func newStepWork(k int) *stepWork {
	buf := make([]dmd.Num, 5*k*k)
	kk := k * k
	return &stepWork{c: buf[0:kk], s: buf[kk : 2*kk], m: buf[2*kk : 3*kk],
		t: buf[3*kk : 4*kk], q: buf[4*kk : 5*kk]}
}

// step is kernel.Step: one batch pass (batchMoments), then k×k products
// and the fused update W ← W − lr·G.
func step(t *dmd.Machine, w, zb []dmd.Num, b, k int, p stepParams, ws *stepWork) {
	batchMoments(t, ws.c, ws.s, w, zb, b, k)

	// M = WᵀW − I.
	m := ws.m
	gram(t, m, w, k, k)
	one := dmd.Const(1)
	for i := 0; i < k; i++ {
		m[i*k+i] = t.Sub(m[i*k+i], one)
	}

	// Q = (W·C)·M.
	matMul(t, ws.t, w, ws.c, k, k, k)
	matMul(t, ws.q, ws.t, m, k, k, k)

	var rec, act float64
	if b > 0 {
		rec, act = 2/float64(b), p.lambdaAct/float64(b)
	}
	q, s := ws.q, ws.s
	decay := dmd.Const(2 * p.lambdaW)
	cr, ca, cl := dmd.Const(rec), dmd.Const(act), dmd.Const(-p.lr)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			g := t.FMA(ca, s[i*k+j], t.Mul(decay, w[i*k+j]))
			g = t.FMA(cr, t.Add(q[i*k+j], q[j*k+i]), g)
			w[i*k+j] = t.FMA(cl, g, w[i*k+j])
		}
	}
}

// directWork holds the b×k and k×k matrices of directStep.
type directWork struct {
	h, e, sg   []dmd.Num // b×k
	he, eh, sz []dmd.Num // k×k
}

func newDirectWork(bs, k int) *directWork {
	return &directWork{
		h: make([]dmd.Num, bs*k), e: make([]dmd.Num, bs*k), sg: make([]dmd.Num, bs*k),
		he: make([]dmd.Num, k*k), eh: make([]dmd.Num, k*k), sz: make([]dmd.Num, k*k)}
}

// directStep is the write-up's straightforward formulation of the same
// update, with the same kernels' loop orders for each product:
//
//	H = Zb·Wᵀ, E = H·W − Zb, S = sign(H)
//	G = (2/b)(HᵀE + EᵀH) + (λ_act/b)·SᵀZb + 2λ_w·W,  W ← W − lr·G
//
// It forms H and E (b×k) explicitly and reads the batch in five
// products instead of one pass. sign(h) is two comparisons with 0 and
// their branches, its ±1 a constant. Its numbers equal Step's only up
// to rounding.
func directStep(t *dmd.Machine, w, zb []dmd.Num, b, k int, p stepParams, ws *directWork) {
	h, e, sg := ws.h[:b*k], ws.e[:b*k], ws.sg[:b*k]
	matMulTB(t, h, zb, w, b, k, k)
	matMul(t, e, h, w, b, k, k)
	for i := range e {
		e[i] = t.Sub(e[i], zb[i])
	}
	var zero dmd.Num
	for i, v := range h {
		switch {
		case t.Greater(v, zero):
			sg[i] = dmd.Const(1)
		case t.Less(v, zero):
			sg[i] = dmd.Const(-1)
		default:
			sg[i] = zero
		}
	}
	mulTA(t, ws.he, h, e, b, k, k)
	mulTA(t, ws.eh, e, h, b, k, k)
	mulTA(t, ws.sz, sg, zb, b, k, k)

	rec, act := dmd.Const(2/float64(b)), dmd.Const(p.lambdaAct/float64(b))
	decay, lr := dmd.Const(2*p.lambdaW), dmd.Const(p.lr)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			g := t.Mul(rec, t.Add(ws.he[i*k+j], ws.eh[i*k+j]))
			g = t.Add(g, t.Mul(act, ws.sz[i*k+j]))
			g = t.Add(g, t.Mul(decay, w[i*k+j]))
			w[i*k+j] = t.Sub(w[i*k+j], t.Mul(lr, g))
		}
	}
}
