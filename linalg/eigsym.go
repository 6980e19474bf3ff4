package linalg

import (
	"fmt"
	"math"
)

// maxQLIter bounds the implicit QL sweeps spent on one eigenvalue. The
// iteration converges cubically, in two or three sweeps per eigenvalue
// for almost all matrices.
const maxQLIter = 60

// EigSym computes the eigendecomposition a = V·diag(λ)·Vᵀ of the
// symmetric k×k matrix a, reading only its lower triangle. It returns
// the eigenvalues in ascending order and V (k×k) whose columns are the
// matching orthonormal eigenvectors; a is not modified.
//
// It reduces a to tridiagonal form by Householder reflections (4k³/3
// flops plus 2k³ to accumulate them) and then runs the implicit QL
// iteration (about 6k³ flops with the vectors). The result is backward
// stable: ‖AV − VΛ‖ and ‖VᵀV − I‖ are of order k·ε·‖A‖ and k·ε.
//
// The error wraps ErrNotFinite if a holds NaN or Inf, and
// ErrNotConverged if an eigenvalue needs more than 60 sweeps, which
// does not happen for finite input in practice.
func EigSym(a *Dense) (vals []float64, v *Dense, err error) {
	if a.Rows != a.Cols {
		panic(errSquare)
	}
	k := a.Rows
	if ok, i, j := a.AllFinite(); !ok {
		return nil, nil, fmt.Errorf("eigsym: element (%d, %d): %w", i, j, ErrNotFinite)
	}
	if k == 0 {
		return []float64{}, New(0, 0), nil
	}

	// Scale by a power of two (exactly) so that the largest entry lies
	// in [1, 2): the sums of squares below then neither overflow nor
	// underflow for any entry that matters.
	var amax float64
	for _, x := range a.Data {
		amax = math.Max(amax, math.Abs(x))
	}
	if amax == 0 {
		return make([]float64, k), Identity(k), nil
	}
	_, exp := math.Frexp(amax)
	scale := math.Ldexp(1, 1-exp)

	t := New(k, k)
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			x := a.Data[i*k+j] * scale
			t.Data[i*k+j], t.Data[j*k+i] = x, x
		}
	}
	d := make([]float64, k)
	e := make([]float64, k)
	q := tridiagonalize(t, d, e)

	// The QL sweeps rotate pairs of eigenvectors; held as the rows of
	// Vᵀ they are contiguous.
	vt := q.T()
	if err := tridiagQL(d, e, vt); err != nil {
		return nil, nil, fmt.Errorf("eigsym: %w", err)
	}
	for i := range d {
		d[i] /= scale
	}
	v = vt.T()
	sortEigen(d, v)
	return d, v, nil
}

// tridiagonalize reduces the symmetric t (k×k, both triangles set,
// overwritten, entries of order 1) to T = QᵀtQ with Householder reflections applied from
// column 0 on. It writes T's diagonal into d and its subdiagonal into
// e[0..k-2] (e[k-1] = 0) and returns Q.
func tridiagonalize(t *Dense, d, e []float64) *Dense {
	k := t.Rows
	a := t.Data
	q := Identity(k)
	v := make([]float64, k)
	p := make([]float64, k)
	for j := 0; j+2 < k; j++ {
		// x = a[j+1:, j], the part of column j that must become
		// (α, 0, …, 0).
		m := k - j - 1
		x := v[:m]
		for r := 0; r < m; r++ {
			x[r] = a[(j+1+r)*k+j]
		}
		var tail2 float64
		for _, xr := range x[1:] {
			tail2 += xr * xr
		}
		if tail2 == 0 {
			continue // already tridiagonal in this column
		}
		alpha := -math.Copysign(math.Sqrt(x[0]*x[0]+tail2), x[0])

		// Reflector H = I − τ·u·uᵀ with u = x − α·e₁, kept in x.
		x[0] -= alpha
		tau := 2 / (x[0]*x[0] + tail2)

		// Trailing block B = a[j+1:, j+1:] becomes H·B·H:
		// p = τ·B·u, w = p − (τ/2)(pᵀu)·u, B −= u·wᵀ + w·uᵀ.
		pm := p[:m]
		var pu float64
		for r := 0; r < m; r++ {
			row := a[(j+1+r)*k+j+1 : (j+1+r)*k+k]
			var s float64
			for c, uc := range x {
				s += row[c] * uc
			}
			pm[r] = tau * s
			pu += pm[r] * x[r]
		}
		half := tau / 2 * pu
		for r := range pm {
			pm[r] -= half * x[r]
		}
		for r := 0; r < m; r++ {
			row := a[(j+1+r)*k+j+1 : (j+1+r)*k+k]
			ur, wr := x[r], pm[r]
			for c := range row {
				row[c] -= ur*pm[c] + wr*x[c]
			}
		}
		a[(j+1)*k+j], a[j*k+j+1] = alpha, alpha
		for r := 1; r < m; r++ {
			a[(j+1+r)*k+j], a[j*k+j+1+r] = 0, 0
		}

		// Q ← Q·H on columns j+1…k−1.
		for r := 0; r < k; r++ {
			row := q.Data[r*k+j+1 : r*k+k]
			var s float64
			for c, uc := range x {
				s += row[c] * uc
			}
			s *= tau
			for c, uc := range x {
				row[c] -= s * uc
			}
		}
	}
	for i := 0; i < k; i++ {
		d[i] = a[i*k+i]
		if i+1 < k {
			e[i] = a[(i+1)*k+i]
		}
	}
	e[k-1] = 0
	return q
}

// tridiagQL diagonalises the symmetric tridiagonal matrix with diagonal
// d and subdiagonal e[0..k-2] by the implicit QL iteration with shifts
// from the leading 2×2 block, applying every plane rotation to the
// rows of zt (which hold eigenvectors). On return d holds the
// eigenvalues (unordered) and e is destroyed.
func tridiagQL(d, e []float64, zt *Dense) error {
	k := len(d)
	const eps = 0x1p-53
	for l := 0; l < k; l++ {
		for iter := 0; ; iter++ {
			// Split off at the first negligible subdiagonal entry at or
			// below l.
			m := l
			for ; m < k-1; m++ {
				if math.Abs(e[m]) <= eps*(math.Abs(d[m])+math.Abs(d[m+1])) {
					break
				}
			}
			if m == l {
				break
			}
			if iter == maxQLIter {
				return fmt.Errorf("eigenvalue %d after %d QL sweeps: %w", l, iter, ErrNotConverged)
			}

			// Shift: the eigenvalue of the leading 2×2 block nearer d[l].
			g := (d[l+1] - d[l]) / (2 * e[l])
			r := math.Hypot(g, 1)
			g = d[m] - d[l] + e[l]/(g+math.Copysign(r, g))

			// Chase the bulge from m−1 up to l with plane rotations.
			s, c, p := 1.0, 1.0, 0.0
			i := m - 1
			for ; i >= l; i-- {
				f := s * e[i]
				b := c * e[i]
				r = math.Hypot(f, g)
				e[i+1] = r
				if r == 0 {
					// f and g underflowed: the block splits here.
					d[i+1] -= p
					e[m] = 0
					break
				}
				s, c = f/r, g/r
				g = d[i+1] - p
				r = (d[i]-g)*s + 2*c*b
				p = s * r
				d[i+1] = g + p
				g = c*r - b
				rotateRows(zt, i, s, c)
			}
			if r == 0 && i >= l {
				continue
			}
			d[l] -= p
			e[l] = g
			e[m] = 0
		}
	}
	return nil
}

// rotateRows applies the plane rotation (c, s) to rows i and i+1 of zt.
func rotateRows(zt *Dense, i int, s, c float64) {
	k := zt.Cols
	zi := zt.Data[i*k : i*k+k]
	zj := zt.Data[(i+1)*k : (i+1)*k+k]
	for r, x := range zi {
		y := zj[r]
		zj[r] = s*x + c*y
		zi[r] = c*x - s*y
	}
}

// sortEigen orders the eigenvalues d ascending, permuting the columns of
// v to match. Selection sort: k swaps at most, O(k²) comparisons.
func sortEigen(d []float64, v *Dense) {
	k := len(d)
	for i := 0; i < k-1; i++ {
		m := i
		for j := i + 1; j < k; j++ {
			if d[j] < d[m] {
				m = j
			}
		}
		if m == i {
			continue
		}
		d[i], d[m] = d[m], d[i]
		for r := 0; r < v.Rows; r++ {
			row := v.Data[r*v.Cols:]
			row[i], row[m] = row[m], row[i]
		}
	}
}

// norm2 returns the Euclidean norm of x without overflow or underflow.
func norm2(x []float64) float64 {
	var scale, ssq float64 = 0, 1
	for _, v := range x {
		if v == 0 {
			continue
		}
		a := math.Abs(v)
		if scale < a {
			ssq = 1 + ssq*(scale/a)*(scale/a)
			scale = a
		} else {
			ssq += (a / scale) * (a / scale)
		}
	}
	return scale * math.Sqrt(ssq)
}

// EigSymDesc is EigSym with the eigenvalues in descending order (and the
// columns of v to match): the order of principal components.
func EigSymDesc(a *Dense) (vals []float64, v *Dense, err error) {
	vals, v, err = EigSym(a)
	if err != nil {
		return nil, nil, err
	}
	k := len(vals)
	for i, j := 0, k-1; i < j; i, j = i+1, j-1 {
		vals[i], vals[j] = vals[j], vals[i]
		for r := 0; r < k; r++ {
			row := v.Row(r)
			row[i], row[j] = row[j], row[i]
		}
	}
	return vals, v, nil
}
