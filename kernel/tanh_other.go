//go:build (!amd64 && !arm64) || purego

package kernel

// tanhInPlace overwrites y[i] with tanh(y[i]). This build has no vector
// tanh outside TanhContrast: it is math.Tanh.
func tanhInPlace(y, _ []float64) { tanhGeneric(y) }
