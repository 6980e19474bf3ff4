package lococode

import (
	"math"
	"testing"
)

// moments returns the mean, variance and excess kurtosis of v.
func moments(v []float64) (mean, variance, kurt float64) {
	mean = Mean(v)
	var m2, m4 float64
	for _, x := range v {
		d := x - mean
		m2 += d * d
		m4 += d * d * d * d
	}
	n := float64(len(v))
	m2 /= n
	m4 /= n
	return mean, m2, m4/(m2*m2) - 3
}

func TestStreamDistributions(t *testing.T) {
	const n = 200000
	s := NewStream(42, 0)
	lap := make([]float64, n)
	nor := make([]float64, n)
	uni := make([]float64, n)
	for i := range lap {
		lap[i], nor[i], uni[i] = s.Laplace(), s.Normal(), s.Uniform()
	}
	// Bands are about 5 standard errors of each estimate at n = 2e5.
	for _, c := range []struct {
		name                 string
		v                    []float64
		mean, variance, kurt float64
		tm, tv, tk           float64
	}{
		{"laplace", lap, 0, 2, 3, 0.016, 0.04, 0.5},
		{"normal", nor, 0, 1, 0, 0.012, 0.016, 0.06},
		{"uniform", uni, 0.5, 1.0 / 12, -1.2, 0.004, 0.001, 0.01},
	} {
		m, v, k := moments(c.v)
		if math.Abs(m-c.mean) > c.tm || math.Abs(v-c.variance) > c.tv || math.Abs(k-c.kurt) > c.tk {
			t.Errorf("%s: mean %.4f var %.4f kurtosis %.3f; want %v %v %v",
				c.name, m, v, k, c.mean, c.variance, c.kurt)
		}
	}
	for _, u := range uni {
		if u <= 0 || u >= 1 {
			t.Fatalf("Uniform() = %v outside (0, 1)", u)
		}
	}
}

func TestStreamDeterministicAndIndependent(t *testing.T) {
	a, b, c := NewStream(7, 0), NewStream(7, 0), NewStream(7, 1)
	same := 0
	for i := 0; i < 100; i++ {
		x, y, z := a.Normal(), b.Normal(), c.Normal()
		if x != y {
			t.Fatalf("draw %d: same seed gave %v and %v", i, x, y)
		}
		if x == z {
			same++
		}
	}
	if same > 0 {
		t.Errorf("streams 0 and 1 of one seed agree on %d of 100 draws", same)
	}
}

func TestIntNUniform(t *testing.T) {
	s := NewStream(3, 0)
	const n, draws = 7, 70000
	var counts [n]int
	for range draws {
		counts[s.IntN(n)]++
	}
	// χ² with 6 degrees of freedom; P(χ² > 22.5) ≈ 0.001.
	var chi2 float64
	e := float64(draws) / n
	for _, c := range counts {
		chi2 += (float64(c) - e) * (float64(c) - e) / e
	}
	if chi2 > 22.5 {
		t.Errorf("IntN(%d) counts %v: χ² = %.1f", n, counts, chi2)
	}
}

func TestShuffleIsPermutation(t *testing.T) {
	s := NewStream(5, 0)
	p := make([]int, 100)
	for i := range p {
		p[i] = i
	}
	s.Shuffle(p)
	seen := make([]bool, len(p))
	moved := 0
	for i, v := range p {
		if seen[v] {
			t.Fatalf("value %d twice after Shuffle", v)
		}
		seen[v] = true
		if v != i {
			moved++
		}
	}
	if moved < 90 {
		t.Errorf("Shuffle left %d of 100 in place", 100-moved)
	}
}
