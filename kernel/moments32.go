package kernel

import "math"

// Float32Assembly reports whether the float32 kernels (StepRows32,
// ForwardMoments32, TanhContrast32) run assembly for k on this machine:
// the AVX2 path with k = 8. Elsewhere they run their generic code, which
// is slower than the float64 assembly.
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
// a pairwise sum (pairwise32) of its rounded products taken from column
// i on, W[i][(i+d)%k]·z[(i+d)%k] for d = 0…k−1, the order in which a
// kernel that works along the diagonals of W forms them; each term of c
// is rounded before it is added, in row order. The AVX2 kernel for k = 8
// does the same and agrees to the bit. Other k, and arm64, run
// the generic code. It panics if an index is outside z.
func BatchMomentsRows32(c, s, w []float64, z []float32, rows []int, k int) {
	if k < 1 {
		panic(errBadShape)
	}
	need(c, k*k, errShortDst)
	need(s, k*k, errShortDst)
	need(w, k*k, errShortInput)
	checkRows(rows, len(z)/k)
	batchMomentsRows32(c, s, w, z, rows, k)
}

// batchMomentsRows32Generic is the specification of BatchMomentsRows32.
// The explicit float32 conversions keep the compiler from fusing a
// product with the sum it feeds (go.dev/ref/spec#Floating_point_operators),
// so every platform rounds twice, as the assembly does.
func batchMomentsRows32Generic(c, s, w []float64, zs []float32, rows []int, k int) {
	kk := k * k
	buf := make([]float32, 3*kk+k)
	w32, c32, s32, p := buf[:kk], buf[kk:2*kk], buf[2*kk:3*kk], buf[3*kk:]
	for i, v := range w[:kk] {
		w32[i] = float32(v)
	}
	for _, at := range rows {
		z := zs[at*k : at*k+k]
		for i := 0; i < k; i++ {
			h := h32(p, w32[i*k:i*k+k], z, i)
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
				ci[j] += float32(zi * zj)
			}
		}
	}
	for i := range kk {
		c[i], s[i] = float64(c32[i]), float64(s32[i])
	}
}

// h32 is code i of the float32 kernels, (W z)_i for the row wi of W:
// the rounded products wi[j]·z[j] taken from column i on, j = (i+d) mod k
// for d = 0…k−1, into the scratch q, then summed by pairwise32.
func h32(q, wi, z []float32, i int) float32 {
	k := len(z)
	for d := range q {
		j := i + d
		if j >= k {
			j -= k
		}
		q[d] = float32(wi[j] * z[j])
	}
	return pairwise32(q)
}

// pairwise32 sums p as a balanced tree: the first m terms, m the largest
// power of two below len(p), plus the rest, each part summed the same
// way. For 8 terms it is ((p0+p1)+(p2+p3)) + ((p4+p5)+(p6+p7)), the
// order of the AVX2 kernel, whose additions do not wait on each other.
// It adds neighbours level by level in place, which is the same tree
// (an odd last term waits for the next level), and overwrites p.
func pairwise32(p []float32) float32 {
	if len(p) == 0 {
		return 0
	}
	for n := len(p); n > 1; n = (n + 1) / 2 {
		for i := 0; 2*i+1 < n; i++ {
			p[i] = p[2*i] + p[2*i+1]
		}
		if n%2 == 1 {
			p[n/2] = p[n-1]
		}
	}
	return p[0]
}

// ForwardMoments32 is ForwardMoments with the codes in float32, for the
// history of the single-precision training: H = Z·Wᵀ for the float32
// data z (n×k) and W = float32(w), each h formed as in
// BatchMomentsRows32. The power sums of each chunk of 64 rows are taken
// in float32 in row order (every product rounded), then added to the
// float64 sums (5k, laid out as ForwardMoments'). It returns the number
// of entries with |h| < small. A chunk's float32 sums carry a relative
// error of at most about 64·2⁻²⁴ ≈ 4e-6, far below what the history
// reports. The AVX2 kernel for k = 8 agrees with the generic code to the
// bit; other k and arm64 run the generic code.
func ForwardMoments32(sums, w []float64, z []float32, n, k int, small float64) int64 {
	if n < 0 || k < 1 {
		panic(errBadShape)
	}
	need(sums, 5*k, errShortDst)
	need(w, k*k, errShortInput)
	if len(z) < n*k {
		panic(errShortInput)
	}
	return forwardMoments32(sums, w, z, n, k, small)
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
	buf := make([]float32, kk+6*k)
	w32, q := buf[:kk], buf[kk:kk+k]
	t := buf[kk+k:]
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
				h := h32(q, w32[i*k:i*k+k], zr, i)
				h2 := float32(h * h)
				t1[i] += h
				t2[i] += h2
				t3[i] += float32(h2 * h)
				t4[i] += float32(h2 * h2)
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
