package pipeline

import (
	"math"

	"github.com/lococode/lococode/dmd"
	"github.com/lococode/lococode/linalg"
)

// The traced linear algebra below follows linalg/ line by line. Go
// evaluates the operands of an expression left to right here, and the
// trace does the same: in a − b·c the product is formed after a is
// named but before the subtraction, so the instructions are mul(b, c),
// sub(a, product). Plain Go expressions such as s += x*y are a
// multiply and an add (gc does not fuse them on amd64 below GOAMD64=v3);
// only the kernels' math.FMA is fused.

// mat is a traced row-major matrix.
type mat struct {
	r, c int
	v    []dmd.Num
}

func newMat(r, c int) *mat { return &mat{r, c, make([]dmd.Num, r*c)} }

func identity(k int) *mat {
	m := newMat(k, k)
	for i := 0; i < k; i++ {
		m.v[i*k+i] = dmd.Const(1)
	}
	return m
}

func (m *mat) row(i int) []dmd.Num { return m.v[i*m.c : (i+1)*m.c] }

func (m *mat) clone() *mat { return &mat{m.r, m.c, append([]dmd.Num(nil), m.v...)} }

// tr returns the transpose; moving references is free.
func (m *mat) tr() *mat {
	t := newMat(m.c, m.r)
	for i := 0; i < m.r; i++ {
		for j := 0; j < m.c; j++ {
			t.v[j*m.r+i] = m.v[i*m.c+j]
		}
	}
	return t
}

// values returns the float64 values, for comparison with untraced code.
func (m *mat) values() *linalg.Dense {
	d := linalg.New(m.r, m.c)
	for i, x := range m.v {
		d.Data[i] = x.X
	}
	return d
}

func mul(t *dmd.Machine, a, b *mat) *mat {
	c := newMat(a.r, b.c)
	matMul(t, c.v, a.v, b.v, a.r, a.c, b.c)
	return c
}

func mulTB(t *dmd.Machine, a, b *mat) *mat {
	c := newMat(a.r, b.r)
	matMulTB(t, c.v, a.v, b.v, a.r, a.c, b.r)
	return c
}

// columnMeans is linalg.ColumnMeans.
func columnMeans(t *dmd.Machine, x *mat) []dmd.Num {
	mean := make([]dmd.Num, x.c)
	for i := 0; i < x.r; i++ {
		for j, v := range x.row(i) {
			mean[j] = t.Add(mean[j], v)
		}
	}
	n := dmd.Const(float64(x.r))
	for j := range mean {
		mean[j] = t.Div(mean[j], n)
	}
	return mean
}

// center is linalg.Center.
func center(t *dmd.Machine, x *mat, mean []dmd.Num) *mat {
	c := x.clone()
	for i := 0; i < c.r; i++ {
		row := c.row(i)
		for j := range row {
			row[j] = t.Sub(row[j], mean[j])
		}
	}
	return c
}

// whitener is linalg.Whitener.
type whitener struct {
	mean   []dmd.Num
	values []dmd.Num
	vecs   *mat
	k      *mat
}

// fitWhitener is linalg.FitWhitener in PCA mode. The checks that only
// reject bad input (finite values, the rank test) are not traced.
func fitWhitener(t *dmd.Machine, x *mat, floor float64) (*whitener, error) {
	n, k := x.r, x.c
	mean := columnMeans(t, x)
	xc := center(t, x, mean)
	cov := newMat(k, k)
	gram(t, cov.v, xc.v, n, k)
	s := dmd.Const(1 / float64(n))
	for i := range cov.v {
		cov.v[i] = t.Mul(cov.v[i], s)
	}

	vals, vecs, err := eigSym(t, cov)
	if err != nil {
		return nil, err
	}
	reverseEigen(vals, vecs)
	fl := dmd.Const(floor)
	for i := range vals {
		vals[i] = t.Max(vals[i], fl)
	}

	kk := newMat(k, k)
	one := dmd.Const(1)
	for i := 0; i < k; i++ {
		s := t.Div(one, t.Sqrt(vals[i]))
		for j := 0; j < k; j++ {
			kk.v[i*k+j] = t.Mul(s, vecs.v[j*k+i])
		}
	}
	return &whitener{mean: mean, values: vals, vecs: vecs, k: kk}, nil
}

// transform is Whitener.Transform: Z = (x − mean)·Kᵀ.
func (w *whitener) transform(t *dmd.Machine, x *mat) *mat {
	return mulTB(t, center(t, x, w.mean), w.k)
}

func reverseEigen(vals []dmd.Num, vecs *mat) {
	k := len(vals)
	for i, j := 0, k-1; i < j; i, j = i+1, j-1 {
		vals[i], vals[j] = vals[j], vals[i]
		for r := 0; r < k; r++ {
			row := vecs.row(r)
			row[i], row[j] = row[j], row[i]
		}
	}
}

// eigSym is linalg.EigSym. Scaling by a power of two is one
// instruction on the largest magnitude (math.Frexp, math.Ldexp) and
// one multiply per entry; the finite check is not traced.
func eigSym(t *dmd.Machine, a *mat) ([]dmd.Num, *mat, error) {
	k := a.r
	var amax dmd.Num
	for _, x := range a.v {
		amax = t.Max(amax, t.Abs(x))
	}
	if t.Equal(amax, dmd.Const(0)) {
		id := identity(k)
		return make([]dmd.Num, k), id, nil
	}
	_, exp := math.Frexp(amax.X)
	scale := t.Op(math.Ldexp(1, 1-exp), amax)

	tm := newMat(k, k)
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			x := t.Mul(a.v[i*k+j], scale)
			tm.v[i*k+j], tm.v[j*k+i] = x, x
		}
	}
	d := make([]dmd.Num, k)
	e := make([]dmd.Num, k)
	q := tridiagonalize(t, tm, d, e)

	vt := q.tr()
	if err := tridiagQL(t, d, e, vt); err != nil {
		return nil, nil, err
	}
	for i := range d {
		d[i] = t.Div(d[i], scale)
	}
	v := vt.tr()
	sortEigen(t, d, v)
	return d, v, nil
}

// tridiagonalize is linalg's Householder reduction.
func tridiagonalize(t *dmd.Machine, tm *mat, d, e []dmd.Num) *mat {
	k := tm.r
	a := tm.v
	q := identity(k)
	v := make([]dmd.Num, k)
	p := make([]dmd.Num, k)
	zero, two := dmd.Const(0), dmd.Const(2)
	for j := 0; j+2 < k; j++ {
		m := k - j - 1
		x := v[:m]
		for r := 0; r < m; r++ {
			x[r] = a[(j+1+r)*k+j]
		}
		var tail2 dmd.Num
		for _, xr := range x[1:] {
			tail2 = t.Add(tail2, t.Mul(xr, xr))
		}
		if t.Equal(tail2, zero) {
			continue
		}
		alpha := t.Neg(t.Copysign(t.Sqrt(t.Add(t.Mul(x[0], x[0]), tail2)), x[0]))

		x[0] = t.Sub(x[0], alpha)
		tau := t.Div(two, t.Add(t.Mul(x[0], x[0]), tail2))

		pm := p[:m]
		var pu dmd.Num
		for r := 0; r < m; r++ {
			row := a[(j+1+r)*k+j+1 : (j+1+r)*k+k]
			var s dmd.Num
			for c, uc := range x {
				s = t.Add(s, t.Mul(row[c], uc))
			}
			pm[r] = t.Mul(tau, s)
			pu = t.Add(pu, t.Mul(pm[r], x[r]))
		}
		half := t.Mul(t.Div(tau, two), pu)
		for r := range pm {
			pm[r] = t.Sub(pm[r], t.Mul(half, x[r]))
		}
		for r := 0; r < m; r++ {
			row := a[(j+1+r)*k+j+1 : (j+1+r)*k+k]
			ur, wr := x[r], pm[r]
			for c := range row {
				row[c] = t.Sub(row[c], t.Add(t.Mul(ur, pm[c]), t.Mul(wr, x[c])))
			}
		}
		a[(j+1)*k+j], a[j*k+j+1] = alpha, alpha
		for r := 1; r < m; r++ {
			a[(j+1+r)*k+j], a[j*k+j+1+r] = zero, zero
		}

		for r := 0; r < k; r++ {
			row := q.v[r*k+j+1 : r*k+k]
			var s dmd.Num
			for c, uc := range x {
				s = t.Add(s, t.Mul(row[c], uc))
			}
			s = t.Mul(s, tau)
			for c, uc := range x {
				row[c] = t.Sub(row[c], t.Mul(s, uc))
			}
		}
	}
	for i := 0; i < k; i++ {
		d[i] = a[i*k+i]
		if i+1 < k {
			e[i] = a[(i+1)*k+i]
		}
	}
	e[k-1] = zero
	return q
}

// maxQLIter is linalg's bound on QL sweeps per eigenvalue.
const maxQLIter = 60

// errNotConverged reports a QL iteration that did not converge.
type errNotConverged struct{}

func (errNotConverged) Error() string { return "pipeline: eigenvalue did not converge" }

// tridiagQL is linalg's implicit QL iteration.
func tridiagQL(t *dmd.Machine, d, e []dmd.Num, zt *mat) error {
	k := len(d)
	eps := dmd.Const(0x1p-53)
	zero, one, two := dmd.Const(0), dmd.Const(1), dmd.Const(2)
	for l := 0; l < k; l++ {
		for iter := 0; ; iter++ {
			m := l
			for ; m < k-1; m++ {
				ae := t.Abs(e[m])
				if t.LessEq(ae, t.Mul(eps, t.Add(t.Abs(d[m]), t.Abs(d[m+1])))) {
					break
				}
			}
			if m == l {
				break
			}
			if iter == maxQLIter {
				return errNotConverged{}
			}

			g := t.Div(t.Sub(d[l+1], d[l]), t.Mul(two, e[l]))
			r := t.Hypot(g, one)
			g = t.Add(t.Sub(d[m], d[l]), t.Div(e[l], t.Add(g, t.Copysign(r, g))))

			s, c, p := one, one, zero
			i := m - 1
			for ; i >= l; i-- {
				f := t.Mul(s, e[i])
				b := t.Mul(c, e[i])
				r = t.Hypot(f, g)
				e[i+1] = r
				if t.Equal(r, zero) {
					d[i+1] = t.Sub(d[i+1], p)
					e[m] = zero
					break
				}
				s, c = t.Div(f, r), t.Div(g, r)
				g = t.Sub(d[i+1], p)
				r = t.Add(t.Mul(t.Sub(d[i], g), s), t.Mul(t.Mul(two, c), b))
				p = t.Mul(s, r)
				d[i+1] = t.Add(g, p)
				g = t.Sub(t.Mul(c, r), b)
				rotateRows(t, zt, i, s, c)
			}
			if t.Equal(r, zero) && i >= l {
				continue
			}
			d[l] = t.Sub(d[l], p)
			e[l] = g
			e[m] = zero
		}
	}
	return nil
}

// rotateRows is linalg's plane rotation of rows i and i+1.
func rotateRows(t *dmd.Machine, zt *mat, i int, s, c dmd.Num) {
	zi := zt.row(i)
	zj := zt.row(i + 1)
	for r, x := range zi {
		y := zj[r]
		zj[r] = t.Add(t.Mul(s, x), t.Mul(c, y))
		zi[r] = t.Sub(t.Mul(c, x), t.Mul(s, y))
	}
}

// sortEigen is linalg's selection sort; swaps are free.
func sortEigen(t *dmd.Machine, d []dmd.Num, v *mat) {
	k := len(d)
	for i := 0; i < k-1; i++ {
		m := i
		for j := i + 1; j < k; j++ {
			if t.Less(d[j], d[m]) {
				m = j
			}
		}
		if m == i {
			continue
		}
		d[i], d[m] = d[m], d[i]
		for r := 0; r < v.r; r++ {
			row := v.v[r*v.c:]
			row[i], row[m] = row[m], row[i]
		}
	}
}

// norm2 is linalg's scaled Euclidean norm.
func norm2(t *dmd.Machine, x []dmd.Num) dmd.Num {
	var scale dmd.Num
	ssq := dmd.Const(1)
	zero, one := dmd.Const(0), dmd.Const(1)
	for _, v := range x {
		if t.Equal(v, zero) {
			continue
		}
		a := t.Abs(v)
		if t.Less(scale, a) {
			ssq = t.Add(one, t.Mul(t.Mul(ssq, t.Div(scale, a)), t.Div(scale, a)))
			scale = a
		} else {
			ssq = t.Add(ssq, t.Mul(t.Div(a, scale), t.Div(a, scale)))
		}
	}
	return t.Mul(scale, t.Sqrt(ssq))
}

// qr is linalg.QR.
func qr(t *dmd.Machine, a *mat) (q, r *mat) {
	m, n := a.r, a.c
	w := a.clone()
	us := make([][]dmd.Num, n)
	taus := make([]dmd.Num, n)
	zero, two := dmd.Const(0), dmd.Const(2)
	for j := 0; j < n; j++ {
		u := make([]dmd.Num, m-j)
		for i := range u {
			u[i] = w.v[(j+i)*n+j]
		}
		tail := norm2(t, u[1:])
		if t.Equal(tail, zero) {
			continue
		}
		alpha := t.Neg(t.Copysign(norm2(t, u), u[0]))
		u[0] = t.Sub(u[0], alpha)
		tau := t.Div(two, t.Add(t.Mul(u[0], u[0]), t.Mul(tail, tail)))
		us[j], taus[j] = u, tau

		w.v[j*n+j] = alpha
		for i := 1; i < len(u); i++ {
			w.v[(j+i)*n+j] = zero
		}
		for c := j + 1; c < n; c++ {
			applyReflector(t, w.v[j*n+c:], n, u, tau)
		}
	}

	r = newMat(n, n)
	for i := 0; i < n; i++ {
		copy(r.v[i*n+i:i*n+n], w.v[i*n+i:i*n+n])
	}
	q = newMat(m, n)
	for i := 0; i < n; i++ {
		q.v[i*n+i] = dmd.Const(1)
	}
	for j := n - 1; j >= 0; j-- {
		if us[j] == nil {
			continue
		}
		for c := j; c < n; c++ {
			applyReflector(t, q.v[j*n+c:], n, us[j], taus[j])
		}
	}
	return q, r
}

// applyReflector is linalg's (I − τuuᵀ)·y on a strided vector.
func applyReflector(t *dmd.Machine, y []dmd.Num, ld int, u []dmd.Num, tau dmd.Num) {
	var s dmd.Num
	for i, ui := range u {
		s = t.Add(s, t.Mul(ui, y[i*ld]))
	}
	s = t.Mul(s, tau)
	for i, ui := range u {
		y[i*ld] = t.Sub(y[i*ld], t.Mul(s, ui))
	}
}

// positiveQR is linalg.PositiveQR.
func positiveQR(t *dmd.Machine, a *mat) (q, r *mat) {
	q, r = qr(t, a)
	n := r.c
	zero := dmd.Const(0)
	for j := 0; j < n; j++ {
		if t.GreaterEq(r.v[j*n+j], zero) {
			continue
		}
		for i := 0; i < q.r; i++ {
			q.v[i*n+j] = t.Neg(q.v[i*n+j])
		}
		for c := j; c < n; c++ {
			r.v[j*n+c] = t.Neg(r.v[j*n+c])
		}
	}
	return q, r
}

// symDecorrelate is linalg.SymDecorrelate: (W·Wᵀ)^(-1/2)·W. The rank
// check is not traced.
func symDecorrelate(t *dmd.Machine, w *mat) (*mat, error) {
	k := w.r
	vals, e, err := eigSym(t, mulTB(t, w, w))
	if err != nil {
		return nil, err
	}
	es := e.clone()
	for i := 0; i < k; i++ {
		row := es.row(i)
		for j := range row {
			row[j] = t.Div(row[j], t.Sqrt(vals[j]))
		}
	}
	return mul(t, mulTB(t, es, e), w), nil
}
