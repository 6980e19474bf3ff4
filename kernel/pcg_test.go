package kernel

import (
	"math/rand/v2"
	"testing"
)

// TestPCGMatchesStdlib checks PCG word for word against math/rand/v2's
// PCG, whose output its documentation fixes for every seed.
func TestPCGMatchesStdlib(t *testing.T) {
	for _, seed := range [][2]uint64{{0, 0}, {1, 2}, {0, 0x9e3779b97f4a7c15}, {^uint64(0), 12345}} {
		ours := PCG{Hi: seed[0], Lo: seed[1]}
		std := rand.NewPCG(seed[0], seed[1])
		for i := range 10000 {
			if a, b := ours.Uint64(), std.Uint64(); a != b {
				t.Fatalf("seed %v, word %d: pcg %#x, math/rand/v2 %#x", seed, i, a, b)
			}
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
