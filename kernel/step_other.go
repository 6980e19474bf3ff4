//go:build !amd64 || purego

package kernel

// stepUpdate is the update of Step; this build has no assembly for it.
func stepUpdate(w, q, s []float64, k int, rec, act, decay, lr float64) {
	stepUpdateGeneric(w, q, s, k, rec, act, decay, lr)
}
