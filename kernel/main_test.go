package kernel

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestMain prints, when benchmarks run, the processor's features and
// caches as configuration lines ("key: value"), which benchstat carries
// into its tables beside goos, goarch and cpu, and the default code path
// and the measured FMA peak on a line of their own, which it ignores
// (they would split the tables of runs that differ in them).
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		c := CPU()
		fmt.Printf("cpu-features: %s\n", strings.Join(c.Features, " "))
		fmt.Printf("cache: L1d %d KiB, L2 %d KiB, L3 %d KiB\n", c.L1D>>10, c.L2>>10, c.L3>>10)
		peak := "not measured"
		if peakGFLOPS != nil && peak32GFLOPS != nil {
			peak = fmt.Sprintf("%.1f GFLOP/s (float32 %.1f GFLOP/s)", peakGFLOPS(), peak32GFLOPS())
		}
		fmt.Printf("# kernel path %s, FMA peak %s\n", Impl(), peak)
	}
	os.Exit(m.Run())
}
