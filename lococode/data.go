package lococode

import (
	"math"

	"github.com/lococode/lococode/linalg"
)

// Dataset is one synthetic ICA problem: X = S·Aᵀ with independent
// Laplace sources S and a random orthogonal mixing A.
type Dataset struct {
	S *linalg.Dense // sources, n×k, each column mean 0 and population std 1
	A *linalg.Dense // mixing matrix, k×k, orthogonal
	X *linalg.Dense // observations S·Aᵀ with each column centred, n×k
}

// Generate draws a dataset of n samples of k sources from s: first the
// n·k Laplace(0, 1) draws of S in row-major order, then the k·k normal
// draws that make A (RandomOrthogonal). The columns of S are then
// standardised to mean 0 and population standard deviation 1 (excess
// kurtosis stays near 3), and the columns of X = S·Aᵀ are centred.
func Generate(s *Stream, n, k int) *Dataset {
	src := linalg.New(n, k)
	for i := range src.Data {
		src.Data[i] = s.Laplace()
	}
	standardize(src)
	a := RandomOrthogonal(s, k)
	x := linalg.MulTB(src, a)
	x = linalg.Center(x, linalg.ColumnMeans(x))
	return &Dataset{S: src, A: a, X: x}
}

// RandomOrthogonal draws a k×k matrix G of standard normals (row-major)
// and returns the Q of its QR factorisation with the signs chosen so
// that R has a non-negative diagonal, which makes Q Haar-distributed
// (Mezzadri 2007).
func RandomOrthogonal(s *Stream, k int) *linalg.Dense {
	g := linalg.New(k, k)
	for i := range g.Data {
		g.Data[i] = s.Normal()
	}
	q, _ := linalg.PositiveQR(g)
	return q
}

// standardize sets every column of x to mean 0 and population standard
// deviation 1, computing the mean and then the variance about it (two
// passes). A column of zero variance is only centred.
func standardize(x *linalg.Dense) {
	mean := linalg.ColumnMeans(x)
	k := x.Cols
	ss := make([]float64, k)
	for i := 0; i < x.Rows; i++ {
		for j, v := range x.Row(i) {
			d := v - mean[j]
			ss[j] += d * d
		}
	}
	for j := range ss {
		ss[j] = math.Sqrt(ss[j] / float64(x.Rows))
		if ss[j] == 0 {
			ss[j] = 1
		}
	}
	for i := 0; i < x.Rows; i++ {
		row := x.Row(i)
		for j := range row {
			row[j] = (row[j] - mean[j]) / ss[j]
		}
	}
}
