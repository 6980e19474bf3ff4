//go:build !purego

package asm

// The NEON kernels are Go drivers around a few assembly loops: the
// block kernel gemmAccNEON for every product, and signNEON,
// momentsColsNEON and tanhColsNEON for what the fused kernels do with
// the codes H = Z·Wᵀ between two products. gemmAccNEON sums each entry
// as a chain of fused multiply-adds in the order the generic loop uses,
// so on arm64, where gc fuses the generic loops too, the products and
// moments agree with the generic functions to the bit (TestNEONBitExact
// in package kernel); the one approximation is tanh (2 ulp).
//
// The float32 kernels for k = 8 (float32_arm64.s) are whole assembly
// functions, but for TanhContrast8F32NEON, which is codeBlocks with the
// float32 tanh (tanh32Rows8NEON) in place of tanhColsNEON. A row of the
// float32 data is two vectors of four lanes; its codes are formed along
// the diagonals of W (the row rotated by EXT) in h32's two fused chains,
// C and S are summed with FMLA by element, the power sums and tanh32
// take FMLA or FMLS where the generic float32 code fuses (fma32) and
// FMUL then FADD where it rounds the product first. So they agree with
// the generic code to the bit (the float32 equivalence tests,
// TestNEONFloat32Special and TestNEONTanh32Values in package kernel).
//
// arm64 speed was not measured on hardware, only under qemu-user, which
// says nothing about it. The kernels earn their place by the work they
// issue: 2-wide FMLA with a 4×8 block of the result in registers, where
// the generic loops make one scalar FMADD and two loads per product.
// Instructions executed per call at k = 8, counted with
// qemu-aarch64 -singlestep over the code of package kernel, kernel/asm
// and math (Go 1.26.8):
//
//	                        NEON     generic   ratio
//	BatchMoments b=64       14 818     109 226   7.4×
//	ForwardMoments n=2000  238 950   1 552 413   6.5×
//	TanhContrast n=2000    645 343   4 377 560   6.8×
//	MatMul 8×8·8×8             696       5 814   8.4×

// Scratch sizes, in float64s, of the tiles the drivers keep on the
// stack: a transposed block of W or b (wtLen) and a block of the codes H
// (hLen). Both are cleared by Go on every call, so they are kept small;
// at k = 8 one tile holds W and one block holds a 64-row batch.
const (
	wtLen = 512
	hLen  = 512
	tbLen = 16 // side of the square tile of MatMulTBNEON
)

// MatMulNEON is MatMul for arm64 NEON: dst (m×q) = a (m×p) · b (p×q).
// Its speed on arm64 hardware is not measured (see the top of this
// file).
func MatMulNEON(dst, a, b []float64, m, p, q int) {
	clear(dst[:m*q])
	gemmAccNEON(dst, q, a, 1, p, b, q, p, m, q)
}

// MatMulTBNEON is MatMulTB for arm64 NEON: dst (m×q) = a (m×p) · bᵀ for
// b (q×p). b is transposed tile by tile on the stack. Its speed on
// arm64 hardware is not measured (see the top of this file).
func MatMulTBNEON(dst, a, b []float64, m, p, q int) {
	clear(dst[:m*q])
	if m == 0 {
		return
	}
	var bt [tbLen * tbLen]float64
	for j0 := 0; j0 < q; j0 += tbLen {
		jn := min(tbLen, q-j0)
		for l0 := 0; l0 < p; l0 += tbLen {
			ln := min(tbLen, p-l0)
			t := bt[:ln*jn]
			transpose(t, b[j0*p+l0:], p, jn, ln)
			gemmAccNEON(dst[j0:], q, a[l0:], 1, p, t, jn, ln, m, jn)
		}
	}
}

// MulTANEON is MulTA for arm64 NEON: dst (kx×ky) = xᵀ · y for x (n×kx)
// and y (n×ky). Its speed on arm64 hardware is not measured (see the
// top of this file).
func MulTANEON(dst, x, y []float64, n, kx, ky int) {
	clear(dst[:kx*ky])
	gemmAccNEON(dst, ky, x, kx, 1, y, ky, n, kx, ky)
}

// GramNEON is Gram for arm64 NEON: dst (k×k) = xᵀ · x for x (n×k), the
// upper triangle summed and the lower one copied from it. Its speed on
// arm64 hardware is not measured (see the top of this file).
func GramNEON(dst, x []float64, n, k int) {
	clear(dst[:k*k])
	gramUpperNEON(dst, x, n, k)
	mirror(dst, k)
}

// BatchMomentsNEON is BatchMoments for arm64 NEON: c = ZbᵀZb and
// s = sign(Zb·Wᵀ)ᵀZb for the b rows of zb (b×k). Its speed on arm64
// hardware is not measured (see the top of this file).
func BatchMomentsNEON(c, s, w, zb []float64, b, k int) {
	clear(c[:k*k])
	clear(s[:k*k])
	codeBlocks(useSign, s, nil, w, zb, b, k, 0)
	gramUpperNEON(c, zb, b, k)
	mirror(c, k)
}

// ForwardMomentsNEON is ForwardMoments for arm64 NEON: the power sums of
// the columns of H = Z·Wᵀ and the count of |h| < small. Its speed on
// arm64 hardware is not measured (see the top of this file).
func ForwardMomentsNEON(sums, w, z []float64, n, k int, small float64) int64 {
	clear(sums[:5*k])
	return codeBlocks(useMoments, sums, nil, w, z, n, k, small)
}

// TanhContrastNEON is TanhContrast for arm64 NEON: gz = Σ tanh(Wz) zᵀ and
// gd = Σ (1 − tanh²(Wz)), with tanh within 2 ulp of math.Tanh. Its
// speed on arm64 hardware is not measured (see the top of this file).
func TanhContrastNEON(gz, gd, w, z []float64, n, k int) {
	clear(gz[:k*k])
	clear(gd[:k])
	codeBlocks(useTanh, gz, gd, w, z, n, k, 0)
}

// BatchMomentsRows8F32NEON is BatchMomentsRows32 for k = 8 on arm64
// NEON: c = ZbᵀZb and s = sign(Zb·Wᵀ)ᵀZb (8×8 each) for the batch whose
// row r is row rows[r] of z (len(z)/8 rows of 8 float32) and
// W = float32(w) (w 8×8), summed in float32 and widened at the end, the
// same to the bit as the generic code for finite z (an entry ±Inf or
// NaN in a row with a NaN code adds sign 0 times it, NaN, to S, where
// the generic code adds nothing, as in the AVX2 kernel). It returns
// false, with c and s unchanged, if an index is outside z.
func BatchMomentsRows8F32NEON(c, s, w []float64, z []float32, rows []int) bool {
	_, _, _ = c[63], s[63], w[63]
	return batchMoments8F32NEON(c, s, w, z, rows)
}

// ForwardMoments8F32NEON is ForwardMoments32 for k = 8 on arm64 NEON:
// the power sums (5×8) of the columns of the codes of the n rows of z
// (n×8 float32) under W = float32(w) (w 8×8), each chunk of 64 rows
// summed in float32, and the count of |h| < thr, where thr is the
// float32 threshold the caller derived from small; the same to the bit
// as the generic code.
func ForwardMoments8F32NEON(sums, w []float64, z []float32, n int, thr float32) int64 {
	_, _ = sums[39], w[63]
	return forwardMoments8F32NEON(sums, w, z[:8*n], thr)
}

// TanhContrast8F32NEON is TanhContrast32 for k = 8 on arm64 NEON:
// TanhContrastNEON with g = float64(tanh32(float32(y))) (tanh32Rows8NEON),
// gz (8×8) and gd (8) the same to the bit as the generic code.
func TanhContrast8F32NEON(gz, gd, w, z []float64, n int) {
	clear(gz[:64])
	clear(gd[:8])
	codeBlocks(useTanh32, gz, gd, w, z, n, 8, 0)
}

// codeUse names what codeBlocks does with each block of the codes.
type codeUse int

const (
	useSign    codeUse = iota // dst (k×k) += sign(H)ᵀ·Z
	useMoments                // power sums of the columns of H into dst (5k)
	useTanh                   // dst (k×k) += tanh(H)ᵀ·Z, gd (k) += Σ 1 − tanh²(H)
	useTanh32                 // useTanh with tanh32, for k = 8 only (whole rows of H)
)

// codeBlocks forms the codes H = Z·Wᵀ of the n rows of z (n×k) under
// w (k×k) block by block, h = H[r0:r0+rn, j0:j0+jn] stored row-major
// with row length jn, and uses each block as use says; for useMoments it
// returns the count of |h| < small. The blocks come in order of j0 and,
// for each j0, of r0, so every sum runs over the rows in order.
//
// The columns j0..j0+jn of H need rows j0..j0+jn of W transposed; they
// are transposed once per call when k ≤ wtLen, and in tiles of wtLen
// columns per block of rows otherwise. (A closure in place of use would
// make the stack tiles escape to the heap.)
func codeBlocks(use codeUse, dst, gd, w, z []float64, n, k int, small float64) int64 {
	if n == 0 {
		return 0
	}
	var wt [wtLen]float64
	var hb [hLen]float64
	var count int64
	lw := min(k, wtLen)    // columns of W per tile
	jw := min(k, wtLen/lw) // rows of W per tile, columns of H per block
	rc := hLen / jw        // rows of H per block
	for j0 := 0; j0 < k; j0 += jw {
		jn := min(jw, k-j0)
		for r0 := 0; r0 < n; r0 += rc {
			rn := min(rc, n-r0)
			h := hb[:rn*jn]
			clear(h)

			// H[r0:r0+rn, j0:j0+jn] += Z[r0:r0+rn, l0:l0+ln]·W[j0:j0+jn, l0:l0+ln]ᵀ.
			for l0 := 0; l0 < k; l0 += lw {
				ln := min(lw, k-l0)
				t := wt[:ln*jn]
				if r0 == 0 || lw < k {
					transpose(t, w[j0*k+l0:], k, jn, ln)
				}
				gemmAccNEON(h, jn, z[r0*k+l0:], 1, k, t, jn, ln, rn, jn)
			}

			// Rows j0..j0+jn of dst gain f(H)ᵀ·Z over the rows of the block.
			switch use {
			case useSign:
				signNEON(h)
				gemmAccNEON(dst[j0*k:], k, h, jn, 1, z[r0*k:], k, rn, jn, k)
			case useMoments:
				count += momentsColsNEON(dst[j0:], k, h, jn, rn, jn, small)
			case useTanh:
				tanhColsNEON(h, jn, gd[j0:], rn, jn)
				gemmAccNEON(dst[j0*k:], k, h, jn, 1, z[r0*k:], k, rn, jn, k)
			case useTanh32:
				tanh32Rows8NEON(h, gd[j0:])
				gemmAccNEON(dst[j0*k:], k, h, jn, 1, z[r0*k:], k, rn, jn, k)
			}
		}
	}
	return count
}

// gramUpperNEON adds xᵀx to dst (k×k) for x (n×k) in blocks of four
// rows that start on the diagonal; entries below the diagonal inside a
// block are summed too and are left for mirror to overwrite.
func gramUpperNEON(dst, x []float64, n, k int) {
	if n == 0 {
		return
	}
	for i0 := 0; i0 < k; i0 += 4 {
		mi := min(4, k-i0)
		gemmAccNEON(dst[i0*k+i0:], k, x[i0:], k, 1, x[i0:], k, n, mi, k-i0)
	}
}

// mirror copies the upper triangle of a (k×k) onto the lower one.
func mirror(a []float64, k int) {
	for i := 1; i < k; i++ {
		for j := 0; j < i; j++ {
			a[i*k+j] = a[j*k+i]
		}
	}
}

// transpose sets dst (cols×rows) to the transpose of the rows×cols
// block of src with row stride ld.
func transpose(dst, src []float64, ld, rows, cols int) {
	for i := 0; i < rows; i++ {
		si := src[i*ld : i*ld+cols]
		for j, v := range si {
			dst[j*rows+i] = v
		}
	}
}
