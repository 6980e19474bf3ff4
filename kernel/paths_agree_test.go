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
// differs from math.Tanh by a few ulp).
func TestPathsAgreeOnHeadline(t *testing.T) {
	cfg := lococode.DefaultConfig()
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
				if m.Method == lococode.MethodFastICA {
					tol = 1e-6
				}
				if d := math.Abs(m.Amari - w.Amari); d > tol {
					t.Errorf("%s Amari %v, generic %v (|Δ| %.3g > %g)", m.Method, m.Amari, w.Amari, d, tol)
				}
			}
		})
	}
}
