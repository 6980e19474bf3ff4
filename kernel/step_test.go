package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

// stepDirect is the update of the LOCOCODE step exactly as README.md ("What it computes")
// writes it, forming H and E explicitly.
func stepDirect(w, zb []float64, b, k int, p StepParams) []float64 {
	h := make([]float64, b*k)
	matMulTBGeneric(h, zb, w, b, k, k) // H = Zb·Wᵀ
	e := make([]float64, b*k)
	matMulGeneric(e, h, w, b, k, k) // H·W
	for i := range e {
		e[i] -= zb[i]
	}
	sg := make([]float64, b*k)
	for i, v := range h {
		switch {
		case v > 0:
			sg[i] = 1
		case v < 0:
			sg[i] = -1
		}
	}
	he := make([]float64, k*k)
	mulTAGeneric(he, h, e, b, k, k)
	sz := make([]float64, k*k)
	mulTAGeneric(sz, sg, zb, b, k, k)
	out := append([]float64(nil), w...)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			g := 2/float64(b)*(he[i*k+j]+he[j*k+i]) + p.LambdaAct*sz[i*k+j]/float64(b) +
				2*p.LambdaW*w[i*k+j]
			out[i*k+j] -= p.LR * g
		}
	}
	return out
}

func TestStepMatchesDirectFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := StepParams{LR: 0.05, LambdaAct: 0.5, LambdaW: 1e-4}
	for _, k := range []int{1, 2, 3, 8, 13, 32} {
		for _, b := range []int{1, 5, 16, 64} {
			w := randSlice(rng, k*k)
			zb := randSlice(rng, b*k)
			want := stepDirect(w, zb, b, k, p)
			got := append([]float64(nil), w...)
			Step(got, zb, b, k, p, NewWorkspace(k))
			// Both forms compute the same G; their rounding differs by
			// a few ε·(b·k·|w|³|z|²)/b per entry.
			for i := range want {
				tol := 1e-13 * float64(k*k) * (1 + math.Abs(want[i]))
				if d := math.Abs(got[i] - want[i]); d > tol {
					t.Fatalf("k=%d b=%d: W[%d] = %v, direct formula %v (|Δ| %.3g)",
						k, b, i, got[i], want[i], d)
				}
			}
		}
	}
}

func TestForwardMoments(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	n, k := 37, 5
	w, z := randSlice(rng, k*k), randSlice(rng, n*k)
	sums := make([]float64, 5*k)
	nsmall := ForwardMoments(sums, w, z, n, k, 0.2)
	h := make([]float64, n*k)
	matMulTBGeneric(h, z, w, n, k, k)
	var wantSmall int64
	for i := 0; i < k; i++ {
		var s [5]float64
		for r := 0; r < n; r++ {
			v := h[r*k+i]
			s[0] += v
			s[1] += v * v
			s[2] += v * v * v
			s[3] += v * v * v * v
			s[4] += math.Abs(v)
			if math.Abs(v) < 0.2 {
				wantSmall++
			}
		}
		for p := 0; p < 5; p++ {
			if d := math.Abs(sums[p*k+i] - s[p]); d > 1e-12*(1+math.Abs(s[p])) {
				t.Errorf("power sum %d of column %d = %v, want %v", p+1, i, sums[p*k+i], s[p])
			}
		}
	}
	if nsmall != wantSmall {
		t.Errorf("count of |h| < 0.2 = %d, want %d", nsmall, wantSmall)
	}
}

func TestProductsKnown(t *testing.T) {
	a := []float64{1, 2, 3, 4, 5, 6} // 2×3
	b := []float64{7, 8, 9, 10, 11, 12}
	dst := make([]float64, 4)
	MatMulTB(dst, a, b, 2, 3, 2) // a·bᵀ
	if want := []float64{50, 68, 122, 167}; !equal(dst, want) {
		t.Errorf("MatMulTB = %v, want %v", dst, want)
	}
	dst = make([]float64, 9)
	MulTA(dst, a, b, 2, 3, 3) // aᵀ·b with a, b as 2×3
	if want := []float64{47, 52, 57, 64, 71, 78, 81, 90, 99}; !equal(dst, want) {
		t.Errorf("MulTA = %v, want %v", dst, want)
	}
	Gram(dst, a, 2, 3)
	if want := []float64{17, 22, 27, 22, 29, 36, 27, 36, 45}; !equal(dst, want) {
		t.Errorf("Gram = %v, want %v", dst, want)
	}
	dst = make([]float64, 4)
	MatMul(dst, a, []float64{1, 0, 0, 1, 1, 1}, 2, 3, 2)
	if want := []float64{4, 5, 10, 11}; !equal(dst, want) {
		t.Errorf("MatMul = %v, want %v", dst, want)
	}
}

func TestTanhContrast(t *testing.T) {
	// One row z = (1, 2), W = I: y = z.
	gz := make([]float64, 4)
	gd := make([]float64, 2)
	TanhContrast(gz, gd, []float64{1, 0, 0, 1}, []float64{1, 2}, 1, 2)
	t1, t2 := math.Tanh(1), math.Tanh(2)
	want := []float64{t1, 2 * t1, t2, 2 * t2}
	for i := range want {
		if math.Abs(gz[i]-want[i]) > 1e-15 {
			t.Errorf("gz = %v, want %v", gz, want)
		}
	}
	if math.Abs(gd[0]-(1-t1*t1)) > 1e-15 || math.Abs(gd[1]-(1-t2*t2)) > 1e-15 {
		t.Errorf("gd = %v", gd)
	}
}

func equal(a, b []float64) bool {
	for i := range b {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSmoothStep checks the log-cosh step against the direct formula
// with tanh(H/α) in place of sign(H), and that a small α approaches
// the L1 step.
func TestSmoothStep(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(3, 3))
		for _, k := range []int{1, 3, 8, 13} {
			for _, b := range []int{1, 7, 64} {
				w, zb := randSlice(rng, k*k), randSlice(rng, b*k)
				p := StepParams{LR: 0.05, LambdaAct: 0.5, LambdaW: 1e-4, Alpha: 0.3}

				// Direct: G with tanh(H/α)ᵀZb as the penalty term.
				h := make([]float64, b*k)
				matMulTBGeneric(h, zb, w, b, k, k)
				for i := range h {
					h[i] = math.Tanh(h[i] / p.Alpha)
				}
				ts := make([]float64, k*k)
				mulTAGeneric(ts, h, zb, b, k, k)
				l1 := p
				l1.LambdaAct = 0
				want := stepDirect(w, zb, b, k, l1)
				for i := range want {
					want[i] -= p.LR * p.LambdaAct * ts[i] / float64(b)
				}
				got := append([]float64(nil), w...)
				Step(got, zb, b, k, p, NewWorkspace(k))
				for i := range want {
					// tanh within 3 ulp on the asm path; rounding of the
					// two forms as in TestStepMatchesDirectFormula.
					tol := 1e-13 * float64(k*k) * (1 + math.Abs(want[i]))
					if d := math.Abs(got[i] - want[i]); d > tol {
						t.Fatalf("k=%d b=%d: W[%d] = %v, direct %v (|Δ| %.3g)", k, b, i, got[i], want[i], d)
					}
				}

				// α → 0: tanh(h/α) → sign(h) away from h = 0.
				p.Alpha = 1e-9
				a := append([]float64(nil), w...)
				Step(a, zb, b, k, p, NewWorkspace(k))
				p.Alpha = 0
				l := append([]float64(nil), w...)
				Step(l, zb, b, k, p, NewWorkspace(k))
				for i := range l {
					if d := math.Abs(a[i] - l[i]); d > 1e-12 {
						t.Fatalf("k=%d b=%d: α = 1e-9 step differs from L1 by %.3g", k, b, d)
					}
				}
			}
		}
	})
}
