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
