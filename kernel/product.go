package kernel

// MatMul sets dst (m×q) = a (m×p) · b (p×q). dst must not overlap a or
// b. Cost: 2mpq flops.
func MatMul(dst, a, b []float64, m, p, q int) {
	if m < 0 || p < 0 || q < 0 {
		panic(errBadShape)
	}
	need(dst, m*q, errShortDst)
	need(a, m*p, errShortInput)
	need(b, p*q, errShortInput)
	matMul(dst, a, b, m, p, q)
}

// MatMulTB sets dst (m×q) = a (m×p) · bᵀ, where b is q×p. dst must not
// overlap a or b. Cost: 2mpq flops.
func MatMulTB(dst, a, b []float64, m, p, q int) {
	if m < 0 || p < 0 || q < 0 {
		panic(errBadShape)
	}
	need(dst, m*q, errShortDst)
	need(a, m*p, errShortInput)
	need(b, q*p, errShortInput)
	matMulTB(dst, a, b, m, p, q)
}

// MulTA sets dst (kx×ky) = xᵀ · y for x (n×kx) and y (n×ky), summing
// over the n rows in order. dst must not overlap x or y.
// Cost: 2n·kx·ky flops.
func MulTA(dst, x, y []float64, n, kx, ky int) {
	if n < 0 || kx < 0 || ky < 0 {
		panic(errBadShape)
	}
	need(dst, kx*ky, errShortDst)
	need(x, n*kx, errShortInput)
	need(y, n*ky, errShortInput)
	mulTA(dst, x, y, n, kx, ky)
}

// Gram sets dst (k×k) = xᵀ · x for x (n×k). Only the upper triangle is
// accumulated; the lower one is copied from it, so dst is exactly
// symmetric. dst must not overlap x. Cost: n·k(k+1) flops.
func Gram(dst, x []float64, n, k int) {
	if n < 0 || k < 0 {
		panic(errBadShape)
	}
	need(dst, k*k, errShortDst)
	need(x, n*k, errShortInput)
	gram(dst, x, n, k)
}
