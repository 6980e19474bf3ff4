package fms

import (
	"errors"
	"math"
	"testing"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// barsLike returns p 25-pixel images of bars (rows and columns of a 5×5
// grid, each with probability 0.2; +0.5 on, −0.5 off).
func barsLike(seed uint64, p int) *linalg.Dense {
	s := lococode.NewStream(seed, 3)
	x := linalg.New(p, 25)
	for i := range x.Data {
		x.Data[i] = -0.5
	}
	for i := 0; i < p; i++ {
		for b := 0; b < 10; b++ {
			if s.Uniform() < 0.2 {
				for j := 0; j < 5; j++ {
					px := b*5 + j
					if b >= 5 {
						px = j*5 + b - 5
					}
					x.Set(i, px, 0.5)
				}
			}
		}
	}
	return x
}

func TestTrainBackprop(t *testing.T) {
	x := barsLike(1, 100)
	c := DefaultConfig()
	c.Penalty, c.Epochs = None, 25
	r, err := Train(x, c, lococode.NewStream(1, 4))
	if err != nil {
		t.Fatal(err)
	}
	h := r.History
	if len(h) != 26 || r.Updates != 25*100 {
		t.Fatalf("%d history rows, %d updates", len(h), r.Updates)
	}
	// About 5.8 per image at the start (the total variance plus the
	// mean's offset); plain backpropagation must get well under 1.
	t.Logf("E from %.3f to %.3f", h[0].E, h[25].E)
	if h[0].E < 3 || h[25].E > 0.5 {
		t.Errorf("E from %.3f to %.3f, want from ≥ 3 to ≤ 0.5", h[0].E, h[25].E)
	}
	for _, e := range h {
		if e.Lambda != 0 || e.Ratio != 0 {
			t.Fatalf("epoch %d: λ = %g, ratio %g without a penalty phase", e.Epoch, e.Lambda, e.Ratio)
		}
	}

	// The same seed gives the same weights.
	c.Epochs = 2
	r1, _ := Train(x, c, lococode.NewStream(1, 4))
	r2, _ := Train(x, c, lococode.NewStream(1, 4))
	for i := range r1.Net.P {
		if r1.Net.P[i] != r2.Net.P[i] {
			t.Fatal("two runs of one seed differ")
		}
	}
}

// TestTrainSchedule checks the two phases and the λ rule: with a high
// E_tol the FMS phase starts once E_avg is below it, λ rises by Δλ per
// epoch while E < E_tol, and the penalty's gradient is rescaled.
func TestTrainSchedule(t *testing.T) {
	x := barsLike(2, 60)
	c := DefaultConfig()
	c.Epochs, c.ETol, c.DeltaLambda = 30, 3, 0.01
	r, err := Train(x, c, lococode.NewStream(2, 4))
	if err != nil {
		t.Fatal(err)
	}
	first := -1
	for i, e := range r.History[1:] {
		ep := i + 1
		if e.Phase && first < 0 {
			first = ep
			if e.EAvg >= c.ETol {
				t.Errorf("epoch %d: FMS phase with E_avg %.3f ≥ E_tol", ep, e.EAvg)
			}
		}
		if first < 0 {
			if e.Lambda != 0 {
				t.Errorf("epoch %d: λ = %g before the FMS phase", ep, e.Lambda)
			}
			continue
		}
		prev := r.History[ep-1]
		if e.E < c.ETol && math.Abs(e.Lambda-(prev.Lambda+c.DeltaLambda)) > 1e-12 {
			t.Errorf("epoch %d: E %.3f < E_tol but λ %g → %g", ep, e.E, prev.Lambda, e.Lambda)
		}
		if ep > first+1 && !(e.Ratio > 0) {
			t.Errorf("epoch %d: no rescaled penalty step (ratio %g)", ep, e.Ratio)
		}
	}
	t.Logf("FMS phase from epoch %d; final λ %g", first, r.History[c.Epochs].Lambda)
	if first < 0 || first > 20 {
		t.Fatalf("FMS phase started at epoch %d", first)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, mod := range []func(*Config){
		func(c *Config) { c.Hidden = 0 },
		func(c *Config) { c.Penalty = "l2" },
		func(c *Config) { c.LR = math.NaN() },
		func(c *Config) { c.ETol = 0 },
		func(c *Config) { c.DeltaLambda = -1 },
		func(c *Config) { c.BackFactor = 0.5 },
		func(c *Config) { c.Epsilon = math.Inf(1) },
		func(c *Config) { c.BatchSize = 0 },
	} {
		c := DefaultConfig()
		mod(&c)
		if _, err := Train(barsLike(0, 4), c, lococode.NewStream(0, 0)); !errors.Is(err, ErrConfig) {
			t.Errorf("%+v: error %v, want ErrConfig", c, err)
		}
	}
	c := DefaultConfig()
	c.LR = 1e6
	c.Epochs = 50
	if _, err := Train(barsLike(0, 20), c, lococode.NewStream(0, 0)); !errors.Is(err, ErrDiverged) {
		t.Errorf("η = 1e6: error %v, want ErrDiverged", err)
	}
}
