//go:build !purego

package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Equivalence of every kernel with its generic version, run by
// forEachImpl as impl=neon and impl=generic. Each case places inputs and
// outputs at offsets 0..3 into buffers whose other cells are NaN guards,
// checks that the guards and the inputs are unchanged, and bounds the
// difference by the rounding error of the operation: for a sum of p
// products, each result lies within p·u·Σ|aᵢbᵢ| of the exact value
// (u = 2⁻⁵³), so two results differ by at most 2p·u·Σ|aᵢbᵢ|.

// equivN are the lengths of the summed or streamed dimension: every
// tail of the 4-row and 8-column blocks, and a long run.
var equivN = func() []int {
	var ns []int
	for n := 0; n <= 64; n++ {
		ns = append(ns, n)
	}
	return append(ns, 127, 128, 129, 1000)
}()

// equivK are the widths k; the larger ones only with short n.
var equivK = []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33}
var equivKLong = []int{1, 3, 8, 17, 64}

const unit = 0x1p-53

// guarded is a slice of n float64s at offset off into a buffer padded
// with NaN on both sides.
type guarded struct {
	all  []float64
	off  int
	s    []float64
	orig []float64 // the contents on entry, for inputs
}

func newGuarded(n, off int) *guarded {
	all := make([]float64, off+n+4)
	for i := range all {
		all[i] = math.NaN()
	}
	return &guarded{all: all, off: off, s: all[off : off+n]}
}

// newInput is a guarded slice of n standard normal draws.
func newInput(rng *rand.Rand, n, off int) *guarded {
	g := newGuarded(n, off)
	for i := range g.s {
		g.s[i] = rng.NormFloat64()
	}
	g.orig = append([]float64(nil), g.s...)
	return g
}

// check reports changed guard cells, and for inputs changed contents.
func (g *guarded) check(t *testing.T, name string) {
	t.Helper()
	for i, v := range g.all {
		if i >= g.off && i < g.off+len(g.s) {
			continue
		}
		if !math.IsNaN(v) {
			t.Fatalf("%s: guard cell %d overwritten with %v", name, i-g.off, v)
		}
	}
	for i, v := range g.orig {
		if math.Float64bits(g.s[i]) != math.Float64bits(v) {
			t.Fatalf("%s: input element %d changed from %v to %v", name, i, v, g.s[i])
		}
	}
}

// absOf returns |x| elementwise.
func absOf(x []float64) []float64 {
	a := make([]float64, len(x))
	for i, v := range x {
		a[i] = math.Abs(v)
	}
	return a
}

// near fails unless |got[i] − want[i]| ≤ tol[i] for every i.
func near(t *testing.T, name string, got, want, tol []float64) {
	t.Helper()
	for i := range want {
		d := math.Abs(got[i] - want[i])
		if !(d <= tol[i]) {
			t.Fatalf("%s: element %d = %v, generic %v (|Δ| %.3g > tol %.3g)",
				name, i, got[i], want[i], d, tol[i])
		}
	}
}

// scaled returns c·x elementwise.
func scaled(c float64, x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = c * v
	}
	return y
}

func TestEquivProducts(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(7, 7))
		for _, n := range equivN {
			ks := equivK
			if n > 64 {
				ks = equivKLong
			}
			for i, k := range ks {
				k2 := ks[(i+3)%len(ks)]
				for _, d := range [][3]int{{n, k, k2}, {k, n, k2}, {k, k2, n}} {
					testMatMul(t, rng, d[0], d[1], d[2], (n+k)%4)
					testMatMulTB(t, rng, d[0], d[1], d[2], (n+k+1)%4)
				}
				testMulTA(t, rng, n, k, k2, (n+k+2)%4)
				testGram(t, rng, n, k, (n+k+3)%4)
			}
		}
		// Past the 16×16 tiles of MatMulTB and the 4-row blocks of Gram.
		testMatMulTB(t, rng, 5, 600, 37, 1)
		testGram(t, rng, 3, 130, 2)
		for off := 0; off < 4; off++ {
			testMatMul(t, rng, 8, 8, 8, off)
			testMatMulTB(t, rng, 64, 8, 8, off)
			testMulTA(t, rng, 64, 8, 8, off)
			testGram(t, rng, 64, 8, off)
		}
	})
}

func testMatMul(t *testing.T, rng *rand.Rand, m, p, q, off int) {
	name := fmt.Sprintf("MatMul m=%d p=%d q=%d off=%d", m, p, q, off)
	a, b := newInput(rng, m*p, off), newInput(rng, p*q, 3-off)
	dst := newGuarded(m*q, off)
	MatMul(dst.s, a.s, b.s, m, p, q)
	want, bound := make([]float64, m*q), make([]float64, m*q)
	matMulGeneric(want, a.s, b.s, m, p, q)
	matMulGeneric(bound, absOf(a.s), absOf(b.s), m, p, q)
	near(t, name, dst.s, want, scaled(2*float64(p)*unit, bound))
	a.check(t, name)
	b.check(t, name)
	dst.check(t, name)
}

func testMatMulTB(t *testing.T, rng *rand.Rand, m, p, q, off int) {
	name := fmt.Sprintf("MatMulTB m=%d p=%d q=%d off=%d", m, p, q, off)
	a, b := newInput(rng, m*p, off), newInput(rng, q*p, 3-off)
	dst := newGuarded(m*q, (off+1)%4)
	MatMulTB(dst.s, a.s, b.s, m, p, q)
	want, bound := make([]float64, m*q), make([]float64, m*q)
	matMulTBGeneric(want, a.s, b.s, m, p, q)
	matMulTBGeneric(bound, absOf(a.s), absOf(b.s), m, p, q)
	near(t, name, dst.s, want, scaled(2*float64(p)*unit, bound))
	a.check(t, name)
	b.check(t, name)
	dst.check(t, name)
}

func testMulTA(t *testing.T, rng *rand.Rand, n, kx, ky, off int) {
	name := fmt.Sprintf("MulTA n=%d kx=%d ky=%d off=%d", n, kx, ky, off)
	x, y := newInput(rng, n*kx, off), newInput(rng, n*ky, 3-off)
	dst := newGuarded(kx*ky, (off+2)%4)
	MulTA(dst.s, x.s, y.s, n, kx, ky)
	want, bound := make([]float64, kx*ky), make([]float64, kx*ky)
	mulTAGeneric(want, x.s, y.s, n, kx, ky)
	mulTAGeneric(bound, absOf(x.s), absOf(y.s), n, kx, ky)
	near(t, name, dst.s, want, scaled(2*float64(n)*unit, bound))
	x.check(t, name)
	y.check(t, name)
	dst.check(t, name)
}

func testGram(t *testing.T, rng *rand.Rand, n, k, off int) {
	name := fmt.Sprintf("Gram n=%d k=%d off=%d", n, k, off)
	x := newInput(rng, n*k, off)
	dst := newGuarded(k*k, 3-off)
	Gram(dst.s, x.s, n, k)
	want, bound := make([]float64, k*k), make([]float64, k*k)
	gramGeneric(want, x.s, n, k)
	gramGeneric(bound, absOf(x.s), n, k)
	near(t, name, dst.s, want, scaled(2*float64(n)*unit, bound))
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			if dst.s[i*k+j] != dst.s[j*k+i] {
				t.Fatalf("%s: not symmetric at (%d, %d)", name, i, j)
			}
		}
	}
	x.check(t, name)
	dst.check(t, name)
}

func TestEquivMoments(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(8, 8))
		for _, n := range equivN {
			ks := equivK
			if n > 64 {
				ks = equivKLong
			}
			for _, k := range ks {
				testBatchMoments(t, rng, n, k, (n+k)%4)
				testForwardMoments(t, rng, n, k, (n+k+1)%4)
				testTanhContrast(t, rng, n, k, (n+k+2)%4)
			}
		}
		// Past one 512-element tile of W (k > 512) and of H (k·n > 512).
		for _, c := range [][2]int{{3, 600}, {70, 40}} {
			testBatchMoments(t, rng, c[0], c[1], 1)
			testForwardMoments(t, rng, c[0], c[1], 2)
			testTanhContrast(t, rng, c[0], c[1], 3)
		}
		for off := 0; off < 4; off++ {
			testBatchMoments(t, rng, 64, 8, off)
			testForwardMoments(t, rng, 2000, 8, off)
			testTanhContrast(t, rng, 2000, 8, off)
		}
	})
}

// codeBound returns Σ_l |w_il z_rl| for every row r and unit i: a bound
// on |h_ri| and, times 2k·u, on the difference of two computations.
func codeBound(w, z []float64, n, k int) []float64 {
	hb := make([]float64, n*k)
	matMulTBGeneric(hb, absOf(z), absOf(w), n, k, k)
	return hb
}

func testBatchMoments(t *testing.T, rng *rand.Rand, b, k, off int) {
	name := fmt.Sprintf("BatchMoments b=%d k=%d off=%d", b, k, off)
	w, zb := newInput(rng, k*k, off), newInput(rng, b*k, 3-off)
	c, s := newGuarded(k*k, (off+1)%4), newGuarded(k*k, (off+2)%4)
	BatchMoments(c.s, s.s, w.s, zb.s, b, k)
	wc, ws := make([]float64, k*k), make([]float64, k*k)
	batchMomentsGeneric(wc, ws, w.s, zb.s, b, k)

	// c is a Gram matrix. s sums ±z exactly as generic does, provided
	// no code h lies within rounding of zero, where its sign may differ;
	// the bound on |Δs| counts such codes as a flip of 2|z|.
	bc := make([]float64, k*k)
	gramGeneric(bc, absOf(zb.s), b, k)
	near(t, name+" c", c.s, wc, scaled(2*float64(b)*unit, bc))
	h := make([]float64, b*k)
	matMulTBGeneric(h, zb.s, w.s, b, k, k)
	hb := codeBound(w.s, zb.s, b, k)
	tol := make([]float64, k*k)
	for r := 0; r < b; r++ {
		for i := 0; i < k; i++ {
			flip := 0.0
			if math.Abs(h[r*k+i]) <= 2*float64(k)*unit*hb[r*k+i] {
				flip = 2
			}
			for j := 0; j < k; j++ {
				tol[i*k+j] += (flip + 2*float64(b)*unit) * math.Abs(zb.s[r*k+j])
			}
		}
	}
	near(t, name+" s", s.s, ws, tol)
	w.check(t, name)
	zb.check(t, name)
	c.check(t, name)
	s.check(t, name)
}

func testForwardMoments(t *testing.T, rng *rand.Rand, n, k, off int) {
	name := fmt.Sprintf("ForwardMoments n=%d k=%d off=%d", n, k, off)
	const small = 0.2
	w, z := newInput(rng, k*k, off), newInput(rng, n*k, 3-off)
	sums := newGuarded(5*k, (off+1)%4)
	got := ForwardMoments(sums.s, w.s, z.s, n, k, small)
	want := make([]float64, 5*k)
	wantCount := forwardMomentsGeneric(want, w.s, z.s, n, k, small)

	// With |Δh| ≤ δ = 2k·u·hb and |h| ≤ hb, |Δ(hᵖ)| ≤ p·hbᵖ⁻¹·δ plus
	// the rounding of the power, and the sums add 2n·u·Σ hbᵖ.
	hb := codeBound(w.s, z.s, n, k)
	h := make([]float64, n*k)
	matMulTBGeneric(h, z.s, w.s, n, k, k)
	tol := make([]float64, 5*k)
	var edge int64
	for r := 0; r < n; r++ {
		for i := 0; i < k; i++ {
			v := hb[r*k+i]
			e := 2 * float64(k) * unit
			for p := 1; p <= 4; p++ {
				pw := math.Pow(v, float64(p))
				tol[(p-1)*k+i] += (float64(p)*e + float64(p)*unit + 2*float64(n)*unit) * pw
			}
			tol[4*k+i] += (e + 2*float64(n)*unit) * v
			if math.Abs(math.Abs(h[r*k+i])-small) <= e*v {
				edge++
			}
		}
	}
	near(t, name, sums.s, want, tol)
	if d := got - wantCount; d < -edge || d > edge {
		t.Fatalf("%s: count %d, generic %d", name, got, wantCount)
	}
	w.check(t, name)
	z.check(t, name)
	sums.check(t, name)
}

func testTanhContrast(t *testing.T, rng *rand.Rand, n, k, off int) {
	name := fmt.Sprintf("TanhContrast n=%d k=%d off=%d", n, k, off)
	w, z := newInput(rng, k*k, off), newInput(rng, n*k, 3-off)
	gz, gd := newGuarded(k*k, (off+1)%4), newGuarded(k, (off+2)%4)
	TanhContrast(gz.s, gd.s, w.s, z.s, n, k)
	wz, wd := make([]float64, k*k), make([]float64, k)
	tanhContrastGeneric(wz, wd, w.s, z.s, n, k)

	// Δg ≤ tanh's 2 ulp (≤ 2u·4 absolute) plus Δy, since |tanh′| ≤ 1;
	// then gz = Σ g zᵀ and gd = Σ 1 − g² add their own rounding.
	hb := codeBound(w.s, z.s, n, k)
	tz, td := make([]float64, k*k), make([]float64, k)
	for r := 0; r < n; r++ {
		for i := 0; i < k; i++ {
			dg := 8*unit + 2*float64(k)*unit*hb[r*k+i]
			for j := 0; j < k; j++ {
				tz[i*k+j] += (dg + 2*float64(n)*unit) * math.Abs(z.s[r*k+j])
			}
			td[i] += 2*dg + 2*float64(n+1)*unit
		}
	}
	near(t, name+" gz", gz.s, wz, tz)
	near(t, name+" gd", gd.s, wd, td)
	w.check(t, name)
	z.check(t, name)
	gz.check(t, name)
	gd.check(t, name)
}
