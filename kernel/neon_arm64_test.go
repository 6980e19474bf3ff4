//go:build !purego

package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lococode/lococode/kernel/asm"
)

// TestNEONBitExact checks the claim of package asm that on arm64, where
// gc fuses the multiply-adds of the generic loops, the NEON products
// and moments form every sum as the same chain of fused operations in
// the same order, and so agree with the generic functions to the bit.
// (TanhContrast is left out: its tanh differs from math.Tanh by up to
// 2 ulp; TestTanhContrastEquiv bounds it.)
func TestNEONBitExact(t *testing.T) {
	if !fusedMulAdd {
		t.Fatal("gc does not fuse x*y + z on arm64 here")
	}
	rng := rand.New(rand.NewPCG(11, 11))
	var shapes [][2]int
	for _, n := range []int{0, 1, 3, 4, 5, 63, 64, 65, 129, 1000} {
		for _, k := range []int{1, 2, 3, 5, 8, 9, 16, 17, 33, 64} {
			shapes = append(shapes, [2]int{n, k})
		}
	}
	// Several row blocks of H with a few of its columns each (k = 130),
	// and W wider than one transposed tile (k > 512).
	shapes = append(shapes, [2]int{200, 130}, [2]int{3, 600})
	for _, nk := range shapes {
		n, k := nk[0], nk[1]
		name := fmt.Sprintf("n=%d k=%d", n, k)
		w, z := randSlice(rng, k*k), randSlice(rng, n*k)
		got, want := make([]float64, n*k), make([]float64, n*k)

		asm.MatMulNEON(got, z, w, n, k, k)
		matMulGeneric(want, z, w, n, k, k)
		checkSame(t, "MatMul "+name, got, want)
		asm.MatMulTBNEON(got, z, w, n, k, k)
		matMulTBGeneric(want, z, w, n, k, k)
		checkSame(t, "MatMulTB "+name, got, want)

		c, s := make([]float64, k*k), make([]float64, k*k)
		gc, gs := make([]float64, k*k), make([]float64, k*k)
		asm.MulTANEON(c, z, z, n, k, k)
		mulTAGeneric(gc, z, z, n, k, k)
		checkSame(t, "MulTA "+name, c, gc)
		asm.GramNEON(c, z, n, k)
		gramGeneric(gc, z, n, k)
		checkSame(t, "Gram "+name, c, gc)
		asm.BatchMomentsNEON(c, s, w, z, n, k)
		batchMomentsGeneric(gc, gs, w, z, n, k)
		checkSame(t, "BatchMoments c "+name, c, gc)
		checkSame(t, "BatchMoments s "+name, s, gs)

		sums, gsums := make([]float64, 5*k), make([]float64, 5*k)
		cnt := asm.ForwardMomentsNEON(sums, w, z, n, k, 0.2)
		gcnt := forwardMomentsGeneric(gsums, w, z, n, k, 0.2)
		checkSame(t, "ForwardMoments "+name, sums, gsums)
		if cnt != gcnt {
			t.Fatalf("ForwardMoments %s: count %d, generic %d", name, cnt, gcnt)
		}
	}
}
