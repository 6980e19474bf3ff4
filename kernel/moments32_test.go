package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// slot32 is a float32 slice at a chosen offset from a 32-byte boundary,
// with NaN guard cells around it (slot for float32).
type slot32 struct {
	buf      []float32
	start, n int
}

func newSlot32(n, off int) *slot32 {
	buf := make([]float32, n+2*guard+16)
	base := guard + 8 - int(uintptr(unsafe.Pointer(&buf[guard+8]))%32)/4
	for i := range buf {
		buf[i] = float32(math.NaN())
	}
	return &slot32{buf: buf, start: base + off, n: n}
}

func (s *slot32) s() []float32 { return s.buf[s.start : s.start+s.n] }

func (s *slot32) random(rng *rand.Rand) []float32 {
	v := s.s()
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

func (s *slot32) checkGuards(t *testing.T, name string) {
	t.Helper()
	for i, v := range s.buf {
		if (i < s.start || i >= s.start+s.n) && v == v {
			t.Fatalf("%s: guard cell %d overwritten with %v", name, i-s.start, v)
		}
	}
}

func checkSame32(t *testing.T, name string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("%s: [%d] = %v, want %v to the bit", name, i, got[i], want[i])
		}
	}
}

// TestBatchMomentsRows32Equiv checks BatchMomentsRows32 on every path
// against its generic specification to the bit: every row count of
// testRows and k of testK (the AVX2 kernel covers k = 8 in chunks of 64
// rows, two rows at a time, so 63–65, 127–129 and 1000 rows cross its
// chunk ends and odd counts its single-row tail), offsets 0–7 floats
// from a 32-byte boundary for z and 0–3 doubles for the rest, repeated
// rows, NaN guards and inputs unchanged.
func TestBatchMomentsRows32Equiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(21, 21))
		shapes(func(b, k, off int) {
			zoff := (b + 3*k) % 8
			name := fmt.Sprintf("BatchMomentsRows32 b=%d k=%d off=%d/%d", b, k, off, zoff)
			n := b + 3
			ws, zs := newSlot(k*k, off), newSlot32(n*k, zoff)
			w, z := ws.random(rng), zs.random(rng)
			rows := randomRows(rng, b, n)
			w0, z0 := append([]float64(nil), w...), append([]float32(nil), z...)
			cs, ss := newSlot(k*k, (off+1)%4), newSlot(k*k, (off+2)%4)
			BatchMomentsRows32(cs.s(), ss.s(), w, z, rows, k)
			cs.checkGuards(t, name+" c")
			ss.checkGuards(t, name+" s")
			ws.checkGuards(t, name+" w")
			zs.checkGuards(t, name+" z")
			checkSame(t, name+" w", w, w0)
			checkSame32(t, name+" z", z, z0)

			c, s := make([]float64, k*k), make([]float64, k*k)
			batchMomentsRows32Generic(c, s, w, z, rows, k)
			checkSame(t, name+" c", cs.s(), c)
			checkSame(t, name+" s", ss.s(), s)
		})
	})
}

// TestBatchMomentsRows32Accuracy checks the float32 moments against the
// float64 ones of the same (float32-representable) inputs: an entry of c
// sums b products, each rounded once and added with one more rounding,
// so it is within 2γ_b(float32)·Σ|z_i z_j|; S is exact except where an h
// lies within float32 rounding of 0, which these inputs avoid.
func TestBatchMomentsRows32Accuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 22))
	const b, k, n = 64, 8, 100
	z64 := make([]float64, n*k)
	z32 := make([]float32, n*k)
	for i := range z64 {
		z32[i] = float32(rng.NormFloat64())
		z64[i] = float64(z32[i])
	}
	w := make([]float64, k*k)
	for i := range w {
		w[i] = float64(float32(rng.NormFloat64()))
	}
	rows := randomRows(rng, b, n)
	c32, s32 := make([]float64, k*k), make([]float64, k*k)
	BatchMomentsRows32(c32, s32, w, z32, rows, k)
	c64, s64 := make([]float64, k*k), make([]float64, k*k)
	BatchMomentsRows(c64, s64, w, z64, rows, k)
	g32 := 2 * float64(b+1) * 0x1p-24
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			var bound, sbound float64
			for _, r := range rows {
				bound += math.Abs(z64[r*k+i] * z64[r*k+j])
				sbound += math.Abs(z64[r*k+j])
			}
			if d := math.Abs(c32[i*k+j] - c64[i*k+j]); d > g32*bound {
				t.Errorf("c[%d][%d]: float32 %v, float64 %v, |Δ| %.3g > %.3g",
					i, j, c32[i*k+j], c64[i*k+j], d, g32*bound)
			}
			if d := math.Abs(s32[i*k+j] - s64[i*k+j]); d > g32*sbound {
				t.Errorf("s[%d][%d]: float32 %v, float64 %v, |Δ| %.3g > %.3g",
					i, j, s32[i*k+j], s64[i*k+j], d, g32*sbound)
			}
		}
	}
}

// TestH32Chains checks the codes of the float32 kernels against their
// definition written out with exact arithmetic (exactFMA32), to the bit,
// for every k to 20 and every i: the products of row i taken from
// column i on, in two fused chains of ⌈k/2⌉ and ⌊k/2⌋ terms, then
// added. A kernel that fused in another order, or rounded each product,
// would differ on some of these inputs.
func TestH32Chains(t *testing.T) {
	rng := rand.New(rand.NewPCG(26, 26))
	for k := 1; k <= 20; k++ {
		for range 50 {
			w, z := make([]float32, k), make([]float32, k)
			for j := range w {
				w[j] = float32(rng.NormFloat64())
				z[j] = float32(rng.NormFloat64() * math.Exp2(float64(rng.IntN(30)-15)))
			}
			for i := 0; i < k; i++ {
				col := func(d int) int { return (i + d) % k }
				chain := func(d0, d1 int) float32 {
					acc := w[col(d0)] * z[col(d0)]
					for d := d0 + 1; d < d1; d++ {
						acc = exactFMA32(w[col(d)], z[col(d)], acc)
					}
					return acc
				}
				m := (k + 1) / 2
				want := chain(0, m)
				if m < k {
					want += chain(m, k)
				}
				if got := h32(w, z, i); math.Float32bits(got) != math.Float32bits(want) {
					t.Fatalf("k=%d i=%d: h32 %v, want %v", k, i, got, want)
				}
			}
		}
	}
}

// TestStepRows32 checks that StepRows32 is the float64 update of Step
// applied to the float32 moments: the same to the bit as composing the
// generic pieces by hand.
func TestStepRows32(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(23, 23))
		for _, k := range []int{3, 8, 9} {
			for _, b := range []int{0, 1, 16, 64} {
				n := 2*b + 1
				z := make([]float32, n*k)
				for i := range z {
					z[i] = float32(rng.NormFloat64())
				}
				w := make([]float64, k*k)
				for i := range w {
					w[i] = rng.NormFloat64() / float64(k)
				}
				rows := rng.Perm(n)[:b]
				p := StepParams{LR: 0.05, LambdaAct: 0.5, LambdaW: 1e-4}
				got := append([]float64(nil), w...)
				StepRows32(got, z, rows, k, p, NewWorkspace(k))

				want := append([]float64(nil), w...)
				ws := NewWorkspace(k)
				batchMomentsRows32Generic(ws.c, ws.s, w, z, rows, k)
				ws.update(want, b, k, p)
				checkSame(t, fmt.Sprintf("StepRows32 k=%d b=%d", k, b), got, want)
			}
		}
	})
}

// TestForwardMoments32Equiv checks ForwardMoments32 on every path
// against its specification to the bit, sums and count, over row counts
// that end chunks of 64 anywhere, with guards and inputs unchanged.
func TestForwardMoments32Equiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(24, 24))
		for _, k := range []int{1, 3, 7, 8, 9, 16} {
			for _, n := range []int{0, 1, 2, 3, 5, 63, 64, 65, 127, 128, 129, 1000} {
				off := (n + k) % 4
				name := fmt.Sprintf("ForwardMoments32 n=%d k=%d off=%d", n, k, off)
				ws, zs := newSlot(k*k, off), newSlot32(n*k, (off+5)%8)
				w, z := ws.random(rng), zs.random(rng)
				scale(w, 0.3)
				w0, z0 := append([]float64(nil), w...), append([]float32(nil), z...)
				ss := newSlot(5*k, (off+1)%4)
				got := ForwardMoments32(ss.s(), w, z, n, k, 0.2)
				ss.checkGuards(t, name+" sums")
				ws.checkGuards(t, name+" w")
				zs.checkGuards(t, name+" z")
				checkSame(t, name+" w", w, w0)
				checkSame32(t, name+" z", z, z0)
				want := make([]float64, 5*k)
				wantN := forwardMoments32Generic(want, w, z, n, k, 0.2)
				checkSame(t, name+" sums", ss.s(), want)
				if got != wantN {
					t.Fatalf("%s: count %d, want %d", name, got, wantN)
				}
			}
		}
	})
}

// TestForwardMoments32Accuracy compares the float32 sums with the
// float64 ones of the same data: each h carries a relative error of a
// few float32 roundings of its terms (bounded by 8·2⁻²³·Σ|w·z|), and each
// chunk's sums 64 more, so the power sums agree within a bound built from
// those; the count may differ only for entries within that error of the
// threshold, which these data do not have.
func TestForwardMoments32Accuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 25))
	const n, k = 1000, 8
	z64, z32 := make([]float64, n*k), make([]float32, n*k)
	for i := range z64 {
		z32[i] = float32(rng.NormFloat64())
		z64[i] = float64(z32[i])
	}
	w := make([]float64, k*k)
	for i := range w {
		w[i] = float64(float32(0.35 * rng.NormFloat64()))
	}
	s32, s64 := make([]float64, 5*k), make([]float64, 5*k)
	c32 := ForwardMoments32(s32, w, z32, n, k, 0.2)
	c64 := ForwardMoments(s64, w, z64, n, k, 0.2)
	if c32 != c64 {
		t.Errorf("count: float32 %d, float64 %d", c32, c64)
	}
	for p := 0; p < 5; p++ {
		var scale float64
		for r := 0; r < n; r++ {
			for i := 0; i < k; i++ {
				var a float64
				for j := 0; j < k; j++ {
					a += math.Abs(w[i*k+j] * z64[r*k+j])
				}
				e := max(p, 1)
				if p == 4 {
					e = 1
				}
				scale += math.Pow(a, float64(e))
			}
		}
		tol := 80 * 0x1p-24 * float64(max(p, 1)) * scale
		for i := 0; i < k; i++ {
			if d := math.Abs(s32[p*k+i] - s64[p*k+i]); d > tol {
				t.Errorf("sum %d, unit %d: float32 %v, float64 %v, |Δ| %.3g > %.3g",
					p, i, s32[p*k+i], s64[p*k+i], d, tol)
			}
		}
	}
}

// TestThreshold32 checks that a float32 a is below threshold32(s)
// exactly when float64(a) < s.
func TestThreshold32(t *testing.T) {
	for _, s := range []float64{0.2, 0.5, 1, 1e-30, 3.4e38} {
		thr := threshold32(s)
		for _, a := range []float32{thr, math.Nextafter32(thr, 0), math.Nextafter32(thr, float32(math.Inf(1)))} {
			if (a < thr) != (float64(a) < s) {
				t.Errorf("s=%v: a=%v: a < threshold32 is %v, float64(a) < s is %v",
					s, a, a < thr, float64(a) < s)
			}
		}
	}
}
