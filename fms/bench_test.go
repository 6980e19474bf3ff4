package fms

import (
	"fmt"
	"testing"
)

// BenchmarkPerExample measures the cost per example of B with ∇B, of B
// alone, and, for scale, of E with ∇E, over a batch of 500 bars images
// on a 25-25-25 network (L = 1300). Each reports ns/example.
func BenchmarkPerExample(b *testing.B) {
	x := barsLike(0, 500)
	net, _ := randomNet(0, 25, 25, 25, 1, 0.3)
	grad := make([]float64, net.L())
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"B+gradB", func() { net.FlatMinimum(x, 1, grad) }},
		{"B", func() { net.FlatMinimum(x, 1, nil) }},
		{"E+gradE", func() { net.SquaredError(x, x, grad) }},
		{"L1+gradL1", func() { net.L1(x, grad) }},
	} {
		b.Run(fmt.Sprintf("%s/net=25-25-25", c.name), func(b *testing.B) {
			for b.Loop() {
				c.f()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(x.Rows), "ns/example")
		})
	}
}
