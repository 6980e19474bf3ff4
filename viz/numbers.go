package viz

import (
	"math"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

const (
	errShape = "viz: shape mismatch"
	errPerm  = "viz: permutation does not match the matrix"
	errBins  = "viz: need at least one bin and lo < hi"
	errDelay = "viz: animation delay must be at least 1"
)

// AbsProduct returns |b·a| elementwise, k×k for a demixer b (k×k) and a
// mixing a (k×k). Row i, column j says how much of source j the code of
// row i carries.
func AbsProduct(b, a *linalg.Dense) *linalg.Dense {
	p := linalg.Mul(b, a)
	for i, v := range p.Data {
		p.Data[i] = math.Abs(v)
	}
	return p
}

// RowNormalize returns a copy of m with each row divided by its largest
// absolute entry (floored at 1e-12), so that every row of a
// non-negative m peaks at 1.
func RowNormalize(m *linalg.Dense) *linalg.Dense {
	out := m.Clone()
	for i := 0; i < out.Rows; i++ {
		row := out.Row(i)
		var mx float64
		for _, v := range row {
			mx = math.Max(mx, math.Abs(v))
		}
		mx = math.Max(mx, 1e-12)
		for j := range row {
			row[j] /= mx
		}
	}
	return out
}

// GreedyPermutation matches the rows of m (k×k, larger is better) to its
// columns, as the write-up does: for column j = 0, 1, …, k−1 in turn it
// takes the not yet assigned row with the largest m[i][j] (the lowest
// index on a tie). It returns perm with perm[j] the row given to column
// j, so that PermuteRows(m, perm) has the matches on its diagonal.
// It costs O(k²) and panics if m is not square.
func GreedyPermutation(m *linalg.Dense) []int {
	k := m.Rows
	if m.Cols != k {
		panic(errShape)
	}
	used := make([]bool, k)
	perm := make([]int, k)
	for j := 0; j < k; j++ {
		best := -1
		for i := 0; i < k; i++ {
			if !used[i] && (best < 0 || m.At(i, j) > m.At(best, j)) {
				best = i
			}
		}
		used[best] = true
		perm[j] = best
	}
	return perm
}

// PermuteRows returns the matrix whose row j is row perm[j] of m. It
// panics if perm is not as long as m has rows.
func PermuteRows(m *linalg.Dense, perm []int) *linalg.Dense {
	if len(perm) != m.Rows {
		panic(errPerm)
	}
	out := linalg.New(m.Rows, m.Cols)
	for j, p := range perm {
		copy(out.Row(j), m.Row(p))
	}
	return out
}

// DemixerMap returns the demixer heat map of b (k×k) against the true
// mixing a: |b·a| row-normalised, rows in greedy order. A perfect
// demixer gives the identity.
func DemixerMap(b, a *linalg.Dense) *linalg.Dense {
	p := RowNormalize(AbsProduct(b, a))
	return PermuteRows(p, GreedyPermutation(p))
}

// AbsCorr returns the k×k matrix of |corr(h_i, s_j)|, the absolute
// Pearson correlation of column i of h (n×k, the codes) with column j
// of s (n×k, the sources), from population moments. A constant column
// correlates 0 with everything. It panics unless h and s have the same
// shape.
func AbsCorr(s, h *linalg.Dense) *linalg.Dense {
	if s.Rows != h.Rows || s.Cols != h.Cols {
		panic(errShape)
	}
	n, k := h.Rows, h.Cols
	hc := linalg.Center(h, linalg.ColumnMeans(h))
	sc := linalg.Center(s, linalg.ColumnMeans(s))

	// Cross products and the two columns' sums of squares, one pass.
	cross := make([]float64, k*k)
	hss := make([]float64, k)
	sss := make([]float64, k)
	for r := 0; r < n; r++ {
		hr, sr := hc.Row(r), sc.Row(r)
		for i, hv := range hr {
			hss[i] += hv * hv
			sss[i] += sr[i] * sr[i]
			c := cross[i*k : i*k+k]
			for j, sv := range sr {
				c[j] += hv * sv
			}
		}
	}

	out := linalg.New(k, k)
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			d := math.Sqrt(hss[i] * sss[j])
			if d > 0 {
				out.Set(i, j, math.Abs(cross[i*k+j])/d)
			}
		}
	}
	return out
}

// RecoveryMap returns the source-recovery heat map: AbsCorr(s, h) with
// its rows (code units) in greedy order, so that unit j's best source
// sits on the diagonal.
func RecoveryMap(s, h *linalg.Dense) *linalg.Dense {
	c := AbsCorr(s, h)
	return PermuteRows(c, GreedyPermutation(c))
}

// Histogram returns the centres of bins equal bins over [lo, hi] and the
// density of x in each: count / (len(x)·width), so that it integrates
// to the fraction of x inside [lo, hi]. Values outside, and NaN, count
// toward len(x) but fall in no bin; hi itself falls in the last bin.
// It panics if bins < 1 or !(lo < hi).
func Histogram(x []float64, lo, hi float64, bins int) (centers, density []float64) {
	if bins < 1 || !(lo < hi) {
		panic(errBins)
	}
	width := (hi - lo) / float64(bins)
	centers = make([]float64, bins)
	for b := range centers {
		centers[b] = lo + (float64(b)+0.5)*width
	}
	density = make([]float64, bins)
	if len(x) == 0 {
		return centers, density
	}
	for _, v := range x {
		if !(v >= lo && v <= hi) {
			continue
		}
		b := min(int((v-lo)/width), bins-1)
		density[b]++
	}
	for b := range density {
		density[b] /= float64(len(x)) * width
	}
	return centers, density
}

// LaplacePDF is the density of the Laplace law with mean 0 and variance
// 1 (scale 1/√2): exp(−√2|x|)/√2. Its excess kurtosis is 3.
func LaplacePDF(x float64) float64 {
	return math.Exp(-math.Sqrt2*math.Abs(x)) / math.Sqrt2
}

// GaussianPDF is the standard normal density exp(−x²/2)/√(2π).
func GaussianPDF(x float64) float64 {
	return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
}

// MostKurtotic returns the column of h (n×k) with the largest excess
// kurtosis (lococode.Kurtosis; the lowest index on a tie) and that
// kurtosis.
func MostKurtotic(h *linalg.Dense) (unit int, kurtosis float64) {
	ks := lococode.Kurtosis(h)
	for j, v := range ks {
		if v > ks[unit] {
			unit = j
		}
	}
	return unit, ks[unit]
}

// Column returns a copy of column j of m.
func Column(m *linalg.Dense, j int) []float64 {
	out := make([]float64, m.Rows)
	for i := range out {
		out[i] = m.At(i, j)
	}
	return out
}

// ZScore returns (x − mean)/std with the population standard deviation
// (floored at 1e-12), so the result has mean 0 and variance 1.
func ZScore(x []float64) []float64 {
	mean := lococode.Mean(x)
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Max(math.Sqrt(ss/float64(max(len(x), 1))), 1e-12)
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = (v - mean) / sd
	}
	return out
}

// diagMean returns the mean of the diagonal of the square m.
func diagMean(m *linalg.Dense) float64 {
	var s float64
	for i := 0; i < m.Rows; i++ {
		s += m.At(i, i)
	}
	return s / float64(m.Rows)
}
