//go:build !purego

package asm

import "unsafe"

// Modes of gemmAVX2; see its doc comment.
const (
	modeAcc   = 1
	modeSign  = 2
	modeUpper = 8
)

// ptr returns the address of the first element of s, or nil when s has
// no capacity; the kernels never read through it then.
func ptr(s []float64) *float64 { return unsafe.SliceData(s) }

// gemm wraps gemmAVX2.
func gemm(dst, a, b []float64, m, p, q, rsa, csa, ldb, ldc, mode int) {
	gemmAVX2(ptr(dst), ptr(a), ptr(b), m, p, q, rsa, csa, ldb, ldc, mode)
}

// MatMulAVX2 is kernel.MatMul: dst (m×q) = a (m×p) · b (p×q). Each
// entry is summed in the order of the generic loop with one fused
// multiply-add per term, as the generic loop does with math.FMA, so the
// result is the generic one to the bit; so are those of every product
// and moment kernel here.
func MatMulAVX2(dst, a, b []float64, m, p, q int) {
	if m == 0 || q == 0 {
		return
	}
	gemm(dst, a, b, m, p, q, p, 1, q, q, 0)
}

// MatMulTBAVX2 is kernel.MatMulTB: dst (m×q) = a (m×p) · bᵀ for b
// (q×p). It transposes blocks of b on the stack and multiplies them
// with gemmAVX2.
func MatMulTBAVX2(dst, a, b []float64, m, p, q int) {
	if m == 0 || q == 0 {
		return
	}
	switch n := p * q; {
	case n <= 64:
		var t [64]float64
		matMulTB(dst, a, b, m, p, q, t[:])
	case n <= 1024:
		var t [1024]float64
		matMulTB(dst, a, b, m, p, q, t[:])
	default:
		var t [4096]float64
		matMulTB(dst, a, b, m, p, q, t[:])
	}
}

// matMulTB computes dst = a·bᵀ through blocks of bᵀ in t: at most
// len(t) columns of a at a time, and as many rows of b as fit.
func matMulTB(dst, a, b []float64, m, p, q int, t []float64) {
	pp := min(max(p, 1), len(t))
	qq := max(1, min(q, len(t)/pp))
	for j0 := 0; j0 < q; j0 += qq {
		nq := min(qq, q-j0)
		for l0 := 0; l0 < max(p, 1); l0 += pp {
			np := min(pp, p-l0)
			transpose(t, b[j0*p+l0:], nq, np, p)
			mode := 0
			if l0 > 0 {
				mode = modeAcc
			}
			gemm(dst[j0:], a[l0:], t, m, np, nq, p, 1, nq, q, mode)
		}
	}
}

// transpose sets t (c×r) to the transpose of the r×c block of b whose
// rows are ld apart.
func transpose(t, b []float64, r, c, ld int) {
	if r == 8 && c == 8 && ld == 8 {
		transpose8((*[64]float64)(t), (*[64]float64)(b))
		return
	}
	for i := 0; i < r; i++ {
		bi := b[i*ld : i*ld+c]
		for j, v := range bi {
			t[j*r+i] = v
		}
	}
}

// transpose8 is transpose for 8×8, the headline size, with constant
// bounds.
func transpose8(t, b *[64]float64) {
	for i := 0; i < 8; i++ {
		for j := 0; j < 8; j++ {
			t[j*8+i] = b[i*8+j]
		}
	}
}

// mulTAChunk is the number of elements of x and y that MulTAAVX2 and
// GramAVX2 take at a time, so that a chunk stays in the level-1 cache
// while every column block of the product passes over it.
const mulTAChunk = 2048

// MulTAAVX2 is kernel.MulTA: dst (kx×ky) = xᵀ·y for x (n×kx), y (n×ky).
// It sums over the rows in order.
func MulTAAVX2(dst, x, y []float64, n, kx, ky int) {
	if kx == 0 || ky == 0 {
		return
	}
	rows := max(1, mulTAChunk/(kx+ky))
	mode := 0
	for r0 := 0; r0 < n || r0 == 0; r0 += rows {
		nr := min(rows, n-r0)
		gemm(dst, x[r0*kx:], y[r0*ky:], kx, nr, ky, 1, kx, ky, ky, mode)
		mode = modeAcc
	}
}

// GramAVX2 is kernel.Gram: dst (k×k) = xᵀ·x for x (n×k), the upper
// triangle summed over the rows in order and mirrored below, so dst is
// exactly symmetric.
func GramAVX2(dst, x []float64, n, k int) {
	if k == 0 {
		return
	}
	rows := max(1, mulTAChunk/(2*k))
	mode := upper(k)
	for r0 := 0; r0 < n || r0 == 0; r0 += rows {
		nr := min(rows, n-r0)
		gemm(dst, x[r0*k:], x[r0*k:], k, nr, k, 1, k, k, k, mode)
		mode |= modeAcc
	}
	if mode&modeUpper != 0 {
		mirror(dst, k)
	}
}

// upper returns modeUpper if skipping the tiles below the diagonal of a
// k×k product saves work, that is, if it has more than one column block.
// Without it both triangles are computed, and they agree to the bit,
// since fma(x, y, s) = fma(y, x, s) and the sums run in the same order.
func upper(k int) int {
	if k > 8 {
		return modeUpper
	}
	return 0
}

// mirror copies the upper triangle of the k×k matrix c to the lower.
func mirror(c []float64, k int) {
	for i := 1; i < k; i++ {
		for j := 0; j < i; j++ {
			c[i*k+j] = c[j*k+i]
		}
	}
}

// BatchMomentsRows8AVX2 is kernel.BatchMomentsRows for k = 8: the batch
// is made of the rows rows[r] of z (n×8), which the kernel gathers
// itself. It checks each index against n as it gathers and returns
// false, with c and s undefined, at the first one outside.
func BatchMomentsRows8AVX2(c, s, w, z []float64, rows []int) bool {
	ok, _, _, _ := BatchMomentsRows8DrawAVX2(c, s, w, z, rows, nil, 0, 0, 0)
	return ok
}

// BatchMomentsRows8DrawAVX2 is BatchMomentsRows8AVX2 with, one per row,
// the draws of kernel.Shuffle for i = top, top−1, …, 1 from the PCG
// state (hi, lo), storing draw i at j[i]; it returns the new state and
// next, the i of the next draw, and stops early at a draw that needs
// Lemire's rejection step, without taking it. top < len(j) is the
// caller's to check; with top ≤ 0 it makes no draw.
func BatchMomentsRows8DrawAVX2(c, s, w, z []float64, rows []int, j []int, top int,
	hi, lo uint64) (ok bool, next int, nhi, nlo uint64) {
	_, _, _ = c[63], s[63], w[63]
	return batchMoments8AVX2(ptr(c), ptr(s), ptr(w), ptr(z), unsafe.SliceData(rows), len(rows), len(z)/8,
		unsafe.SliceData(j), top, hi, lo)
}

// BatchMomentsAVX2 is kernel.BatchMoments: c = ZbᵀZb and
// s = sign(Zb·Wᵀ)ᵀZb. Per chunk of rows it forms the signs of H with
// gemmAVX2 into stack scratch and then both products. Every sum is
// taken in the order of the generic loop. k = 8 has its own function.
// For k > 64 the scratch comes from the heap.
func BatchMomentsAVX2(c, s, w, zb []float64, b, k int) {
	switch {
	case k == 8:
		batchMoments8AVX2(ptr(c), ptr(s), ptr(w), ptr(zb), nil, b, 0, nil, 0, 0, 0)
	case k < 8:
		var t [8*8 + 64*8]float64
		batchMoments(c, s, w, zb, b, k, t[:])
	case k <= 16:
		var t [16*16 + 64*16]float64
		batchMoments(c, s, w, zb, b, k, t[:])
	case k <= 64:
		var t [64*64 + 32*64]float64
		batchMoments(c, s, w, zb, b, k, t[:])
	default:
		batchMoments(c, s, w, zb, b, k, make([]float64, k*k+8*k))
	}
}

func batchMoments(c, s, w, zb []float64, b, k int, t []float64) {
	wt, sg := t[:k*k], t[k*k:]
	transpose(wt, w, k, k, k)
	rows := len(sg) / k
	mode := 0
	for r0 := 0; r0 < b || r0 == 0; r0 += rows {
		nr := min(rows, b-r0)
		z := zb[r0*k:]
		gemm(sg, z, wt, nr, k, k, k, 1, k, k, modeSign)
		gemm(c, z, z, k, nr, k, 1, k, k, k, mode|upper(k))
		gemm(s, sg, z, k, nr, k, 1, k, k, k, mode)
		mode = modeAcc
	}
	if upper(k) != 0 {
		mirror(c, k)
	}
}

// ForwardMomentsAVX2 is kernel.ForwardMoments. H is formed a tile at a
// time in registers and never stored. k = 8 has its own function.
func ForwardMomentsAVX2(sums, w, z []float64, n, k int, small float64) int64 {
	switch {
	case k == 8:
		count, _ := ForwardMoments8ShuffleAVX2(sums, w, z, n, small, nil, nil, 0)
		return count
	case k < 8:
		var t [8 * 8]float64
		return forwardMoments(sums, w, z, n, k, small, t[:])
	case k <= 64:
		var t [64 * 64]float64
		return forwardMoments(sums, w, z, n, k, small, t[:])
	default:
		return forwardMoments(sums, w, z, n, k, small, make([]float64, k*k))
	}
}

// momentsChunk is the number of elements of z that ForwardMomentsAVX2
// takes at a time, so that the chunk stays in cache while every column
// block passes over it.
const momentsChunk = 4096

func forwardMoments(sums, w, z []float64, n, k int, small float64, wt []float64) int64 {
	clear(sums[:5*k])
	transpose(wt, w, k, k, k)
	rows := max(1, momentsChunk/k)
	var count int64
	for r0 := 0; r0 < n; r0 += rows {
		count += momentsAVX2(ptr(sums), ptr(z[r0*k:]), ptr(wt), min(rows, n-r0), k, small)
	}
	return count
}

// TanhContrastAVX2 is kernel.TanhContrast. Per chunk of rows it forms
// Y = Z·Wᵀ with gemmAVX2, replaces Y by tanh(Y) and 1 − tanh(Y)² in
// tanhAVX2, adds the column sums of the latter to gd and tanh(Y)ᵀZ to
// gz.
//
// The vector tanh, m/(m+2) with m = expm1(2|x|) and the sign of x put
// back, differs from math.Tanh by at most 3 ulp (measured over a dense
// grid of [−20, 20] and a million random arguments of every magnitude,
// see TestTanhAccuracy); it keeps the sign of ±0, gives ±1 for ±Inf and
// NaN for NaN. The sums in
// gz and gd therefore differ from the generic ones by a few ε times the
// sums of the absolute values of their terms.
func TanhContrastAVX2(gz, gd, w, z []float64, n, k int) {
	switch {
	case k == 8:
		tanhContrast8AVX2(ptr(gz), ptr(gd), ptr(w), ptr(z), n)
	case k < 8:
		var t [8*8 + 2*256*8]float64
		tanhContrast(gz, gd, w, z, n, k, t[:])
	case k <= 64:
		var t [64*64 + 2*32*64]float64
		tanhContrast(gz, gd, w, z, n, k, t[:])
	default:
		tanhContrast(gz, gd, w, z, n, k, make([]float64, k*k+2*8*k))
	}
}

func tanhContrast(gz, gd, w, z []float64, n, k int, t []float64) {
	wt, t := t[:k*k], t[k*k:]
	rows := len(t) / (2 * k)
	y, h := t[:rows*k], t[rows*k:]
	transpose(wt, w, k, k, k)
	clear(gz[:k*k])
	clear(gd[:k])
	for r0 := 0; r0 < n; r0 += rows {
		nr := min(rows, n-r0)
		zc := z[r0*k:]
		gemm(y, zc, wt, nr, k, k, k, 1, k, k, 0)
		tanhAVX2(ptr(y), ptr(h), nr*k)
		colSumsAVX2(ptr(gd), ptr(h), nr, k)
		gemm(gz, y, zc, k, nr, k, 1, k, k, k, modeAcc)
	}
}

// TanhAVX2 sets dst[i] = tanh(x[i]) with the vector tanh of
// TanhContrastAVX2, for tests. dst and x must have the same length.
func TanhAVX2(dst, x []float64) {
	copy(dst, x)
	tanhAVX2(ptr(dst), ptr(make([]float64, len(dst))), len(dst))
}

// TanhPairAVX2 overwrites y[i] with tanh(y[i]) and sets
// d[i] = 1 − tanh²(y[i]), with the vector tanh of TanhContrastAVX2. d
// must be at least as long as y and must not overlap it.
func TanhPairAVX2(y, d []float64) {
	if len(y) == 0 {
		return
	}
	_ = d[len(y)-1]
	tanhAVX2(ptr(y), ptr(d), len(y))
}

// StepUpdateAVX2 makes the update W ← W − lr·(rec·(Q+Qᵀ) + act·S +
// decay·W) of kernel.Step on the k×k matrices w, q and s, with the
// roundings of its generic loop.
func StepUpdateAVX2(w, q, s []float64, k int, rec, act, decay, lr float64) {
	if k == 0 {
		return
	}
	stepUpdateAVX2(ptr(w), ptr(q), ptr(s), k, rec, act, decay, lr)
}

// StepTail8AVX2 is the k×k part of kernel.Step for k = 8: with c and s
// from BatchMoments it sets m = WᵀW − I, t = W·C, q = t·m and updates w
// as StepUpdateAVX2, the same to the bit as Gram, MatMul and the
// generic update. All slices hold 8×8 matrices.
func StepTail8AVX2(w, c, s, m, t, q []float64, rec, act, decay, lr float64) {
	_, _, _, _, _, _ = w[63], c[63], s[63], m[63], t[63], q[63]
	stepTail8AVX2(ptr(w), ptr(c), ptr(s), ptr(m), ptr(t), ptr(q), rec, act, decay, lr)
}

// FMAPeakAVX2 runs n passes of 12 independent VFMADD231PD chains, 96n
// flops, for measuring the core's double-precision peak.
func FMAPeakAVX2(n int) { fmaPeakAVX2(n) }

// FMAPeak32AVX2 runs n passes of 12 independent VFMADD231PS chains, 192n
// flops, for measuring the core's single-precision peak.
func FMAPeak32AVX2(n int) { fmaPeak32AVX2(n) }

// BatchMomentsRows8F32AVX2 is kernel.BatchMomentsRows32 for k = 8: it
// rounds w to float32, gathers the rows of z itself and widens c and s
// to float64 at the end. The caller has checked the shapes; the kernel
// checks each index against the rows of z as it gathers and returns
// false, with c and s undefined, at the first one outside.
func BatchMomentsRows8F32AVX2(c, s, w []float64, z []float32, rows []int) bool {
	_, _, _ = c[63], s[63], w[63]
	return batchMoments8F32AVX2(ptr(c), ptr(s), ptr(w), unsafe.SliceData(z),
		unsafe.SliceData(rows), len(rows), len(z)/8)
}

// StepRows8F32AVX2 is kernel.StepRows32 for k = 8 in one call: the
// moments of BatchMomentsRows8F32AVX2 into c and s, then the update of
// StepTail8AVX2 (m, t and q are its scratch). It returns ok = false,
// with w unchanged, if an index is outside the rows of z. Alongside, one
// per row, it makes the draws of kernel.Shuffle for i = top, top−1, …, 1
// from the PCG state (hi, lo), storing draw i at j[i], and returns the
// new state and next, the i of the next draw; it stops early at a draw
// that needs Lemire's rejection step, without taking it. top < len(j)
// is the caller's to check; with top ≤ 0 it makes no draw.
func StepRows8F32AVX2(w, c, s, m, t, q []float64, z []float32, rows []int, rec, act, decay, lr float64,
	j []int, top int, hi, lo uint64) (ok bool, next int, nhi, nlo uint64) {
	_, _, _, _, _, _ = w[63], c[63], s[63], m[63], t[63], q[63]
	return stepRows8F32AVX2(ptr(w), ptr(c), ptr(s), ptr(m), ptr(t), ptr(q), unsafe.SliceData(z),
		unsafe.SliceData(rows), len(rows), len(z)/8, rec, act, decay, lr, unsafe.SliceData(j), top, hi, lo)
}

// ForwardMoments8F32AVX2 is kernel.ForwardMoments32 for k = 8, with thr
// the float32 threshold the caller derived from small. Alongside, one
// per row of z, it exchanges perm[i] and perm[j[i]] for i = top, top−1,
// …, 1 (the swaps of kernel.Shuffle, with its draws in j) and returns
// next, the i of the first swap it did not make (0 when it made them
// all). top < len(perm) ≤ len(j) is the caller's to check; with top ≤ 0
// it makes no swap.
func ForwardMoments8F32AVX2(sums, w []float64, z []float32, n int, thr float32,
	perm, j []int, top int) (count int64, next int) {
	_, _ = sums[39], w[63]
	return forwardMoments8F32AVX2(ptr(sums), ptr(w), unsafe.SliceData(z), n, thr,
		unsafe.SliceData(perm), unsafe.SliceData(j), top)
}

// ForwardMoments8ShuffleAVX2 is kernel.ForwardMoments for k = 8 with,
// one per row of z, the exchange of perm[i] and perm[j[i]] for i = top,
// top−1, …, 1 (the swaps of kernel.Shuffle, with its draws in j); it
// returns next, the i of the first swap it did not make (0 when it made
// them all). top < len(perm) ≤ len(j) is the caller's to check; with
// top ≤ 0 it makes no swap.
func ForwardMoments8ShuffleAVX2(sums, w, z []float64, n int, small float64,
	perm, j []int, top int) (count int64, next int) {
	_, _ = sums[39], w[63]
	clear(sums[:40])
	return forwardMoments8AVX2(ptr(sums), ptr(z), ptr(w), n, small,
		unsafe.SliceData(perm), unsafe.SliceData(j), top)
}

// TanhContrast8F32AVX2 is kernel.TanhContrast32 for k = 8.
func TanhContrast8F32AVX2(gz, gd, w, z []float64, n int) {
	tanhContrast8F32AVX2(ptr(gz), ptr(gd), ptr(w), ptr(z), n)
}
