package fms

import (
	"math"

	"github.com/lococode/lococode/linalg"
)

// lnF2 is ln F², the floor of ln S_w.
var lnF2 = 2 * math.Log(Floor)

// FlatMinimum returns B(w, X) = Σ_p B(w, x_p) (package doc) for the
// rows of x (P×n), with ε = eps, and adds ∇B to grad (length L) unless
// grad is nil. ε enters B only as the constant −½·P·L·ln ε.
//
// Cost: one forward pass to the hidden layer per example (H·n
// multiply-adds and H exponentials), H·n more for the W1 gradient, O(n)
// to count ν; O(K·H) once per call for T2 and the W2 gradient.
func (net *Net) FlatMinimum(x *linalg.Dense, eps float64, grad []float64) float64 {
	net.checkInput(x)
	net.checkGrad(grad)
	f := net.newFlat(eps)
	w := net.newWork()
	b := 0.0
	for p := 0; p < x.Rows; p++ {
		net.hidden(x.Row(p), w.a, w.y)
		b += f.example(w, x.Row(p), grad)
	}
	if grad != nil {
		f.finish(grad)
	}
	return b
}

// flat is the state of one evaluation of B over a batch: the
// example-independent parts of the closed form, the per-ν values of Q,
// and the sums the W2 gradient needs.
type flat struct {
	net   *Net
	lnEps float64
	lnC   []float64 // ln max(c_u, F²) (H)
	rsc   []float64 // 1/√max(c_u, F²) (H)
	live  []bool    // c_u ≥ F² (H)
	zsum  []float64 // Z_m = Σ_u z_mu (K)
	q     []float64 // Q(ν) for ν = 0…n+1, 0 until computed

	// Gradient sums over the batch: kappa_u = Σ_p ν_p·[s_pu ≥ F²],
	// alpha = Σ_p ν_p/Q_p, beta = Σ_p ν_p²/Q_p.
	kappa       []float64
	alpha, beta float64
}

func (net *Net) newFlat(eps float64) *flat {
	h, k := net.H, net.K
	f := &flat{net: net, lnEps: math.Log(eps),
		lnC: make([]float64, h), rsc: make([]float64, h), live: make([]bool, h),
		zsum: make([]float64, k), q: make([]float64, net.N+2), kappa: make([]float64, h)}

	// c_u = Σ_m W2_mu², floored at F².
	for m := 0; m < k; m++ {
		for u, wmu := range net.W2[m*h : (m+1)*h] {
			f.lnC[u] += wmu * wmu
		}
	}
	for u, c := range f.lnC {
		f.live[u] = c >= Floor*Floor
		c = max(c, Floor*Floor)
		f.lnC[u], f.rsc[u] = math.Log(c), 1/math.Sqrt(c)
	}

	// Z_m = Σ_u |W2_mu|/√c_u.
	for m := 0; m < k; m++ {
		s := 0.0
		for u, wmu := range net.W2[m*h : (m+1)*h] {
			s += math.Abs(wmu) * f.rsc[u]
		}
		f.zsum[m] = s
	}
	return f
}

// qOf returns Q(ν) = Σ_m ((H+1) + ν·Z_m)².
func (f *flat) qOf(nu int) float64 {
	if f.q[nu] == 0 {
		h1 := float64(f.net.H + 1)
		s := 0.0
		for _, z := range f.zsum {
			a := h1 + float64(nu)*z
			s += a * a
		}
		f.q[nu] = s
	}
	return f.q[nu]
}

// softplus is ln(1 + e^t), without overflow.
func softplus(t float64) float64 {
	if t > 0 {
		return t + math.Log1p(math.Exp(-t))
	}
	return math.Log1p(math.Exp(t))
}

// example returns B(w, x) for one example whose hidden layer (a, y) is
// in w, adds its W1 and b1 gradient to grad (unless nil) and its share
// of the W2 gradient to the sums of f. The logarithms are taken in
// stable forms: ln y = −softplus(−a), ln f′(a) = −2·softplus(−a) − a.
func (f *flat) example(w *work, x, grad []float64) float64 {
	net := f.net
	n, h, k := net.N, net.H, net.K
	nu, lnx := 1, 0.0
	for _, xv := range x {
		if xv != 0 {
			nu++
			lnx += math.Log(xv * xv)
		}
	}
	fnu := float64(nu)

	// T1 = Σ_w ln S_w.
	t1 := float64(h*(n+1-nu)) * lnF2
	for u, au := range w.a {
		sp := softplus(-au) // −ln y; ln f′ = ln y + ln(1 − y) = −2·sp − a
		lny2 := -2 * sp
		lns := f.lnC[u] + 2*(-2*sp-au)
		yOK, sOK := lny2 >= lnF2, lns >= lnF2
		t1 += float64(k) * max(lny2, lnF2)
		if sOK {
			t1 += fnu*lns + lnx
		} else {
			t1 += fnu * lnF2
		}
		if grad == nil {
			continue
		}

		// ∂B/∂a_u = K(1−y_u) + ν(1−2y_u), each term only off the floor.
		yu := w.y[u]
		du := 0.0
		if yOK {
			du += float64(k) * (1 - yu)
		}
		if sOK {
			du += fnu * (1 - 2*yu)
			f.kappa[u] += fnu
		}
		gr := grad[u*n : (u+1)*n]
		for v, xv := range x {
			gr[v] += du * xv
		}
		grad[h*n+u] += du
	}

	q := f.qOf(nu)
	if grad != nil {
		f.alpha += fnu / q
		f.beta += fnu * fnu / q
	}
	l := float64(net.L())
	return 0.5 * (-l*f.lnEps + t1 + l*math.Log(q))
}

// finish adds the W2 gradient of the batch to grad:
//
//	∂/∂W2_mu = κ_u·W2_mu/c_u + L·[Ā_m·sgn(W2_mu)/√c_u − W2_mu·c_u^(−3/2)·Σ_k Ā_k|W2_ku|]
//
// with Ā_m = Σ_p (ν_p/Q_p)·A_m(ν_p) = α(H+1) + β·Z_m.
func (f *flat) finish(grad []float64) {
	net := f.net
	n, h, k := net.N, net.H, net.K
	l := float64(net.L())
	abar := make([]float64, k)
	for m, z := range f.zsum {
		abar[m] = f.alpha*float64(h+1) + f.beta*z
	}
	sa := make([]float64, h) // Σ_k Ā_k|W2_ku|
	for m := 0; m < k; m++ {
		for u, wmu := range net.W2[m*h : (m+1)*h] {
			sa[u] += abar[m] * math.Abs(wmu)
		}
	}
	g2 := grad[h*(n+1) : h*(n+1)+k*h]
	for m := 0; m < k; m++ {
		for u, wmu := range net.W2[m*h : (m+1)*h] {
			r := f.rsc[u]
			d := l * abar[m] * sign(wmu) * r
			if f.live[u] {
				d += f.kappa[u]*wmu*r*r - l*wmu*r*r*r*sa[u]
			}
			g2[m*h+u] += d
		}
	}
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
