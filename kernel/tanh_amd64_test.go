//go:build !purego

package kernel

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/lococode/lococode/kernel/asm"
)

// tanhULPAVX2 is the error bound of the AVX2 tanh against math.Tanh
// that TanhContrastAVX2 documents.
const tanhULPAVX2 = 3

// ulpDiff is |got−want| in units of the last place of want.
func ulpDiff(got, want float64) float64 {
	if got == want {
		return 0
	}
	ulp := math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want)
	return math.Abs(got-want) / ulp
}

// TestTanhAccuracy measures the vector tanh of TanhContrastAVX2 against
// math.Tanh: on a dense grid over [−20, 20], on random arguments of
// every magnitude, and at the special values.
func TestTanhAccuracy(t *testing.T) {
	if !hasAVX2 {
		if requireAsm("avx2") {
			t.Fatal("LOCOCODE_REQUIRE_ASM=avx2 but this CPU lacks avx2+fma")
		}
		t.Skip("CPU lacks avx2+fma")
	}
	var x []float64
	for i := -2_000_000; i <= 2_000_000; i++ {
		x = append(x, float64(i)*1e-5)
	}
	rng := rand.New(rand.NewPCG(11, 11))
	for range 1_000_000 {
		// |x| log-uniform over [2⁻⁶⁰, 2⁶], either sign.
		v := math.Exp2(rng.Float64()*66 - 60)
		if rng.IntN(2) == 0 {
			v = -v
		}
		x = append(x, v)
	}
	x = append(x, 0.625, math.Nextafter(0.625, 0), math.Nextafter(0.625, 1),
		19.06, 19.07, 20, 21, 44, 1e300, math.MaxFloat64, 5e-324, 1e-310)
	got := make([]float64, len(x))
	asm.TanhAVX2(got, x)
	var worst, at float64
	for i, v := range x {
		if d := ulpDiff(got[i], math.Tanh(v)); d > worst {
			worst, at = d, v
		}
	}
	t.Logf("max error %.3g ulp at x = %v over %d arguments", worst, at, len(x))
	if worst > tanhULPAVX2 {
		t.Errorf("max error %.3g ulp at x = %v (tanh %v, math.Tanh %v), bound %v",
			worst, at, got[slicesIndex(x, at)], math.Tanh(at), tanhULPAVX2)
	}

	// Special values, to the bit.
	negZero := math.Copysign(0, -1)
	specials := []float64{0, negZero, math.Inf(1), math.Inf(-1), math.NaN()}
	want := []float64{0, negZero, 1, -1, math.NaN()}
	got = make([]float64, len(specials))
	asm.TanhAVX2(got, specials)
	for i := range specials {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) &&
			!(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Errorf("tanh(%v) = %v, want %v", specials[i], got[i], want[i])
		}
	}
}

func slicesIndex(x []float64, v float64) int {
	for i, u := range x {
		if u == v {
			return i
		}
	}
	return 0
}
