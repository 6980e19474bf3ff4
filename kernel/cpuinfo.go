package kernel

import "github.com/klauspost/cpuid/v2"

// CPUInfo describes the processor for reports; the code path is chosen
// from golang.org/x/sys/cpu alone, never from this.
type CPUInfo struct {
	Brand    string   // model name, such as "AMD EPYC 7B13"
	Features []string // of AVX, AVX2, FMA3, AVX512F, ASIMD, SVE, those present
	L1D      int      // level-1 data cache per core in bytes, -1 if unknown
	L2       int      // level-2 cache in bytes, -1 if unknown
	L3       int      // level-3 cache in bytes, -1 if unknown
}

// reported are the features that matter to the kernels of this module.
var reported = []cpuid.FeatureID{
	cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.ASIMD, cpuid.SVE,
}

// CPU returns the brand, relevant features and cache sizes of the
// processor as github.com/klauspost/cpuid reports them.
func CPU() CPUInfo {
	c := cpuid.CPU
	info := CPUInfo{
		Brand: c.BrandName,
		L1D:   c.Cache.L1D,
		L2:    c.Cache.L2,
		L3:    c.Cache.L3,
	}
	for _, f := range reported {
		if c.Supports(f) {
			info.Features = append(info.Features, f.String())
		}
	}
	return info
}
