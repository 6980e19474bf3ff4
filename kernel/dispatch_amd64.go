//go:build !purego

package kernel

import (
	"os"

	"golang.org/x/sys/cpu"
)

// hasAVX2 reports whether the CPU runs the AVX2+FMA kernels. x/sys/cpu
// sets HasAVX2 only when the OS saves the YMM registers; HasFMA skips
// that check, so both are required.
var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// useAVX2 selects the kernels of package kernel/asm. It is set once, in
// init, and changed afterwards only by tests.
var useAVX2 bool

var paths = []implPath{
	{name: "avx2+fma", key: "avx2", available: hasAVX2, use: &useAVX2},
}

func init() {
	useAVX2 = hasAVX2 && !forceGeneric(os.Getenv)
}

func batchMoments(c, s, w, zb []float64, b, k int) {
	batchMomentsGeneric(c, s, w, zb, b, k)
}

func forwardMoments(sums, w, z []float64, n, k int, small float64) int64 {
	return forwardMomentsGeneric(sums, w, z, n, k, small)
}

func matMul(dst, a, b []float64, m, p, q int) {
	matMulGeneric(dst, a, b, m, p, q)
}

func matMulTB(dst, a, b []float64, m, p, q int) {
	matMulTBGeneric(dst, a, b, m, p, q)
}

func mulTA(dst, x, y []float64, n, kx, ky int) {
	mulTAGeneric(dst, x, y, n, kx, ky)
}

func gram(dst, x []float64, n, k int) {
	gramGeneric(dst, x, n, k)
}

func tanhContrast(gz, gd, w, z []float64, n, k int) {
	tanhContrastGeneric(gz, gd, w, z, n, k)
}
