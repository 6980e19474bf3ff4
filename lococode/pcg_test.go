package lococode

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPCGMatchesStdlib checks pcg word for word against math/rand/v2's
// PCG, whose output its documentation fixes for every seed.
func TestPCGMatchesStdlib(t *testing.T) {
	for _, seed := range [][2]uint64{{0, 0}, {1, 2}, {0, 0x9e3779b97f4a7c15}, {^uint64(0), 12345}} {
		ours := pcg{hi: seed[0], lo: seed[1]}
		std := rand.NewPCG(seed[0], seed[1])
		for i := range 10000 {
			if a, b := ours.Uint64(), std.Uint64(); a != b {
				t.Fatalf("seed %v, word %d: pcg %#x, math/rand/v2 %#x", seed, i, a, b)
			}
		}
	}
}

// TestShuffleIsFisherYates checks that Shuffle draws exactly what the
// textbook loop over IntN draws and leaves the stream in the same state.
func TestShuffleIsFisherYates(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 17, 64, 2000} {
		a, b := NewStream(uint64(n), 0), NewStream(uint64(n), 0)
		p, q := make([]int, n), make([]int, n)
		for i := range p {
			p[i], q[i] = i, i
		}
		for range 3 {
			a.Shuffle(p)
			for i := n - 1; i > 0; i-- {
				j := b.IntN(i + 1)
				q[i], q[j] = q[j], q[i]
			}
			if !slices.Equal(p, q) {
				t.Fatalf("n=%d: Shuffle gives %v, the IntN loop %v", n, p[:min(n, 8)], q[:min(n, 8)])
			}
		}
		if x, y := a.src.Uint64(), b.src.Uint64(); x != y {
			t.Fatalf("n=%d: state after Shuffle differs", n)
		}
	}
}

// TestPCGStep2 checks the two-step constants against two single steps.
func TestPCGStep2(t *testing.T) {
	hi, lo := uint64(0x0123456789abcdef), uint64(0xfedcba9876543210)
	for range 1000 {
		h1, l1 := pcgStep(pcgStep(hi, lo))
		h2, l2 := pcgStep2(hi, lo)
		if h1 != h2 || l1 != l2 {
			t.Fatalf("pcgStep2(%#x, %#x) = %#x %#x, two pcgSteps %#x %#x", hi, lo, h2, l2, h1, l1)
		}
		hi, lo = h1, l1
	}
}
