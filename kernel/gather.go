package kernel

// GatherRows copies row rows[r] of src (n×k) to row r of dst
// (len(rows)×k), for every r: the mini-batch of a shuffled epoch. dst
// must not overlap src. It panics if an index is outside src.
//
// It is plain Go on every path: for k = 8 each row moves as eight
// element assignments, which for the headline training is several times
// faster than calling copy (memmove) per 64-byte row.
func GatherRows(dst, src []float64, rows []int, k int) {
	if k < 0 {
		panic(errBadShape)
	}
	need(dst, len(rows)*k, errShortDst)
	if k == 8 {
		for r, i := range rows {
			d, s := dst[8*r:8*r+8], src[8*i:8*i+8]
			d[0], d[1], d[2], d[3] = s[0], s[1], s[2], s[3]
			d[4], d[5], d[6], d[7] = s[4], s[5], s[6], s[7]
		}
		return
	}
	for r, i := range rows {
		copy(dst[r*k:r*k+k], src[i*k:i*k+k])
	}
}
