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
				y = math.FMA(wi[j], zj, y)
			}
			g := math.Tanh(y)
			gd[i] += math.FMA(-g, g, 1)
			gi := gz[i*k : i*k+k]
			for j, zj := range zr {
				gi[j] = math.FMA(g, zj, gi[j])
			}
		}
	}
}
