//go:build !purego

package asm

// gemmAccNEON adds a sum of outer products to a block of dst:
//
//	for r := 0; r < n; r++ {
//		for i := 0; i < mi; i++ {
//			for j := 0; j < nj; j++ {
//				dst[i*ldd+j] += u[r*ur+i*ui] * v[r*ldv+j]
//			}
//		}
//	}
//
// with each entry a chain of fused multiply-adds in the order of r, as
// gc compiles the loop on arm64. Blocks of 4 rows by 8 columns stay in
// registers over the whole r loop.
//
//go:noescape
func gemmAccNEON(dst []float64, ldd int, u []float64, ur, ui int, v []float64, ldv, n, mi, nj int)

// signNEON replaces each element of x by its sign:
//
//	for i, v := range x {
//		switch {
//		case v > 0:
//			x[i] = 1
//		case v < 0:
//			x[i] = -1
//		default: // ±0 and NaN
//			x[i] = 0
//		}
//	}
//
//go:noescape
func signNEON(x []float64)

// momentsColsNEON adds the power sums of the columns of the rows×cols
// block h (row stride ld) to sums, whose power p of column j sits at
// sums[p*ks+j], and returns the count of entries with |h| < small:
//
//	for j := 0; j < cols; j++ {
//		for r := 0; r < rows; r++ {
//			v := h[r*ld+j]
//			v2 := v * v
//			sums[j] += v
//			sums[ks+j] += v * v
//			sums[2*ks+j] += v2 * v
//			sums[3*ks+j] += v2 * v2
//			sums[4*ks+j] += abs(v)
//			if abs(v) < small {
//				count++
//			}
//		}
//	}
//
// Two columns are summed at a time, each lane a chain in row order.
//
//go:noescape
func momentsColsNEON(sums []float64, ks int, h []float64, ld, rows, cols int, small float64) int64

// TanhNEON replaces each element of x by its hyperbolic tangent,
// computed from expm1 as the comment in contrast_arm64.s explains:
//
//	for i, v := range x {
//		x[i] = math.Tanh(v)
//	}
//
// The result is within 2 ulp of math.Tanh, at most 2.3e-16 absolute
// (TestTanhSweep).
//
//go:noescape
func TanhNEON(x []float64)

// tanhColsNEON applies tanh to the rows×cols block h (row stride ld) in
// place and adds the derivatives 1 − g² of each column to gd:
//
//	for j := 0; j < cols; j++ {
//		for r := 0; r < rows; r++ {
//			g := math.Tanh(h[r*ld+j])
//			h[r*ld+j] = g
//			gd[j] += 1 - g*g
//		}
//	}
//
// with tanh as in TanhNEON. Two columns are done at a time.
//
//go:noescape
func tanhColsNEON(h []float64, ld int, gd []float64, rows, cols int)

// batchMoments8F32NEON is BatchMomentsRows8F32NEON after its length
// checks: with w32 = float32(w) (w 8×8), zr = z[8*rows[r]:8*rows[r]+8]
// and c32 and s32 (8×8 float32) cleared, it does
//
//	for r := range rows {
//		for i := 0; i < 8; i++ {
//			h := h32(w32[8*i:8*i+8], zr, i) // two fused chains
//			for j := 0; j < 8; j++ {
//				s32[8*i+j] = fma32(sign(h), zr[j], s32[8*i+j]) // exact, but NaN for sign 0 and zr[j] not finite
//				c32[8*i+j] = fma32(zr[i], zr[j], c32[8*i+j])
//			}
//		}
//	}
//
// in chunks of 64 rows, and then sets c and s to float64(c32) and
// float64(s32). It returns false, with c and s unchanged, at the first
// index that is not below len(z)/8.
//
//go:noescape
func batchMoments8F32NEON(c, s, w []float64, z []float32, rows []int) bool

// forwardMoments8F32NEON is ForwardMoments8F32NEON on the n = len(z)/8
// rows of z: with h = h32(w32[8*i:8*i+8], zr, i) formed as in
// batchMoments8F32NEON, it sets sums (5×8) to
//
//	for r0 := 0; r0 < n; r0 += 64 {
//		var t [5][8]float32 // t1, t2, t3, t4, ta
//		for each row zr of z[8*r0 : 8*min(r0+64, n)], each i < 8 {
//			h2 := h * h
//			t[0][i] += h
//			t[1][i] = fma32(h, h, t[1][i])
//			t[2][i] = fma32(h2, h, t[2][i])
//			t[3][i] = fma32(h2, h2, t[3][i])
//			t[4][i] += abs(h)
//			if abs(h) < thr {
//				count++
//			}
//		}
//		sums[8*p+i] += float64(t[p][i]) for every p, i
//	}
//
// and returns the count.
//
//go:noescape
func forwardMoments8F32NEON(sums, w []float64, z []float32, thr float32) int64

// tanh32Rows8NEON replaces each element of the rows×8 block h by
// float64(tanh32(float32(y))), with the roundings of the generic tanh32
// (kernel/tanh32.go), and adds the derivatives to gd (8):
//
//	for r := 0; r < len(h)/8; r++ {
//		for j := 0; j < 8; j++ {
//			g := float64(tanh32(float32(h[8*r+j])))
//			h[8*r+j] = g
//			gd[j] += math.FMA(-g, g, 1)
//		}
//	}
//
// Each row is two vectors of four float32 lanes.
//
//go:noescape
func tanh32Rows8NEON(h, gd []float64)
