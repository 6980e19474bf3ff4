package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// The equivalence tests run every exported kernel on every path of this
// machine (forEachImpl) and compare it with the generic function it
// replaces, called directly:
//
//   - shapes from 0 to 64 and 127–129 and 1000 rows, so that every tail
//     of the vector loops and of the row tiles is hit;
//   - each slice starting at offset 0–3 elements from a 32-byte aligned
//     address;
//   - NaN guard cells before and after each output, which must stay NaN,
//     and inputs that must be unchanged to the bit;
//   - a fixed PCG seed.
//
// Tolerances come from the error bound of the operation. A sum of p
// products computed in any order, with or without fused multiply-adds,
// is within γ_p·Σ|x_l·y_l| of the exact value, γ_p = p·u/(1−p·u) with
// u = 2⁻⁵³; two such results are within 2·γ_p·Σ|x_l·y_l| of each other.
//
// The generic functions accumulate with math.FMA. Paths listed in
// exactPaths make the same fused operations in the same order, so
// there the products, BatchMoments, ForwardMoments and Step must agree
// with the generic ones to the bit; only the tanh of TanhContrast
// differs.

// fusedMulAdd is set by init if the compiler fuses x*y + z in plain Go
// code here, as it does on arm64 and with GOAMD64=v3 (the arm64 tests
// check it).
var fusedMulAdd bool

func init() {
	// (1+2⁻³⁰)(1−2⁻³⁰) − 1 is exactly −2⁻⁶⁰ when fused, 0 when not.
	fusedMulAdd = mulAdd(1+0x1p-30, 1-0x1p-30, -1) != 0
}

// mulAdd is z += x*y as plain Go loops write it.
//
//go:noinline
func mulAdd(x, y, z float64) float64 {
	z += x * y
	return z
}

// exactPaths are the paths whose products and moments are the generic
// results to the bit.
var exactPaths = map[string]bool{"avx2": true}

const roundoff = 0x1p-53 // unit roundoff of float64

// tanhULP bounds the error of a path's tanh against math.Tanh in units
// in the last place (TestTanhAccuracy measures it for avx2).
const tanhULP = 4

// gamma is the bound γ_p, doubled to compare two computed sums.
func gamma(p int) float64 {
	g := float64(p+1) * roundoff
	return 2 * g / (1 - g)
}

// testRows are the numbers of rows (or the inner dimension) tested.
var testRows = func() []int {
	var r []int
	for n := 0; n <= 64; n++ {
		r = append(r, n)
	}
	return append(r, 127, 128, 129, 1000)
}()

// testK are the column counts tested with every row count.
var testK = []int{1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 24, 31, 32, 33, 63, 64}

const guard = 4 // NaN cells on each side of an output

// guardNaN is the NaN in the guard cells; its payload tells it from a
// NaN a kernel computes.
var guardNaN = math.Float64frombits(0x7ff8_dead_beef_0001)

// slot is a slice at a chosen offset from a 32-byte boundary inside a
// larger buffer whose other cells are NaN guards.
type slot struct {
	buf   []float64
	start int
	n     int
}

func newSlot(n, off int) *slot {
	buf := make([]float64, n+2*guard+8)
	base := guard + 4 - int(uintptr(unsafe.Pointer(&buf[guard+4]))%32)/8
	start := base + off
	for i := range buf {
		buf[i] = guardNaN
	}
	return &slot{buf: buf, start: start, n: n}
}

func (s *slot) s() []float64 { return s.buf[s.start : s.start+s.n] }

// random fills the slot with standard normal values and returns it.
func (s *slot) random(rng *rand.Rand) []float64 {
	v := s.s()
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// checkGuards fails t if a cell outside the slot changed.
func (s *slot) checkGuards(t *testing.T, name string) {
	t.Helper()
	for i, v := range s.buf {
		if (i < s.start || i >= s.start+s.n) && math.Float64bits(v) != math.Float64bits(guardNaN) {
			t.Fatalf("%s: guard cell %d (slot %d..%d) overwritten with %v",
				name, i-s.start, 0, s.n, v)
		}
	}
}

// checkSame fails t unless a and b agree to the bit.
func checkSame(t *testing.T, name string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Fatalf("%s: [%d] = %v, want %v to the bit", name, i, got[i], want[i])
		}
	}
}

// checkClose fails t unless |got−want| ≤ tol elementwise.
func checkClose(t *testing.T, name string, got, want, tol []float64) {
	t.Helper()
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= tol[i]) {
			t.Fatalf("%s: [%d] = %v, want %v ± %.3g (|Δ| %.3g)",
				name, i, got[i], want[i], tol[i], d)
		}
	}
}

func absSlice(x []float64) []float64 {
	a := make([]float64, len(x))
	for i, v := range x {
		a[i] = math.Abs(v)
	}
	return a
}

func scale(x []float64, f float64) []float64 {
	for i := range x {
		x[i] *= f
	}
	return x
}

// shapes calls f for every (rows, k) pair of testRows × testK with an
// offset that cycles through 0..3.
func shapes(f func(rows, k, off int)) {
	for _, n := range testRows {
		for _, k := range testK {
			if n*k*k > 4<<20 {
				continue
			}
			f(n, k, (n+k)%4)
		}
	}
}

// productCase checks one product kernel against its generic version.
// run computes into dst from the inputs; bound returns, per entry of
// dst, the sum of absolute products and the length of the sum.
func productCase(t *testing.T, impl, name string, ndst int, ins []int, off int,
	rng *rand.Rand, run func(dst []float64, in [][]float64),
	generic func(dst []float64, in [][]float64)) {
	t.Helper()
	slots := make([]*slot, len(ins))
	in := make([][]float64, len(ins))
	saved := make([][]float64, len(ins))
	for i, n := range ins {
		slots[i] = newSlot(n, (off+i)%4)
		in[i] = slots[i].random(rng)
		saved[i] = append([]float64(nil), in[i]...)
	}
	dst := newSlot(ndst, (off+3)%4)
	run(dst.s(), in)
	dst.checkGuards(t, name)
	for i := range in {
		checkSame(t, name+" input", in[i], saved[i])
		slots[i].checkGuards(t, name+" input")
	}

	want := make([]float64, ndst)
	generic(want, in)
	if exactPaths[impl] {
		checkSame(t, name, dst.s(), want)
		return
	}
	abs := make([][]float64, len(in))
	for i := range in {
		abs[i] = absSlice(in[i])
	}
	tol := make([]float64, ndst)
	generic(tol, abs)
	for i := range tol {
		tol[i] = gamma(maxLen)*tol[i] + 0x1p-1000
	}
	checkClose(t, name, dst.s(), want, tol)
}

// maxLen bounds the length of any sum in these tests.
const maxLen = 4096

func TestMatMulEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(3, 3))
		shapes(func(m, k, off int) {
			for _, p := range []int{0, 1, k, 2*k + 1} {
				name := fmt.Sprintf("MatMul m=%d p=%d q=%d off=%d", m, p, k, off)
				productCase(t, impl, name, m*k, []int{m * p, p * k}, off, rng,
					func(dst []float64, in [][]float64) { MatMul(dst, in[0], in[1], m, p, k) },
					func(dst []float64, in [][]float64) { matMulGeneric(dst, in[0], in[1], m, p, k) })
			}
		})
	})
}

func TestMatMulTBEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(4, 4))
		shapes(func(m, k, off int) {
			for _, p := range []int{0, 1, k, 2*k + 1} {
				name := fmt.Sprintf("MatMulTB m=%d p=%d q=%d off=%d", m, p, k, off)
				productCase(t, impl, name, m*k, []int{m * p, k * p}, off, rng,
					func(dst []float64, in [][]float64) { MatMulTB(dst, in[0], in[1], m, p, k) },
					func(dst []float64, in [][]float64) { matMulTBGeneric(dst, in[0], in[1], m, p, k) })
			}
		})
		// Blocks of b larger than the kernel's stack scratch.
		for _, s := range [][3]int{{3, 70, 70}, {5, 100, 3}, {2, 5000, 2}, {4, 2, 5000}} {
			m, p, q := s[0], s[1], s[2]
			name := fmt.Sprintf("MatMulTB m=%d p=%d q=%d", m, p, q)
			productCase(t, impl, name, m*q, []int{m * p, q * p}, 1, rng,
				func(dst []float64, in [][]float64) { MatMulTB(dst, in[0], in[1], m, p, q) },
				func(dst []float64, in [][]float64) { matMulTBGeneric(dst, in[0], in[1], m, p, q) })
		}
	})
}

func TestMulTAEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(5, 5))
		shapes(func(n, k, off int) {
			for _, ky := range []int{k, 1, 2*k + 3} {
				name := fmt.Sprintf("MulTA n=%d kx=%d ky=%d off=%d", n, k, ky, off)
				productCase(t, impl, name, k*ky, []int{n * k, n * ky}, off, rng,
					func(dst []float64, in [][]float64) { MulTA(dst, in[0], in[1], n, k, ky) },
					func(dst []float64, in [][]float64) { mulTAGeneric(dst, in[0], in[1], n, k, ky) })
			}
		})
	})
}

func TestGramEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(6, 6))
		shapes(func(n, k, off int) {
			name := fmt.Sprintf("Gram n=%d k=%d off=%d", n, k, off)
			productCase(t, impl, name, k*k, []int{n * k}, off, rng,
				func(dst []float64, in [][]float64) { Gram(dst, in[0], n, k) },
				func(dst []float64, in [][]float64) { gramGeneric(dst, in[0], n, k) })
		})
	})
}

func TestBatchMomentsEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(7, 7))
		shapes(func(b, k, off int) {
			name := fmt.Sprintf("BatchMoments b=%d k=%d off=%d", b, k, off)
			ws, zs := newSlot(k*k, off), newSlot(b*k, (off+1)%4)
			w, zb := ws.random(rng), zs.random(rng)
			w0, zb0 := append([]float64(nil), w...), append([]float64(nil), zb...)
			cs, ss := newSlot(k*k, (off+2)%4), newSlot(k*k, (off+3)%4)
			BatchMoments(cs.s(), ss.s(), w, zb, b, k)
			cs.checkGuards(t, name+" c")
			ss.checkGuards(t, name+" s")
			ws.checkGuards(t, name+" w")
			zs.checkGuards(t, name+" zb")
			checkSame(t, name+" w", w, w0)
			checkSame(t, name+" zb", zb, zb0)

			c, s := make([]float64, k*k), make([]float64, k*k)
			batchMomentsGeneric(c, s, w, zb, b, k)
			if exactPaths[impl] {
				checkSame(t, name+" c", cs.s(), c)
				checkSame(t, name+" s", ss.s(), s)
				return
			}

			// c is a Gram matrix. An entry of s sums ±z over the rows;
			// a row whose h is within its rounding bound of 0 may take
			// the other sign on another path, which moves the entry by
			// up to 2|z|.
			ct := make([]float64, k*k)
			gramGeneric(ct, absSlice(zb), b, k)
			scale(ct, gamma(b))
			st := make([]float64, k*k)
			for r := 0; r < b; r++ {
				z := zb[r*k : r*k+k]
				for i := 0; i < k; i++ {
					var h, ha float64
					for j, zj := range z {
						h += w[i*k+j] * zj
						ha += math.Abs(w[i*k+j] * zj)
					}
					slack := gamma(b)
					if math.Abs(h) <= gamma(k)*ha {
						slack = 2
					}
					for j, zj := range z {
						st[i*k+j] += slack * math.Abs(zj)
					}
				}
			}
			checkClose(t, name+" c", cs.s(), c, ct)
			checkClose(t, name+" s", ss.s(), s, st)
		})
	})
}

func TestForwardMomentsEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(8, 8))
		const small = 0.2
		shapes(func(n, k, off int) {
			name := fmt.Sprintf("ForwardMoments n=%d k=%d off=%d", n, k, off)
			ws, zs := newSlot(k*k, off), newSlot(n*k, (off+1)%4)
			w, z := ws.random(rng), zs.random(rng)
			scale(w, 1/math.Sqrt(float64(k))) // codes of unit size
			w0, z0 := append([]float64(nil), w...), append([]float64(nil), z...)
			ss := newSlot(5*k, (off+2)%4)
			count := ForwardMoments(ss.s(), w, z, n, k, small)
			ss.checkGuards(t, name)
			checkSame(t, name+" w", w, w0)
			checkSame(t, name+" z", z, z0)

			sums := make([]float64, 5*k)
			want := forwardMomentsGeneric(sums, w, z, n, k, small)
			if exactPaths[impl] {
				checkSame(t, name, ss.s(), sums)
				if count != want {
					t.Fatalf("%s: count %d, want %d", name, count, want)
				}
				return
			}

			// Each h is within δ = γ_k·Σ|w z| of the generic one; the
			// power sum of order p then moves by about p·|h|^(p−1)·δ per
			// row, on top of its own rounding γ_n·Σ|h|^p.
			tol := make([]float64, 5*k)
			var slack int64
			for r := 0; r < n; r++ {
				for i := 0; i < k; i++ {
					var h, ha float64
					for j := 0; j < k; j++ {
						h += w[i*k+j] * z[r*k+j]
						ha += math.Abs(w[i*k+j] * z[r*k+j])
					}
					d := gamma(k) * ha
					a := math.Abs(h) + d
					for p, dp := range []float64{d, 2 * a * d, 3 * a * a * d, 4 * a * a * a * d, d} {
						tol[p*k+i] += dp + gamma(n)*math.Pow(a, float64(p%4+1))
					}
					if math.Abs(math.Abs(h)-small) <= d {
						slack++
					}
				}
			}
			checkClose(t, name, ss.s(), sums, tol)
			if d := count - want; d > slack || -d > slack {
				t.Fatalf("%s: count %d, want %d ± %d", name, count, want, slack)
			}
		})
	})
}

func TestTanhContrastEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(9, 9))
		shapes(func(n, k, off int) {
			name := fmt.Sprintf("TanhContrast n=%d k=%d off=%d", n, k, off)
			ws, zs := newSlot(k*k, off), newSlot(n*k, (off+1)%4)
			w, z := ws.random(rng), zs.random(rng)
			scale(w, 1/math.Sqrt(float64(k)))
			w0, z0 := append([]float64(nil), w...), append([]float64(nil), z...)
			gzs, gds := newSlot(k*k, (off+2)%4), newSlot(k, (off+3)%4)
			TanhContrast(gzs.s(), gds.s(), w, z, n, k)
			gzs.checkGuards(t, name+" gz")
			gds.checkGuards(t, name+" gd")
			checkSame(t, name+" w", w, w0)
			checkSame(t, name+" z", z, z0)

			gz, gd := make([]float64, k*k), make([]float64, k)
			tanhContrastGeneric(gz, gd, w, z, n, k)

			// g = tanh(y) moves by the tanh error (tanhULP ulp, relative
			// 2u each) plus (1−g²)·δy with δy = γ_k·Σ|w z|; each entry
			// of gz and gd is a sum of n such terms.
			gzt, gdt := make([]float64, k*k), make([]float64, k)
			for r := 0; r < n; r++ {
				zr := z[r*k : r*k+k]
				for i := 0; i < k; i++ {
					var y, ya float64
					for j, zj := range zr {
						y += w[i*k+j] * zj
						ya += math.Abs(w[i*k+j] * zj)
					}
					g := math.Tanh(y)
					dg := tanhULP*2*roundoff*math.Abs(g) + (1-g*g)*gamma(k)*ya
					for j, zj := range zr {
						gzt[i*k+j] += (dg + gamma(n)*math.Abs(g)) * math.Abs(zj)
					}
					gdt[i] += 2*math.Abs(g)*dg + gamma(n)
				}
			}
			checkClose(t, name+" gz", gzs.s(), gz, gzt)
			checkClose(t, name+" gd", gds.s(), gd, gdt)
		})
	})
}

func TestStepEquiv(t *testing.T) {
	// Step on each path against the generic path, over a short run of
	// updates, which also exercises the k×k products Step makes.
	p := StepParams{LR: 0.05, LambdaAct: 0.5, LambdaW: 1e-4}
	for _, k := range []int{1, 3, 8, 16, 33, 64} {
		rng := rand.New(rand.NewPCG(10, uint64(k)))
		w0 := scale(randSlice(rng, k*k), 1/math.Sqrt(float64(k)))
		zb := randSlice(rng, 64*k)
		got := map[string][]float64{}
		t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T, impl string) {
				w := append([]float64(nil), w0...)
				ws := NewWorkspace(k)
				for range 5 {
					Step(w, zb, 64, k, p, ws)
				}
				got[impl] = w
			})
		})
		ref := got["generic"]
		for impl, w := range got {
			if exactPaths[impl] {
				checkSame(t, fmt.Sprintf("Step k=%d impl=%s", k, impl), w, ref)
				continue
			}
			// Five updates of size lr·|G| ≈ 0.05·O(k) each; the paths
			// differ by rounding in G only.
			for i := range w {
				if d := math.Abs(w[i] - ref[i]); d > 1e-12*float64(k) {
					t.Errorf("Step k=%d impl=%s: W[%d] = %v, generic %v", k, impl, i, w[i], ref[i])
				}
			}
		}
	}
}
