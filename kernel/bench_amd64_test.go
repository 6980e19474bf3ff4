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
		peakGFLOPS = sync.OnceValue(func() float64 { return measurePeakAVX2(asm.FMAPeakAVX2, 96) })
		peak32GFLOPS = sync.OnceValue(func() float64 { return measurePeakAVX2(asm.FMAPeak32AVX2, 192) })
	}
}

// peakPasses is the length of one timed run of the peak loop: 96 Mflop,
// a few milliseconds.
const peakPasses = 1 << 20

// measurePeakAVX2 returns the best of several timed runs of the FMA
// peak loop peak, of flops flops a pass, in GFLOP/s.
func measurePeakAVX2(peak func(n int), flops float64) float64 {
	var best time.Duration
	for i := 0; i < 20; i++ {
		t := time.Now()
		peak(peakPasses)
		if d := time.Since(t); best == 0 || d < best {
			best = d
		}
	}
	return flops * peakPasses / best.Seconds() / 1e9
}

// BenchmarkFMAPeak measures one core's double-precision peak: 12
// independent chains of VFMADD231PD on YMM registers, enough to cover
// the FMA latency on both FMA pipes; and, with prec=f32, its
// single-precision peak with VFMADD231PS.
func BenchmarkFMAPeak(b *testing.B) {
	if !hasAVX2 {
		if requireAsm("avx2") {
			b.Fatal("LOCOCODE_REQUIRE_ASM=avx2 but this CPU lacks avx2+fma")
		}
		b.Skip("CPU lacks avx2+fma")
	}
	for _, c := range []struct {
		name  string
		peak  func(n int)
		flops float64
	}{{"impl=avx2", asm.FMAPeakAVX2, 96}, {"prec=f32/impl=avx2", asm.FMAPeak32AVX2, 192}} {
		b.Run(c.name, func(b *testing.B) {
			const passes = 1 << 12
			for b.Loop() {
				c.peak(passes)
			}
			b.ReportMetric(c.flops*passes/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GFLOP/s")
		})
	}
}
