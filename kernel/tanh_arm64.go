//go:build !purego

package kernel

import "github.com/lococode/lococode/kernel/asm"

// tanhInPlace overwrites y[i] with tanh(y[i]); on the NEON path with
// the vector tanh of TanhContrast (within 2 ulp of math.Tanh).
func tanhInPlace(y, _ []float64) {
	if useNEON {
		asm.TanhNEON(y)
		return
	}
	tanhGeneric(y)
}
