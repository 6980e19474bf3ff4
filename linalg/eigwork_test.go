package linalg

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEigSymTo checks EigSymTo with one EigWork reused over growing and
// shrinking sizes: the residual ‖A·E − E·Λ‖ and ‖EᵀE − I‖ at rounding
// level, and the same bits as EigSym. It also runs with v sharing a's
// storage.
func TestEigSymTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	var ws EigWork
	for _, k := range []int{8, 1, 64, 2, 16, 8, 33, 0, 5} {
		for _, kind := range []string{"random", "ill-conditioned"} {
			a := randSym(rng, k)
			if kind == "ill-conditioned" {
				vals := make([]float64, k)
				for i := range vals {
					vals[i] = math.Pow(10, -12*rng.Float64())
				}
				a = symFromSpectrum(rng, vals)
			}
			name := fmt.Sprintf("%s k=%d", kind, k)
			vals, v := make([]float64, k), New(k, k)
			if err := EigSymTo(vals, v, a, &ws); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			checkEigenPairs(t, name, a, vals, v)
			wantVals, wantV, err := EigSym(a)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(vals, wantVals) || !slices.Equal(v.Data, wantV.Data) {
				t.Errorf("%s: EigSymTo differs from EigSym", name)
			}
			inPlace := a.Clone()
			if err := EigSymTo(vals, inPlace, inPlace, &ws); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(inPlace.Data, wantV.Data) {
				t.Errorf("%s: EigSymTo with v = a differs", name)
			}
		}
	}
	a := Identity(3)
	a.Set(2, 0, math.Inf(-1))
	if err := EigSymTo(make([]float64, 3), New(3, 3), a, &ws); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Inf input: err = %v, want ErrNotFinite", err)
	}
}

// oldSymDecorrelate is the formula SymDecorrelate has always
// evaluated, E·Λ^(-1/2)·Eᵀ·W from EigSym(W·Wᵀ), with fresh matrices.
func oldSymDecorrelate(t *testing.T, w *Dense) *Dense {
	t.Helper()
	vals, e, err := EigSym(MulTB(w, w))
	if err != nil {
		t.Fatal(err)
	}
	es := e.Clone()
	for i := 0; i < w.Rows; i++ {
		row := es.Row(i)
		for j := range row {
			row[j] /= math.Sqrt(vals[j])
		}
	}
	return Mul(MulTB(es, e), w)
}

// illConditioned returns Q₁·diag(s)·Q₂ with singular values s spread
// logarithmically over [1/cond, 1].
func illConditioned(rng *rand.Rand, k int, cond float64) *Dense {
	q1, _ := PositiveQR(randDense(rng, k, k))
	q2, _ := PositiveQR(randDense(rng, k, k))
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			q1.Data[i*k+j] *= math.Pow(cond, -float64(j)/float64(max(k-1, 1)))
		}
	}
	return Mul(q1, q2)
}

// TestSymDecorrelateTo checks the workspace variant with one EigWork
// over several sizes, on random and ill-conditioned W: R·Rᵀ = I to
// rounding level for W·Wᵀ's condition number, R equal to the formula
// E·Λ^(-1/2)·Eᵀ·W to 1e-13 and to SymDecorrelate bit for bit, also
// when dst is w itself.
func TestSymDecorrelateTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	var ws EigWork
	for _, k := range []int{8, 2, 64, 16, 1, 8, 32} {
		for _, cond := range []float64{0, 1e3, 1e6} {
			w := randDense(rng, k, k)
			if cond > 0 {
				w = illConditioned(rng, k, cond)
			}
			name := fmt.Sprintf("k=%d cond=%g", k, cond)
			r := New(k, k)
			if err := SymDecorrelateTo(r, w, &ws); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			// The error of R·Rᵀ grows with κ = cond(W·Wᵀ) = cond(W)².
			lam, _, err := EigSym(MulTB(w, w))
			if err != nil {
				t.Fatal(err)
			}
			bound := 4 * float64(k) * eps * lam[k-1] / lam[0]
			if res := orthoResidual(r.T()); res > bound {
				t.Errorf("%s: ‖RRᵀ − I‖ = %.3g > %.3g", name, res, bound)
			}
			if res := sub(r, oldSymDecorrelate(t, w)).NormFrob(); res > 1e-13*math.Sqrt(float64(k)) {
				t.Errorf("%s: ‖R − E·Λ^(-1/2)·Eᵀ·W‖ = %.3g", name, res)
			}
			want, err := SymDecorrelate(w)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Data, want.Data) {
				t.Errorf("%s: SymDecorrelateTo differs from SymDecorrelate", name)
			}
			if err := SymDecorrelateTo(w, w, &ws); err != nil || !slices.Equal(w.Data, want.Data) {
				t.Errorf("%s: dst = w: err %v, or the result differs", name, err)
			}
		}
	}

	w := randDense(rng, 6, 6)
	copy(w.Row(4), w.Row(1))
	r := Identity(6)
	if err := SymDecorrelateTo(r, w, &ws); !errors.Is(err, ErrRankDeficient) {
		t.Errorf("rank-deficient W: err = %v, want ErrRankDeficient", err)
	}
	if !slices.Equal(r.Data, Identity(6).Data) {
		t.Error("rank-deficient W: dst was written")
	}
	w.Set(3, 3, math.NaN())
	if err := SymDecorrelateTo(r, w, &ws); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN in W: err = %v, want ErrNotFinite", err)
	}
}

// TestEigWorkNoAlloc checks that a grown EigWork makes EigSymTo and
// SymDecorrelateTo allocation-free.
func TestEigWorkNoAlloc(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	const k = 8
	a, w := randSym(rng, k), randDense(rng, k, k)
	vals, v, r := make([]float64, k), New(k, k), New(k, k)
	var ws EigWork
	if n := testing.AllocsPerRun(20, func() {
		if err := EigSymTo(vals, v, a, &ws); err != nil {
			t.Fatal(err)
		}
		if err := SymDecorrelateTo(r, w, &ws); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per call, want 0", n)
	}
}

// TestEigWorkShapes checks the panics for mismatched shapes.
func TestEigWorkShapes(t *testing.T) {
	var ws EigWork
	for name, f := range map[string]func(){
		"EigSymTo vals": func() { _ = EigSymTo(make([]float64, 2), New(3, 3), Identity(3), &ws) },
		"EigSymTo v":    func() { _ = EigSymTo(make([]float64, 3), New(3, 2), Identity(3), &ws) },
		"EigSymTo a":    func() { _ = EigSymTo(make([]float64, 3), New(3, 3), New(3, 2), &ws) },
		"dst":           func() { _ = SymDecorrelateTo(New(2, 2), Identity(3), &ws) },
		"w":             func() { _ = SymDecorrelateTo(New(3, 3), New(3, 2), &ws) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
