package kernel

import "math"

// TanhContrast32 is TanhContrast with each tanh evaluated in float32
// (tanh32 of float32(y), widened back): the optional single-precision
// FastICA. Everything else, y = W z, 1 − g² and the sums, stays float64,
// in the order of TanhContrast. The AVX2 kernel for k = 8 works on 8
// lanes at a time, the NEON kernel on 4, and both agree with the generic
// code to the bit; other k run the generic code.
func TanhContrast32(gz, gd, w, z []float64, n, k int) {
	if n < 0 || k < 1 {
		panic(errBadShape)
	}
	need(gz, k*k, errShortDst)
	need(gd, k, errShortDst)
	need(w, k*k, errShortInput)
	need(z, n*k, errShortInput)
	tanhContrast32(gz, gd, w, z, n, k)
}

// tanhContrast32Generic is the specification of TanhContrast32.
func tanhContrast32Generic(gz, gd, w, z []float64, n, k int) {
	clear(gz[:k*k])
	clear(gd[:k])
	for r := 0; r < n; r++ {
		zr := z[r*k : r*k+k]
		for i := 0; i < k; i++ {
			wi := w[i*k : i*k+k]
			var y float64
			for j, zj := range zr {
				y = math.FMA(wi[j], zj, y)
			}
			g := float64(tanh32(float32(y)))
			gd[i] += math.FMA(-g, g, 1)
			gi := gz[i*k : i*k+k]
			for j, zj := range zr {
				gi[j] = math.FMA(g, zj, gi[j])
			}
		}
	}
}

// Constants of tanh32.
const (
	tanh32Clip = 10                  // tanh rounds to ±1 in float32 beyond 9.01
	log2e32    = float32(math.Log2E) //
	magic32    = float32(0x1.8p23)   // t + magic32 rounds t to an integer
	ln2Hi32    = float32(0.693145751953125)
	ln2Lo32    = float32(1.428606765330187e-06) // ln 2 − ln2Hi32
)

// exp32c are the Taylor coefficients 1/i! of e^r for i = 1…7
// (exp32c[0] is unused).
var exp32c = [8]float32{0, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040}

// tanh32 is the float32 tanh of TanhContrast32, each step rounded to
// float32 as the AVX2 kernel rounds it: fma32 where it fuses a product
// into a sum (VFMADD), a product then a sum where it does not. With
// a = min(|x|, 10) and m = e^{2a} − 1, tanh a = m/(m + 2);
// 2a = n·ln2 + r with |r| ≤ ln2/2 (r in two fused steps), e^r − 1 =
// r·P(r) with P the Taylor polynomial to r⁶ (next term below 2e-8
// relative), summed by Horner's rule in fused steps, and
// m = 2ⁿ(e^r − 1) + (2ⁿ − 1), fused, which keeps the relative accuracy
// of small a. The sign of x is put back at the end; NaN stays NaN.
// TestTanh32Accuracy measures its error against math.Tanh.
func tanh32(x float32) float32 {
	const sign = 1 << 31
	a := math.Float32frombits(math.Float32bits(x) &^ sign)
	ca := a
	if tanh32Clip < a {
		ca = tanh32Clip
	}
	t2 := ca + ca
	t := float32(t2*log2e32) + magic32
	n := t - magic32
	r := fma32(-n, ln2Hi32, t2)
	r = fma32(-n, ln2Lo32, r)
	p := exp32c[7]
	for i := 6; i >= 1; i-- {
		p = fma32(p, r, exp32c[i])
	}
	em1 := float32(r * p)
	s := math.Float32frombits(math.Float32bits(t)<<23 + 127<<23)
	m := fma32(s, em1, s-1)
	g := m / (m + 2)
	return math.Float32frombits(math.Float32bits(g) | math.Float32bits(x)&sign)
}
