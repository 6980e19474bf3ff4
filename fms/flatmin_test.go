package fms

import (
	"fmt"
	"math"
	"testing"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// randomNet returns an n → h → k network with N(0, scale²) weights and
// biases, and p examples uniform in [−1, 1] (none exactly 0).
func randomNet(seed uint64, n, h, k, p int, scale float64) (*Net, *linalg.Dense) {
	s := lococode.NewStream(seed, 7)
	net := NewNet(n, h, k)
	for i := range net.P {
		net.P[i] = scale * s.Normal()
	}
	x := linalg.New(p, n)
	for i := range x.Data {
		x.Data[i] = 2*s.Uniform() - 1
	}
	return net, x
}

// jacobian returns g[m][w] = ∂o_m/∂w for one example, built entry by
// entry from the formulas of docs/FMS.md §2 (not from the closed form).
func jacobian(net *Net, x []float64) [][]float64 {
	n, h, k := net.N, net.H, net.K
	a, y := make([]float64, h), make([]float64, h)
	net.hidden(x, a, y)
	g := make([][]float64, k)
	for m := range g {
		g[m] = make([]float64, net.L())
		gm := netOn(n, h, k, g[m])
		for u := 0; u < h; u++ {
			fp := y[u] * (1 - y[u])
			for v := 0; v < n; v++ {
				gm.W1[u*n+v] = net.W2[m*h+u] * fp * x[v]
			}
			gm.B1[u] = net.W2[m*h+u] * fp
		}
		for j := 0; j < h; j++ {
			gm.W2[m*h+j] = y[j]
		}
		gm.B2[m] = 1
	}
	return g
}

// directB is B(w, x) of docs/FMS.md §1 from the explicit Jacobian: S_w,
// A_k, Q and the sum of ln S_w, with √S_w floored at F and weights
// that move no output (g_w = 0) adding nothing to A_k.
func directB(net *Net, x []float64, eps float64) float64 {
	g := jacobian(net, x)
	l := net.L()
	s := make([]float64, l)
	for _, gm := range g {
		for w, v := range gm {
			s[w] += v * v
		}
	}
	sumLnS := 0.0
	for w := range s {
		s[w] = max(s[w], Floor*Floor)
		sumLnS += math.Log(s[w])
	}
	q := 0.0
	for _, gm := range g {
		ak := 0.0
		for w, v := range gm {
			ak += math.Abs(v) / math.Sqrt(s[w])
		}
		q += ak * ak
	}
	fl := float64(l)
	return 0.5 * (-fl*math.Log(eps) + sumLnS + fl*math.Log(q))
}

func directBatch(net *Net, x *linalg.Dense, eps float64) float64 {
	b := 0.0
	for p := 0; p < x.Rows; p++ {
		b += directB(net, x.Row(p), eps)
	}
	return b
}

var sizes = []struct{ n, h, k int }{{4, 3, 4}, {5, 6, 5}, {3, 5, 2}, {6, 2, 6}}

// TestJacobian checks the explicit Jacobian that directB uses against
// central differences of the network's outputs.
func TestJacobian(t *testing.T) {
	for _, sz := range sizes {
		for seed := uint64(0); seed < 3; seed++ {
			net, x := randomNet(seed, sz.n, sz.h, sz.k, 1, 0.8)
			g := jacobian(net, x.Row(0))
			const step = 1e-6
			for w := range net.P {
				old := net.P[w]
				net.P[w] = old + step
				op := net.Outputs(x)
				net.P[w] = old - step
				om := net.Outputs(x)
				net.P[w] = old
				for m := 0; m < sz.k; m++ {
					fd := (op.Data[m] - om.Data[m]) / (2 * step)
					if d := math.Abs(fd - g[m][w]); d > 1e-8*(1+math.Abs(fd)) {
						t.Fatalf("%d-%d-%d seed %d: ∂o_%d/∂w_%d = %.10g, differences give %.10g",
							sz.n, sz.h, sz.k, seed, m, w, g[m][w], fd)
					}
				}
			}
		}
	}
}

// TestClosedFormB checks the closed form of B against directB, which
// computes S_w, A_k and Q from the explicit Jacobian.
func TestClosedFormB(t *testing.T) {
	for _, sz := range sizes {
		for seed := uint64(0); seed < 4; seed++ {
			net, x := randomNet(seed, sz.n, sz.h, sz.k, 5, 1)
			if seed == 3 {
				// Inputs that are exactly 0: ν < n+1 and mixed ν in a batch.
				x.Set(1, 0, 0)
				x.Set(2, sz.n-1, 0)
				x.Set(2, 0, 0)
			}
			for _, eps := range []float64{1, 0.01} {
				got := net.FlatMinimum(x, eps, nil)
				want := directBatch(net, x, eps)
				if math.Abs(got-want) > 1e-11*math.Abs(want) {
					t.Errorf("%d-%d-%d seed %d ε %g: closed form B = %.15g, direct %.15g",
						sz.n, sz.h, sz.k, seed, eps, got, want)
				}
			}
		}
	}
}

// checkGradient compares grad with central differences of f over every
// weight of net: |analytic − numeric| ≤ tol·(1 + |numeric|) for each
// weight. It returns the largest relative error seen.
func checkGradient(t *testing.T, name string, net *Net, grad []float64,
	f func() float64, tol float64) float64 {
	t.Helper()
	const step = 1e-5
	worst := 0.0
	for w := range net.P {
		old := net.P[w]
		net.P[w] = old + step
		fp := f()
		net.P[w] = old - step
		fm := f()
		net.P[w] = old
		fd := (fp - fm) / (2 * step)
		rel := math.Abs(grad[w]-fd) / (1 + math.Abs(fd))
		worst = max(worst, rel)
		if rel > tol {
			t.Errorf("%s: weight %d: gradient %.10g, central difference %.10g", name, w, grad[w], fd)
			return worst
		}
	}
	return worst
}

// TestFlatMinimumGradient checks ∇B (W1, b1 and W2 parts; b2's is 0)
// against central differences of the direct B of docs/FMS.md §1, on several
// sizes and seeds, including batches with inputs equal to 0.
func TestFlatMinimumGradient(t *testing.T) {
	worst := 0.0
	for _, sz := range sizes {
		for seed := uint64(0); seed < 4; seed++ {
			net, x := randomNet(seed, sz.n, sz.h, sz.k, 4, 1)
			if seed == 3 {
				x.Set(0, 1, 0)
				x.Set(3, 0, 0)
			}
			grad := make([]float64, net.L())
			net.FlatMinimum(x, 0.1, grad)
			g := netOn(sz.n, sz.h, sz.k, grad)
			for _, v := range g.B2 {
				if v != 0 {
					t.Fatalf("∂B/∂b2 = %g, want 0", v)
				}
			}
			name := fmt.Sprintf("∇B %d-%d-%d seed %d", sz.n, sz.h, sz.k, seed)
			worst = max(worst, checkGradient(t, name, net, grad,
				func() float64 { return directBatch(net, x, 0.1) }, 1e-7))
		}
	}
	t.Logf("largest relative error of ∇B: %.2g", worst)
}

// TestLossGradient checks the gradient of the training loss E + λ·B
// and of E + λ·R (R the L1 penalty) against central differences.
func TestLossGradient(t *testing.T) {
	const lambda = 0.3
	for _, sz := range sizes {
		if sz.n != sz.k {
			continue
		}
		for seed := uint64(10); seed < 13; seed++ {
			net, x := randomNet(seed, sz.n, sz.h, sz.k, 6, 0.7)
			for _, pen := range []Penalty{FMS, L1} {
				loss := func(grad []float64) float64 {
					gp := make([]float64, net.L())
					e := net.SquaredError(x, x, grad)
					var r float64
					if pen == FMS {
						r = net.FlatMinimum(x, 1, gp)
					} else {
						r = net.L1(x, gp)
					}
					for i := range grad {
						grad[i] += lambda * gp[i]
					}
					return e + lambda*r
				}
				grad := make([]float64, net.L())
				loss(grad)
				name := fmt.Sprintf("∇(E+λ·%s) %d-%d-%d seed %d", pen, sz.n, sz.h, sz.k, seed)
				scratch := make([]float64, net.L())
				checkGradient(t, name, net, grad, func() float64 { return loss(scratch) }, 1e-7)
			}
		}
	}
}

// TestGradientCatchesErrors makes sure the check above can fail: the
// gradient with the (n+1) of docs/FMS.md §2 in place of ν differs from the
// central differences once some inputs are 0.
func TestGradientCatchesErrors(t *testing.T) {
	net, x := randomNet(1, 4, 3, 4, 1, 1)
	x.Set(0, 2, 0)
	grad := make([]float64, net.L())
	net.FlatMinimum(x, 1, grad)

	// ν = 4 here; (n+1) = 5 adds (1 − 2y_u)·x_v to ∂B/∂W1_uv.
	a, y := make([]float64, 3), make([]float64, 3)
	net.hidden(x.Row(0), a, y)
	wrong := append([]float64(nil), grad...)
	for v := 0; v < 4; v++ {
		wrong[v] += (1 - 2*y[0]) * x.At(0, v)
	}
	ft := &testing.T{}
	checkGradient(ft, "", net, wrong, func() float64 { return directBatch(net, x, 1) }, 1e-7)
	if !ft.Failed() {
		t.Error("a gradient with (n+1) in place of ν passed the check")
	}
}

// TestFloor checks the floor: a unit with no outgoing weights (all its
// W1 and b1 weights at the floor of S_w) gives the same B as the direct
// form, and saturated hidden units (f′ = 0 in floating point) leave B
// and ∇B finite.
func TestFloor(t *testing.T) {
	net, x := randomNet(2, 4, 3, 4, 3, 1)
	for m := 0; m < 4; m++ {
		net.W2[m*3+1] = 0 // unit 1 is pruned
	}
	got, want := net.FlatMinimum(x, 1, nil), directBatch(net, x, 1)
	if math.Abs(got-want) > 1e-11*math.Abs(want) {
		t.Errorf("pruned unit: closed form B = %.15g, direct %.15g", got, want)
	}

	for v := 0; v < 4; v++ {
		net.W1[v] = 1e4 // unit 0 saturates
	}
	grad := make([]float64, net.L())
	b := net.FlatMinimum(x, 1, grad)
	if math.IsNaN(b) || math.IsInf(b, 0) {
		t.Fatalf("B = %g", b)
	}
	for i, g := range grad {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Fatalf("∂B/∂w_%d = %g", i, g)
		}
	}
}
