package linalg

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkEigSym times the full eigendecomposition (values and
// vectors) of a random symmetric k×k matrix. GFLOP/s counts 9k³, the
// usual estimate for tridiagonalisation plus QL with vectors.
func BenchmarkEigSym(b *testing.B) {
	for _, k := range []int{8, 16, 32, 64, 128, 256} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			a := randSym(rand.New(rand.NewPCG(1, uint64(k))), k)
			for b.Loop() {
				if _, _, err := EigSym(a); err != nil {
					b.Fatal(err)
				}
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(9*float64(k*k*k)/sec/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkSymDecorrelate times FastICA's symmetric decorrelation
// (W·Wᵀ)^(-1/2)·W of a random k×k matrix: the Gram product, the
// eigendecomposition and the two products that rebuild the result.
func BenchmarkSymDecorrelate(b *testing.B) {
	for _, k := range []int{8, 16, 32, 64} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			w := randDense(rand.New(rand.NewPCG(3, uint64(k))), k, k)
			for b.Loop() {
				if _, err := SymDecorrelate(w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSymDecorrelateTo is BenchmarkSymDecorrelate with the
// destination and an EigWork reused, as FastICA's iteration runs it.
func BenchmarkSymDecorrelateTo(b *testing.B) {
	for _, k := range []int{8, 16, 32, 64} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			w := randDense(rand.New(rand.NewPCG(3, uint64(k))), k, k)
			dst := New(k, k)
			var ws EigWork
			for b.Loop() {
				if err := SymDecorrelateTo(dst, w, &ws); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWhiten times FitWhitener and Transform on n = 2000 samples:
// centring, covariance, eigendecomposition and Z = Xc·Kᵀ.
func BenchmarkWhiten(b *testing.B) {
	for _, k := range []int{8, 16, 32, 64} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			const n = 2000
			rng := rand.New(rand.NewPCG(2, uint64(k)))
			x := MulTB(randDense(rng, n, k), randDense(rng, k, k))
			b.SetBytes(int64(8 * n * k))
			for b.Loop() {
				w, err := FitWhitener(x, PCAWhiten, 1e-9)
				if err != nil {
					b.Fatal(err)
				}
				w.Transform(x)
			}
			sec := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(sec*1e9/n, "ns/sample")
		})
	}
}
