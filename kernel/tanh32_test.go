package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestTanhContrast32Equiv checks TanhContrast32 on every path against
// its specification to the bit, for every row count of testRows (the
// AVX2 kernel's chunks of 64 rows and its groups of 24 and 8 entries)
// and several k, with guards and inputs unchanged.
func TestTanhContrast32Equiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(31, 31))
		for _, n := range testRows {
			for _, k := range []int{1, 5, 8, 9} {
				off := (n + k) % 4
				name := fmt.Sprintf("TanhContrast32 n=%d k=%d off=%d", n, k, off)
				ws, zs := newSlot(k*k, off), newSlot(n*k, (off+1)%4)
				w, z := ws.random(rng), zs.random(rng)
				scale(w, 1.5) // |y| up to about 15: past the clip at 10
				w0, z0 := append([]float64(nil), w...), append([]float64(nil), z...)
				gzs, gds := newSlot(k*k, (off+2)%4), newSlot(k, (off+3)%4)
				TanhContrast32(gzs.s(), gds.s(), w, z, n, k)
				gzs.checkGuards(t, name+" gz")
				gds.checkGuards(t, name+" gd")
				checkSame(t, name+" w", w, w0)
				checkSame(t, name+" z", z, z0)
				gz, gd := make([]float64, k*k), make([]float64, k)
				tanhContrast32Generic(gz, gd, w, z, n, k)
				checkSame(t, name+" gz", gzs.s(), gz)
				checkSame(t, name+" gd", gds.s(), gd)
			}
		}
	})
}

// TestTanh32Accuracy measures tanh32 against math.Tanh of the same
// float32 input, in float32 ulps of the true value: at most 3 over a
// dense sweep of [0, 12] and the special values.
func TestTanh32Accuracy(t *testing.T) {
	const maxULP = 3
	worst, at := 0.0, float32(0)
	check := func(x float32) {
		got := float64(tanh32(x))
		want := math.Tanh(float64(x))
		ulp := float64(math.Nextafter32(float32(math.Abs(want)), 2)) - float64(float32(math.Abs(want)))
		if e := math.Abs(got-want) / ulp; e > worst {
			worst, at = e, x
		}
		if g := tanh32(-x); g != -tanh32(x) {
			t.Fatalf("tanh32(%v) = %v, not −tanh32(%v)", -x, g, x)
		}
	}
	for x := float32(1e-30); x < 1e-3; x *= 1.01 {
		check(x)
	}
	for i := 0; i <= 1_200_000; i++ {
		check(float32(i) * 1e-5)
	}
	if worst > maxULP {
		t.Errorf("tanh32 is %.2f ulp from math.Tanh at %v, want ≤ %d", worst, at, maxULP)
	}
	t.Logf("tanh32: max error %.2f ulp (at %v)", worst, at)
	for _, c := range []struct{ x, want float32 }{
		{0, 0}, {float32(math.Inf(1)), 1}, {float32(math.Inf(-1)), -1}, {20, 1}, {-1e30, -1},
	} {
		if g := tanh32(c.x); g != c.want {
			t.Errorf("tanh32(%v) = %v, want %v", c.x, g, c.want)
		}
	}
	if g := tanh32(float32(math.NaN())); g == g {
		t.Errorf("tanh32(NaN) = %v", g)
	}
	if g := tanh32(float32(math.Copysign(0, -1))); math.Float32bits(g) != 1<<31 {
		t.Errorf("tanh32(−0) = %v, want −0", g)
	}
}
