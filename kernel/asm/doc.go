// Package asm holds the assembly versions of the kernels of package
// kernel: AVX2+FMA on amd64 (suffix AVX2) and NEON on arm64 (suffix
// NEON). Each function has exactly the parameters of the generic Go
// function it replaces, and package kernel calls it only after checking
// the slice lengths, so the functions here assume them. Nothing here is
// compiled with the build tag purego.
//
// # AVX2+FMA
//
// One product kernel, gemmAVX2, computes dst = a·b where a is read
// through a row and a column stride, so that the same code serves
// MatMul (a row-major), MulTA and Gram (a = xᵀ, read down the columns of
// x) and MatMulTB (b transposed on the stack first). It walks the
// result in blocks of 8 columns (two YMM vectors; a partial last block
// under a lane mask) and tiles of 6 rows: 12 accumulators, enough to
// cover the 4-cycle latency of both FMA pipes, and per step of the sum
// two loads of b, six broadcasts of a and 12 VFMADD231PD. Each entry is
// summed over l in order with one fused multiply-add per term, which is
// what the generic functions write with math.FMA, so the products agree
// with them to the bit.
//
// BatchMoments forms the signs of H = Zb·Wᵀ with that kernel (sign
// taken in the tile's registers), then C = ZbᵀZb and S = sign(H)ᵀZb; for
// k = 8 it is a single function with W transposed and the signs in its
// frame, the loops over the 8 columns unrolled and C's upper triangle in
// one tile of 12 accumulators. ForwardMoments keeps each tile of H in
// registers and adds it to the power sums, never storing H. For k = 8
// the k×k part of Step (WᵀW − I, W·C, (W·C)·M and the update) is one
// function as well. TanhContrast forms Y = Z·Wᵀ a chunk of rows at a
// time, evaluates tanh and 1 − tanh² three vectors at a time (tanh as
// m/(m+2), m = expm1(2|x|), within 3 ulp of math.Tanh) and adds tanh(Y)ᵀZ
// with the product kernel; for k = 8 it too is one function, with the
// chunk in its frame.
//
// BatchMoments8 also gathers the rows of a shuffled batch itself
// (BatchMomentsRows), two vector moves a row into a 64-byte aligned
// buffer in its frame, checking each row index against n as it goes.
// The Draw variant (BatchMomentsRows8DrawAVX2) makes some of the next
// epoch's shuffle draws inside the same loop, on the integer multiplier
// the vector code leaves idle; ForwardMoments8ShuffleAVX2 makes the
// shuffle's swaps, one a row, inside the history pass. The k×k part of
// Step transposes Q in registers (4×4 blocks with VUNPCKLPD/VPERM2F128)
// rather than gathering Qᵀ.
//
// The float32 kernels for k = 8 hold a row of the batch in one vector of
// 8 lanes and work along the diagonals of the 8×8 matrices: each
// gathered row is stored twice in a row, so that an unaligned load at
// float offset d is the row rotated by d, and W's diagonals are formed
// once per call. Then h, the diagonals of C (5 of them, C being
// symmetric) and of S are products of whole vectors with no broadcast;
// the diagonals are put back in place, widened to float64, at the end.
// ForwardMoments32 sums each chunk of 64 rows in float32 and adds the
// chunk to float64 totals. TanhContrast32 converts y to float32 8 lanes
// at a time, evaluates tanh there (Horner, then one VDIVPS) and widens
// the result for the float64 sums.
//
// fmaPeakAVX2 runs 12 independent VFMADD231PD chains; the benchmarks of
// package kernel report each kernel's GFLOP/s as a fraction of it.
//
// # NEON
//
// The arm64 kernels are Go drivers around a few assembly loops; the
// comment at the top of neon_arm64.go describes them, the float32
// kernels for k = 8 included, and counts their instructions.
//
// # Generation
//
// The amd64 assembly and its Go declarations are generated with avo
// (github.com/mmcloughlin/avo) by the program in _gen, which is its own
// module so that avo stays out of this module's go.mod. Regenerate with
//
//	cd kernel/asm/_gen && go generate
//
// and commit the result; CI regenerates and fails on any difference.
package asm
