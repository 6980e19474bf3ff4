package kernel

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestShuffleDraws checks on every path the training's way of
// shuffling, the draws made by StepRowsDraw (StepRows32Draw) in the
// batch passes and the swaps by ForwardMomentsShuffle
// (ForwardMoments32Shuffle) in the history pass: p and the generator end
// as Shuffle leaves them, to the bit, and W, the sums and the count are
// those of StepRows and ForwardMoments (their float32 forms). Batches
// cover fewer rows than draws and more, and permutations of every length
// to more than the rows of the history pass (swaps left after it); the
// float64 step also runs with the log-cosh penalty.
func TestShuffleDraws(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(31, 31))
		for _, prec := range []string{"f64", "f32", "f64 alpha"} {
			for _, k := range []int{3, 8} {
				for _, n := range []int{1, 2, 63, 64, 65, 200, 2000} {
					for _, m := range []int{0, 1, 2, n / 2, n, n + 1, 2*n + 3} {
						checkShuffleDraws(t, fmt.Sprintf("%s n=%d k=%d len(p)=%d", prec, n, k, m), prec, rng, n, k, m,
							PCG{Hi: rng.Uint64(), Lo: rng.Uint64()})
					}
				}
			}
		}
	})
}

// checkShuffleDraws runs one epoch of the training's kernels in
// precision prec ("f64", "f32", or "f64 alpha" for the log-cosh penalty)
// on random data, n rows of k, shuffling a permutation of m with g, and
// compares it with the plain kernels and Shuffle.
func checkShuffleDraws(t *testing.T, name, prec string, rng *rand.Rand, n, k, m int, g PCG) {
	t.Helper()
	w, z := make([]float64, k*k), make([]float64, n*k)
	for i := range w {
		w[i] = rng.NormFloat64() * 0.3
	}
	for i := range z {
		z[i] = float64(float32(rng.NormFloat64()))
	}
	z32 := make([]float32, n*k)
	for i, v := range z {
		z32[i] = float32(v)
	}
	rows := rng.Perm(n)
	p := rng.Perm(m)
	q, h := slices.Clone(p), g
	w2 := slices.Clone(w)
	ws, ws2 := NewWorkspace(k), NewWorkspace(k)
	par := StepParams{LR: 0.05, LambdaAct: 0.5, LambdaW: 1e-4}
	if prec == "f64 alpha" {
		par.Alpha = 0.1
	}
	d := Draws{G: g}
	d.Start(m)
	for lo := 0; lo < n; lo += 17 {
		b := rows[lo:min(lo+17, n)]
		if prec == "f32" {
			StepRows32Draw(w, z32, b, k, par, ws, &d)
			StepRows32(w2, z32, b, k, par, ws2)
		} else {
			StepRowsDraw(w, z, b, k, par, ws, &d)
			StepRows(w2, z, b, k, par, ws2)
		}
	}
	checkSame(t, name+" w", w, w2)
	got, want := make([]float64, 5*k), make([]float64, 5*k)
	var gotN, wantN int64
	if prec == "f32" {
		gotN = ForwardMoments32Shuffle(got, w, z32, n, k, 0.2, p, &d)
		wantN = ForwardMoments32(want, w, z32, n, k, 0.2)
	} else {
		gotN = ForwardMomentsShuffle(got, w, z, n, k, 0.2, p, &d)
		wantN = ForwardMoments(want, w, z, n, k, 0.2)
	}
	Shuffle(q, &h)
	checkSame(t, name+" sums", got, want)
	if gotN != wantN {
		t.Fatalf("%s: count %d, want %d", name, gotN, wantN)
	}
	if !slices.Equal(p, q) {
		t.Fatalf("%s: permutation differs from Shuffle's", name)
	}
	if d.G != h || d.Left() != 0 {
		t.Fatalf("%s: generator state %v (%d draws left), Shuffle leaves %v", name, d.G, d.Left(), h)
	}
}

// TestShuffleDrawsRejection places, by inverting the generator, draws
// that need Lemire's rejection step at the fourth draw, and checks that
// the epoch's shuffle is still Shuffle's: x = 0 (rejected and drawn
// again) and a draw whose low word is below i+1 but above the threshold
// (accepted after the check).
func TestShuffleDrawsRejection(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		const n, k, m = 100, 8, 80
		rng := rand.New(rand.NewPCG(32, 32))
		for _, x := range rejectionDraws(uint64(m - 3)) {
			g := stateBefore(x)
			for range 3 {
				g = pcgBack(g)
			}
			for _, prec := range []string{"f64", "f32"} {
				checkShuffleDraws(t, fmt.Sprintf("%s x=%#x", prec, x), prec, rng, n, k, m, g)
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
