package lococode

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/linalg"
)

// stats accumulates the column means and the centred scatter matrix of
// the rows it sees, chunk by chunk (Chan, Golub & LeVeque 1983), and
// counts values that are not finite.
type stats struct {
	p         int
	n         int64
	mean      []float64
	scatter   []float64 // Σ (x − mean)(x − mean)ᵀ, p×p
	cmean     []float64 // chunk scratch
	cent      []float64
	gram      []float64
	bad       int64 // NaN or ±Inf values
	badRow    int64
	badCol    int
	lo, hi    []float64 // column extremes
	sampled   []float64 // reservoir (raw rows)
	maxSample int64
	stream    *Stream
}

func newStats(p int, maxSample int64, s *Stream) *stats {
	st := &stats{p: p, mean: make([]float64, p), scatter: make([]float64, p*p),
		cmean: make([]float64, p), gram: make([]float64, p*p),
		lo: make([]float64, p), hi: make([]float64, p), badRow: -1,
		maxSample: maxSample, stream: s}
	for j := range st.lo {
		st.lo[j], st.hi[j] = math.Inf(1), math.Inf(-1)
	}
	return st
}

func (st *stats) add(chunk []float64) {
	p := st.p
	b := len(chunk) / p
	if b == 0 {
		return
	}

	// Non-finite values are counted (v − v is 0 exactly for finite v);
	// once one is seen, only counting goes on.
	for i, v := range chunk[:b*p] {
		if v-v != 0 {
			if st.bad == 0 {
				st.badRow, st.badCol = st.n+int64(i/p), i%p
			}
			st.bad++
		}
	}
	if st.bad > 0 {
		st.n += int64(b)
		return
	}

	// Reservoir sampling (Algorithm R) of raw rows.
	for r := 0; r < b && st.maxSample > 0; r++ {
		t := st.n + int64(r)
		row := chunk[r*p : r*p+p]
		if t < st.maxSample {
			st.sampled = append(st.sampled, row...)
		} else if j := st.stream.uint64n(uint64(t + 1)); j < uint64(st.maxSample) {
			copy(st.sampled[int(j)*p:], row)
		}
	}

	// Chunk mean and centred Gram, then the merge.
	clear(st.cmean)
	lo, hi, cm := st.lo[:p], st.hi[:p], st.cmean[:p]
	for r := 0; r < b; r++ {
		for j, v := range chunk[r*p : r*p+p] {
			cm[j] += v
			if v < lo[j] {
				lo[j] = v
			}
			if v > hi[j] {
				hi[j] = v
			}
		}
	}
	for j := range st.cmean {
		st.cmean[j] /= float64(b)
	}
	if cap(st.cent) < b*p {
		st.cent = make([]float64, b*p)
	}
	cent := st.cent[:b*p]
	for r := 0; r < b; r++ {
		for j := 0; j < p; j++ {
			cent[r*p+j] = chunk[r*p+j] - st.cmean[j]
		}
	}
	kernel.Gram(st.gram, cent, b, p)
	na, nb := float64(st.n), float64(b)
	nt := na + nb
	f := na * nb / nt
	for i := 0; i < p; i++ {
		di := st.cmean[i] - st.mean[i]
		for j := 0; j < p; j++ {
			dj := st.cmean[j] - st.mean[j]
			st.scatter[i*p+j] += st.gram[i*p+j] + f*di*dj
		}
	}
	for j := range st.mean {
		st.mean[j] += (st.cmean[j] - st.mean[j]) * nb / nt
	}
	st.n += int64(b)
}

// uint64n returns a uniform integer in [0, n), n > 0, without modulo
// bias, on every platform (IntN's int is 32 bits on 386).
func (s *Stream) uint64n(n uint64) uint64 {
	hi, lo := bits.Mul64(s.src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(s.src.Uint64(), n)
		}
	}
	return hi
}

// check reports the data problems found by the pass.
func (st *stats) check(x Rows, m int) error {
	if st.bad > 0 {
		where := fmt.Sprintf("row %d, column %d", st.badRow+1, st.badCol+1)
		if l, ok := x.(Locator); ok {
			where = l.Locate(st.badRow, st.badCol)
		}
		return fmt.Errorf("%w: %d NaN or infinite %s; the first at %s",
			ErrData, st.bad, plural(st.bad, "value", "values"), where)
	}
	if st.n == 0 {
		return fmt.Errorf("%w: no rows", ErrData)
	}
	if st.n <= int64(st.p) {
		return fmt.Errorf("%w: %d %s for %d features: need more samples than features",
			ErrData, st.n, plural(st.n, "sample", "samples"), st.p)
	}
	return nil
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// rankError explains why the data has fewer than m independent
// directions: constant columns, duplicated (proportional) columns, or
// another linear dependence.
func (st *stats) rankError(x Rows, cov *linalg.Dense, vals []float64, rank int, rtol float64, m int) error {
	p := st.p
	name := func(j int) string {
		if l, ok := x.(Locator); ok {
			return "column " + afterComma(l.Locate(0, j))
		}
		return fmt.Sprintf("column %d", j+1)
	}
	var why string
	tol := rtol * vals[0]
	for j := 0; j < p && why == ""; j++ {
		if st.lo[j] == st.hi[j] || cov.At(j, j) <= tol {
			why = fmt.Sprintf("%s is constant", name(j))
		}
	}
	for i := 0; i < p && why == ""; i++ {
		for j := i + 1; j < p && why == ""; j++ {
			c, a, b := cov.At(i, j), cov.At(i, i), cov.At(j, j)
			if c*c >= (1-1e-9)*a*b {
				why = fmt.Sprintf("%s and %s are equal or proportional", name(i), name(j))
			}
		}
	}
	if why == "" {
		why = "some columns are linear combinations of others"
	}
	return fmt.Errorf("%w: the data has rank %d (covariance eigenvalues ≤ %.3g·λ₁ = %.3g count as zero; "+
		"smallest %.3g), less than the %d components asked for: %s; drop such columns or ask for "+
		"at most %d %s", ErrData, rank, rtol, tol, vals[len(vals)-1], m, why, rank,
		plural(int64(rank), "component", "components"))
}

// afterComma turns a Locator's "row 1, column 3 (\"b\")" into
// "3 (\"b\")".
func afterComma(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if i+7 <= len(s) && s[i:i+7] == "column " {
			return s[i+7:]
		}
		if i+8 <= len(s) && s[i:i+8] == "channel " {
			return s[i+8:]
		}
	}
	return s
}
