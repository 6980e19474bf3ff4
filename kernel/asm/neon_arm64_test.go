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
