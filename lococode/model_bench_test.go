package lococode

import (
	"testing"

	"github.com/lococode/lococode/linalg"
)

// BenchmarkFitRows is the streamed pass of a PCA fit on 10⁶×16
// in-memory rows (the file readers add their decoding).
func BenchmarkFitRows(b *testing.B) {
	const n, p = 1000000, 16
	s := NewStream(1, 0)
	x := linalg.New(n, p)
	for i := range x.Data {
		x.Data[i] = s.Laplace()
	}
	b.SetBytes(8 * n * p)
	for b.Loop() {
		if _, err := Fit(x, FitOptions{Method: FitPCA}); err != nil {
			b.Fatal(err)
		}
	}
}
