package viz

import (
	"math"
	"slices"
	"testing"

	"github.com/lococode/lococode/linalg"
)

func dense(r, c int, v ...float64) *linalg.Dense {
	return linalg.NewFrom(r, c, v)
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestGreedyPermutation(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    *linalg.Dense
		want []int
	}{
		{"identity", linalg.Identity(3), []int{0, 1, 2}},
		{"permutation", dense(3, 3,
			0, 0, 1,
			1, 0, 0,
			0, 1, 0), []int{1, 2, 0}},
		// Source 0 takes row 1 (0.9) first, so source 1 cannot have
		// row 1 (0.95) and gets row 0; an optimal assignment would
		// differ, a greedy one does not look ahead.
		{"greedy, not optimal", dense(2, 2,
			0.8, 0.5,
			0.9, 0.95), []int{1, 0}},
		{"tie to the lower row", dense(3, 3,
			0.5, 0.1, 0.2,
			0.5, 0.3, 0.1,
			0.1, 0.2, 0.9), []int{0, 1, 2}},
		{"unassigned only", dense(3, 3,
			0.9, 0.8, 0.7,
			0.1, 0.2, 0.3,
			0.0, 0.1, 0.2), []int{0, 1, 2}},
	} {
		got := GreedyPermutation(tc.m)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: GreedyPermutation = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPermuteRowsPutsMatchesOnDiagonal(t *testing.T) {
	m := dense(3, 3,
		0.1, 0.2, 0.9,
		0.8, 0.1, 0.1,
		0.2, 0.7, 0.3)
	p := PermuteRows(m, GreedyPermutation(m))
	want := dense(3, 3,
		0.8, 0.1, 0.1,
		0.2, 0.7, 0.3,
		0.1, 0.2, 0.9)
	if !slices.Equal(p.Data, want.Data) {
		t.Errorf("PermuteRows = %v, want %v", p.Data, want.Data)
	}
}

func TestRowNormalize(t *testing.T) {
	m := dense(3, 2,
		2, -4,
		0.5, 0.25,
		0, 0)
	got := RowNormalize(m)
	want := []float64{0.5, -1, 1, 0.5, 0, 0}
	if !slices.Equal(got.Data, want) {
		t.Errorf("RowNormalize = %v, want %v", got.Data, want)
	}
	if m.At(0, 0) != 2 {
		t.Error("RowNormalize changed its argument")
	}
}

func TestDemixerMapOfPerfectDemixer(t *testing.T) {
	// B = D·P·A⁻¹ with A orthogonal: |B·A| is a scaled permutation, so
	// the map is exactly the identity.
	a := dense(2, 2,
		0.6, -0.8,
		0.8, 0.6)
	b := linalg.Mul(dense(2, 2, 0, -3, 0.5, 0), a.T())
	got := DemixerMap(b, a)
	for i := range 2 {
		for j := range 2 {
			want := 0.0
			if i == j {
				want = 1
			}
			if !near(got.At(i, j), want, 1e-15) {
				t.Fatalf("DemixerMap = %v, want the identity", got.Data)
			}
		}
	}
}

func TestAbsCorr(t *testing.T) {
	// Orthogonal, zero-mean, equal-norm sources over 4 samples.
	s := dense(4, 2,
		1, 1,
		-1, 1,
		1, -1,
		-1, -1)
	// Unit 0 is −3·s1 + 7 (a shifted, scaled, sign-flipped source),
	// unit 1 is s0 + s1, which correlates 1/√2 with each.
	h := linalg.New(4, 2)
	for i := range 4 {
		h.Set(i, 0, -3*s.At(i, 1)+7)
		h.Set(i, 1, s.At(i, 0)+s.At(i, 1))
	}
	got := AbsCorr(s, h)
	want := []float64{0, 1, 1 / math.Sqrt2, 1 / math.Sqrt2}
	for i, w := range want {
		if !near(got.Data[i], w, 1e-15) {
			t.Errorf("AbsCorr = %v, want %v", got.Data, want)
			break
		}
	}
	// A constant unit correlates 0, not NaN.
	for i := range 4 {
		h.Set(i, 1, 2)
	}
	if c := AbsCorr(s, h); c.At(1, 0) != 0 || c.At(1, 1) != 0 {
		t.Errorf("constant unit: AbsCorr row %v, want zeros", c.Row(1))
	}
	// RecoveryMap matches unit 1 to source 0 and unit 0 to source 1.
	h.Set(0, 1, 3) // not constant any more
	r := RecoveryMap(s, dense(4, 2, 1, 1, 1, -1, -1, 1, -1, -1))
	if r.At(0, 0) != 1 || r.At(1, 1) != 1 || r.At(0, 1) != 0 {
		t.Errorf("RecoveryMap = %v, want the identity", r.Data)
	}
}

func TestHistogram(t *testing.T) {
	x := []float64{-1, -0.5, 0, 0.1, 0.99, 1, 3, math.NaN()}
	ctr, d := Histogram(x, -1, 1, 4)
	if want := []float64{-0.75, -0.25, 0.25, 0.75}; !slices.Equal(ctr, want) {
		t.Errorf("centres %v, want %v", ctr, want)
	}
	// Bins [−1, −½), [−½, 0), [0, ½), [½, 1]: counts 1, 1, 2, 2 of 8
	// values, width ½, so densities count/(8·½).
	if want := []float64{0.25, 0.25, 0.5, 0.5}; !slices.Equal(d, want) {
		t.Errorf("densities %v, want %v", d, want)
	}
	// The densities integrate to the fraction inside (6/8).
	var area float64
	for _, v := range d {
		area += v * 0.5
	}
	if area != 0.75 {
		t.Errorf("area %v, want 0.75", area)
	}
	if _, d := Histogram(nil, 0, 1, 3); !slices.Equal(d, []float64{0, 0, 0}) {
		t.Errorf("empty data: %v", d)
	}
}

func TestHistogramPanics(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		bins   int
	}{{0, 1, 0}, {1, 1, 3}, {2, 1, 3}, {math.NaN(), 1, 3}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Histogram(%v, %v, %d) did not panic", tc.lo, tc.hi, tc.bins)
				}
			}()
			Histogram(nil, tc.lo, tc.hi, tc.bins)
		}()
	}
}

// moments integrates f, x²·f and x⁴·f over [−30, 30] by the midpoint
// rule (0, the Laplace density's kink, is a cell boundary).
func moments(f func(float64) float64) (m0, m2, m4 float64) {
	const lo, hi, n = -30.0, 30.0, 100000
	h := (hi - lo) / n
	for i := range n {
		x := lo + (float64(i)+0.5)*h
		v := f(x) * h
		m0 += v
		m2 += x * x * v
		m4 += x * x * x * x * v
	}
	return
}

func TestDensities(t *testing.T) {
	if v := LaplacePDF(0); !near(v, 1/math.Sqrt2, 2e-16) {
		t.Errorf("LaplacePDF(0) = %v, want 1/√2", v)
	}
	if v, want := LaplacePDF(-1), math.Exp(-math.Sqrt2)/math.Sqrt2; v != want {
		t.Errorf("LaplacePDF(−1) = %v, want %v", v, want)
	}
	if v := GaussianPDF(0); v != 1/math.Sqrt(2*math.Pi) {
		t.Errorf("GaussianPDF(0) = %v", v)
	}
	// Both are unit-variance densities; excess kurtosis 3 and 0.
	for _, tc := range []struct {
		name string
		f    func(float64) float64
		kurt float64
	}{{"Laplace", LaplacePDF, 3}, {"Gaussian", GaussianPDF, 0}} {
		m0, m2, m4 := moments(tc.f)
		if !near(m0, 1, 1e-6) || !near(m2, 1, 1e-6) || !near(m4/(m2*m2)-3, tc.kurt, 1e-5) {
			t.Errorf("%s: mass %v, variance %v, excess kurtosis %v", tc.name, m0, m2, m4/(m2*m2)-3)
		}
	}
}

func TestMostKurtotic(t *testing.T) {
	// Column 0: ±1 (kurtosis −2); column 1: mostly 0 with rare ±1
	// (heavy tails); column 2: uniform-ish steps.
	h := linalg.New(8, 3)
	col1 := []float64{0, 0, 0, 5, 0, 0, -5, 0}
	for i := range 8 {
		h.Set(i, 0, float64(1-2*(i%2)))
		h.Set(i, 1, col1[i])
		h.Set(i, 2, float64(i))
	}
	j, k := MostKurtotic(h)
	// Column 1 has m₂ = 50/8, m₄ = 1250/8: kurtosis 1250·8/2500 − 3 = 1.
	if j != 1 || !near(k, 1, 1e-12) {
		t.Errorf("MostKurtotic = (%d, %v), want (1, 1)", j, k)
	}
}

func TestZScoreAndColumn(t *testing.T) {
	m := dense(4, 2, 1, 10, 2, 20, 3, 30, 4, 40)
	if c := Column(m, 1); !slices.Equal(c, []float64{10, 20, 30, 40}) {
		t.Errorf("Column = %v", c)
	}
	z := ZScore(Column(m, 1))
	// mean 25, population std √125.
	s := math.Sqrt(125)
	want := []float64{-15 / s, -5 / s, 5 / s, 15 / s}
	for i := range z {
		if !near(z[i], want[i], 1e-15) {
			t.Fatalf("ZScore = %v, want %v", z, want)
		}
	}
	if z := ZScore([]float64{3, 3}); z[0] != 0 || z[1] != 0 {
		t.Errorf("ZScore of a constant = %v, want zeros", z)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []float64
		step   float64
	}{
		{0, 200, 5, []float64{0, 50, 100, 150, 200}, 50},
		{0, 0.0506, 7, []float64{0, 0.01, 0.02, 0.03, 0.04, 0.05}, 0.01},
		{-0.4, 3.4, 5, []float64{0, 1, 2, 3}, 1},
		{-5, 5, 5, []float64{-5, -2.5, 0, 2.5, 5}, 2.5},
	} {
		got, step := niceTicks(tc.lo, tc.hi, tc.n)
		if step != tc.step || len(got) != len(tc.want) {
			t.Errorf("niceTicks(%v, %v, %d) = %v step %v, want %v step %v",
				tc.lo, tc.hi, tc.n, got, step, tc.want, tc.step)
			continue
		}
		for i := range got {
			if !near(got[i], tc.want[i], 1e-12) {
				t.Errorf("niceTicks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
				break
			}
		}
	}
	for _, tc := range []struct {
		v, step float64
		want    string
	}{{0.04, 0.01, "0.04"}, {150, 50, "150"}, {-2.5, 2.5, "-2.5"}, {0.5, 0.25, "0.50"}} {
		if got := tickLabel(tc.v, tc.step); got != tc.want {
			t.Errorf("tickLabel(%v, %v) = %q, want %q", tc.v, tc.step, got, tc.want)
		}
	}
}

func TestViridis(t *testing.T) {
	if c := Viridis(0); c != viridisAnchors[0] {
		t.Errorf("Viridis(0) = %v", c)
	}
	if c := Viridis(1); c != viridisAnchors[10] {
		t.Errorf("Viridis(1) = %v", c)
	}
	if Viridis(-1) != Viridis(0) || Viridis(2) != Viridis(1) || Viridis(math.NaN()) != Viridis(0) {
		t.Error("Viridis does not clamp")
	}
	// Halfway between the anchors at 0.5 and 0.6.
	if c, want := Viridis(0.55), blend(viridisAnchors[5], viridisAnchors[6], 0.5); c != want {
		t.Errorf("Viridis(0.55) = %v, want %v", c, want)
	}
	// Lightness rises monotonically, which a perceptual map must do.
	prev := -1.0
	for i := 0; i <= 100; i++ {
		c := Viridis(float64(i) / 100)
		l := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
		if l < prev {
			t.Fatalf("luminance falls at t = %v", float64(i)/100)
		}
		prev = l
	}
}
