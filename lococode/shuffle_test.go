package lococode

import (
	"slices"
	"testing"
)

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
