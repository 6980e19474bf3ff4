package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomRows returns b row indices into an n-row matrix, with repeats,
// as a shuffled epoch never has but a caller may.
func randomRows(rng *rand.Rand, b, n int) []int {
	rows := make([]int, b)
	for r := range rows {
		rows[r] = rng.IntN(n)
	}
	return rows
}

// TestBatchMomentsRowsEquiv checks that BatchMomentsRows on every path
// equals BatchMoments of the gathered rows on the same path and the
// generic function on them, to the bit (it is the same computation, read
// in place), with guards around the outputs and the inputs unchanged.
func TestBatchMomentsRowsEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(11, 11))
		shapes(func(b, k, off int) {
			name := fmt.Sprintf("BatchMomentsRows b=%d k=%d off=%d", b, k, off)
			n := b + 3
			ws, zs := newSlot(k*k, off), newSlot(n*k, (off+1)%4)
			w, z := ws.random(rng), zs.random(rng)
			rows := randomRows(rng, b, n)
			w0, z0 := append([]float64(nil), w...), append([]float64(nil), z...)
			cs, ss := newSlot(k*k, (off+2)%4), newSlot(k*k, (off+3)%4)
			BatchMomentsRows(cs.s(), ss.s(), w, z, rows, k)
			for _, g := range []struct {
				s    *slot
				what string
			}{{cs, "c"}, {ss, "s"}, {ws, "w"}, {zs, "z"}} {
				g.s.checkGuards(t, name+" "+g.what)
			}
			checkSame(t, name+" w", w, w0)
			checkSame(t, name+" z", z, z0)

			zb := make([]float64, b*k)
			GatherRows(zb, z, rows, k)
			c, s := make([]float64, k*k), make([]float64, k*k)
			BatchMoments(c, s, w, zb, b, k)
			checkSame(t, name+" c", cs.s(), c)
			checkSame(t, name+" s", ss.s(), s)
			if exactPaths[impl] || impl == "generic" {
				batchMomentsGeneric(c, s, w, zb, b, k)
				checkSame(t, name+" c (generic)", cs.s(), c)
				checkSame(t, name+" s (generic)", ss.s(), s)
			}
		})
	})
}

// TestStepRowsEquiv checks StepRows against Step on the gathered batch,
// to the bit, for both penalties, on every path.
func TestStepRowsEquiv(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		rng := rand.New(rand.NewPCG(12, 12))
		for _, k := range []int{1, 3, 8, 9, 16, 33} {
			for _, b := range []int{0, 1, 5, 16, 64} {
				for _, alpha := range []float64{0, 0.1} {
					n := 2*b + 1
					z := make([]float64, n*k)
					for i := range z {
						z[i] = rng.NormFloat64()
					}
					w := make([]float64, k*k)
					for i := range w {
						w[i] = rng.NormFloat64() / float64(k)
					}
					rows := rng.Perm(n)[:b]
					p := StepParams{LR: 0.05, LambdaAct: 0.5, LambdaW: 1e-4, Alpha: alpha}
					got, want := append([]float64(nil), w...), append([]float64(nil), w...)
					StepRows(got, z, rows, k, p, NewWorkspace(k))
					zb := make([]float64, b*k)
					GatherRows(zb, z, rows, k)
					Step(want, zb, b, k, p, NewWorkspace(k))
					checkSame(t, fmt.Sprintf("StepRows k=%d b=%d alpha=%g", k, b, alpha), got, want)
				}
			}
		}
	})
}

// TestRowIndexChecked checks, on every path, that an index outside z
// panics with the package's message instead of reading outside it, in
// the first chunk of a batch or a later one, and that the steps
// (StepRows, StepRows32 and their Draw forms) leave W as it was when
// they panic.
func TestRowIndexChecked(t *testing.T) {
	forEachImpl(t, func(t *testing.T, impl string) {
		const n, k = 4, 8
		z, z32 := make([]float64, n*k), make([]float32, n*k)
		for i := range z {
			z[i], z32[i] = float64(i%5)-2, float32(i%3)-1
		}
		w0 := make([]float64, k*k)
		for i := range w0 {
			w0[i] = float64(i%7) - 3
		}
		p := StepParams{LR: 0.1, LambdaAct: 0.5, LambdaW: 0.1}
		calls := map[string]func(rows []int, w []float64){
			"BatchMomentsRows": func(rows []int, w []float64) {
				BatchMomentsRows(make([]float64, k*k), make([]float64, k*k), w, z, rows, k)
			},
			"BatchMomentsRows32": func(rows []int, w []float64) {
				BatchMomentsRows32(make([]float64, k*k), make([]float64, k*k), w, z32, rows, k)
			},
			"StepRows":   func(rows []int, w []float64) { StepRows(w, z, rows, k, p, NewWorkspace(k)) },
			"StepRows32": func(rows []int, w []float64) { StepRows32(w, z32, rows, k, p, NewWorkspace(k)) },
			"StepRowsDraw": func(rows []int, w []float64) {
				d := Draws{G: PCG{1, 2}}
				d.Start(100)
				StepRowsDraw(w, z, rows, k, p, NewWorkspace(k), &d)
			},
			"StepRows32Draw": func(rows []int, w []float64) {
				d := Draws{G: PCG{1, 2}}
				d.Start(100)
				StepRows32Draw(w, z32, rows, k, p, NewWorkspace(k), &d)
			},
		}
		for name, call := range calls {
			for _, bad := range []int{-1, n, math.MaxInt32} {
				for _, at := range []int{1, 70} {
					rows := make([]int, 80)
					for i := range rows {
						rows[i] = i % n
					}
					rows[at] = bad
					w := append([]float64(nil), w0...)
					func() {
						defer func() {
							if r := recover(); r != errRowIndex {
								t.Errorf("%s row %d at %d: recovered %v, want %q", name, bad, at, r, errRowIndex)
							}
						}()
						call(rows, w)
					}()
					if name[:4] == "Step" {
						for i := range w {
							if w[i] != w0[i] {
								t.Fatalf("%s row %d at %d: w[%d] changed to %v", name, bad, at, i, w[i])
							}
						}
					}
				}
			}
		}
	})
}

// TestGatherRows checks GatherRows for k = 8 (its unrolled loop) and
// other widths against row-by-row indexing.
func TestGatherRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for _, k := range []int{1, 7, 8, 9} {
		n := 20
		z := make([]float64, n*k)
		for i := range z {
			z[i] = rng.Float64()
		}
		rows := randomRows(rng, 33, n)
		dst := make([]float64, len(rows)*k)
		GatherRows(dst, z, rows, k)
		for r, i := range rows {
			for j := 0; j < k; j++ {
				if dst[r*k+j] != z[i*k+j] {
					t.Fatalf("k=%d: dst[%d][%d] = %v, want z[%d][%d] = %v", k, r, j, dst[r*k+j], i, j, z[i*k+j])
				}
			}
		}
	}
}
