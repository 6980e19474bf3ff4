package fms

import (
	"math"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// Floor is the floor F on √S_w = |g_w|, the length of a weight's
// output gradient, as in the papers: B is unbounded below without it.
const Floor = 1e-20

const (
	errShape = "fms: dimension mismatch"
	errSizes = "fms: layer sizes must be positive"
)

// Net is a one-hidden-layer network n → H → K with logistic hidden
// units and linear outputs. P holds all L = H(n+1) + K(H+1) weights;
// W1 (H×n, row-major), B1 (H), W2 (K×H, row-major) and B2 (K) are
// views into it.
type Net struct {
	N, H, K int
	P       []float64
	W1, B1  []float64
	W2, B2  []float64
}

// NewNet returns an n → h → k network with all weights zero. It panics
// if a size is not positive.
func NewNet(n, h, k int) *Net {
	if n < 1 || h < 1 || k < 1 {
		panic(errSizes)
	}
	p := make([]float64, h*(n+1)+k*(h+1))
	return netOn(n, h, k, p)
}

// netOn returns the network whose weights are p, without copying.
func netOn(n, h, k int, p []float64) *Net {
	i1 := h * n
	i2 := i1 + h
	i3 := i2 + k*h
	return &Net{N: n, H: h, K: k, P: p,
		W1: p[:i1:i1], B1: p[i1:i2:i2], W2: p[i2:i3:i3], B2: p[i3:]}
}

// Clone returns a copy of the network with its own weights.
func (net *Net) Clone() *Net {
	return netOn(net.N, net.H, net.K, append([]float64(nil), net.P...))
}

// L returns the number of weights, biases included: H(n+1) + K(H+1).
func (net *Net) L() int { return len(net.P) }

// Init sets every weight uniform in [−r, r] from s and the hidden
// biases to hiddenBias (the papers: r = 0.1, hiddenBias = −1); the
// output biases start at 0.
func (net *Net) Init(s *lococode.Stream, r, hiddenBias float64) {
	for i := range net.P {
		net.P[i] = r * (2*s.Uniform() - 1)
	}
	for i := range net.B1 {
		net.B1[i] = hiddenBias
	}
	for i := range net.B2 {
		net.B2[i] = 0
	}
}

// logistic is 1/(1 + e^(−a)).
func logistic(a float64) float64 { return 1 / (1 + math.Exp(-a)) }

// hidden sets a = W1·x + b1 and y = f(a) for one example x (n).
func (net *Net) hidden(x, a, y []float64) {
	n := net.N
	for u := range a {
		w := net.W1[u*n : (u+1)*n]
		s := net.B1[u]
		for v, xv := range x {
			s += w[v] * xv
		}
		a[u] = s
		y[u] = logistic(s)
	}
}

// output sets o = W2·y + b2.
func (net *Net) output(y, o []float64) {
	h := net.H
	for m := range o {
		w := net.W2[m*h : (m+1)*h]
		s := net.B2[m]
		for j, yj := range y {
			s += w[j] * yj
		}
		o[m] = s
	}
}

// Codes returns the hidden activations Y = f(X·W1ᵀ + 1·b1ᵀ) (P×H) of
// the rows of x (P×n).
func (net *Net) Codes(x *linalg.Dense) *linalg.Dense {
	net.checkInput(x)
	y := linalg.New(x.Rows, net.H)
	a := make([]float64, net.H)
	for p := 0; p < x.Rows; p++ {
		net.hidden(x.Row(p), a, y.Row(p))
	}
	return y
}

// Outputs returns the outputs O (P×K) for the rows of x (P×n).
func (net *Net) Outputs(x *linalg.Dense) *linalg.Dense {
	net.checkInput(x)
	o := linalg.New(x.Rows, net.K)
	a, y := make([]float64, net.H), make([]float64, net.H)
	for p := 0; p < x.Rows; p++ {
		net.hidden(x.Row(p), a, y)
		net.output(y, o.Row(p))
	}
	return o
}

func (net *Net) checkInput(x *linalg.Dense) {
	if x.Cols != net.N {
		panic(errShape)
	}
}

func (net *Net) checkGrad(grad []float64) {
	if grad != nil && len(grad) != len(net.P) {
		panic(errShape)
	}
}

// work holds the per-example buffers of one network.
type work struct {
	a, y, o, d []float64 // H, H, K, max(H, K)
	dy         []float64 // H
}

func (net *Net) newWork() *work {
	h, k := net.H, net.K
	return &work{a: make([]float64, h), y: make([]float64, h), o: make([]float64, k),
		d: make([]float64, max(h, k)), dy: make([]float64, h)}
}

// SquaredError returns E = Σ_p Σ_k (o_pk − t_pk)² over the rows of x
// (P×n), with targets t (P×K), and adds ∇E to grad (length L) unless
// grad is nil. Cost: about 6·P·L flops with the gradient.
func (net *Net) SquaredError(x, t *linalg.Dense, grad []float64) float64 {
	net.checkInput(x)
	net.checkGrad(grad)
	if t.Rows != x.Rows || t.Cols != net.K {
		panic(errShape)
	}
	w := net.newWork()
	e := 0.0
	for p := 0; p < x.Rows; p++ {
		e += net.exampleError(w, x.Row(p), t.Row(p), grad)
	}
	return e
}

// exampleError is SquaredError for one example; it leaves the forward
// pass (a, y, o) in w.
func (net *Net) exampleError(w *work, x, t, grad []float64) float64 {
	n, h := net.N, net.H
	net.hidden(x, w.a, w.y)
	net.output(w.y, w.o)
	e := 0.0
	dO := w.d[:net.K]
	for m, om := range w.o {
		r := om - t[m]
		e += r * r
		dO[m] = 2 * r
	}
	if grad == nil {
		return e
	}

	// Output layer: ∂E/∂W2_mj = dO_m·y_j, ∂E/∂b2_m = dO_m; and
	// dy = W2ᵀ·dO.
	g := netOn(n, h, net.K, grad)
	clear(w.dy)
	for m, dm := range dO {
		wr := net.W2[m*h : (m+1)*h]
		gr := g.W2[m*h : (m+1)*h]
		for j, yj := range w.y {
			gr[j] += dm * yj
			w.dy[j] += dm * wr[j]
		}
		g.B2[m] += dm
	}

	// Hidden layer: δ_u = dy_u·y_u(1 − y_u).
	for u, yu := range w.y {
		du := w.dy[u] * yu * (1 - yu)
		gr := g.W1[u*n : (u+1)*n]
		for v, xv := range x {
			gr[v] += du * xv
		}
		g.B1[u] += du
	}
	return e
}

// L1 returns R = Σ_p Σ_u y_pu, the L1 norm of the (positive) hidden
// activations of the rows of x (P×n), and adds ∇R to grad unless grad
// is nil: ∂R/∂a_u = y_u(1 − y_u). Cost: about 4·P·H·n flops.
func (net *Net) L1(x *linalg.Dense, grad []float64) float64 {
	net.checkInput(x)
	net.checkGrad(grad)
	w := net.newWork()
	r := 0.0
	for p := 0; p < x.Rows; p++ {
		net.hidden(x.Row(p), w.a, w.y)
		r += net.exampleL1(w, x.Row(p), grad)
	}
	return r
}

// exampleL1 is L1 for one example whose forward pass is in w.
func (net *Net) exampleL1(w *work, x, grad []float64) float64 {
	n := net.N
	r := 0.0
	for u, yu := range w.y {
		r += yu
		if grad == nil {
			continue
		}
		du := yu * (1 - yu)
		gr := grad[u*n : (u+1)*n]
		for v, xv := range x {
			gr[v] += du * xv
		}
		grad[n*net.H+u] += du
	}
	return r
}
