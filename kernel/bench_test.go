package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// Benchmarks of every kernel at k = 8, 16, 32, 64 on every path of this
// machine, named BenchmarkX/k=K/impl=I so that
//
//	benchstat -col /impl
//
// sets the paths side by side. Each reports GFLOP/s of the work the
// operation needs (not of what a path happens to execute) and, where
// this architecture has a peak benchmark, that rate as a percentage of
// the core's measured FMA peak: the double-precision one, and for the
// float32 kernels (prec=f32, the *32 benchmarks) the single-precision
// one, twice as high.

var benchK = []int{8, 16, 32, 64}

// benchN is the number of samples of the headline experiment.
const benchN = 2000

// benchBatch is the mini-batch size of the headline experiment.
const benchBatch = 64

// peakGFLOPS and peak32GFLOPS, when set by an architecture's test file,
// measure the core's double- and single-precision FMA peaks in GFLOP/s.
var peakGFLOPS, peak32GFLOPS func() float64

// benchKernels runs body for every k and path, reporting flops and
// bytes per call.
func benchKernels(b *testing.B, flops func(k int) float64, bytes func(k int) int64,
	setup func(rng *rand.Rand, k int) func()) {
	benchKernelsPeak(b, peakGFLOPS, flops, bytes, setup)
}

// benchKernels32 is benchKernels for a float32 kernel: %peak is of the
// single-precision peak.
func benchKernels32(b *testing.B, flops func(k int) float64, bytes func(k int) int64,
	setup func(rng *rand.Rand, k int) func()) {
	benchKernelsPeak(b, peak32GFLOPS, flops, bytes, setup)
}

func benchKernelsPeak(b *testing.B, peak func() float64, flops func(k int) float64, bytes func(k int) int64,
	setup func(rng *rand.Rand, k int) func()) {
	for _, k := range benchK {
		for _, impl := range benchImpls() {
			b.Run(fmt.Sprintf("k=%d/impl=%s", k, impl), func(b *testing.B) {
				setImpl(b, impl)
				call := setup(rand.New(rand.NewPCG(12, uint64(k))), k)
				b.SetBytes(bytes(k))
				for b.Loop() {
					call()
				}
				reportFlops(b, flops(k), peak)
			})
		}
	}
}

// reportFlops adds GFLOP/s and, if known, %peak of peak for f flops
// per op.
func reportFlops(b *testing.B, f float64, peak func() float64) {
	sec := b.Elapsed().Seconds() / float64(b.N)
	g := f / sec / 1e9
	b.ReportMetric(g, "GFLOP/s")
	if peak != nil {
		b.ReportMetric(100*g/peak(), "%peak")
	}
}

func BenchmarkBatchMoments(b *testing.B) {
	// H: 2bk², triangle of C: bk², S: bk² additions.
	benchKernels(b,
		func(k int) float64 { return 4 * benchBatch * float64(k*k) },
		func(k int) int64 { return int64(8 * (benchBatch*k + k*k)) },
		func(rng *rand.Rand, k int) func() {
			w, zb := randSlice(rng, k*k), randSlice(rng, benchBatch*k)
			c, s := make([]float64, k*k), make([]float64, k*k)
			return func() { BatchMoments(c, s, w, zb, benchBatch, k) }
		})
}

func BenchmarkStep(b *testing.B) {
	// BatchMoments, then M = WᵀW − I (k³), W·C and (W·C)·M (4k³) and
	// the update (about 8k²).
	benchKernels(b,
		func(k int) float64 { return 4*benchBatch*float64(k*k) + 5*float64(k*k*k) + 8*float64(k*k) },
		func(k int) int64 { return int64(8 * (benchBatch*k + k*k)) },
		func(rng *rand.Rand, k int) func() {
			w0 := scale(randSlice(rng, k*k), 1/math.Sqrt(float64(k)))
			w, zb := append([]float64(nil), w0...), randSlice(rng, benchBatch*k)
			ws := NewWorkspace(k)
			p := StepParams{LR: 1e-9, LambdaAct: 0.5, LambdaW: 1e-4}
			return func() { Step(w, zb, benchBatch, k, p, ws) }
		})
}

// BenchmarkForwardMoments32 is ForwardMoments32, the history pass of
// the float32 training, with the flop count of ForwardMoments.
func BenchmarkForwardMoments32(b *testing.B) {
	benchKernels32(b,
		func(k int) float64 { return benchN * (2*float64(k*k) + 8*float64(k)) },
		func(k int) int64 { return int64(4*benchN*k + 8*k*k) },
		func(rng *rand.Rand, k int) func() {
			w := scale(randSlice(rng, k*k), 1/math.Sqrt(float64(k)))
			z := make([]float32, benchN*k)
			for i := range z {
				z[i] = float32(rng.NormFloat64())
			}
			sums := make([]float64, 5*k)
			return func() { ForwardMoments32(sums, w, z, benchN, k, 0.2) }
		})
}

func BenchmarkForwardMoments(b *testing.B) {
	// H: 2nk², the five power sums: 8nk.
	benchKernels(b,
		func(k int) float64 { return benchN * (2*float64(k*k) + 8*float64(k)) },
		func(k int) int64 { return int64(8 * (benchN*k + k*k)) },
		func(rng *rand.Rand, k int) func() {
			w := scale(randSlice(rng, k*k), 1/math.Sqrt(float64(k)))
			z, sums := randSlice(rng, benchN*k), make([]float64, 5*k)
			return func() { ForwardMoments(sums, w, z, benchN, k, 0.2) }
		})
}

func BenchmarkTanhContrast(b *testing.B) { benchTanhContrast(b, TanhContrast) }

// BenchmarkTanhContrast32 is TanhContrast with the tanh in float32
// (TanhContrast32, FastICA's --float32), with the same flop count.
func BenchmarkTanhContrast32(b *testing.B) { benchTanhContrast(b, TanhContrast32) }

func benchTanhContrast(b *testing.B, contrast func(gz, gd, w, z []float64, n, k int)) {
	// Y = Z·Wᵀ and tanh(Y)ᵀZ: 4nk², plus nk evaluations of tanh.
	benchKernels(b,
		func(k int) float64 { return 4 * benchN * float64(k*k) },
		func(k int) int64 { return int64(8 * (benchN*k + k*k)) },
		func(rng *rand.Rand, k int) func() {
			w := scale(randSlice(rng, k*k), 1/math.Sqrt(float64(k)))
			z := randSlice(rng, benchN*k)
			gz, gd := make([]float64, k*k), make([]float64, k)
			return func() { contrast(gz, gd, w, z, benchN, k) }
		})
}

func BenchmarkMatMul(b *testing.B) {
	benchKernels(b,
		func(k int) float64 { return 2 * float64(k*k*k) },
		func(k int) int64 { return int64(8 * 2 * k * k) },
		func(rng *rand.Rand, k int) func() {
			x, y, dst := randSlice(rng, k*k), randSlice(rng, k*k), make([]float64, k*k)
			return func() { MatMul(dst, x, y, k, k, k) }
		})
}

func BenchmarkMatMulTB(b *testing.B) {
	// The codes of all samples: (n×k)·(k×k)ᵀ.
	benchKernels(b,
		func(k int) float64 { return 2 * benchN * float64(k*k) },
		func(k int) int64 { return int64(8 * (benchN*k + k*k)) },
		func(rng *rand.Rand, k int) func() {
			x, w, dst := randSlice(rng, benchN*k), randSlice(rng, k*k), make([]float64, benchN*k)
			return func() { MatMulTB(dst, x, w, benchN, k, k) }
		})
}

func BenchmarkMulTA(b *testing.B) {
	benchKernels(b,
		func(k int) float64 { return 2 * benchN * float64(k*k) },
		func(k int) int64 { return int64(8 * 2 * benchN * k) },
		func(rng *rand.Rand, k int) func() {
			x, y, dst := randSlice(rng, benchN*k), randSlice(rng, benchN*k), make([]float64, k*k)
			return func() { MulTA(dst, x, y, benchN, k, k) }
		})
}

func BenchmarkGram(b *testing.B) {
	benchKernels(b,
		func(k int) float64 { return benchN * float64(k*(k+1)) },
		func(k int) int64 { return int64(8 * benchN * k) },
		func(rng *rand.Rand, k int) func() {
			x, dst := randSlice(rng, benchN*k), make([]float64, k*k)
			return func() { Gram(dst, x, benchN, k) }
		})
}

// BenchmarkTrainKernels times the kernel work of one epoch of the
// headline training as lococode.Train does it: n = 2000 rows in 31
// batches of 64 and one of 16, read in place through a shuffled order
// (StepRowsDraw, which also makes the draws of the next epoch's
// shuffle), then ForwardMomentsShuffle over all rows for the history,
// which makes the shuffle's swaps; and, with prec=f32, the float32
// kernels of the --float32 training the same way (StepRows32Draw and
// ForwardMoments32Shuffle; k = 8 only). It reports the time per 200
// epochs, the headline's length, and %peak of the FMA peak of the
// precision.
func BenchmarkTrainKernels(b *testing.B) {
	const epochs = 200
	for _, k := range benchK {
		precs := []string{"f64"}
		if k == 8 {
			precs = append(precs, "f32")
		}
		for _, prec := range precs {
			for _, impl := range benchImpls() {
				name := fmt.Sprintf("k=%d/prec=%s/impl=%s", k, prec, impl)
				b.Run(name, func(b *testing.B) { benchTrainKernels(b, k, prec == "f32", impl, epochs) })
			}
		}
	}
}

func benchTrainKernels(b *testing.B, k int, f32 bool, impl string, epochs int) {
	setImpl(b, impl)
	rng := rand.New(rand.NewPCG(13, uint64(k)))
	w := scale(randSlice(rng, k*k), 1/math.Sqrt(float64(k)))
	z := randSlice(rng, benchN*k)
	z32 := make([]float32, len(z))
	for i, v := range z {
		z32[i] = float32(v)
	}
	perm := rng.Perm(benchN)
	d := Draws{G: PCG{Hi: 13, Lo: uint64(k)}}
	sums := make([]float64, 5*k)
	ws := NewWorkspace(k)
	p := StepParams{LR: 1e-9, LambdaAct: 0.5, LambdaW: 1e-4}
	var flops float64
	for r := 0; r < benchN; r += benchBatch {
		nb := min(benchBatch, benchN-r)
		flops += 4*float64(nb*k*k) + 5*float64(k*k*k) + 8*float64(k*k)
	}
	flops += benchN * (2*float64(k*k) + 8*float64(k))
	b.SetBytes(int64(8 * 2 * benchN * k))
	for b.Loop() {
		d.Start(benchN)
		for r := 0; r < benchN; r += benchBatch {
			rows := perm[r:min(r+benchBatch, benchN)]
			if f32 {
				StepRows32Draw(w, z32, rows, k, p, ws, &d)
			} else {
				StepRowsDraw(w, z, rows, k, p, ws, &d)
			}
		}
		if f32 {
			ForwardMoments32Shuffle(sums, w, z32, benchN, k, 0.2, perm, &d)
		} else {
			ForwardMomentsShuffle(sums, w, z, benchN, k, 0.2, perm, &d)
		}
	}
	peak := peakGFLOPS
	if f32 {
		peak = peak32GFLOPS
	}
	reportFlops(b, flops, peak)
	perEpoch := time.Duration(b.Elapsed().Nanoseconds() / int64(b.N))
	b.ReportMetric(float64(time.Duration(epochs)*perEpoch)/1e6, "ms/200epochs")
}

// BenchmarkBatchMomentsRows is BatchMoments on a shuffled batch of the
// headline's 2000 rows, read in place, in float64 and (prec=f32) in
// float32.
func BenchmarkBatchMomentsRows(b *testing.B) {
	for _, prec := range []string{"f64", "f32"} {
		bench := benchKernels
		if prec == "f32" {
			bench = benchKernels32
		}
		b.Run("prec="+prec, func(b *testing.B) {
			bench(b,
				func(k int) float64 { return 4 * benchBatch * float64(k*k) },
				func(k int) int64 { return int64(8 * (benchBatch*k + k*k)) },
				func(rng *rand.Rand, k int) func() {
					const n = 2000
					w, z := randSlice(rng, k*k), randSlice(rng, n*k)
					rows := rng.Perm(n)[:benchBatch]
					c, s := make([]float64, k*k), make([]float64, k*k)
					if prec == "f64" {
						return func() { BatchMomentsRows(c, s, w, z, rows, k) }
					}
					z32 := make([]float32, n*k)
					for i, v := range z {
						z32[i] = float32(v)
					}
					return func() { BatchMomentsRows32(c, s, w, z32, rows, k) }
				})
		})
	}
}
