package kernel

import "math"

// tanhContrastGeneric is the specification of TanhContrast.
func tanhContrastGeneric(gz, gd, w, z []float64, n, k int) {
	clear(gz[:k*k])
	clear(gd[:k])
	for r := 0; r < n; r++ {
		zr := z[r*k : r*k+k]
		for i := 0; i < k; i++ {
			wi := w[i*k : i*k+k]
			var y float64
			for j, zj := range zr {
				y += wi[j] * zj
			}
			g := math.Tanh(y)
			gd[i] += 1 - g*g
			gi := gz[i*k : i*k+k]
			for j, zj := range zr {
				gi[j] += g * zj
			}
		}
	}
}
