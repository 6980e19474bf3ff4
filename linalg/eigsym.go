package linalg

import (
	"fmt"
	"math"
)

// maxQLIter bounds the implicit QL sweeps spent on one eigenvalue. The
// iteration converges cubically, in two or three sweeps per eigenvalue
// for almost all matrices.
const maxQLIter = 60

// EigWork is the scratch space of EigSymTo and SymDecorrelateTo, so
// that repeated decompositions allocate nothing. The zero value is
// ready to use and grows to the largest k it is given. An EigWork must
// not be used by two goroutines at once.
type EigWork struct {
	k    int
	t    []float64 // k×k: the scaled matrix, reduced in place
	q    []float64 // k×k: Q of the reduction
	vt   []float64 // k×k: Vᵀ, one eigenvector per row
	g    []float64 // k×k: W·Wᵀ, grown by SymDecorrelateTo only
	d, e []float64 // k: diagonal and subdiagonal, then the eigenvalues
	u, p []float64 // k: Householder vector and B·u
}

// grow makes ws hold the eigensolver's buffers for k×k matrices, in
// one allocation.
func (ws *EigWork) grow(k int) {
	if k <= ws.k {
		return
	}
	buf := make([]float64, 3*k*k+4*k)
	next := func(n int) []float64 {
		s := buf[:n:n]
		buf = buf[n:]
		return s
	}
	ws.k = k
	ws.t, ws.q, ws.vt = next(k*k), next(k*k), next(k*k)
	ws.d, ws.e, ws.u, ws.p = next(k), next(k), next(k), next(k)
}

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
	vals, v = make([]float64, k), New(k, k)
	var ws EigWork
	if err := EigSymTo(vals, v, a, &ws); err != nil {
		return nil, nil, err
	}
	return vals, v, nil
}

// EigSymTo is EigSym writing into vals (length k) and v (k×k) and
// taking its scratch space from ws, which may be reused across calls
// and sizes: it allocates only to grow ws. v may share storage with a.
// The results equal EigSym's bit for bit. On error vals and v are
// unspecified.
func EigSymTo(vals []float64, v, a *Dense, ws *EigWork) error {
	if a.Rows != a.Cols {
		panic(errSquare)
	}
	k := a.Rows
	if len(vals) != k || v.Rows != k || v.Cols != k {
		panic(errShape)
	}
	if ok, i, j := a.AllFinite(); !ok {
		return fmt.Errorf("eigsym: element (%d, %d): %w", i, j, ErrNotFinite)
	}
	ws.grow(k)
	if err := ws.eig(a.Data, k); err != nil {
		return fmt.Errorf("eigsym: %w", err)
	}
	copy(vals, ws.d[:k])
	transpose(v.Data, ws.vt[:k*k], k)
	return nil
}

// eig decomposes the finite symmetric k×k matrix a (lower triangle
// read) into ws.d[:k], the eigenvalues ascending, and ws.vt[:k*k], the
// matching eigenvectors as rows. ws must hold k×k buffers.
func (ws *EigWork) eig(a []float64, k int) error {
	d, vt := ws.d[:k], ws.vt[:k*k]
	// Scale by a power of two (exactly) so that the largest entry lies
	// in [1, 2): the sums of squares below then neither overflow nor
	// underflow for any entry that matters.
	var amax float64
	for _, x := range a[:k*k] {
		if ax := math.Abs(x); ax > amax {
			amax = ax
		}
	}
	if amax == 0 {
		clear(d)
		setIdentity(vt, k)
		return nil
	}
	_, exp := math.Frexp(amax)
	scale := math.Ldexp(1, 1-exp)

	t := ws.t[:k*k]
	for i := 0; i < k; i++ {
		for j, x := range a[i*k : i*k+i+1] {
			x *= scale
			t[i*k+j], t[j*k+i] = x, x
		}
	}
	q, e := ws.q[:k*k], ws.e[:k]
	tridiagonalize(t, q, d, e, ws.u[:k], ws.p[:k])

	// The QL sweeps rotate pairs of eigenvectors; held as the rows of
	// Vᵀ they are contiguous.
	transpose(vt, q, k)
	if err := tridiagQL(d, e, vt); err != nil {
		return err
	}
	for i := range d {
		d[i] /= scale
	}
	sortEigen(d, vt)
	return nil
}

// tridiagonalize reduces the symmetric k×k matrix t (both triangles
// set, entries of order 1, overwritten) to T = Qᵀ·t·Q with Householder
// reflections applied from column 0 on, and writes Q (k×k) into q. It
// writes T's diagonal into d and its subdiagonal into e[0..k-2]
// (e[k-1] = 0); u and p (length k) are scratch.
func tridiagonalize(t, q, d, e, u, p []float64) {
	k := len(d)
	setIdentity(q, k)
	for j := 0; j+2 < k; j++ {
		// x = t[j+1:, j], the part of column j that must become
		// (α, 0, …, 0).
		m := k - j - 1
		x := u[:m]
		for r := range x {
			x[r] = t[(j+1+r)*k+j]
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
		reflectTrailing(t[(j+1)*k+j+1:], k, x, p[:m], tau)
		t[(j+1)*k+j], t[j*k+j+1] = alpha, alpha
		for r := 1; r < m; r++ {
			t[(j+1+r)*k+j], t[j*k+j+1+r] = 0, 0
		}

		// Q ← Q·H on columns j+1…k−1.
		for r := 0; r < k; r++ {
			row := q[r*k+j+1 : r*k+k]
			row = row[:len(x)]
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
		d[i] = t[i*k+i]
		if i+1 < k {
			e[i] = t[(i+1)*k+i]
		}
	}
	e[k-1] = 0
}

// reflectTrailing replaces the m×m block B at the start of b (row
// stride k, m = len(u)) by H·B·H for H = I − τ·u·uᵀ, using
// p = τ·B·u, w = p − (τ/2)(pᵀu)·u and B −= u·wᵀ + w·uᵀ. p (length m)
// is scratch and ends holding w.
func reflectTrailing(b []float64, k int, u, p []float64, tau float64) {
	m := len(u)
	p = p[:m]
	var pu float64
	for r := range p {
		row := b[r*k : r*k+m]
		var s float64
		for c, uc := range u {
			s += row[c] * uc
		}
		p[r] = tau * s
		pu += p[r] * u[r]
	}
	half := tau / 2 * pu
	for r := range p {
		p[r] -= half * u[r]
	}
	for r := range p {
		row := b[r*k : r*k+m]
		ur, wr := u[r], p[r]
		for c := range row {
			row[c] -= ur*p[c] + wr*u[c]
		}
	}
}

// hypot returns math.Hypot(a, b) for finite a and b, with the same
// formula and so the same bits, max·√(1 + (min/max)²), inlined: the
// QL sweep calls it once per rotation on its critical path.
func hypot(a, b float64) float64 {
	a, b = math.Abs(a), math.Abs(b)
	hi, lo := a, b
	if hi < lo {
		hi, lo = lo, hi
	}
	if hi == 0 {
		return 0
	}
	lo /= hi
	return hi * math.Sqrt(1+float64(lo*lo))
}

// tridiagQL diagonalises the symmetric tridiagonal matrix with diagonal
// d and subdiagonal e[0..k-2] by the implicit QL iteration with shifts
// from the leading 2×2 block, applying every plane rotation to the
// rows of zt (k×k, which hold eigenvectors). On return d holds the
// eigenvalues (unordered) and e is destroyed.
func tridiagQL(d, e, zt []float64) error {
	k := len(d)
	e = e[:k]
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
			qlSweep(d, e, zt, l, m)
		}
	}
	return nil
}

// qlSweep runs one implicit QL sweep on the unreduced block l…m of the
// tridiagonal matrix (d, e): the shift is the eigenvalue of the leading
// 2×2 block nearer d[l], and the bulge is chased from m−1 up to l with
// plane rotations, each also applied to rows i, i+1 of zt. A rotation
// whose f and g underflow splits the block there and ends the sweep.
func qlSweep(d, e, zt []float64, l, m int) {
	k := len(d)
	g := (d[l+1] - d[l]) / (2 * e[l])
	r := hypot(g, 1)
	g = d[m] - d[l] + e[l]/(g+math.Copysign(r, g))

	s, c, p := 1.0, 1.0, 0.0
	for i := m - 1; i >= l; i-- {
		f := s * e[i]
		b := c * e[i]
		r = hypot(f, g)
		e[i+1] = r
		if r == 0 {
			// f and g underflowed: the block splits here.
			d[i+1] -= p
			e[m] = 0
			return
		}
		s, c = f/r, g/r
		g = d[i+1] - p
		r = (d[i]-g)*s + 2*c*b
		p = s * r
		d[i+1] = g + p
		g = c*r - b
		rotateRows(zt[i*k:i*k+k], zt[(i+1)*k:(i+1)*k+k], s, c)
	}
	d[l] -= p
	e[l] = g
	e[m] = 0
}

// rotateRows applies the plane rotation (c, s) to the rows zi and zj:
// zj ← s·zi + c·zj, zi ← c·zi − s·zj.
func rotateRows(zi, zj []float64, s, c float64) {
	zj = zj[:len(zi)]
	for r, x := range zi {
		y := zj[r]
		zj[r] = s*x + c*y
		zi[r] = c*x - s*y
	}
}

// sortEigen orders the eigenvalues d ascending, permuting the rows of
// vt (k×k, one eigenvector per row) to match. Selection sort: k swaps
// at most, O(k²) comparisons.
func sortEigen(d, vt []float64) {
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
		ri, rm := vt[i*k:i*k+k], vt[m*k:m*k+k]
		for c := range ri {
			ri[c], rm[c] = rm[c], ri[c]
		}
	}
}

// setIdentity sets the k×k matrix a to the identity.
func setIdentity(a []float64, k int) {
	clear(a[:k*k])
	for i := 0; i < k; i++ {
		a[i*k+i] = 1
	}
}

// transpose sets the k×k matrix dst to srcᵀ; dst must not overlap src.
func transpose(dst, src []float64, k int) {
	dst, src = dst[:k*k], src[:k*k]
	for i := 0; i < k; i++ {
		for j, x := range src[i*k : i*k+k] {
			dst[j*k+i] = x
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
