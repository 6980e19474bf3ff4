package pipeline

import (
	"fmt"
	"testing"

	"github.com/lococode/lococode/lococode"
)

// BenchmarkTrace measures priced reads per second of whole traces at
// the headline size (k = 8, n = 2000) with few epochs.
func BenchmarkTrace(b *testing.B) {
	cfg := lococode.DefaultConfig()
	cfg.Epochs = 5
	for _, m := range []string{LOCOCODE, PCA, FastICA} {
		b.Run(fmt.Sprintf("method=%s/k=%d/n=%d", m, cfg.K, cfg.N), func(b *testing.B) {
			var reads int64
			for b.Loop() {
				res, err := Trace(m, cfg, 0, Options{})
				if err != nil {
					b.Fatal(err)
				}
				reads += res.Stats.Reads
			}
			b.ReportMetric(float64(reads)/b.Elapsed().Seconds()/1e6, "Mreads/s")
		})
	}
}
