//go:build !purego

package asm

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

// TestGemmAcc checks the block kernel against its Go loop, which gc
// fuses on arm64 exactly as the assembly does, so the match is exact.
func TestGemmAcc(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, mi := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 13} {
		for _, nj := range []int{0, 1, 2, 3, 7, 8, 9, 10, 17} {
			for _, n := range []int{0, 1, 2, 5} {
				ldd, ur, ui, ldv := nj+3, 1, n+2, nj+1
				if mi%2 == 1 {
					ur, ui = mi+1, 1
				}
				dst := randSlice(rng, mi*ldd+1)
				u := randSlice(rng, n*ur+mi*ui+1)
				v := randSlice(rng, n*ldv+1)
				want := append([]float64(nil), dst...)
				for r := 0; r < n; r++ {
					for i := 0; i < mi; i++ {
						for j := 0; j < nj; j++ {
							want[i*ldd+j] = math.FMA(u[r*ur+i*ui], v[r*ldv+j], want[i*ldd+j])
						}
					}
				}
				gemmAccNEON(dst, ldd, u, ur, ui, v, ldv, n, mi, nj)
				for i := range want {
					if dst[i] != want[i] {
						t.Fatalf("mi=%d nj=%d n=%d: dst[%d] = %v, want %v", mi, nj, n, i, dst[i], want[i])
					}
				}
			}
		}
	}
}

// tanhMaxULP bounds |TanhNEON(x) − math.Tanh(x)| in units in the last
// place of math.Tanh(x); over [−20, 20] the largest absolute error is
// 2.22e-16, found near x = ±16.
const tanhMaxULP = 2

// TestTanhSweep compares TanhNEON with math.Tanh on a grid of step 2⁻¹²
// over [−25, 25], on powers of two down to the subnormals, and on the
// special values.
func TestTanhSweep(t *testing.T) {
	var xs []float64
	for x := -25.0; x <= 25; x += 1.0 / 4096 {
		xs = append(xs, x)
	}
	for e := -1080; e <= 6; e++ {
		xs = append(xs, math.Ldexp(1, e), -math.Ldexp(1.37, e))
	}
	xs = append(xs, 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		0.625, 19.06, 22, 22.5, 1e300, -1e300, math.SmallestNonzeroFloat64)
	got := append([]float64(nil), xs...)
	TanhNEON(got)
	var maxAbs, maxULP float64
	for i, x := range xs {
		want := math.Tanh(x)
		if math.IsNaN(want) {
			if !math.IsNaN(got[i]) {
				t.Errorf("tanh(%v) = %v, want NaN", x, got[i])
			}
			continue
		}
		if math.Signbit(got[i]) != math.Signbit(want) {
			t.Errorf("tanh(%v) = %v, want %v", x, got[i], want)
		}
		d := math.Abs(got[i] - want)
		maxAbs = max(maxAbs, d)
		if want != 0 {
			maxULP = max(maxULP, d/ulp(want))
			if d > tanhMaxULP*ulp(want) {
				t.Errorf("tanh(%v) = %v, math.Tanh %v: %.3g ulp apart", x, got[i], want, d/ulp(want))
			}
		} else if got[i] != 0 {
			t.Errorf("tanh(%v) = %v, want %v", x, got[i], want)
		}
	}
	t.Logf("max |TanhNEON − math.Tanh| = %.3g, %.3g ulp", maxAbs, maxULP)
}

func ulp(x float64) float64 {
	x = math.Abs(x)
	return math.Nextafter(x, math.Inf(1)) - x
}

func TestSign(t *testing.T) {
	var x, want []float64
	for range 3 {
		x = append(x, 1, -2, 0, math.Copysign(0, -1), math.NaN(), math.Inf(-1), 3e-320)
		want = append(want, 1, -1, 0, 0, 0, -1, 1)
	}
	for n := 0; n <= len(x); n++ {
		got := append([]float64(nil), x...)
		signNEON(got[:n])
		for i := range got {
			w := want[i]
			if i >= n {
				w = x[i]
			}
			if got[i] != w && !(math.IsNaN(w) && math.IsNaN(got[i])) {
				t.Errorf("n=%d: sign[%d] = %v, want %v", n, i, got[i], w)
			}
		}
	}
}

// TestNoAllocs checks that the drivers keep their tiles on the stack.
func TestNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const n, k = 100, 8
	w, z := randSlice(rng, k*k), randSlice(rng, n*k)
	a, b, s := make([]float64, k*k), make([]float64, k*k), make([]float64, 5*k)
	for name, f := range map[string]func(){
		"BatchMoments":   func() { BatchMomentsNEON(a, b, w, z, n, k) },
		"ForwardMoments": func() { ForwardMomentsNEON(s, w, z, n, k, 0.2) },
		"TanhContrast":   func() { TanhContrastNEON(a, s, w, z, n, k) },
		"MatMulTB":       func() { MatMulTBNEON(a, w, w, k, k, k) },
		"Gram":           func() { GramNEON(a, z, n, k) },
	} {
		if allocs := testing.AllocsPerRun(10, f); allocs != 0 {
			t.Errorf("%s: %v allocations per call", name, allocs)
		}
	}
}
