package kernel

import "math"

// Float32Assembly reports whether the float32 kernels (StepRows32,
// ForwardMoments32, TanhContrast32) run assembly for k on this machine:
// the AVX2 or NEON path with k = 8. Elsewhere they run their generic
// code, which is slower than the float64 assembly.
func Float32Assembly(k int) bool { return float32Asm(k) }

// BatchMomentsRows32 is BatchMomentsRows with the pass over the batch in
// float32, for the optional single-precision training (StepRows32). For
// the rows rows[r] of the float32 data z (n×k) and W = float32(w) (w is
// k×k float64) it sums in float32
//
//	c = Σ z zᵀ           (ZbᵀZb, k×k, both triangles)
//	s = Σ sign(W z) zᵀ   (sign(H)ᵀZb, k×k; sign(0) = 0)
//
// and writes them, widened, to the float64 c and s. Each h = (W z)_i is
// h32's two fused chains of the products W[i][(i+d)%k]·z[(i+d)%k], the
// order in which a kernel that works along the diagonals of W forms
// them; each term of c is fused into its sum (fma32), in row order. The
// AVX2 kernel for k = 8 does the same with VFMADD231PS, the NEON kernel
// with FMLA, and both agree to the bit for finite z (they add sign(h)·z
// to S, which is NaN where h is NaN and z ±Inf or NaN, and the generic
// code adds nothing there). Other k run the generic code. It panics if
// an index is outside z.
func BatchMomentsRows32(c, s, w []float64, z []float32, rows []int, k int) {
	if k < 1 {
		panic(errBadShape)
	}
	need(c, k*k, errShortDst)
	need(s, k*k, errShortDst)
	need(w, k*k, errShortInput)
	batchMomentsRows32(c, s, w, z, rows, k)
}

// batchMomentsRows32Generic is the specification of BatchMomentsRows32.
// It checks every index before it reads any row.
func batchMomentsRows32Generic(c, s, w []float64, zs []float32, rows []int, k int) {
	checkRows(rows, len(zs)/k)
	kk := k * k
	buf := make([]float32, 3*kk)
	w32, c32, s32 := buf[:kk], buf[kk:2*kk], buf[2*kk:3*kk]
	for i, v := range w[:kk] {
		w32[i] = float32(v)
	}
	for _, at := range rows {
		z := zs[at*k : at*k+k]
		for i := 0; i < k; i++ {
			h := h32(w32[i*k:i*k+k], z, i)
			si := s32[i*k : i*k+k]
			switch {
			case h > 0:
				for j, zj := range z {
					si[j] += zj
				}
			case h < 0:
				for j, zj := range z {
					si[j] -= zj
				}
			}
			zi := z[i]
			ci := c32[i*k : i*k+k]
			for j, zj := range z {
				ci[j] = fma32(zi, zj, ci[j])
			}
		}
	}
	for i := range kk {
		c[i], s[i] = float64(c32[i]), float64(s32[i])
	}
}

// h32 is code i of the float32 kernels, (W z)_i for the row wi of W,
// from the products wi[j]·z[j] taken from column i on, j = (i+d) mod k
// for d = 0…k−1. The first ⌈k/2⌉ of them form one chain, the rest a
// second, each chain starting from its rounded first product and fusing
// the others in (fma32); h is the sum of the two chains. For k = 8:
//
//	a = fma(w3 z3, fma(w2 z2, fma(w1 z1, w0 z0)))   (d = 0…3)
//	b = fma(w7 z7, fma(w6 z6, fma(w5 z5, w4 z4)))   (d = 4…7)
//	h = a + b
//
// so that a kernel holding z rotated by d runs two short chains side by
// side.
func h32(wi, z []float32, i int) float32 {
	k := len(z)
	m := (k + 1) / 2
	chain := func(d0, d1 int) float32 {
		var acc float32
		for d := d0; d < d1; d++ {
			j := i + d
			if j >= k {
				j -= k
			}
			if d == d0 {
				acc = float32(wi[j] * z[j])
			} else {
				acc = fma32(wi[j], z[j], acc)
			}
		}
		return acc
	}
	a := chain(0, m)
	if m == k {
		return a
	}
	return a + chain(m, k)
}

// ForwardMoments32 is ForwardMoments with the codes in float32, for the
// history of the single-precision training: H = Z·Wᵀ for the float32
// data z (n×k) and W = float32(w), each h formed as in
// BatchMomentsRows32. The power sums of each chunk of 64 rows are taken
// in float32 in row order (h² rounded; h², h³ = h²·h and h⁴ = h²·h²
// fused into their sums, fma32), then added to the float64 sums (5k,
// laid out as ForwardMoments'). It returns the number
// of entries with |h| < small. A chunk's float32 sums carry a relative
// error of at most about 64·2⁻²⁴ ≈ 4e-6, far below what the history
// reports. The AVX2 and NEON kernels for k = 8 agree with the generic
// code to the bit; other k run the generic code.
func ForwardMoments32(sums, w []float64, z []float32, n, k int, small float64) int64 {
	if n < 0 || k < 1 {
		panic(errBadShape)
	}
	need(sums, 5*k, errShortDst)
	need(w, k*k, errShortInput)
	if len(z) < n*k {
		panic(errShortInput)
	}
	return forwardMoments32(sums, w, z, n, k, small, nil, nil)
}

// ForwardMoments32Shuffle is ForwardMoments32 followed by the shuffle of
// p whose draws d holds (Start(len(p)) and then any StepRows32Draw
// calls): it makes the draws left (Finish) and then the swaps, so that p
// ends as Shuffle(p, g) leaves it for the generator g that d started
// from, and d.G as Shuffle leaves g. The AVX2 kernel for k = 8 makes
// the swaps inside its pass over the rows, one per row, and any left
// after it. It panics if d holds the draws of another length.
func ForwardMoments32Shuffle(sums, w []float64, z []float32, n, k int, small float64, p []int, d *Draws) int64 {
	if n < 0 || k < 1 || d == nil || len(d.J) != len(p) {
		panic(errBadShape)
	}
	need(sums, 5*k, errShortDst)
	need(w, k*k, errShortInput)
	if len(z) < n*k {
		panic(errShortInput)
	}
	d.Finish()
	return forwardMoments32(sums, w, z, n, k, small, p, d)
}

// chunk32 is the number of rows whose power sums ForwardMoments32 takes
// in float32 before adding them to the float64 totals.
const chunk32 = 64

// threshold32 returns the least float32 t ≥ small, so that for a
// float32 a, a < t exactly when float64(a) < small.
func threshold32(small float64) float32 {
	t := float32(small)
	if float64(t) < small {
		t = math.Nextafter32(t, float32(math.Inf(1)))
	}
	return t
}

// forwardMoments32Generic is the specification of ForwardMoments32.
func forwardMoments32Generic(sums, w []float64, z []float32, n, k int, small float64) int64 {
	clear(sums[:5*k])
	kk := k * k
	buf := make([]float32, kk+5*k)
	w32, t := buf[:kk], buf[kk:]
	t1, t2, t3, t4, ta := t[:k], t[k:2*k], t[2*k:3*k], t[3*k:4*k], t[4*k:5*k]
	for i, v := range w[:kk] {
		w32[i] = float32(v)
	}
	var count int64
	for r0 := 0; r0 < n; r0 += chunk32 {
		clear(t)
		for r := r0; r < min(r0+chunk32, n); r++ {
			zr := z[r*k : r*k+k]
			for i := 0; i < k; i++ {
				h := h32(w32[i*k:i*k+k], zr, i)
				h2 := float32(h * h)
				t1[i] += h
				t2[i] = fma32(h, h, t2[i])
				t3[i] = fma32(h2, h, t3[i])
				t4[i] = fma32(h2, h2, t4[i])
				a := float32(math.Abs(float64(h)))
				ta[i] += a
				if float64(a) < small {
					count++
				}
			}
		}
		for i, v := range t {
			sums[i] += float64(v)
		}
	}
	return count
}
