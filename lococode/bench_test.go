package lococode

import (
	"fmt"
	"testing"

	"github.com/lococode/lococode/linalg"
)

// headlineProblem returns the whitened data of seed 0 at size k, n.
func headlineProblem(b *testing.B, k, n int) (Problem, Config) {
	cfg := DefaultConfig()
	cfg.K, cfg.N = k, n
	d := Generate(NewStream(0, 0), n, k)
	wh, err := linalg.FitWhitener(d.X, cfg.Whiten, 1e-9)
	if err != nil {
		b.Fatal(err)
	}
	return Problem{Z: wh.Transform(d.X), K: wh.K, A: d.A}, cfg
}

// BenchmarkTrain times the headline training with its per-epoch history
// (k = 8, n = 2000, 200 epochs) and, for scale, k = 16 to 64 with
// n = 250k and 10 epochs. Metrics: GFLOP/s by TrainFlops and ns per
// sample-epoch.
func BenchmarkTrain(b *testing.B) {
	for _, k := range []int{8, 16, 32, 64} {
		n, epochs := 2000, 200
		if k > 8 {
			n, epochs = 250*k, 10
		}
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			p, cfg := headlineProblem(b, k, n)
			cfg.Epochs = epochs
			benchTrain(b, p, cfg)
		})
	}
}

// BenchmarkTrainFloat32 is BenchmarkTrain's headline with the float32
// batch pass (Config.Float32); the flop count is the same.
func BenchmarkTrainFloat32(b *testing.B) {
	p, cfg := headlineProblem(b, 8, 2000)
	cfg.Float32 = true
	benchTrain(b, p, cfg)
}

// benchTrain times Train on p with cfg and reports GFLOP/s by TrainFlops
// and ns per sample-epoch.
func benchTrain(b *testing.B, p Problem, cfg Config) {
	for b.Loop() {
		if _, err := Train(p, cfg, NewStream(0, 0)); err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(TrainFlops(cfg)/sec/1e9, "GFLOP/s")
	b.ReportMetric(sec*1e9/float64(cfg.N*cfg.Epochs), "ns/sample")
}

// BenchmarkFastICA times FastICA on the headline data of seed 0
// (k = 8, n = 2000), to convergence.
func BenchmarkFastICA(b *testing.B) { benchFastICA(b, false) }

// BenchmarkFastICAFloat32 is BenchmarkFastICA with the tanh in float32
// (ICAOptions.Float32, the --float32 option).
func BenchmarkFastICAFloat32(b *testing.B) { benchFastICA(b, true) }

func benchFastICA(b *testing.B, f32 bool) {
	p, cfg := headlineProblem(b, 8, 2000)
	cfg.Float32 = f32
	var iters int
	for b.Loop() {
		r, err := FastICAWith(p.Z, NewStream(0, 1), cfg.ICAOptions())
		if err != nil {
			b.Fatal(err)
		}
		iters = r.Iterations
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(iters), "iterations")
	b.ReportMetric(FastICAFlops(cfg.N, cfg.K)*float64(iters)/sec/1e9, "GFLOP/s")
	b.ReportMetric(sec*1e9/float64(cfg.N*iters), "ns/sample")
}

// BenchmarkRunSeed times the whole headline experiment on seed 0: data,
// whitening, training, PCA, FastICA and metrics.
func BenchmarkRunSeed(b *testing.B) {
	cfg := DefaultConfig()
	for b.Loop() {
		if _, err := RunSeed(cfg, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunSeedFloat32 is BenchmarkRunSeed with --float32.
func BenchmarkRunSeedFloat32(b *testing.B) {
	cfg := DefaultConfig()
	cfg.Float32 = true
	for b.Loop() {
		if _, err := RunSeed(cfg, 0); err != nil {
			b.Fatal(err)
		}
	}
}
