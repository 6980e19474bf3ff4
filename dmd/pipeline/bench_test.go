package pipeline

import (
	"fmt"
	"testing"

	"github.com/lococode/lococode/lococode"
)

// BenchmarkTrace measures priced reads per second of whole traces at
// the headline size (k = 8, n = 2000) with few epochs. Run it with
// GOMAXPROCS=1 for the one-core figure.
func BenchmarkTrace(b *testing.B) {
	cfg := lococode.DefaultConfig()
	cfg.Epochs = 5
	for _, m := range []string{LOCOCODE, PCA, FastICA} {
		b.Run(fmt.Sprintf("method=%s/k=%d/n=%d", m, cfg.K, cfg.N), func(b *testing.B) {
			var reads int64
			cpu0 := cpuTime()
			for b.Loop() {
				res, err := Trace(m, cfg, 0, Options{})
				if err != nil {
					b.Fatal(err)
				}
				reads += res.Stats.Reads
			}
			b.ReportMetric(float64(reads)/b.Elapsed().Seconds()/1e6, "Mreads/s")
			if cpu := cpuTime() - cpu0; cpu > 0 {
				// On a shared machine wall time overstates the cost;
				// CPU time (GC included) is what one core spent.
				b.ReportMetric(float64(reads)/cpu.Seconds()/1e6, "Mreads/cpu-s")
			}
		})
	}
}
