package kernel

// BatchMoments makes the one pass over a mini-batch that the LOCOCODE
// step needs. For the b rows z of zb (b×k) and the k×k matrix w it sets
//
//	c = Σ z zᵀ           (ZbᵀZb, k×k, symmetric, both triangles written)
//	s = Σ sign(W z) zᵀ   (sign(H)ᵀZb with H = Zb·Wᵀ, k×k; sign(0) = 0)
//
// overwriting c and s. w and zb are not modified; c and s must not
// overlap each other or the inputs. Cost: about 4bk² flops (2bk² for H,
// bk² for the triangle of C, bk² additions for S).
func BatchMoments(c, s, w, zb []float64, b, k int) {
	if b < 0 || k < 1 {
		panic(errBadShape)
	}
	need(c, k*k, errShortDst)
	need(s, k*k, errShortDst)
	need(w, k*k, errShortInput)
	need(zb, b*k, errShortInput)
	batchMoments(c, s, w, zb, b, k)
}

// ForwardMoments computes the codes H = Z·Wᵀ of all n rows of z (n×k)
// under w (k×k) without storing them, and writes their per-column power
// sums into sums (5k):
//
//	sums[0k+i] = Σ_r h_ri      sums[1k+i] = Σ_r h_ri²
//	sums[2k+i] = Σ_r h_ri³     sums[3k+i] = Σ_r h_ri⁴
//	sums[4k+i] = Σ_r |h_ri|
//
// It returns the number of entries with |h| < small. Cost: 2nk² flops
// for H and about 8nk for the sums.
// The raw power sums lose accuracy in the fourth central moment when a
// column mean is large against its spread; callers use them on centred
// data, where the means are at rounding level.
func ForwardMoments(sums, w, z []float64, n, k int, small float64) int64 {
	if n < 0 || k < 1 {
		panic(errBadShape)
	}
	need(sums, 5*k, errShortDst)
	need(w, k*k, errShortInput)
	need(z, n*k, errShortInput)
	return forwardMoments(sums, w, z, n, k, small)
}
