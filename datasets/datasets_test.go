package datasets

import (
	"math"
	"os"
	"testing"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

func TestBarsClean(t *testing.T) {
	d := GenerateBars(lococode.NewStream(1, 0), 4000, PaperBars(false))
	present := 0.0
	for i := 0; i < d.X.Rows; i++ {
		x := d.X.Row(i)
		for b := 0; b < NumBars; b++ {
			on := d.Present.At(i, b) == 1
			if on {
				present++
			}
			for _, px := range BarMask(b) {
				if on && x[px] != 0.5 {
					t.Fatalf("image %d: bar %d present, pixel %d = %g", i, b, px, x[px])
				}
			}
		}
		for px, v := range x {
			if v != 0.5 && v != -0.5 {
				t.Fatalf("image %d pixel %d = %g", i, px, v)
			}
			if v == 0.5 && d.Present.At(i, px/Side) == 0 && d.Present.At(i, Side+px%Side) == 0 {
				t.Fatalf("image %d: pixel %d on with neither of its bars present", i, px)
			}
		}
	}
	// 10 bars at p = 0.2: 2 per image; 4000 images give a std of 0.02.
	if m := present / 4000; math.Abs(m-2) > 0.08 {
		t.Errorf("%.3f bars per image, want 2", m)
	}
}

func TestBarsNoisy(t *testing.T) {
	d := GenerateBars(lococode.NewStream(2, 0), 4000, PaperBars(true))
	// Pixels of no present bar are −0.5 plus N(0, 0.05).
	var s, s2, n float64
	for i := 0; i < d.X.Rows; i++ {
		for px, v := range d.X.Row(i) {
			if d.Present.At(i, px/Side) == 0 && d.Present.At(i, Side+px%Side) == 0 {
				s += v + 0.5
				s2 += (v + 0.5) * (v + 0.5)
				n++
			}
		}
	}
	mean, variance := s/n, s2/n-(s/n)*(s/n)
	if math.Abs(mean) > 0.01 || math.Abs(variance-0.05) > 0.003 {
		t.Errorf("background noise: mean %.4f, variance %.4f; want 0 and 0.05", mean, variance)
	}
}

// TestBarUnits feeds BarUnits the ideal code (each bar's presence), a
// constant unit and a sum of two bars.
func TestBarUnits(t *testing.T) {
	d := GenerateBars(lococode.NewStream(3, 0), 1000, PaperBars(true))
	codes := linalg.New(1000, NumBars+2)
	for i := 0; i < 1000; i++ {
		for b := 0; b < NumBars; b++ {
			codes.Set(i, b, d.Present.At(i, b))
		}
		codes.Set(i, NumBars, 0.3)
		codes.Set(i, NumBars+1, d.Present.At(i, 0)+d.Present.At(i, 7))
	}
	units := BarUnits(codes, nil, d)
	for b := 0; b < NumBars; b++ {
		if u := units[b]; u.Kind != SingleBar || u.Bar != b || math.Abs(u.Corr-1) > 1e-12 {
			t.Errorf("unit %d: %+v, want bar %d with correlation 1", b, u, b)
		}
	}
	if units[NumBars].Kind != Pruned || units[NumBars+1].Kind != Mixed {
		t.Errorf("constant unit %v, two-bar unit %v; want pruned and mixed",
			units[NumBars].Kind, units[NumBars+1].Kind)
	}
	c := CountUnits(units)
	if c != (BarCount{Pruned: 1, Single: 10, Mixed: 1, Distinct: 10}) {
		t.Errorf("counts %+v", c)
	}
	// A unit whose decoder is tiny is pruned however it varies.
	out := make([]float64, NumBars+2)
	for i := range out {
		out[i] = 1
	}
	out[3] = 0.01
	if u := BarUnits(codes, out, d)[3]; u.Kind != Pruned {
		t.Errorf("unit with decoder 0.01: %v, want pruned", u.Kind)
	}
}

// TestFilterShape checks the measures on filters whose shape is known.
func TestFilterShape(t *testing.T) {
	const side = 8
	grating := make([]float64, side*side) // vertical stripes: wave vector along x
	edge := make([]float64, side*side)    // a short vertical edge at the centre
	even := make([]float64, side*side)
	for r := 0; r < side; r++ {
		for c := 0; c < side; c++ {
			grating[r*side+c] = math.Cos(2 * math.Pi * 2 * float64(c) / side)
			even[r*side+c] = 1
			if r >= 2 && r < 6 && (c == 3 || c == 4) {
				edge[r*side+c] = float64(2*c - 7)
			}
		}
	}
	g := FilterShape(grating, side)
	if math.Abs(g.Orientation-1) > 1e-9 || math.Abs(g.Angle) > 1e-6 && math.Abs(g.Angle-180) > 1e-6 {
		t.Errorf("grating: %+v, want orientation 1 at 0°", g)
	}
	if math.Abs(g.Spread-EvenSpread(side)) > 0.2 {
		t.Errorf("grating spread %.3f, want about %.3f", g.Spread, EvenSpread(side))
	}
	if s := FilterShape(even, side); math.Abs(s.Spread-EvenSpread(side)) > 1e-12 {
		t.Errorf("even filter spread %.6f, want %.6f", s.Spread, EvenSpread(side))
	}
	e := FilterShape(edge, side)
	if !e.EdgeLike(side) || e.Spread > 1.5 || e.Orientation < 0.6 {
		t.Errorf("edge: %+v, want edge-like, spread ≤ 1.5, orientation ≥ 0.6", e)
	}
	if g.EdgeLike(side) {
		t.Error("a grating over the whole patch counted as edge-like")
	}

	// White noise: low orientation, spread near even, almost never edge-like.
	s := lococode.NewStream(4, 0)
	var or float64
	edges := 0
	for i := 0; i < 200; i++ {
		f := make([]float64, side*side)
		for j := range f {
			f[j] = s.Normal()
		}
		sh := FilterShape(f, side)
		or += sh.Orientation
		if sh.EdgeLike(side) {
			edges++
		}
	}
	if or /= 200; or > 0.3 || edges > 2 {
		t.Errorf("white noise: mean orientation %.3f, %d of 200 edge-like", or, edges)
	}
}

// TestPatches cuts patches from the test photograph and whitens them.
func TestPatches(t *testing.T) {
	f, err := os.Open("../testdata/astronaut_gray256.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := DecodeGray(f)
	if err != nil {
		t.Fatal(err)
	}
	if g.W != 256 || g.H != 256 {
		t.Fatalf("image %d×%d, want 256×256", g.W, g.H)
	}
	lo, hi := 1.0, 0.0
	for _, v := range g.Pix {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo < 0 || hi > 1 || hi-lo < 0.5 {
		t.Errorf("pixel range [%g, %g]", lo, hi)
	}

	x, err := Patches(g, 8, 3000, lococode.NewStream(5, 0))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < x.Rows; i++ {
		s := 0.0
		for _, v := range x.Row(i) {
			s += v
		}
		if math.Abs(s) > 1e-12 {
			t.Fatalf("patch %d has sum %g after removing its mean", i, s)
		}
	}
	w, err := FitSubspace(x, 20)
	if err != nil {
		t.Fatal(err)
	}
	z := w.Apply(x, w.PCA)
	cov := linalg.Gram(linalg.Center(z, linalg.ColumnMeans(z)))
	cov.Scale(1 / float64(z.Rows))
	for i := 0; i < 20; i++ {
		for j := 0; j < 20; j++ {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(cov.At(i, j)-want) > 1e-9 {
				t.Fatalf("whitened covariance (%d, %d) = %g", i, j, cov.At(i, j))
			}
		}
	}
	for i := 1; i < 20; i++ {
		if w.Vals[i] > w.Vals[i-1] {
			t.Fatalf("eigenvalues not descending: %v", w.Vals)
		}
	}
	if _, err := FitSubspace(x, 64); err == nil {
		t.Error("64 components of mean-free 8×8 patches (rank 63): no error")
	}
	if _, err := Patches(g, 300, 1, lococode.NewStream(0, 0)); err == nil {
		t.Error("300×300 patches of a 256×256 image: no error")
	}
}
