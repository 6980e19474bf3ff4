package lococode

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/lococode/lococode/linalg"
)

// mixture returns n rows of k Laplace sources mixed by a random
// orthogonal matrix, plus an offset, and the mixing.
func mixture(seed uint64, n, k int) (*linalg.Dense, *linalg.Dense) {
	d := Generate(NewStream(seed, 0), n, k)
	x := d.X.Clone()
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			x.Data[i*k+j] += float64(j) - 3
		}
	}
	return x, d.A
}

func TestFitSeparates(t *testing.T) {
	x, a := mixture(1, 2000, 8)
	for _, c := range []struct {
		m   FitMethod
		max float64
	}{{FitFastICA, 0.05}, {FitLOCOCODE, 0.2}, {FitPCA, 1}} {
		md, err := Fit(x, FitOptions{Method: c.m, Seed: 3})
		if err != nil {
			t.Fatalf("%s: %v", c.m, err)
		}
		d := Amari(md.Unmixing, a)
		t.Logf("%s: Amari %.3f, iterations %d, converged %v", c.m, d, md.Iterations, md.Converged)
		if d > c.max {
			t.Errorf("%s: Amari distance %.3f, want ≤ %.2f", c.m, d, c.max)
		}
		if c.m != FitPCA && !(d < 0.3) {
			t.Errorf("%s: Amari %.3f does not beat PCA", c.m, d)
		}
		if !md.Converged && c.m == FitFastICA {
			t.Errorf("%s: not converged in %d iterations", c.m, md.Iterations)
		}

		// Unit-variance sources, B·A = I, order and sign conventions.
		s := md.Transform(x)
		for j := 0; j < md.Components; j++ {
			var v float64
			for i := 0; i < s.Rows; i++ {
				v += s.At(i, j) * s.At(i, j)
			}
			if v /= float64(s.Rows); math.Abs(v-1) > 1e-9 {
				t.Errorf("%s: source %d has variance %v, want 1", c.m, j, v)
			}
		}
		ba := linalg.Mul(md.Unmixing, md.Mixing)
		for i := range ba.Data {
			want := 0.0
			if i%(md.Components+1) == 0 {
				want = 1
			}
			if math.Abs(ba.Data[i]-want) > 1e-9 {
				t.Fatalf("%s: B·A is not I:\n%v", c.m, ba)
			}
		}
		checkConventions(t, string(c.m), md)

		// X = mean + S·Aᵀ exactly when m = p.
		back := md.InverseTransform(s)
		for i := range back.Data {
			if math.Abs(back.Data[i]-x.Data[i]) > 1e-9*(1+math.Abs(x.Data[i])) {
				t.Fatalf("%s: inverse transform differs at %d: %v vs %v", c.m, i, back.Data[i], x.Data[i])
			}
		}
	}
}

func checkConventions(t *testing.T, name string, md *Model) {
	t.Helper()
	p, m := md.Features, md.Components
	prev := math.Inf(1)
	for j := 0; j < m; j++ {
		var e, big, sgn float64
		for i := 0; i < p; i++ {
			v := md.Mixing.At(i, j)
			e += v * v
			if math.Abs(v) > big {
				big, sgn = math.Abs(v), v
			}
		}
		if e > prev*(1+1e-12) {
			t.Errorf("%s: component %d has energy %v above the previous %v", name, j, e, prev)
		}
		if sgn < 0 {
			t.Errorf("%s: component %d's largest mixing entry is negative", name, j)
		}
		prev = e
	}
}

// TestFitReduce keeps 3 of 6 features: transform∘inverse is the
// identity on the sources and a projection on the data.
func TestFitReduce(t *testing.T) {
	x, _ := mixture(2, 1500, 6)
	for _, meth := range []FitMethod{FitPCA, FitFastICA, FitLOCOCODE} {
		md, err := Fit(x, FitOptions{Method: meth, Components: 3, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if md.Unmixing.Rows != 3 || md.Unmixing.Cols != 6 || md.Mixing.Rows != 6 || md.Mixing.Cols != 3 {
			t.Fatalf("%s: shapes B %d×%d, A %d×%d", meth, md.Unmixing.Rows, md.Unmixing.Cols,
				md.Mixing.Rows, md.Mixing.Cols)
		}
		s := md.Transform(x)
		s2 := md.Transform(md.InverseTransform(s))
		for i := range s.Data {
			if math.Abs(s.Data[i]-s2.Data[i]) > 1e-9 {
				t.Fatalf("%s: transform(inverse(s)) differs from s at %d", meth, i)
			}
		}
		// The reconstruction keeps the variance of the 3 leading
		// eigenvalues and its error is orthogonal to it.
		back := md.InverseTransform(s)
		var res float64
		for i := range back.Data {
			d := back.Data[i] - x.Data[i]
			res += d * d
		}
		res /= float64(x.Rows)
		want := md.Eigenvalues[3] + md.Eigenvalues[4] + md.Eigenvalues[5]
		if math.Abs(res-want) > 1e-9*want {
			t.Errorf("%s: residual variance %v, want the dropped eigenvalues' sum %v", meth, res, want)
		}
		checkConventions(t, string(meth), md)
	}
}

// TestFitScaleInvariant multiplies X by 1e-6 and 1e6: the rank, the
// sources and the iteration counts stay the same.
func TestFitScaleInvariant(t *testing.T) {
	x, _ := mixture(4, 1000, 4)
	// A fifth column that depends on the others: rank 4.
	y := linalg.New(x.Rows, 5)
	for i := 0; i < x.Rows; i++ {
		copy(y.Row(i)[:4], x.Row(i))
		y.Set(i, 4, 0.5*x.At(i, 0)-2*x.At(i, 3))
	}
	for _, meth := range []FitMethod{FitPCA, FitFastICA, FitLOCOCODE} {
		o := FitOptions{Method: meth, Components: 4, Seed: 7}
		ref, err := Fit(y, o)
		if err != nil {
			t.Fatal(err)
		}
		s0 := ref.Transform(y)
		for _, f := range []float64{1e-6, 1e6} {
			ys := y.Clone()
			ys.Scale(f)
			md, err := Fit(ys, o)
			if err != nil {
				t.Fatalf("%s ×%g: %v", meth, f, err)
			}
			if md.Rank != 4 || ref.Rank != 4 {
				t.Errorf("%s ×%g: rank %d (unscaled %d), want 4", meth, f, md.Rank, ref.Rank)
			}
			if md.Iterations != ref.Iterations {
				t.Errorf("%s ×%g: %d iterations, unscaled %d", meth, f, md.Iterations, ref.Iterations)
			}
			// LOCOCODE's sign(H) turns rounding differences into slightly
			// different trajectories; FastICA and PCA agree to rounding.
			tol := 1e-6
			if meth == FitLOCOCODE {
				tol = 0.05
			}
			s := md.Transform(ys)
			var worst float64
			for i := range s.Data {
				worst = math.Max(worst, math.Abs(s.Data[i]-s0.Data[i]))
			}
			if worst > tol {
				t.Errorf("%s ×%g: sources differ by up to %v from the unscaled fit", meth, f, worst)
			}
			worst = 0
			for i := range md.Mixing.Data {
				worst = math.Max(worst, math.Abs(md.Mixing.Data[i]/f-ref.Mixing.Data[i]))
			}
			if worst > tol {
				t.Errorf("%s ×%g: mixing/%g differs by up to %v from the unscaled fit", meth, f, f, worst)
			}
		}
		if _, err := Fit(y, FitOptions{Method: meth, Seed: 7}); !errors.Is(err, ErrData) ||
			!strings.Contains(err.Error(), "rank 4") {
			t.Errorf("%s: 5 components of rank-4 data: %v", meth, err)
		}
	}
}

func TestFitBadData(t *testing.T) {
	x, _ := mixture(5, 300, 3)
	set := func(f func(y *linalg.Dense)) *linalg.Dense {
		y := x.Clone()
		f(y)
		return y
	}
	for _, c := range []struct {
		name string
		x    *linalg.Dense
		o    FitOptions
		want string
		is   error
	}{
		{"nan", set(func(y *linalg.Dense) { y.Set(10, 1, math.NaN()); y.Set(20, 2, math.Inf(1)) }),
			FitOptions{}, "2 NaN or infinite values; the first at row 11, column 2", ErrData},
		{"constant", set(func(y *linalg.Dense) {
			for i := 0; i < y.Rows; i++ {
				y.Set(i, 2, 4.25)
			}
		}), FitOptions{}, "column 3 is constant", ErrData},
		{"duplicate", set(func(y *linalg.Dense) {
			for i := 0; i < y.Rows; i++ {
				y.Set(i, 2, y.At(i, 0))
			}
		}), FitOptions{}, "column 1 and column 3 are equal or proportional", ErrData},
		{"few rows", linalg.NewFrom(3, 3, x.Data[:9]), FitOptions{}, "3 samples for 3 features", ErrData},
		{"components", x, FitOptions{Components: 4}, "4 components for 3 features", ErrConfig},
		{"zca reduce", x, FitOptions{Components: 2, Whiten: linalg.ZCAWhiten}, "zca", ErrConfig},
		{"method", x, FitOptions{Method: "nmf"}, "method", ErrConfig},
	} {
		o := c.o
		if o.Method == "" {
			o.Method = FitFastICA
		}
		_, err := Fit(c.x, o)
		if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q wrapping %v", c.name, err, c.want, c.is)
		}
	}
}

// TestFitSubsample caps the iterative fit at 500 of 3000 rows: the
// subsample is seeded (same seed, same model) and still separates.
func TestFitSubsample(t *testing.T) {
	x, a := mixture(6, 3000, 3)
	o := FitOptions{Method: FitFastICA, Seed: 9, MaxFitRows: 500}
	m1, err := Fit(x, o)
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := Fit(x, o)
	if m1.FitSamples != 500 || m1.Samples != 3000 {
		t.Errorf("fit samples %d of %d, want 500 of 3000", m1.FitSamples, m1.Samples)
	}
	for i := range m1.Unmixing.Data {
		if m1.Unmixing.Data[i] != m2.Unmixing.Data[i] {
			t.Fatal("the same seed gave different models")
		}
	}
	if d := Amari(m1.Unmixing, a); d > 0.1 {
		t.Errorf("Amari %.3f on a 500-row subsample", d)
	}
}

func TestFitOverflow(t *testing.T) {
	x, _ := mixture(8, 200, 3)
	x.Scale(1e300)
	if _, err := Fit(x, FitOptions{Method: FitPCA}); !errors.Is(err, ErrData) ||
		!strings.Contains(err.Error(), "overflows") {
		t.Errorf("values near 1e300: %v", err)
	}
}

// TestSIR scores the true sources (rounding level, over 140 dB), a known mixture
// and a permuted, rescaled copy.
func TestSIR(t *testing.T) {
	d := Generate(NewStream(3, 0), 4000, 3)
	match, corr, sir, err := SIR(d.S, d.S)
	if err != nil {
		t.Fatal(err)
	}
	for i := range match {
		if match[i] != i || corr[i] < 1-1e-12 || sir[i] < 140 {
			t.Errorf("identity: source %d matched %d, |corr| %v, SIR %v", i, match[i], corr[i], sir[i])
		}
	}
	// est = [2·s₂ + 0.1·s₀, −s₀] against s₀, s₁, s₂.
	est := linalg.New(4000, 2)
	for i := 0; i < 4000; i++ {
		est.Set(i, 0, 2*d.S.At(i, 2)+0.1*d.S.At(i, 0))
		est.Set(i, 1, -d.S.At(i, 0))
	}
	match, _, sir, _ = SIR(est, d.S)
	// The sources are standardised, so SIR ≈ 10·log10(4/0.01) = 26 dB
	// up to their small sample correlation.
	if match[0] != 2 || match[1] != 0 || math.Abs(sir[0]-26.02) > 0.3 || sir[1] < 140 {
		t.Errorf("mixture: match %v, SIR %v", match, sir)
	}
}

// TestFitSubsampleUnitVariance: with a subsample, the sources still
// have unit variance over all rows.
func TestFitSubsampleUnitVariance(t *testing.T) {
	x, _ := mixture(10, 3000, 3)
	for _, meth := range []FitMethod{FitFastICA, FitLOCOCODE} {
		md, err := Fit(x, FitOptions{Method: meth, MaxFitRows: 700, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		s := md.Transform(x)
		for j := 0; j < 3; j++ {
			var m, v float64
			for i := 0; i < s.Rows; i++ {
				m += s.At(i, j)
			}
			m /= float64(s.Rows)
			for i := 0; i < s.Rows; i++ {
				v += (s.At(i, j) - m) * (s.At(i, j) - m)
			}
			if v /= float64(s.Rows); math.Abs(v-1) > 1e-9 || math.Abs(m) > 1e-9 {
				t.Errorf("%s: source %d has mean %v, variance %v", meth, j, m, v)
			}
		}
	}
}

// TestModelJSON round-trips a model through JSON and checks the
// streaming inverse against InverseTransform.
func TestModelJSON(t *testing.T) {
	x, _ := mixture(12, 500, 4)
	md, err := Fit(x, FitOptions{Method: FitFastICA, Components: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(md.JSON())
	if err != nil {
		t.Fatal(err)
	}
	var j ModelJSON
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	back, err := j.Model()
	if err != nil {
		t.Fatal(err)
	}
	s1, s2 := md.Transform(x), back.Transform(x)
	for i := range s1.Data {
		if s1.Data[i] != s2.Data[i] {
			t.Fatalf("source %d: %v after the round trip, %v before", i, s2.Data[i], s1.Data[i])
		}
	}
	inv := md.InverseTransform(s1)
	dst := make([]float64, len(inv.Data))
	md.InverseTransformChunk(dst, s1.Data)
	for i := range dst {
		if math.Abs(dst[i]-inv.Data[i]) > 1e-12 {
			t.Fatalf("InverseTransformChunk differs at %d", i)
		}
	}

	j.Mixing = j.Mixing[:2]
	if _, err := j.Model(); !errors.Is(err, ErrData) || !strings.Contains(err.Error(), "mixing has 2 rows") {
		t.Errorf("short mixing: %v", err)
	}
}

// chunkedRows is a Rows that hands x out in chunks of at most size rows
// and counts its passes, as a file read in chunks does.
type chunkedRows struct {
	x      *linalg.Dense
	size   int
	passes int
}

func (c *chunkedRows) Cols() int { return c.x.Cols }

func (c *chunkedRows) Scan(fn func([]float64) error) error {
	c.passes++
	k := c.x.Cols
	for lo := 0; lo < c.x.Rows; lo += c.size {
		hi := min(lo+c.size, c.x.Rows)
		if err := fn(append([]float64(nil), c.x.Data[lo*k:hi*k]...)); err != nil {
			return err
		}
	}
	return nil
}

// TestFitStreams checks the streamed fit (MaxFitRows < 0): FastICA and
// LOCOCODE read every row in chunks on each pass, one pass per FastICA
// iteration or LOCOCODE epoch after the statistics pass. FastICA gives
// the model of the in-memory fit over all rows (the same iterations; the
// sums differ only in their chunking); LOCOCODE, whose shuffles stay
// within a chunk, separates as well as the in-memory fit.
func TestFitStreams(t *testing.T) {
	x, a := mixture(7, 3000, 6)
	for _, m := range []FitMethod{FitFastICA, FitLOCOCODE} {
		src := &chunkedRows{x: x, size: 700}
		o := FitOptions{Method: m, Seed: 5, MaxFitRows: -1}
		if m == FitLOCOCODE {
			o.LOCOCODE = DefaultLococodeOptions()
			o.LOCOCODE.Epochs = 60
		}
		ms, err := FitRows(src, o)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		o.MaxFitRows = x.Rows
		mm, err := Fit(x, o)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if ms.FitSamples != int64(x.Rows) {
			t.Errorf("%s: streamed fit used %d rows, want %d", m, ms.FitSamples, x.Rows)
		}
		if want := 1 + ms.Iterations; src.passes != want {
			t.Errorf("%s: %d passes over the data, want %d", m, src.passes, want)
		}
		ds, dm := Amari(ms.Unmixing, a), Amari(mm.Unmixing, a)
		t.Logf("%s: Amari streamed %.4f, in memory %.4f; iterations %d, %d",
			m, ds, dm, ms.Iterations, mm.Iterations)
		switch m {
		case FitFastICA:
			if ms.Iterations != mm.Iterations || math.Abs(ds-dm) > 1e-9 {
				t.Errorf("fastica: streamed %d iterations, Amari %.12f; in memory %d, %.12f",
					ms.Iterations, ds, mm.Iterations, dm)
			}
		case FitLOCOCODE:
			if ds > 0.25 || ds > dm+0.1 {
				t.Errorf("lococode: streamed Amari %.3f, in memory %.3f", ds, dm)
			}
		}
	}
}
