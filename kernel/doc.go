// Package kernel holds the small dense primitives that the hot paths of
// lococode spend their time in: float64 throughout, with float32
// versions of the training's and FastICA's data passes.
//
// Every matrix is a row-major []float64 with no padding: element (i, j)
// of an r×c matrix a is a[i*c+j].
//
//	a (r×c):  a[0]      a[1]      ... a[c-1]
//	          a[c]      a[c+1]    ... a[2c-1]
//	          ...
//	          a[(r-1)c] ...           a[rc-1]
//
// The functions in the *_generic.go files are plain Go and are the
// specification: any faster path must produce the same result up to the
// rounding bound stated in its doc comment. Every accumulation s += a·b
// in them is written as math.FMA(a, b, s), one rounding, in the loop
// order shown. The Go compiler fuses a*b+c on arm64 but not on amd64
// (below GOAMD64=v3); spelling the fusion out makes the generic path
// give the same bits on every architecture, and lets an assembly path
// that keeps the same order match it exactly. Exported functions check the
// lengths of their arguments and panic with one of the constant messages
// in errors.go when a slice is too short. They do not allocate, except
// that the AVX2 path of BatchMoments, ForwardMoments and TanhContrast
// takes its scratch from the heap when k > 64.
//
// The primitives are:
//
//   - Step: one LOCOCODE mini-batch update of a tied k×k autoencoder
//     (Hochreiter & Schmidhuber 1999), built on BatchMoments, the single
//     pass over the batch that yields ZbᵀZb and sign(H)ᵀZb; StepRows and
//     BatchMomentsRows read a shuffled batch in place through its row
//     indices (GatherRows copies it out);
//   - ForwardMoments: H = Z·Wᵀ over the whole data with the per-column
//     power sums that the training history needs;
//   - Gram, MulTA, MatMul, MatMulTB: matrix products;
//   - TanhContrast: the data pass of symmetric FastICA with g = tanh
//     (Hyvärinen 1999);
//   - Shuffle, PCG, Draws: the training's per-epoch Fisher–Yates
//     shuffle with the generator of math/rand/v2, its draws made ahead
//     so that StepRowsDraw and StepRows32Draw make them inside the
//     batch passes and ForwardMomentsShuffle and ForwardMoments32Shuffle
//     make the swaps inside the history pass: the permutation
//     math/rand/v2's Shuffle makes on the same PCG;
//   - StepRows32, BatchMomentsRows32, ForwardMoments32, TanhContrast32:
//     the optional float32 hot loops (data and W rounded to float32, the
//     k×k algebra and the sums across chunks kept in float64). Their
//     generic code is the specification too, each float32 product either
//     fused into the sum it feeds (fma32, one rounding) or rounded before
//     it is added (an explicit float32 conversion keeps the compiler from
//     fusing it), and the AVX2 and NEON kernels for k = 8 match it to the
//     bit.
//
// # Code paths
//
// Each exported function checks its arguments and then walks one short
// if-chain to the fastest path this machine has: the AVX2+FMA assembly
// of package kernel/asm on amd64 CPUs with both features, NEON on
// arm64, else the generic Go. The choice is made once at start-up from
// golang.org/x/sys/cpu; Impl names it and CPU describes the processor.
// The build tag purego leaves the assembly out, and the environment
// variable LOCOCODE_KERNEL=generic forces the generic path at start-up.
//
// The AVX2 and NEON paths keep the generic loop order with fused
// multiply-adds, so the products, BatchMoments, ForwardMoments, Step and
// the float32 kernels give the generic results to the bit; TanhContrast
// differs only through its vector tanh, within 3 ulp of math.Tanh.
//
// References
//
//	S. Hochreiter, J. Schmidhuber. Feature extraction through LOCOCODE.
//	Neural Computation 11(3):679–714, 1999.
//	A. Hyvärinen. Fast and robust fixed-point algorithms for independent
//	component analysis. IEEE Trans. Neural Networks 10(3):626–634, 1999.
package kernel
