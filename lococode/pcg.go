package lococode

import "math/bits"

// pcg is PCG-DXSM with a 128-bit LCG state, the generator of
// math/rand/v2's PCG (and of numpy's PCG64DXSM up to its multiplier):
// the same seeds give the same words, which TestPCGMatchesStdlib checks.
// It is ours so that Shuffle can keep the state in registers across a
// whole permutation instead of loading and storing it for every draw.
type pcg struct{ hi, lo uint64 }

// The LCG multiplier and increment (128-bit, as hi and lo halves) and
// the 64-bit multiplier of the DXSM output function.
const (
	pcgMulHi   = 2549297995355413924
	pcgMulLo   = 4865540595714422341
	pcgIncHi   = 6364136223846793005
	pcgIncLo   = 1442695040888963407
	pcgOutMult = 0xda942042e4dd58b5
)

// The LCG two steps at once: state·mul² + (mul·inc + inc) mod 2¹²⁸,
// which lets Shuffle run two independent multiply chains.
const (
	pcgMul2Hi = 1710491942223705148
	pcgMul2Lo = 5953435361322512025
	pcgInc2Hi = 5220163216168088568
	pcgInc2Lo = 12402783752613479834
)

// pcgStep advances the state (hi, lo) ← state·mul + inc mod 2¹²⁸.
func pcgStep(hi, lo uint64) (uint64, uint64) {
	h, l := bits.Mul64(lo, pcgMulLo)
	h += hi*pcgMulLo + lo*pcgMulHi
	l, c := bits.Add64(l, pcgIncLo, 0)
	h, _ = bits.Add64(h, pcgIncHi, c)
	return h, l
}

// pcgStep2 advances the state two steps: (hi, lo) ← state·mul² +
// (mul·inc + inc) mod 2¹²⁸.
func pcgStep2(hi, lo uint64) (uint64, uint64) {
	h, l := bits.Mul64(lo, pcgMul2Lo)
	h += hi*pcgMul2Lo + lo*pcgMul2Hi
	l, c := bits.Add64(l, pcgInc2Lo, 0)
	h, _ = bits.Add64(h, pcgInc2Hi, c)
	return h, l
}

// pcgOut is the DXSM ("double xorshift multiply") output of a state.
func pcgOut(hi, lo uint64) uint64 {
	hi ^= hi >> 32
	hi *= pcgOutMult
	hi ^= hi >> 48
	return hi * (lo | 1)
}

// Uint64 advances the generator and returns its next word.
func (p *pcg) Uint64() uint64 {
	p.hi, p.lo = pcgStep(p.hi, p.lo)
	return pcgOut(p.hi, p.lo)
}
