package kernel

import (
	"runtime"
	"slices"
	"testing"
)

func TestCPU(t *testing.T) {
	info := CPU()
	t.Logf("cpu: %q features %v L1d %d L2 %d L3 %d; kernel %s",
		info.Brand, info.Features, info.L1D, info.L2, info.L3, Impl())
	if runtime.GOARCH == "amd64" && hasAVX2Path() && !slices.Contains(info.Features, "AVX2") {
		t.Errorf("x/sys/cpu reports AVX2 but cpuid does not: %v", info.Features)
	}
}

// hasAVX2Path reports whether this build and CPU have the avx2 path.
func hasAVX2Path() bool {
	for _, p := range paths {
		if p.key == "avx2" {
			return p.available
		}
	}
	return false
}
