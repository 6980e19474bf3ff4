package linalg

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAllFinite puts one NaN, +Inf or −Inf (and sometimes a second one
// later) at every position of matrices whose element count straddles the
// 64-element blocks of firstNotFinite, and checks that AllFinite reports
// the first one's row and column; huge finite values and signed zeros
// must not be taken for it.
func TestAllFinite(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1)}
	for _, shape := range [][2]int{{1, 1}, {1, 3}, {7, 9}, {16, 4}, {13, 5}, {65, 1}, {3, 43}} {
		r, c := shape[0], shape[1]
		m := New(r, c)
		for i := range m.Data {
			switch rng.IntN(4) {
			case 0:
				m.Data[i] = math.MaxFloat64 * (2*rng.Float64() - 1)
			case 1:
				m.Data[i] = math.Copysign(0, rng.NormFloat64())
			default:
				m.Data[i] = rng.NormFloat64()
			}
		}
		if ok, i, j := m.AllFinite(); !ok {
			t.Fatalf("%dx%d finite: reported (%d, %d)", r, c, i, j)
		}
		for p := range m.Data {
			x := m.Clone()
			x.Data[p] = bad[p%3]
			if q := p + 1 + rng.IntN(70); q < len(x.Data) {
				x.Data[q] = bad[q%3]
			}
			ok, i, j := x.AllFinite()
			if ok || i != p/c || j != p%c {
				t.Errorf("%dx%d, %v at %d: got (%v, %d, %d), want (false, %d, %d)",
					r, c, x.Data[p], p, ok, i, j, p/c, p%c)
			}
		}
	}
}
