package kernel

import "math"

// matMulGeneric is the specification of MatMul.
func matMulGeneric(dst, a, b []float64, m, p, q int) {
	for i := 0; i < m; i++ {
		di := dst[i*q : i*q+q]
		clear(di)
		for l, ail := range a[i*p : i*p+p] {
			bl := b[l*q : l*q+q]
			for j, blj := range bl {
				di[j] = math.FMA(ail, blj, di[j])
			}
		}
	}
}

// matMulTBGeneric is the specification of MatMulTB.
func matMulTBGeneric(dst, a, b []float64, m, p, q int) {
	for i := 0; i < m; i++ {
		ai := a[i*p : i*p+p]
		for j := 0; j < q; j++ {
			bj := b[j*p : j*p+p]
			var s float64
			for l, ail := range ai {
				s = math.FMA(ail, bj[l], s)
			}
			dst[i*q+j] = s
		}
	}
}

// mulTAGeneric is the specification of MulTA.
func mulTAGeneric(dst, x, y []float64, n, kx, ky int) {
	clear(dst[:kx*ky])
	for r := 0; r < n; r++ {
		xr := x[r*kx : r*kx+kx]
		yr := y[r*ky : r*ky+ky]
		for i, xi := range xr {
			di := dst[i*ky : i*ky+ky]
			for j, yj := range yr {
				di[j] = math.FMA(xi, yj, di[j])
			}
		}
	}
}

// gramGeneric is the specification of Gram.
func gramGeneric(dst, x []float64, n, k int) {
	clear(dst[:k*k])
	for r := 0; r < n; r++ {
		xr := x[r*k : r*k+k]
		for i, xi := range xr {
			di := dst[i*k : i*k+k]
			for j := i; j < k; j++ {
				di[j] = math.FMA(xi, xr[j], di[j])
			}
		}
	}
	for i := 1; i < k; i++ {
		for j := 0; j < i; j++ {
			dst[i*k+j] = dst[j*k+i]
		}
	}
}
