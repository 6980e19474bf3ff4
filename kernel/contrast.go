package kernel

// TanhContrast makes the data pass of one symmetric FastICA iteration
// with the contrast g = tanh. For the n rows z of z (n×k) and the k×k
// demixer w it sets
//
//	gz = Σ g(W z) zᵀ   (k×k)
//	gd = Σ g′(W z)     (k), g′(y) = 1 − tanh²(y)
//
// overwriting both; the caller divides by n. gz and gd must not overlap
// each other or the inputs. Cost: 4nk² flops and nk tanh evaluations.
func TanhContrast(gz, gd, w, z []float64, n, k int) {
	if n < 0 || k < 1 {
		panic(errBadShape)
	}
	need(gz, k*k, errShortDst)
	need(gd, k, errShortDst)
	need(w, k*k, errShortInput)
	need(z, n*k, errShortInput)
	tanhContrast(gz, gd, w, z, n, k)
}
