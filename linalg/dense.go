package linalg

import (
	"fmt"
	"math"
	"strings"
)

// Dense is a row-major r×c matrix of float64: element (i, j) is
// Data[i*Cols+j]. The zero value is an empty 0×0 matrix.
type Dense struct {
	Rows, Cols int
	Data       []float64
}

// New returns a zero r×c matrix.
func New(r, c int) *Dense {
	if r < 0 || c < 0 {
		panic(errNegDims)
	}
	return &Dense{Rows: r, Cols: c, Data: make([]float64, r*c)}
}

// NewFrom returns an r×c matrix that uses data (length r·c) as its
// storage, without copying.
func NewFrom(r, c int, data []float64) *Dense {
	if r < 0 || c < 0 {
		panic(errNegDims)
	}
	if len(data) != r*c {
		panic(errShape)
	}
	return &Dense{Rows: r, Cols: c, Data: data}
}

// Identity returns the k×k identity matrix.
func Identity(k int) *Dense {
	m := New(k, k)
	for i := 0; i < k; i++ {
		m.Data[i*k+i] = 1
	}
	return m
}

// At returns element (i, j).
func (m *Dense) At(i, j int) float64 { return m.Data[i*m.Cols+j] }

// Set sets element (i, j) to v.
func (m *Dense) Set(i, j int, v float64) { m.Data[i*m.Cols+j] = v }

// Row returns row i as a slice that shares m's storage.
func (m *Dense) Row(i int) []float64 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// Clone returns a deep copy of m.
func (m *Dense) Clone() *Dense {
	return &Dense{Rows: m.Rows, Cols: m.Cols, Data: append([]float64(nil), m.Data...)}
}

// T returns the transpose of m as a new matrix.
func (m *Dense) T() *Dense {
	t := New(m.Cols, m.Rows)
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			t.Data[j*m.Rows+i] = m.Data[i*m.Cols+j]
		}
	}
	return t
}

// Scale multiplies every element of m by s in place.
func (m *Dense) Scale(s float64) {
	for i := range m.Data {
		m.Data[i] *= s
	}
}

// NormFrob returns the Frobenius norm of m, computed with scaling so
// that it neither overflows nor underflows.
func (m *Dense) NormFrob() float64 { return norm2(m.Data) }

// AllFinite reports whether no element of m is NaN or infinite, and
// if one is, the row and column of the first.
func (m *Dense) AllFinite() (ok bool, row, col int) {
	if i, ok := firstNotFinite(m.Data); !ok {
		return false, i / m.Cols, i % m.Cols
	}
	return true, -1, -1
}

// firstNotFinite returns the index of the first NaN or infinite
// element of x, and false, or −1 and true if there is none. It sums
// v − v, which is +0 for a finite v and NaN otherwise, over blocks of
// 64 elements in four independent chains, and looks for the element
// only in a block whose sum is NaN.
func firstNotFinite(x []float64) (int, bool) {
	const block = 64
	for b := 0; b < len(x); b += block {
		blk := x[b:min(b+block, len(x))]
		var s0, s1, s2, s3 float64
		i := 0
		for ; i+4 <= len(blk); i += 4 {
			v := blk[i : i+4 : i+4]
			s0 += v[0] - v[0]
			s1 += v[1] - v[1]
			s2 += v[2] - v[2]
			s3 += v[3] - v[3]
		}
		for ; i < len(blk); i++ {
			s0 += blk[i] - blk[i]
		}
		if s := s0 + s1 + s2 + s3; s == s {
			continue
		}
		for i, v := range blk {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return b + i, false
			}
		}
	}
	return -1, true
}

// String formats m one row per line, for debugging and test failures.
func (m *Dense) String() string {
	var b strings.Builder
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			if j > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "% .6g", m.At(i, j))
		}
		b.WriteByte('\n')
	}
	return b.String()
}
