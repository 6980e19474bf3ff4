package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/lococode/lococode/kernel"
)

// env is the machine and build a run happened on.
type env struct {
	GoVersion   string   `json:"go_version"`
	OS          string   `json:"os"`
	Arch        string   `json:"arch"`
	CPU         string   `json:"cpu"`
	CPUFeatures []string `json:"cpu_features"`
	CacheBytes  caches   `json:"cache_bytes"`
	Kernel      string   `json:"kernel"`
	GOMAXPROCS  int      `json:"gomaxprocs"`
	Workers     int      `json:"workers"`
}

type caches struct {
	L1D int `json:"l1d"`
	L2  int `json:"l2"`
	L3  int `json:"l3"`
}

func environment(o *options) env {
	w := o.workers
	if w == 0 {
		w = runtime.GOMAXPROCS(0)
	}
	c := kernel.CPU()
	brand := c.Brand
	if brand == "" {
		brand = "unknown"
	}
	return env{
		GoVersion:   runtime.Version(),
		OS:          runtime.GOOS,
		Arch:        runtime.GOARCH,
		CPU:         brand,
		CPUFeatures: c.Features,
		CacheBytes:  caches{L1D: c.L1D, L2: c.L2, L3: c.L3},
		Kernel:      kernel.Impl(),
		GOMAXPROCS:  runtime.GOMAXPROCS(0),
		Workers:     min(w, o.nSeeds),
	}
}

// printEnv writes e one field per line, as benchmark result files
// record it.
func printEnv(w io.Writer, e env) {
	fmt.Fprintf(w, "go: %s %s/%s\n", e.GoVersion, e.OS, e.Arch)
	fmt.Fprintf(w, "cpu: %s\n", e.CPU)
	fmt.Fprintf(w, "features: %s\n", strings.Join(e.CPUFeatures, " "))
	fmt.Fprintf(w, "caches: L1d %d KiB, L2 %d KiB, L3 %d KiB\n",
		e.CacheBytes.L1D>>10, e.CacheBytes.L2>>10, e.CacheBytes.L3>>10)
	fmt.Fprintf(w, "kernel: %s\n", e.Kernel)
	fmt.Fprintf(w, "gomaxprocs: %d\n", e.GOMAXPROCS)
}
