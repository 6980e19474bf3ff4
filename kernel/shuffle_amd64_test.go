//go:build !purego

package kernel

import (
	"testing"

	"github.com/lococode/lococode/kernel/asm"
)

// TestStepRows8F32AVX2Stops checks that the AVX2 batch passes (float32
// and float64) stop their draws at one that may need the rejection step,
// with that draw not taken: they return the index of the draw and the
// state before it, so that the generic code can go on from there; and
// that the history passes make one swap per row and leave the rest.
func TestStepRows8F32AVX2Stops(t *testing.T) {
	if !hasAVX2 {
		if requireAsm("avx2") {
			t.Fatal("LOCOCODE_REQUIRE_ASM=avx2 but this CPU lacks avx2+fma")
		}
		t.Skip("CPU lacks avx2+fma")
	}
	const n, m = 100, 80
	z, z64, w := make([]float32, 8*n), make([]float64, 8*n), make([]float64, 64)
	c, s, mm, tt, q := make([]float64, 64), make([]float64, 64), make([]float64, 64),
		make([]float64, 64), make([]float64, 64)
	rows := make([]int, 64)
	un := uint64(m - 3) // the fourth draw, for i = m − 4
	for _, x := range rejectionDraws(un) {
		before := stateBefore(x)
		g := before
		for range 3 {
			g = pcgBack(g)
		}
		j := make([]int, m)
		ok, next, hi, lo := asm.StepRows8F32AVX2(w, c, s, mm, tt, q, z, rows, 0, 0, 0, 0, j, m-1, g.Hi, g.Lo)
		if !ok || next != m-4 || (PCG{hi, lo}) != before {
			t.Errorf("x=%#x: stopped at %d with state %x %x, want %d and %x", x, next, hi, lo, m-4, before)
		}
		ok, next, hi, lo = asm.BatchMomentsRows8DrawAVX2(c, s, w, z64, rows, j, m-1, g.Hi, g.Lo)
		if !ok || next != m-4 || (PCG{hi, lo}) != before {
			t.Errorf("float64, x=%#x: stopped at %d with state %x %x, want %d and %x", x, next, hi, lo, m-4, before)
		}
	}
	// The history pass: one swap per row, the rest left.
	p, j := make([]int, 3*n), make([]int, 3*n)
	sums := make([]float64, 40)
	if _, next := asm.ForwardMoments8F32AVX2(sums, w, z, n, 0.2, p, j, len(p)-1); next != len(p)-1-n {
		t.Errorf("%d swaps over %d rows: next %d, want %d", len(p)-1, n, next, len(p)-1-n)
	}
	if _, next := asm.ForwardMoments8ShuffleAVX2(sums, w, z64, n, 0.2, p, j, len(p)-1); next != len(p)-1-n {
		t.Errorf("float64: %d swaps over %d rows: next %d, want %d", len(p)-1, n, next, len(p)-1-n)
	}
}
