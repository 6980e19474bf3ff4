//go:build !purego

package kernel

import (
	"fmt"
	"math"
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

// TestNEONFloat32Wired checks that the float32 kernels take the NEON
// path for k = 8, and only for k = 8, so that impl=neon in the
// equivalence tests runs the assembly and not the generic code again.
func TestNEONFloat32Wired(t *testing.T) {
	setImpl(t, "neon")
	if !Float32Assembly(8) {
		t.Error("impl=neon: Float32Assembly(8) is false")
	}
	for _, k := range []int{1, 7, 9, 16} {
		if Float32Assembly(k) {
			t.Errorf("impl=neon: Float32Assembly(%d) is true", k)
		}
	}
	setImpl(t, "generic")
	if Float32Assembly(8) {
		t.Error("impl=generic: Float32Assembly(8) is true")
	}
}

// TestNEONFloat32Special calls the NEON float32 kernels directly and
// compares them with their generic specifications to the bit, on inputs
// the random tests do not reach: codes exactly 0 (sign 0), codes at and
// next to the count threshold (with W = I the codes are z itself), and
// a dense sweep of tanh32 over [−12, 12] in steps of 2⁻¹¹ with the clip
// at 10, float32 underflow and overflow of y.
func TestNEONFloat32Special(t *testing.T) {
	const k = 8
	rng := rand.New(rand.NewPCG(41, 41))
	eye := make([]float64, k*k)
	for i := 0; i < k; i++ {
		eye[i*k+i] = 1
	}

	// A third of z is ±0, and row 3 of w is zero.
	const n = 150
	z := make([]float32, n*k)
	for i := range z {
		switch rng.IntN(6) {
		case 0:
			z[i] = float32(math.Copysign(0, -1))
		case 1:
		default:
			z[i] = float32(rng.NormFloat64())
		}
	}
	w := randSlice(rng, k*k)
	clear(w[3*k : 4*k])
	rows := randomRows(rng, 130, n)
	for m, wm := range [][]float64{eye, w} {
		c, s := make([]float64, k*k), make([]float64, k*k)
		gc, gs := make([]float64, k*k), make([]float64, k*k)
		if !asm.BatchMomentsRows8F32NEON(c, s, wm, z, rows) {
			t.Fatal("BatchMomentsRows8F32NEON rejected valid rows")
		}
		batchMomentsRows32Generic(gc, gs, wm, z, rows, k)
		checkSame(t, fmt.Sprintf("BatchMomentsRows32 w%d c", m), c, gc)
		checkSame(t, fmt.Sprintf("BatchMomentsRows32 w%d s", m), s, gs)
	}

	// Codes at the threshold, 70 rows (two chunks).
	const small = 0.2
	thr := threshold32(small)
	inf := float32(math.Inf(1))
	vals := []float32{thr, math.Nextafter32(thr, 0), math.Nextafter32(thr, inf), -thr,
		-math.Nextafter32(thr, 0), float32(small), 0, float32(math.Copysign(0, -1)), 1e-40, 1e9, -3}
	zf := make([]float32, 70*k)
	for i := range zf {
		zf[i] = vals[i%len(vals)]
	}
	sums, gsums := make([]float64, 5*k), make([]float64, 5*k)
	cnt := asm.ForwardMoments8F32NEON(sums, eye, zf, 70, thr)
	gcnt := forwardMoments32Generic(gsums, eye, zf, 70, k, small)
	checkSame(t, "ForwardMoments32 at the threshold", sums, gsums)
	if cnt != gcnt {
		t.Errorf("ForwardMoments32 at the threshold: count %d, generic %d", cnt, gcnt)
	}

	// tanh32 through TanhContrast32 with W = I (y = z), 64 neighbouring
	// values a call so that no term is lost in the sums of gz.
	var ys []float64
	for y := -12.0; y <= 12; y += 0x1p-11 {
		ys = append(ys, y)
	}
	ys = append(ys, 0, 1e-45, -1e-40, 5e-324, 1e-30, 9.01, -10, 1e30, 1e300, -1e300)
	for len(ys)%64 != 0 {
		ys = append(ys, 0.5)
	}
	gz, gd := make([]float64, k*k), make([]float64, k)
	ggz, ggd := make([]float64, k*k), make([]float64, k)
	for i := 0; i < len(ys); i += 64 {
		zc := ys[i : i+64]
		asm.TanhContrast8F32NEON(gz, gd, eye, zc, 8)
		tanhContrast32Generic(ggz, ggd, eye, zc, 8, k)
		checkSame(t, fmt.Sprintf("TanhContrast32 from y=%g gz", zc[0]), gz, ggz)
		checkSame(t, fmt.Sprintf("TanhContrast32 from y=%g gd", zc[0]), gd, ggd)
	}
}

// TestNEONTanh32Values checks the NEON tanh32 value by value against
// the generic tanh32, to the bit: one row a call with W = I, so that
// y = z, and z's last entry 1, so that gz[i][7] = g_i + 0 (exact, but
// −0 becomes +0) for the values in lanes 0–6 (both halves of the row).
// The values are a sweep of [−12, 12] in steps of 2⁻¹¹, the powers of
// two (and 1.37 times them) from below the float32 subnormals to 2⁷ with
// both signs, 0, the clip at 10 and its neighbours, and values whose
// float32 is ±Inf or ±0 (y itself is never −0: its sum starts at +0).
// A row of NaN goes last, compared with the generic TanhContrast32.
func TestNEONTanh32Values(t *testing.T) {
	const k = 8
	eye := make([]float64, k*k)
	for i := 0; i < k; i++ {
		eye[i*k+i] = 1
	}
	var ys []float64
	for y := -12.0; y <= 12; y += 0x1p-11 {
		ys = append(ys, y)
	}
	for e := -150; e <= 7; e++ {
		for _, m := range []float64{1, -1, 1.37, -1.37} {
			ys = append(ys, math.Ldexp(m, e))
		}
	}
	clip := float32(tanh32Clip)
	ys = append(ys, 0, 5e-324, -5e-324, 9.01, -9.01,
		float64(math.Nextafter32(clip, 0)), float64(clip), float64(math.Nextafter32(clip, 20)),
		-float64(clip), math.MaxFloat32, -math.MaxFloat32, 1e39, -1e39, 1e300, -1e300)
	gz, gd := make([]float64, k*k), make([]float64, k)
	ggz, ggd := make([]float64, k*k), make([]float64, k)
	z := make([]float64, k)
	for i0 := 0; i0 < len(ys); i0 += k - 1 {
		vs := ys[i0:min(i0+k-1, len(ys))]
		for i := range k - 1 {
			z[i] = 0.5
			if i < len(vs) {
				z[i] = vs[i]
			}
		}
		z[k-1] = 1
		asm.TanhContrast8F32NEON(gz, gd, eye, z, 1)
		for i, y := range vs {
			want := math.FMA(float64(tanh32(float32(y))), 1, 0)
			if got := gz[i*k+k-1]; math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("tanh32(%g) (y = %g, lane %d): NEON %v, generic %v", float32(y), y, i, got, want)
			}
		}
		tanhContrast32Generic(ggz, ggd, eye, z, 1, k)
		checkSame(t, fmt.Sprintf("TanhContrast32 z=%v gz", z), gz, ggz)
		checkSame(t, fmt.Sprintf("TanhContrast32 z=%v gd", z), gd, ggd)
	}
	for i := range z {
		z[i] = math.NaN()
	}
	asm.TanhContrast8F32NEON(gz, gd, eye, z, 1)
	tanhContrast32Generic(ggz, ggd, eye, z, 1, k)
	checkSame(t, "TanhContrast32 NaN gz", gz, ggz)
	checkSame(t, "TanhContrast32 NaN gd", gd, ggd)
}
