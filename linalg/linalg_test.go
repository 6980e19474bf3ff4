package linalg

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

const eps = 0x1p-52

func randDense(rng *rand.Rand, r, c int) *Dense {
	m := New(r, c)
	for i := range m.Data {
		m.Data[i] = rng.NormFloat64()
	}
	return m
}

func randSym(rng *rand.Rand, k int) *Dense {
	a := randDense(rng, k, k)
	for i := 0; i < k; i++ {
		for j := 0; j < i; j++ {
			a.Set(j, i, a.At(i, j))
		}
	}
	return a
}

// symFromSpectrum returns Q·diag(vals)·Qᵀ for a random orthogonal Q.
func symFromSpectrum(rng *rand.Rand, vals []float64) *Dense {
	k := len(vals)
	q, _ := PositiveQR(randDense(rng, k, k))
	qd := q.Clone()
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			qd.Data[i*k+j] *= vals[j]
		}
	}
	a := MulTB(qd, q)
	for i := 0; i < k; i++ { // exact symmetry
		for j := 0; j < i; j++ {
			a.Set(j, i, a.At(i, j))
		}
	}
	return a
}

func sub(a, b *Dense) *Dense {
	c := a.Clone()
	for i := range c.Data {
		c.Data[i] -= b.Data[i]
	}
	return c
}

// orthoResidual returns ‖VᵀV − I‖_F.
func orthoResidual(v *Dense) float64 {
	return sub(MulTA(v, v), Identity(v.Cols)).NormFrob()
}

func checkEigen(t *testing.T, name string, a *Dense) {
	t.Helper()
	vals, v, err := EigSym(a)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	checkEigenPairs(t, name, a, vals, v)
}

// checkEigenPairs checks that vals ascend, ‖A·V − V·Λ‖ is at rounding
// level for ‖A‖ and V is orthogonal.
func checkEigenPairs(t *testing.T, name string, a *Dense, vals []float64, v *Dense) {
	t.Helper()
	k := a.Rows
	for i := 1; i < k; i++ {
		if vals[i] < vals[i-1] {
			t.Fatalf("%s: eigenvalues not ascending at %d: %v < %v", name, i, vals[i], vals[i-1])
		}
	}
	// ‖AV − VΛ‖_F ≤ c·k·ε·‖A‖_F, c = 4 chosen as a small constant.
	av := Mul(a, v)
	vl := v.Clone()
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			vl.Data[i*k+j] *= vals[j]
		}
	}
	norm := a.NormFrob()
	bound := 4 * float64(k) * eps * norm
	if r := sub(av, vl).NormFrob(); r > bound {
		t.Errorf("%s: ‖AV−VΛ‖ = %.3g > %.3g", name, r, bound)
	}
	if r := orthoResidual(v); r > 4*float64(k)*eps {
		t.Errorf("%s: ‖VᵀV−I‖ = %.3g > %.3g", name, r, 4*float64(k)*eps)
	}
}

func TestEigSymRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 2, 3, 4, 5, 7, 8, 16, 31, 64, 100, 256} {
		checkEigen(t, fmt.Sprintf("random k=%d", k), randSym(rng, k))
	}
}

func TestEigSymKnownSpectrum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{2, 8, 33, 128} {
		want := make([]float64, k)
		for i := range want {
			want[i] = float64(i+1) - float64(k)/2
		}
		a := symFromSpectrum(rng, want)
		vals, _, err := EigSym(a)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if d := math.Abs(vals[i] - want[i]); d > 8*float64(k)*eps*a.NormFrob() {
				t.Errorf("k=%d: λ%d = %v, want %v", k, i, vals[i], want[i])
			}
		}
		checkEigen(t, fmt.Sprintf("spectrum k=%d", k), a)
	}
}

func TestEigSymDiagonal(t *testing.T) {
	k := 9
	a := New(k, k)
	for i := 0; i < k; i++ {
		a.Set(i, i, float64((i*5)%k)-3) // a permutation of −3…5
	}
	vals, v, err := EigSym(a)
	if err != nil {
		t.Fatal(err)
	}
	for i := range vals {
		if vals[i] != float64(i)-3 {
			t.Errorf("λ%d = %v, want %v", i, vals[i], float64(i)-3)
		}
	}
	checkEigen(t, "diagonal", a)
	// A diagonal matrix is already reduced: V must be a permutation.
	for _, x := range v.Data {
		if x != 0 && math.Abs(x) != 1 {
			t.Fatalf("diagonal input gave a non-permutation V:\n%v", v)
		}
	}
}

func TestEigSymRepeated(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vals := []float64{2, 2, 2, 2, -1, -1, 5, 5, 5, 0}
	checkEigen(t, "repeated", symFromSpectrum(rng, vals))
	checkEigen(t, "identity", Identity(12))
	checkEigen(t, "zero", New(7, 7))
}

func TestEigSymRankDeficient(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := randDense(rng, 40, 3)
	// k = 10 Gram matrix of rank 3.
	y := MulTB(x, randDense(rng, 10, 3))
	a := Gram(y)
	checkEigen(t, "rank 3 of 10", a)
	vals, _, _ := EigSym(a)
	for i := 0; i < 7; i++ {
		if math.Abs(vals[i]) > 40*eps*vals[9] {
			t.Errorf("null eigenvalue %d = %.3g, want ≈ 0", i, vals[i])
		}
	}
}

func TestEigSymGraded(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, k := range []int{6, 20, 64} {
		// Eigenvalues spread over 30 orders of magnitude, both signs.
		vals := make([]float64, k)
		for i := range vals {
			vals[i] = math.Pow(10, -15+30*float64(i)/float64(k-1))
			if i%3 == 1 {
				vals[i] = -vals[i]
			}
		}
		checkEigen(t, fmt.Sprintf("graded spectrum k=%d", k), symFromSpectrum(rng, vals))

		// Entries graded along the diagonal: a_ij = g_i g_j r_ij.
		a := randSym(rng, k)
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				a.Data[i*k+j] *= math.Pow(10, -float64(i+j)/2)
			}
		}
		checkEigen(t, fmt.Sprintf("graded entries k=%d", k), a)
	}
}

func TestEigSymNotFinite(t *testing.T) {
	a := Identity(4)
	a.Set(2, 1, math.NaN())
	if _, _, err := EigSym(a); !errors.Is(err, ErrNotFinite) {
		t.Fatalf("NaN input: err = %v, want ErrNotFinite", err)
	}
}

func TestQR(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, sh := range [][2]int{{1, 1}, {5, 5}, {8, 8}, {9, 4}, {64, 64}, {100, 30}} {
		m, n := sh[0], sh[1]
		a := randDense(rng, m, n)
		q, r := PositiveQR(a)
		if res := sub(Mul(q, r), a).NormFrob(); res > 4*float64(m)*eps*a.NormFrob() {
			t.Errorf("%d×%d: ‖QR − A‖ = %.3g", m, n, res)
		}
		if res := orthoResidual(q); res > 4*float64(m)*eps {
			t.Errorf("%d×%d: ‖QᵀQ − I‖ = %.3g", m, n, res)
		}
		for i := 0; i < n; i++ {
			if r.At(i, i) < 0 {
				t.Errorf("%d×%d: R[%d,%d] = %v < 0", m, n, i, i, r.At(i, i))
			}
			for j := 0; j < i; j++ {
				if r.At(i, j) != 0 {
					t.Errorf("%d×%d: R[%d,%d] = %v below the diagonal", m, n, i, j, r.At(i, j))
				}
			}
		}
	}
}

func TestPositiveQRUnique(t *testing.T) {
	// An upper-triangular matrix with positive diagonal is its own R
	// and has Q = I.
	a := New(3, 3)
	copy(a.Data, []float64{2, 1, -1, 0, 3, 4, 0, 0, 5})
	q, r := PositiveQR(a)
	if res := sub(q, Identity(3)).NormFrob(); res > 10*eps {
		t.Fatalf("Q = \n%v, want I", q)
	}
	if res := sub(r, a).NormFrob(); res > 10*eps*a.NormFrob() {
		t.Fatalf("R = \n%v, want A", r)
	}
}

func TestWhitener(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	n, k := 500, 6
	x := MulTB(randDense(rng, n, k), randDense(rng, k, k))
	for i := 0; i < n; i++ {
		x.Row(i)[2] += 7 // a non-zero mean
	}
	for _, mode := range []WhitenMode{PCAWhiten, ZCAWhiten} {
		w, err := FitWhitener(x, mode, 1e-9)
		if err != nil {
			t.Fatal(err)
		}
		z := w.Transform(x)
		mean := ColumnMeans(z)
		for j, m := range mean {
			if math.Abs(m) > 1e-12 {
				t.Errorf("%v: mean of Z column %d = %.3g", mode, j, m)
			}
		}
		c := Gram(z)
		c.Scale(1 / float64(n))
		if res := sub(c, Identity(k)).NormFrob(); res > 1e-12 {
			t.Errorf("%v: ‖cov(Z) − I‖ = %.3g", mode, res)
		}
		for i := 1; i < k; i++ {
			if w.Values[i] > w.Values[i-1] {
				t.Errorf("%v: eigenvalues not descending", mode)
			}
		}
		if mode == ZCAWhiten {
			if res := sub(w.K, w.K.T()).NormFrob(); res > 1e-12*w.K.NormFrob() {
				t.Errorf("ZCA whitener not symmetric: %.3g", res)
			}
		}
	}
}

func TestWhitenerRankDeficient(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	n, k := 300, 5
	for _, tc := range []struct {
		name string
		edit func(x *Dense)
	}{
		{"equal columns", func(x *Dense) {
			for i := 0; i < n; i++ {
				x.Row(i)[3] = x.Row(i)[1]
			}
		}},
		{"constant column", func(x *Dense) {
			for i := 0; i < n; i++ {
				x.Row(i)[4] = 1e6 / 3
			}
		}},
		{"dependent column", func(x *Dense) {
			for i := 0; i < n; i++ {
				r := x.Row(i)
				r[0] = 0.3*r[1] - 2.5*r[2] + r[3]
			}
		}},
		{"zero data", func(x *Dense) { clear(x.Data) }},
	} {
		x := randDense(rng, n, k)
		tc.edit(x)
		if _, err := FitWhitener(x, PCAWhiten, 1e-9); !errors.Is(err, ErrRankDeficient) {
			t.Errorf("%s: err = %v, want ErrRankDeficient", tc.name, err)
		}
	}
	x := randDense(rng, n, k)
	x.Set(7, 2, math.Inf(1))
	if _, err := FitWhitener(x, PCAWhiten, 1e-9); !errors.Is(err, ErrNotFinite) {
		t.Errorf("Inf: err = %v, want ErrNotFinite", err)
	}
}

func TestSymDecorrelate(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, k := range []int{2, 8, 32} {
		// W = Q₁·diag(s)·Q₂ has the polar factor Q₁·Q₂.
		q1, _ := PositiveQR(randDense(rng, k, k))
		q2, _ := PositiveQR(randDense(rng, k, k))
		qs := q1.Clone()
		for i := 0; i < k; i++ {
			for j := 0; j < k; j++ {
				qs.Data[i*k+j] *= 0.5 + 1.5*float64(j)/float64(k)
			}
		}
		w := Mul(qs, q2)
		u, err := SymDecorrelate(w)
		if err != nil {
			t.Fatal(err)
		}
		if res := sub(u, Mul(q1, q2)).NormFrob(); res > 100*float64(k)*eps {
			t.Errorf("k=%d: ‖U − Q₁Q₂‖ = %.3g", k, res)
		}
		if res := orthoResidual(u.T()); res > 100*float64(k)*eps {
			t.Errorf("k=%d: ‖UUᵀ − I‖ = %.3g", k, res)
		}
		// The polar factor: Uᵀ·W = (WᵀW)^(1/2) is symmetric positive
		// definite.
		p := MulTA(u, w)
		if res := sub(p, p.T()).NormFrob(); res > 1e3*float64(k)*eps*w.NormFrob() {
			t.Errorf("k=%d: UᵀW not symmetric: %.3g", k, res)
		}
		vals, _, _ := EigSym(p)
		if vals[0] <= 0 {
			t.Errorf("k=%d: UᵀW not positive definite: λ₀ = %v", k, vals[0])
		}
		// An orthogonal matrix is its own decorrelation.
		v, _ := SymDecorrelate(u)
		if res := sub(u, v).NormFrob(); res > 100*float64(k)*eps {
			t.Errorf("k=%d: decorrelation of an orthogonal matrix moved it by %.3g", k, res)
		}
	}
	w := randDense(rng, 4, 4)
	copy(w.Row(3), w.Row(0))
	if _, err := SymDecorrelate(w); !errors.Is(err, ErrRankDeficient) {
		t.Errorf("singular W: err = %v, want ErrRankDeficient", err)
	}
}

// TestEigSymDesc checks that EigSymDesc is EigSym reversed: values
// descending, and each column of V still the eigenvector of its value.
func TestEigSymDesc(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{1, 2, 5, 8} {
		a := randSym(rng, k)
		up, vu, err := EigSym(a.Clone())
		if err != nil {
			t.Fatal(err)
		}
		down, vd, err := EigSymDesc(a)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < k; i++ {
			if down[i] != up[k-1-i] {
				t.Fatalf("k=%d: value %d is %v, want %v", k, i, down[i], up[k-1-i])
			}
			for r := 0; r < k; r++ {
				if vd.At(r, i) != vu.At(r, k-1-i) {
					t.Fatalf("k=%d: vector %d differs from EigSym's %d", k, i, k-1-i)
				}
			}
		}
	}
}
