//go:build !purego

package kernel

import "github.com/lococode/lococode/kernel/asm"

// tanhInPlace overwrites y[i] with tanh(y[i]), using scratch (at least
// len(y)) on the AVX2 path, whose tanh is within 3 ulp of math.Tanh.
func tanhInPlace(y, scratch []float64) {
	if useAVX2 {
		asm.TanhPairAVX2(y, scratch)
		return
	}
	tanhGeneric(y)
}
