//go:build !purego

package kernel

import (
	"testing"

	"github.com/lococode/lococode/kernel/asm"
)

// TestForwardMoments8F32AVX2Stops checks that the AVX2 pass stops its
// swaps at a draw that may need the rejection step, with that draw not
// taken: it returns the index of the swap and the state before the
// draw, so that shuffleFrom can go on from there.
func TestForwardMoments8F32AVX2Stops(t *testing.T) {
	if !hasAVX2 {
		if requireAsm("avx2") {
			t.Fatal("LOCOCODE_REQUIRE_ASM=avx2 but this CPU lacks avx2+fma")
		}
		t.Skip("CPU lacks avx2+fma")
	}
	const n, m = 100, 80
	z, w, sums := make([]float32, 8*n), make([]float64, 64), make([]float64, 40)
	un := uint64(m - 3) // the fourth draw, for i = m − 4
	for _, x := range rejectionDraws(un) {
		before := stateBefore(x)
		g := before
		for range 3 {
			g = pcgBack(g)
		}
		p := make([]int, m)
		for i := range p {
			p[i] = i
		}
		_, next, hi, lo := asm.ForwardMoments8F32AVX2(sums, w, z, n, 0.2, p, m-1, g.Hi, g.Lo)
		if next != m-4 || (PCG{hi, lo}) != before {
			t.Errorf("x=%#x: stopped at %d with state %x %x, want %d and %x", x, next, hi, lo, m-4, before)
		}
	}
	// With more swaps than rows it stops where the rows end.
	p := make([]int, 3*n)
	if _, next, _, _ := asm.ForwardMoments8F32AVX2(sums, w, z, n, 0.2, p, len(p)-1, 1, 2); next != len(p)-1-n {
		t.Errorf("%d swaps over %d rows: next %d, want %d", len(p)-1, n, next, len(p)-1-n)
	}
}
