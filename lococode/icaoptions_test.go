package lococode

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/lococode/lococode/linalg"
)

// TestFastICAOptions separates known mixtures of Laplace sources with
// every contrast and algorithm: Amari distance ≤ 0.05 on 3 seeds, and
// the iteration count and convergence reported.
func TestFastICAOptions(t *testing.T) {
	for _, fun := range []Contrast{LogCosh, Exp, Cube} {
		for _, alg := range []ICAAlgorithm{Parallel, Deflation} {
			t.Run(fmt.Sprintf("%s/%s", fun, alg), func(t *testing.T) {
				for seed := uint64(0); seed < 3; seed++ {
					d := Generate(NewStream(seed, 0), 4000, 5)
					wh, err := linalg.FitWhitener(d.X, linalg.PCAWhiten, 1e-9)
					if err != nil {
						t.Fatal(err)
					}
					o := DefaultICAOptions()
					o.Fun, o.Algorithm, o.Alpha = fun, alg, 1.5
					ica, err := FastICAWith(wh.Transform(d.X), NewStream(seed, 1), o)
					if err != nil {
						t.Fatal(err)
					}
					if !ica.Converged || ica.Iterations < 2 || ica.Iterations >= o.MaxIter {
						t.Errorf("seed %d: converged %v after %d iterations", seed, ica.Converged, ica.Iterations)
					}
					if a := Amari(linalg.Mul(ica.W, wh.K), d.A); a > 0.05 {
						t.Errorf("seed %d: Amari %.3f, want ≤ 0.05", seed, a)
					}
					if r := linalg.MulTB(ica.W, ica.W); !near(r, linalg.Identity(5), 1e-10) {
						t.Errorf("seed %d: W not orthogonal", seed)
					}
				}
			})
		}
	}
}

func TestFastICAWithDefaultIsFastICA(t *testing.T) {
	d := Generate(NewStream(9, 0), 1000, 4)
	wh, _ := linalg.FitWhitener(d.X, linalg.PCAWhiten, 1e-9)
	z := wh.Transform(d.X)
	a, err := FastICA(z, NewStream(9, 1), 200, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	b, err := FastICAWith(z, NewStream(9, 1), DefaultICAOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !near(a.W, b.W, 0) || a.Iterations != b.Iterations {
		t.Error("FastICAWith(defaults) differs from FastICA")
	}
}

func TestICAOptionsValidate(t *testing.T) {
	for _, o := range []ICAOptions{
		{Fun: "sine", MaxIter: 1, Tol: 1},
		{Algorithm: "serial", MaxIter: 1, Tol: 1},
		{Alpha: 3, MaxIter: 1, Tol: 1},
		{MaxIter: 0, Tol: 1},
		{MaxIter: 1, Tol: 0},
	} {
		if err := o.Validate(); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: Validate() = %v, want ErrConfig", o, err)
		}
	}
}

// TestFastICAFloat32 checks the float32 tanh option against the float64
// FastICA on the headline data of seeds 0–9: the same iteration counts
// and Amari distances within 1e-6 (over 100 seeds the largest gap is
// 1e-9), and W orthogonal.
func TestFastICAFloat32(t *testing.T) {
	for seed := uint64(0); seed < 10; seed++ {
		d := Generate(NewStream(seed, 0), 2000, 8)
		wh, err := linalg.FitWhitener(d.X, linalg.PCAWhiten, 1e-9)
		if err != nil {
			t.Fatal(err)
		}
		z := wh.Transform(d.X)
		o := DefaultICAOptions()
		r64, err := FastICAWith(z, NewStream(seed, 1), o)
		if err != nil {
			t.Fatal(err)
		}
		o.Float32 = true
		r32, err := FastICAWith(z, NewStream(seed, 1), o)
		if err != nil {
			t.Fatal(err)
		}
		if r32.Iterations != r64.Iterations || !r32.Converged {
			t.Errorf("seed %d: float32 %d iterations (converged %v), float64 %d",
				seed, r32.Iterations, r32.Converged, r64.Iterations)
		}
		a64 := Amari(linalg.Mul(r64.W, wh.K), d.A)
		a32 := Amari(linalg.Mul(r32.W, wh.K), d.A)
		if math.Abs(a32-a64) > 1e-6 {
			t.Errorf("seed %d: Amari float32 %.9f, float64 %.9f", seed, a32, a64)
		}
		if e := linalg.MulTB(r32.W, r32.W); !near(e, linalg.Identity(8), 1e-12) {
			t.Errorf("seed %d: float32 W is not orthogonal", seed)
		}
	}
}
