package kernel

// batchMomentsGeneric is the specification of BatchMoments.
func batchMomentsGeneric(c, s, w, zb []float64, b, k int) {
	clear(c[:k*k])
	clear(s[:k*k])
	for r := 0; r < b; r++ {
		z := zb[r*k : r*k+k]
		for i := 0; i < k; i++ {
			// h_i = (W z)_i, of which the step needs only the sign.
			wi := w[i*k : i*k+k]
			var h float64
			for j, zj := range z {
				h += wi[j] * zj
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
				ci[j] += zi * z[j]
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
				h += wi[j] * zj
			}
			h2 := h * h
			s1[i] += h
			s2[i] += h2
			s3[i] += h2 * h
			s4[i] += h2 * h2
			a := abs(h)
			sa[i] += a
			if a < small {
				nsmall++
			}
		}
	}
	return nsmall
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
