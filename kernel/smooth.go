package kernel

import "math"

// SmoothMoments is BatchMoments for the log-cosh penalty on the codes:
// for the b rows z of zb (b×k) and the k×k matrix w it sets
//
//	c = Σ z zᵀ              (ZbᵀZb, k×k, as Gram)
//	s = Σ tanh(W z / α) zᵀ  (tanh(H/α)ᵀZb, k×k)
//
// overwriting c, s and the scratch h (length ≥ 2bk), whose first bk
// entries end holding tanh(H/α) as a b×k matrix. It is the composition
// H = Zb·Wᵀ (MatMulTB), H ← tanh(H/α), s = HᵀZb (MulTA), c = Gram(Zb),
// so it runs at the speed of those kernels; on the AVX2 and NEON paths
// the tanh is the vector one of TanhContrast (within 3 and 2 ulp of
// math.Tanh). alpha must be positive. Cost: 5bk² flops and bk tanh,
// three passes over the batch against BatchMoments' one.
func SmoothMoments(c, s, h, w, zb []float64, b, k int, alpha float64) {
	if b < 0 || k < 1 || !(alpha > 0) {
		panic(errBadShape)
	}
	need(c, k*k, errShortDst)
	need(s, k*k, errShortDst)
	need(h, 2*b*k, errShortDst)
	need(w, k*k, errShortInput)
	need(zb, b*k, errShortInput)

	hb, scratch := h[:b*k], h[b*k:2*b*k]
	MatMulTB(hb, zb, w, b, k, k)
	inv := 1 / alpha
	for i := range hb {
		hb[i] *= inv
	}
	tanhInPlace(hb, scratch)
	MulTA(s, hb, zb, b, k, k)
	Gram(c, zb, b, k)
}

// tanhGeneric overwrites y[i] with math.Tanh(y[i]).
func tanhGeneric(y []float64) {
	for i, v := range y {
		y[i] = math.Tanh(v)
	}
}
