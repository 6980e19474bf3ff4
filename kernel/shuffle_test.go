package kernel

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestForwardMoments32Shuffle checks on every path that
// ForwardMoments32Shuffle gives what ForwardMoments32 and then Shuffle
// give, to the bit: sums, count, the permutation and the generator's
// state, for permutations shorter than the rows, as long, and longer
// (swaps left over after the pass), with chunk ends anywhere.
func TestForwardMoments32Shuffle(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(31, 31))
		for _, k := range []int{3, 8} {
			for _, n := range []int{0, 1, 2, 63, 64, 65, 200, 2000} {
				for _, m := range []int{0, 1, 2, n / 2, n, n + 1, 2*n + 3} {
					name := fmt.Sprintf("n=%d k=%d len(p)=%d", n, k, m)
					w, z := make([]float64, k*k), make([]float32, n*k)
					for i := range w {
						w[i] = rng.NormFloat64() * 0.3
					}
					for i := range z {
						z[i] = float32(rng.NormFloat64())
					}
					p := rng.Perm(m)
					g := PCG{Hi: rng.Uint64(), Lo: rng.Uint64()}
					q, h := slices.Clone(p), g
					got, want := make([]float64, 5*k), make([]float64, 5*k)
					gotN := ForwardMoments32Shuffle(got, w, z, n, k, 0.2, p, &g)
					wantN := ForwardMoments32(want, w, z, n, k, 0.2)
					Shuffle(q, &h)
					checkSame(t, name+" sums", got, want)
					if gotN != wantN {
						t.Fatalf("%s: count %d, want %d", name, gotN, wantN)
					}
					if !slices.Equal(p, q) {
						t.Fatalf("%s: permutation differs from Shuffle's", name)
					}
					if g != h {
						t.Fatalf("%s: generator state %v, Shuffle leaves %v", name, g, h)
					}
				}
			}
		}
	})
}

// TestForwardMoments32ShuffleRejection places, by inverting the
// generator, draws that need Lemire's rejection step at chosen swaps,
// and checks that the pass still gives Shuffle's permutation and state:
// x = 0 (rejected and drawn again) and a draw whose low word is below
// i+1 but above the threshold (accepted after the check).
func TestForwardMoments32ShuffleRejection(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		const n, k, m = 100, 8, 80
		z := make([]float32, n*k)
		w := make([]float64, k*k)
		for i := range z {
			z[i] = float32(i%11) - 5
		}
		for i := range w {
			w[i] = float64(i%5) - 2
		}
		un := uint64(m - 3) // the fourth draw is j = IntN(i+1) for i = m − 4
		for _, x := range rejectionDraws(un) {
			if _, l := bits.Mul64(x, un); l >= un {
				t.Fatalf("x=%#x: low word %d not below %d", x, l, un)
			}
			// Three draws, then one whose word is x.
			g := stateBefore(x)
			for range 3 {
				g = pcgBack(g)
			}
			p := make([]int, m)
			for i := range p {
				p[i] = i
			}
			q, h := slices.Clone(p), g
			sums := make([]float64, 5*k)
			ForwardMoments32Shuffle(sums, w, z, n, k, 0.2, p, &g)
			Shuffle(q, &h)
			if !slices.Equal(p, q) || g != h {
				t.Fatalf("x=%#x: permutation or state differs from Shuffle's", x)
			}
		}
	})
}

// rejectionDraws returns two words x whose product with n has a low
// word below n: 0, which Lemire's method rejects, and one it accepts
// after comparing with its threshold 2⁶⁴ mod n.
func rejectionDraws(n uint64) []uint64 {
	low := -n%n + 1
	for low%(n&-n) != 0 { // x·n is a multiple of n's power of two
		low++
	}
	if low >= n {
		panic("rejectionDraws: no accepted low word below n")
	}
	return []uint64{0, solveMul(n, low)}
}

// solveMul returns an x with x·n ≡ low (mod 2⁶⁴), for low a multiple of
// the largest power of two dividing n.
func solveMul(n, low uint64) uint64 {
	tz := bits.TrailingZeros64(n)
	odd := n >> tz
	return (low >> tz) * inverse64(odd)
}

// inverse64 is the inverse of an odd a modulo 2⁶⁴ (Newton's iteration).
func inverse64(a uint64) uint64 {
	x := a
	for range 6 {
		x *= 2 - a*x
	}
	return x
}

// stateBefore returns a state whose next word is x.
func stateBefore(x uint64) PCG {
	const lo = 0x5851f42d4c957f2d // any odd low half
	y := x * inverse64(lo|1)      // the output before its last multiply
	y ^= y >> 48
	y *= inverse64(pcgOutMult)
	y ^= y >> 32
	if pcgOut(y, lo) != x {
		panic("stateBefore: the output function was not inverted")
	}
	return pcgBack(PCG{Hi: y, Lo: lo})
}

// pcgBack is the state one step before g: (g − inc)·mul⁻¹ mod 2¹²⁸.
func pcgBack(g PCG) PCG {
	mod := new(big.Int).Lsh(big.NewInt(1), 128)
	word := func(hi, lo uint64) *big.Int {
		v := new(big.Int).SetUint64(hi)
		return v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(lo))
	}
	s := new(big.Int).Sub(word(g.Hi, g.Lo), word(pcgIncHi, pcgIncLo))
	s.Mul(s, new(big.Int).ModInverse(word(pcgMulHi, pcgMulLo), mod))
	s.Mod(s, mod)
	lo := new(big.Int).And(s, word(0, ^uint64(0))).Uint64()
	back := PCG{Hi: new(big.Int).Rsh(s, 64).Uint64(), Lo: lo}
	if h, l := pcgStep(back.Hi, back.Lo); h != g.Hi || l != g.Lo {
		panic("pcgBack: not the state before")
	}
	return back
}
