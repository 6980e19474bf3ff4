package kernel_test

import (
	"math"
	"testing"

	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/lococode"
)

// TestPathsAgreeOnHeadline runs the headline experiment on seed 0 once
// per kernel path and requires every path to give the generic path's
// numbers: the training bit for bit (its kernels keep the generic
// loop order and fusion), FastICA to 1e-6 in Amari distance (its tanh
// differs from math.Tanh by a few ulp). With prec=f32 (--float32) the
// float32 kernels (StepRows32Draw, ForwardMoments32Shuffle,
// TanhContrast32) match the generic code to the bit on every path, and
// so does FastICA.
func TestPathsAgreeOnHeadline(t *testing.T) {
	for _, f32 := range []bool{false, true} {
		prec := "f64"
		if f32 {
			prec = "f32"
		}
		t.Run("prec="+prec, func(t *testing.T) {
			cfg := lococode.DefaultConfig()
			cfg.Float32 = f32
			kernel.SetImpl(t, "generic")
			want, err := lococode.RunSeed(cfg, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, key := range kernel.ImplPaths() {
				t.Run("impl="+key, func(t *testing.T) {
					kernel.SetImpl(t, key)
					got, err := lococode.RunSeed(cfg, 0)
					if err != nil {
						t.Fatal(err)
					}
					if got.MSE != want.MSE {
						t.Errorf("final MSE %v, generic %v", got.MSE, want.MSE)
					}
					for i, m := range got.Results {
						w := want.Results[i]
						tol := 0.0
						if m.Method == lococode.MethodFastICA && !f32 {
							tol = 1e-6
						}
						if d := math.Abs(m.Amari - w.Amari); d > tol {
							t.Errorf("%s Amari %v, generic %v (|Δ| %.3g > %g)", m.Method, m.Amari, w.Amari, d, tol)
						}
					}
				})
			}
		})
	}
}
