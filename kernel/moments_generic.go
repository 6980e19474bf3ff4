package kernel

import "math"

// batchMomentsGeneric is the specification of BatchMoments.
func batchMomentsGeneric(c, s, w, zb []float64, b, k int) {
	batchMomentsRowsGeneric(c, s, w, zb, nil, b, k)
}

// batchMomentsRowsGeneric is the specification of BatchMomentsRows:
// the batch's row r is row rows[r] of z, or row r when rows is nil.
func batchMomentsRowsGeneric(c, s, w, zs []float64, rows []int, b, k int) {
	clear(c[:k*k])
	clear(s[:k*k])
	for r := 0; r < b; r++ {
		at := r
		if rows != nil {
			at = rows[r]
		}
		z := zs[at*k : at*k+k]
		for i := 0; i < k; i++ {
			// h_i = (W z)_i, of which the step needs only the sign.
			wi := w[i*k : i*k+k]
			var h float64
			for j, zj := range z {
				h = math.FMA(wi[j], zj, h)
			}
			si := s[i*k : i*k+k]
			switch {
			case h > 0:
				for j, zj := range z {
					si[j] += zj
				}
			case h < 0:
				for j, zj := range z {
					si[j] -= zj
				}
			}

			// Upper triangle of z zᵀ; mirrored below once the batch is done.
			zi := z[i]
			ci := c[i*k : i*k+k]
			for j := i; j < k; j++ {
				ci[j] = math.FMA(zi, z[j], ci[j])
			}
		}
	}
	for i := 1; i < k; i++ {
		for j := 0; j < i; j++ {
			c[i*k+j] = c[j*k+i]
		}
	}
}

// forwardMomentsGeneric is the specification of ForwardMoments.
func forwardMomentsGeneric(sums, w, z []float64, n, k int, small float64) int64 {
	clear(sums[:5*k])
	s1, s2, s3 := sums[0:k], sums[k:2*k], sums[2*k:3*k]
	s4, sa := sums[3*k:4*k], sums[4*k:5*k]
	var nsmall int64
	for r := 0; r < n; r++ {
		zr := z[r*k : r*k+k]
		for i := 0; i < k; i++ {
			wi := w[i*k : i*k+k]
			var h float64
			for j, zj := range zr {
				h = math.FMA(wi[j], zj, h)
			}
			h2 := h * h
			s1[i] += h
			s2[i] = math.FMA(h, h, s2[i])
			s3[i] = math.FMA(h2, h, s3[i])
			s4[i] = math.FMA(h2, h2, s4[i])
			a := abs(h)
			sa[i] += a
			if a < small {
				nsmall++
			}
		}
	}
	return nsmall
}

func abs(x float64) float64 { return math.Abs(x) }
