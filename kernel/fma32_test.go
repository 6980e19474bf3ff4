package kernel

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// exactFMA32 is a·b + c rounded once to float32, from exact arithmetic.
func exactFMA32(a, b, c float32) float32 {
	if math.IsInf(float64(a), 0) || math.IsInf(float64(b), 0) || math.IsInf(float64(c), 0) ||
		a != a || b != b || c != c {
		return float32(float64(a)*float64(b) + float64(c))
	}
	x := new(big.Float).SetPrec(400).SetFloat64(float64(a))
	x.Mul(x, new(big.Float).SetPrec(400).SetFloat64(float64(b)))
	x.Add(x, new(big.Float).SetPrec(400).SetFloat64(float64(c)))
	f, _ := x.Float32()
	return f
}

// TestFMA32 checks fma32 against exact arithmetic on random operands
// and on sums placed next to the midpoint between two float32 values,
// where rounding to float64 and then to float32 goes wrong; the test
// counts those cases too, so that it covers them.
func TestFMA32(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 32))
	f32 := func() float32 {
		m := 1 + rng.Float32()
		e := rng.IntN(80) - 40
		if rng.IntN(2) == 0 {
			m = -m
		}
		return float32(math.Ldexp(float64(m), e))
	}
	var naiveWrong int
	check := func(a, b, c float32) {
		want := exactFMA32(a, b, c)
		got := fma32(a, b, c)
		if math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
			t.Fatalf("fma32(%g, %g, %g) = %g, want %g", a, b, c, got, want)
		}
		if naive := float32(float64(a)*float64(b) + float64(c)); naive != want {
			naiveWrong++
		}
	}
	for range 200000 {
		check(f32(), f32(), f32())
	}
	// a·b about half an ulp of c: the sum lands near a float32 midpoint.
	for range 200000 {
		a, c := f32(), f32()
		ulp := math.Nextafter32(float32(math.Abs(float64(c))), float32(math.Inf(1))) -
			float32(math.Abs(float64(c)))
		half := float64(ulp) / 2 * (1 + (rng.Float64()-0.5)*math.Ldexp(1, -20))
		if rng.IntN(2) == 0 {
			half = -half
		}
		check(a, float32(half/float64(a)), c)
	}
	// Zeros, subnormals, infinities and NaN.
	special := []float32{0, float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32,
		-math.SmallestNonzeroFloat32, 1e-40, -3e-39, math.MaxFloat32, -math.MaxFloat32, 1, -1, 0.5,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	for _, a := range special {
		for _, b := range special {
			for _, c := range special {
				check(a, b, c)
			}
		}
	}
	if naiveWrong == 0 {
		t.Fatal("no case where rounding twice differs: the test does not reach the hard cases")
	}
	t.Logf("%d cases where float32(float64 sum) differs from the fused result", naiveWrong)
}
