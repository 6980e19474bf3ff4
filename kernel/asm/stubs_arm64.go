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
