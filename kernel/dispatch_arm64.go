//go:build !purego

package kernel

import (
	"os"

	"github.com/lococode/lococode/kernel/asm"
)

// hasNEON is true: Advanced SIMD is part of the arm64 baseline, so the
// NEON kernels need no feature check.
const hasNEON = true

// useNEON selects the kernels of package kernel/asm. It is set once, in
// init, and changed afterwards only by tests.
var useNEON bool

var paths = []implPath{
	{name: "neon", key: "neon", available: hasNEON, use: &useNEON},
}

func init() {
	useNEON = hasNEON && !forceGeneric(os.Getenv)
}

func batchMoments(c, s, w, zb []float64, b, k int) {
	if useNEON {
		asm.BatchMomentsNEON(c, s, w, zb, b, k)
		return
	}
	batchMomentsGeneric(c, s, w, zb, b, k)
}

func batchMomentsRows(c, s, w, z []float64, rows []int, k int) {
	checkRows(rows, len(z)/k)
	if useNEON {
		var t [64 * 16]float64
		asm.BatchMomentsNEON(c, s, w, gatherInto(t[:], z, rows, k), len(rows), k)
		return
	}
	batchMomentsRowsGeneric(c, s, w, z, rows, len(rows), k)
}

func float32Asm(k int) bool { return useNEON && k == 8 }

// batchMomentsRows32 is BatchMomentsRows32 after its shape checks; the
// NEON kernel for k = 8 checks each row index itself before it reads
// the row. stepRows32 (step_other.go) calls it, then makes its draws.
func batchMomentsRows32(c, s, w []float64, z []float32, rows []int, k int) {
	if useNEON && k == 8 {
		if !asm.BatchMomentsRows8F32NEON(c, s, w, z, rows) {
			panic(errRowIndex)
		}
		return
	}
	batchMomentsRows32Generic(c, s, w, z, rows, k)
}

// forwardMoments32 is ForwardMoments32 and, with d (all its draws
// made), the swaps of p, after the NEON pass for k = 8.
func forwardMoments32(sums, w []float64, z []float32, n, k int, small float64, p []int, d *Draws) int64 {
	var count int64
	if useNEON && k == 8 {
		count = asm.ForwardMoments8F32NEON(sums, w, z, n, threshold32(small))
	} else {
		count = forwardMoments32Generic(sums, w, z, n, k, small)
	}
	if d != nil {
		d.swapFrom(p, len(p)-1)
	}
	return count
}

func tanhContrast32(gz, gd, w, z []float64, n, k int) {
	if useNEON && k == 8 {
		asm.TanhContrast8F32NEON(gz, gd, w, z, n)
		return
	}
	tanhContrast32Generic(gz, gd, w, z, n, k)
}

func forwardMoments(sums, w, z []float64, n, k int, small float64, p []int, d *Draws) int64 {
	var count int64
	if useNEON {
		count = asm.ForwardMomentsNEON(sums, w, z, n, k, small)
	} else {
		count = forwardMomentsGeneric(sums, w, z, n, k, small)
	}
	if d != nil {
		d.swapFrom(p, len(p)-1)
	}
	return count
}

func matMul(dst, a, b []float64, m, p, q int) {
	if useNEON {
		asm.MatMulNEON(dst, a, b, m, p, q)
		return
	}
	matMulGeneric(dst, a, b, m, p, q)
}

func matMulTB(dst, a, b []float64, m, p, q int) {
	if useNEON {
		asm.MatMulTBNEON(dst, a, b, m, p, q)
		return
	}
	matMulTBGeneric(dst, a, b, m, p, q)
}

func mulTA(dst, x, y []float64, n, kx, ky int) {
	if useNEON {
		asm.MulTANEON(dst, x, y, n, kx, ky)
		return
	}
	mulTAGeneric(dst, x, y, n, kx, ky)
}

func gram(dst, x []float64, n, k int) {
	if useNEON {
		asm.GramNEON(dst, x, n, k)
		return
	}
	gramGeneric(dst, x, n, k)
}

func tanhContrast(gz, gd, w, z []float64, n, k int) {
	if useNEON {
		asm.TanhContrastNEON(gz, gd, w, z, n, k)
		return
	}
	tanhContrastGeneric(gz, gd, w, z, n, k)
}
