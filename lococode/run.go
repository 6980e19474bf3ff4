package lococode

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/lococode/lococode/linalg"
)

// Method names, in the order results are reported.
const (
	MethodLOCOCODE = "LOCOCODE"
	MethodPCA      = "PCA"
	MethodFastICA  = "FastICA"
)

// Methods lists the method names in report order.
var Methods = []string{MethodLOCOCODE, MethodPCA, MethodFastICA}

// MethodResult is how one method's demixer B (k×k, observation space)
// scores on one dataset; the codes are H = X·Bᵀ.
type MethodResult struct {
	Method     string
	Demixer    *linalg.Dense
	Amari      float64 // Amari distance of B to the true mixing A
	Kurtosis   float64 // mean excess kurtosis of the columns of H
	Sparsity   float64 // fraction of entries of H with |h| < 0.2
	Duration   time.Duration
	Iterations int  // FastICA only
	Converged  bool // FastICA only; true for the other methods
}

// SeedResult is the whole experiment on one seed.
type SeedResult struct {
	Seed     uint64
	Data     *Dataset
	Whitener *linalg.Whitener
	Training *Training
	Results  []MethodResult // in the order of Methods
	MSE      float64        // LOCOCODE's final whitened reconstruction MSE
	Timings  Timings
}

// Timings are the wall times of the stages of RunSeed.
type Timings struct {
	Data, Whiten, Train, PCA, FastICA, Metrics, Total time.Duration
}

// Result returns the result of the named method.
func (r *SeedResult) Result(method string) MethodResult {
	for _, m := range r.Results {
		if m.Method == method {
			return m
		}
	}
	panic("lococode: unknown method " + method)
}

// RunSeed runs the headline experiment on one seed: it generates the
// data from stream (seed, 0), whitens it, trains LOCOCODE (continuing
// stream (seed, 0)), runs PCA and FastICA (stream (seed, 1)) and scores
// all three. The same seed and configuration give the same numbers on
// every run.
func RunSeed(cfg Config, seed uint64) (*SeedResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t0 := time.Now()
	r := &SeedResult{Seed: seed}
	s := NewStream(seed, 0)
	r.Data = Generate(s, cfg.N, cfg.K)
	t1 := time.Now()

	wh, err := linalg.FitWhitener(r.Data.X, cfg.Whiten, 1e-9)
	if err != nil {
		return nil, fmt.Errorf("seed %d: %w", seed, err)
	}
	r.Whitener = wh
	z := wh.Transform(r.Data.X)
	t2 := time.Now()

	r.Training, err = Train(Problem{Z: z, K: wh.K, A: r.Data.A}, cfg, s)
	if err != nil {
		return nil, fmt.Errorf("seed %d: %w", seed, err)
	}
	r.MSE = r.Training.History[len(r.Training.History)-1].MSE
	t3 := time.Now()

	pca := PCADemixer(wh)
	t4 := time.Now()

	ica, err := FastICAWith(z, NewStream(seed, 1), cfg.ICAOptions())
	if err != nil {
		return nil, fmt.Errorf("seed %d: %w", seed, err)
	}
	t5 := time.Now()

	r.Results = []MethodResult{
		score(MethodLOCOCODE, linalg.Mul(r.Training.W, wh.K), r.Data),
		score(MethodPCA, pca, r.Data),
		score(MethodFastICA, linalg.Mul(ica.W, wh.K), r.Data),
	}
	r.Results[0].Duration = r.Training.Duration
	r.Results[1].Duration = t4.Sub(t3) + t2.Sub(t1)
	r.Results[2].Duration = ica.Duration + t2.Sub(t1)
	r.Results[2].Iterations, r.Results[2].Converged = ica.Iterations, ica.Converged
	t6 := time.Now()

	r.Timings = Timings{Data: t1.Sub(t0), Whiten: t2.Sub(t1), Train: t3.Sub(t2),
		PCA: t4.Sub(t3), FastICA: t5.Sub(t4), Metrics: t6.Sub(t5), Total: t6.Sub(t0)}
	return r, nil
}

// score measures the demixer b on the dataset.
func score(method string, b *linalg.Dense, d *Dataset) MethodResult {
	h := linalg.MulTB(d.X, b)
	return MethodResult{
		Method:    method,
		Demixer:   b,
		Amari:     Amari(b, d.A),
		Kurtosis:  Mean(Kurtosis(h)),
		Sparsity:  Sparsity(h),
		Converged: true,
	}
}

// LastSeed returns first+count−1, the last seed of a sweep of count ≥ 1
// seeds from first, and false if that is past 2⁶⁴−1.
func LastSeed(first uint64, count int) (uint64, bool) {
	return first + uint64(count-1), first <= math.MaxUint64-uint64(count-1)
}

// Sweep runs RunSeed on seeds first, first+1, …, first+count−1 with
// up to workers goroutines (0 means GOMAXPROCS). Each seed is computed
// alone, so the results, returned in seed order, do not depend on the
// number of workers. progress, if not nil, is called after each seed
// finishes, from one goroutine at a time, with the count done so far.
func Sweep(cfg Config, first uint64, count, workers int, progress func(done int)) ([]*SeedResult, error) {
	if count < 1 {
		return nil, fmt.Errorf("%w: %d seeds: need at least 1", ErrConfig, count)
	}
	if _, ok := LastSeed(first, count); !ok {
		return nil, fmt.Errorf("%w: %d seeds from %d run past the largest seed", ErrConfig, count, first)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, count)

	out := make([]*SeedResult, count)
	errs := make([]error, count)
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = RunSeed(cfg, first+uint64(i))
				if progress != nil {
					mu.Lock()
					done++
					progress(done)
					mu.Unlock()
				}
			}
		})
	}
	for i := range count {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Stats summarises one metric over seeds.
type Stats struct {
	Mean, Std, Min, Max float64 // Std is the population standard deviation
}

// Summarize returns the statistics of v (all zero for an empty slice).
func Summarize(v []float64) Stats {
	if len(v) == 0 {
		return Stats{}
	}
	st := Stats{Mean: Mean(v), Min: math.Inf(1), Max: math.Inf(-1)}
	var ss float64
	for _, x := range v {
		ss += (x - st.Mean) * (x - st.Mean)
		st.Min = math.Min(st.Min, x)
		st.Max = math.Max(st.Max, x)
	}
	st.Std = math.Sqrt(ss / float64(len(v)))
	return st
}
