package lococode

import (
	"math"
	"math/bits"

	"github.com/lococode/lococode/kernel"
)

// Stream is the seeded random stream of one run. It draws 64-bit words
// from PCG-DXSM (the generator of math/rand/v2's PCG, word for word;
// see kernel.PCG) and turns them into uniforms, Laplace and
// normal variates with the formulas below, all of which are ours: the
// numbers a seed gives depend on no library's choice of algorithm.
type Stream struct {
	src   kernel.PCG
	spare float64 // second normal of the last polar pair
	has   bool
}

// NewStream returns the stream for (seed, id). Streams with different
// ids are independent; the experiment uses id 0 for the data and the
// training, and id 1 for FastICA.
func NewStream(seed uint64, id uint64) *Stream {
	return &Stream{src: kernel.PCG{Hi: seed, Lo: 0x9e3779b97f4a7c15 ^ id}}
}

// Uniform returns a draw from the open interval (0, 1): (m + ½)·2⁻⁵³
// for a uniform 53-bit integer m.
func (s *Stream) Uniform() float64 {
	return (float64(s.src.Uint64()>>11) + 0.5) * 0x1p-53
}

// Laplace returns a Laplace(0, 1) variate (density ½e^(−|x|)) by
// inversion: ln(2u) for u < ½, −ln(2(1 − u)) otherwise.
func (s *Stream) Laplace() float64 {
	u := s.Uniform()
	if u < 0.5 {
		return math.Log(2 * u)
	}
	return -math.Log(2 * (1 - u))
}

// Normal returns a standard normal variate by Marsaglia's polar method;
// the second variate of each accepted pair is returned by the next call.
func (s *Stream) Normal() float64 {
	if s.has {
		s.has = false
		return s.spare
	}
	for {
		u := 2*s.Uniform() - 1
		v := 2*s.Uniform() - 1
		q := u*u + v*v
		if q >= 1 || q == 0 {
			continue
		}
		f := math.Sqrt(-2 * math.Log(q) / q)
		s.spare, s.has = v*f, true
		return u * f
	}
}

// IntN returns a uniform integer in [0, n) for n > 0, without modulo
// bias (Lemire, ACM TOMACS 29(1), 2019).
func (s *Stream) IntN(n int) int {
	un := uint64(n)
	hi, lo := bits.Mul64(s.src.Uint64(), un)
	if lo < un {
		thresh := -un % un
		for lo < thresh {
			hi, lo = bits.Mul64(s.src.Uint64(), un)
		}
	}
	return int(hi)
}

// Shuffle permutes p uniformly in place (Fisher–Yates, from the end),
// drawing j = IntN(i+1) for i = len(p)−1 … 1: kernel.Shuffle on the
// stream's generator, the same draws to the bit.
func (s *Stream) Shuffle(p []int) { kernel.Shuffle(p, &s.src) }
