//go:build (!amd64 && !arm64) || purego

package kernel

// paths is empty: only the generic Go functions exist in this build.
//
// Each architecture's dispatch file defines the same unexported
// functions (batchMoments, batchMomentsRows, batchMomentsRows32,
// forwardMoments, forwardMoments32, tanhContrast, tanhContrast32,
// matMul, matMulTB, mulTA, gram, float32Asm) with the
// parameters of the generic ones; the exported functions check shapes
// and then call them.
var paths []implPath

func batchMoments(c, s, w, zb []float64, b, k int) {
	batchMomentsGeneric(c, s, w, zb, b, k)
}

func batchMomentsRows(c, s, w, z []float64, rows []int, k int) {
	checkRows(rows, len(z)/k)
	batchMomentsRowsGeneric(c, s, w, z, rows, len(rows), k)
}

func float32Asm(int) bool { return false }

func batchMomentsRows32(c, s, w []float64, z []float32, rows []int, k int) {
	batchMomentsRows32Generic(c, s, w, z, rows, k)
}

func forwardMoments32(sums, w []float64, z []float32, n, k int, small float64, p []int, d *Draws) int64 {
	count := forwardMoments32Generic(sums, w, z, n, k, small)
	if d != nil {
		d.swapFrom(p, len(p)-1)
	}
	return count
}

func tanhContrast32(gz, gd, w, z []float64, n, k int) {
	tanhContrast32Generic(gz, gd, w, z, n, k)
}

func forwardMoments(sums, w, z []float64, n, k int, small float64, p []int, d *Draws) int64 {
	count := forwardMomentsGeneric(sums, w, z, n, k, small)
	if d != nil {
		d.swapFrom(p, len(p)-1)
	}
	return count
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
