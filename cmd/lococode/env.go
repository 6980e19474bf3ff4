package main

import (
	"github.com/klauspost/cpuid/v2"

	"github.com/lococode/lococode/kernel"
)

// cpuModel returns the processor's brand string, or "unknown".
func cpuModel() string {
	if b := cpuid.CPU.BrandName; b != "" {
		return b
	}
	return "unknown"
}

// kernelImpl names the kernel path in use, such as "avx2+fma".
func kernelImpl() string { return kernel.Impl() }
