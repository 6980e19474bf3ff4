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

// BatchMomentsRows is BatchMoments on the batch whose row r is row
// rows[r] of z (n×k), read in place: the mini-batch of a shuffled epoch
// without a copy. The results are those of BatchMoments on the gathered
// rows, to the bit. It panics if an index is outside z.
func BatchMomentsRows(c, s, w, z []float64, rows []int, k int) {
	if k < 1 {
		panic(errBadShape)
	}
	need(c, k*k, errShortDst)
	need(s, k*k, errShortDst)
	need(w, k*k, errShortInput)
	batchMomentsRows(c, s, w, z, rows, k)
}

// checkRows panics with errRowIndex unless every index is in [0, n).
func checkRows(rows []int, n int) {
	for _, i := range rows {
		if uint(i) >= uint(n) {
			panic(errRowIndex)
		}
	}
}

// gatherInto returns the rows of z listed in rows as a len(rows)×k
// matrix, in t when it is long enough: the fallback of the paths whose
// assembly reads only contiguous batches.
func gatherInto(t, z []float64, rows []int, k int) []float64 {
	if len(t) < len(rows)*k {
		t = make([]float64, len(rows)*k)
	}
	GatherRows(t, z, rows, k)
	return t
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
	return forwardMoments(sums, w, z, n, k, small, nil, nil)
}

// ForwardMomentsShuffle is ForwardMoments followed by the shuffle of p
// whose draws d holds (Start(len(p)) and then any StepRowsDraw calls):
// it makes the draws left (Finish) and then the swaps, so that p ends as
// Shuffle(p, g) leaves it for the generator g that d started from, and
// d.G as Shuffle leaves g. The AVX2 kernel for k = 8 makes the swaps
// inside its pass over the rows, one per row, and any left after it. It
// panics if d holds the draws of another length.
func ForwardMomentsShuffle(sums, w, z []float64, n, k int, small float64, p []int, d *Draws) int64 {
	if n < 0 || k < 1 || d == nil || len(d.J) != len(p) {
		panic(errBadShape)
	}
	need(sums, 5*k, errShortDst)
	need(w, k*k, errShortInput)
	need(z, n*k, errShortInput)
	d.Finish()
	return forwardMoments(sums, w, z, n, k, small, p, d)
}
