//go:build !purego

package kernel

import (
	"sync"
	"testing"
	"time"

	"github.com/lococode/lococode/kernel/asm"
)

func init() {
	if hasAVX2 {
		peakGFLOPS = sync.OnceValue(measurePeakAVX2)
	}
}

// peakPasses is the length of one timed run of the peak loop: 96 Mflop,
// a few milliseconds.
const peakPasses = 1 << 20

// measurePeakAVX2 returns the best of several timed runs of the FMA
// peak loop in GFLOP/s.
func measurePeakAVX2() float64 {
	var best time.Duration
	for i := 0; i < 20; i++ {
		t := time.Now()
		asm.FMAPeakAVX2(peakPasses)
		if d := time.Since(t); best == 0 || d < best {
			best = d
		}
	}
	return 96 * peakPasses / best.Seconds() / 1e9
}

// BenchmarkFMAPeak measures one core's double-precision peak: 12
// independent chains of VFMADD231PD on YMM registers, enough to cover
// the FMA latency on both FMA pipes.
func BenchmarkFMAPeak(b *testing.B) {
	if !hasAVX2 {
		if requireAsm("avx2") {
			b.Fatal("LOCOCODE_REQUIRE_ASM=avx2 but this CPU lacks avx2+fma")
		}
		b.Skip("CPU lacks avx2+fma")
	}
	b.Run("impl=avx2", func(b *testing.B) {
		const passes = 1 << 12
		for b.Loop() {
			asm.FMAPeakAVX2(passes)
		}
		b.ReportMetric(96*passes/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
	})
}
