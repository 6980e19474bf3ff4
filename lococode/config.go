package lococode

import (
	"errors"
	"fmt"
	"math"

	"github.com/lococode/lococode/linalg"
)

// Config holds the size of the problem and the hyper-parameters of the
// LOCOCODE autoencoder. DefaultConfig gives the headline settings.
type Config struct {
	K         int     // number of sources, features and hidden units
	N         int     // number of samples
	Epochs    int     // passes over the shuffled data
	BatchSize int     // rows per mini-batch; the last batch is shorter
	LR        float64 // learning rate
	LambdaAct float64 // weight of the L1 penalty on the codes
	LambdaW   float64 // weight of the L2 penalty on W

	// Penalty is the sparsity penalty on the codes: PenaltyL1 (the
	// write-up's λ_act·|h|) or PenaltyLogCosh, λ_act·α·log cosh(h/α)
	// with α = PenaltyAlpha (kernel.StepParams.Alpha).
	Penalty      Penalty
	PenaltyAlpha float64

	// Float32 runs the hot loops in single precision: each training
	// step's batch pass (kernel.StepRows32) and the history's codes
	// (kernel.ForwardMoments32) see the data and W rounded to float32,
	// while W, its update and the history's MSE stay float64; FastICA's
	// tanh is taken in float32 (ICAOptions.Float32). L1 penalty only.
	Float32 bool

	// SnapshotEvery keeps W after every SnapshotEvery-th epoch, besides
	// epoch 0 and the last one; 0 keeps only those two.
	SnapshotEvery int

	// Whiten selects PCA (the default) or ZCA whitening of X.
	Whiten linalg.WhitenMode

	// FastICAMaxIter and FastICATol bound the FastICA iteration.
	FastICAMaxIter int
	FastICATol     float64

	// FastICAFun, FastICAAlpha and FastICAAlgorithm choose the contrast
	// and the algorithm (ICAOptions); zero values mean logcosh with
	// α = 1, parallel.
	FastICAFun       Contrast
	FastICAAlpha     float64
	FastICAAlgorithm ICAAlgorithm
}

// ICAOptions returns the FastICA settings of c.
func (c Config) ICAOptions() ICAOptions {
	return ICAOptions{Fun: c.FastICAFun, Alpha: c.FastICAAlpha, Algorithm: c.FastICAAlgorithm,
		MaxIter: c.FastICAMaxIter, Tol: c.FastICATol, Float32: c.Float32}
}

// DefaultConfig returns the headline configuration of README.md ("What it computes"): k = 8,
// n = 2000, 200 epochs of batches of 64, lr 0.05, λ_act 0.5, λ_w 1e-4,
// PCA whitening, FastICA to 1e-6 in at most 200 iterations.
func DefaultConfig() Config {
	return Config{
		K: 8, N: 2000, Epochs: 200, BatchSize: 64,
		LR: 0.05, LambdaAct: 0.5, LambdaW: 1e-4,
		Penalty: PenaltyL1, PenaltyAlpha: 0.1,
		SnapshotEvery:  5,
		Whiten:         linalg.PCAWhiten,
		FastICAMaxIter: 200, FastICATol: 1e-6,
		FastICAFun: LogCosh, FastICAAlpha: 1, FastICAAlgorithm: Parallel,
	}
}

// Penalty names the sparsity penalty on the codes.
type Penalty string

const (
	// PenaltyL1 is λ_act·|h|, gradient λ_act·sign(h). The default.
	PenaltyL1 Penalty = "l1"
	// PenaltyLogCosh is λ_act·α·log cosh(h/α), gradient λ_act·tanh(h/α):
	// L1 with its corner at 0 rounded off over a width α.
	PenaltyLogCosh Penalty = "logcosh"
)

// stepAlpha is the kernel.StepParams.Alpha of the penalty: 0 for L1.
func (c Config) stepAlpha() float64 {
	if c.Penalty == PenaltyLogCosh {
		return c.PenaltyAlpha
	}
	return 0
}

// ErrConfig is wrapped by every error Validate returns.
var ErrConfig = errors.New("invalid configuration")

// Validate reports the first setting of c that cannot run, wrapping
// ErrConfig.
func (c Config) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, a...))
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"lr", c.LR}, {"lambda-act", c.LambdaAct}, {"lambda-w", c.LambdaW}, {"fastica-tol", c.FastICATol},
		{"penalty-alpha", c.PenaltyAlpha}} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return bad("%s = %v is not a finite number", f.name, f.v)
		}
	}
	switch {
	case c.K < 2:
		return bad("k = %d: need at least 2 sources", c.K)
	case c.N <= c.K:
		return bad("n-samples = %d: need more samples than k = %d", c.N, c.K)
	case float64(c.N)*float64(c.K) > math.MaxInt32:
		return bad("n-samples × k = %d × %d is more than 2³¹ values", c.N, c.K)
	case c.Epochs < 0:
		return bad("epochs = %d is negative", c.Epochs)
	case c.BatchSize < 1:
		return bad("batch-size = %d: need at least 1", c.BatchSize)
	case c.LR <= 0:
		return bad("lr = %v: need a positive learning rate", c.LR)
	case c.LambdaAct < 0:
		return bad("lambda-act = %v is negative", c.LambdaAct)
	case c.LambdaW < 0:
		return bad("lambda-w = %v is negative", c.LambdaW)
	case c.Penalty != "" && c.Penalty != PenaltyL1 && c.Penalty != PenaltyLogCosh:
		return bad("penalty %q: want l1 or logcosh", c.Penalty)
	case c.Float32 && c.Penalty == PenaltyLogCosh:
		return bad("float32 training supports the l1 penalty only")
	case !(c.PenaltyAlpha > 0):
		return bad("penalty-alpha = %v: the log-cosh width must be positive", c.PenaltyAlpha)
	case c.SnapshotEvery < 0:
		return bad("snapshot interval = %d is negative", c.SnapshotEvery)
	case c.FastICAMaxIter < 1:
		return bad("fastica-max-iter = %d: need at least 1", c.FastICAMaxIter)
	case c.FastICATol <= 0:
		return bad("fastica-tol = %v: need a positive tolerance", c.FastICATol)
	case c.Whiten != linalg.PCAWhiten && c.Whiten != linalg.ZCAWhiten:
		return bad("unknown whitening mode %v", c.Whiten)
	}
	return c.ICAOptions().Validate()
}
