package kernel

import "math/bits"

// PCG is the state of PCG-DXSM, a 128-bit LCG with the DXSM output
// function: the generator of math/rand/v2's PCG (and of numpy's
// PCG64DXSM up to its multiplier). PCG{Hi: a, Lo: b} gives the words of
// rand.NewPCG(a, b), which TestPCGMatchesStdlib checks. It is ours so
// that Shuffle can keep the state in registers across a whole
// permutation, and the training can make the draws inside an assembly
// pass (Draws).
type PCG struct{ Hi, Lo uint64 }

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
func (p *PCG) Uint64() uint64 {
	p.Hi, p.Lo = pcgStep(p.Hi, p.Lo)
	return pcgOut(p.Hi, p.Lo)
}

// Shuffle permutes p uniformly in place with the words of g
// (Fisher–Yates, from the end), drawing j = IntN(i+1) for
// i = len(p)−1 … 1 by Lemire's method (ACM TOMACS 29(1), 2019), as
// math/rand/v2's Shuffle on the same PCG does: the same swaps, and g
// left in the same state. Each state is computed from the one two steps
// back (pcgStep2), so consecutive draws come from two independent
// multiply chains instead of one chain twice as long.
func Shuffle(p []int, g *PCG) {
	top := len(p) - 1
	if top < 1 {
		return
	}
	// (ch, cl) is the state of the next draw, (ph, pl) the one before.
	ph, pl := g.Hi, g.Lo
	ch, cl := pcgStep(ph, pl)
	next := func() uint64 {
		out := pcgOut(ch, cl)
		nh, nl := pcgStep2(ph, pl)
		ph, pl, ch, cl = ch, cl, nh, nl
		return out
	}
	for i := top; i > 0; i-- {
		un := uint64(i + 1)
		jh, jl := bits.Mul64(next(), un)
		if jl < un {
			thresh := -un % un
			for jl < thresh {
				jh, jl = bits.Mul64(next(), un)
			}
		}
		p[i], p[jh] = p[jh], p[i]
	}
	g.Hi, g.Lo = ph, pl
}
