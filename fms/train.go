package fms

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// Penalty names the regulariser added to the squared error.
type Penalty string

const (
	// FMS is the flat-minimum regulariser B(w, X).
	FMS Penalty = "fms"
	// L1 is R = Σ_p Σ_u y_pu, the L1 norm of the hidden activations.
	L1 Penalty = "l1"
	// None trains on the squared error alone.
	None Penalty = "none"
)

// ErrConfig reports a training setting that cannot run.
var ErrConfig = errors.New("invalid training configuration")

// ErrDiverged reports weights that stopped being finite.
var ErrDiverged = errors.New("training diverged")

// Config is the training of one autoencoder (docs/FMS.md §4 and §5).
type Config struct {
	Hidden    int     // H, hidden units
	Penalty   Penalty // FMS, L1 or None
	Epochs    int     // passes over the training set
	LR        float64 // η
	BatchSize int     // examples per update; 1 is online learning

	// ETol is the tolerable error E_tol, on the scale of E: the mean over
	// the training set of Σ_k (o_k − x_k)².
	ETol float64
	// DeltaLambda is Δλ, the step of the Weigend rule.
	DeltaLambda float64
	// BackFactor: the FMS phase returns to plain backpropagation while
	// E_avg > BackFactor·E_tol (docs/FMS.md §4 leaves the factor open).
	BackFactor float64
	// Epsilon is ε of B; it changes B only by a constant.
	Epsilon float64
	// InitRange r and HiddenBias: weights start uniform in [−r, r],
	// hidden biases at HiddenBias, output biases at 0.
	InitRange, HiddenBias float64
}

// DefaultConfig returns the bars settings of docs/FMS.md §5 where the paper
// gives them (25 hidden units, E_tol 0.16, Δλ 0.001, weights in
// [−0.1, 0.1], hidden biases −1) and ours where it does not (linear
// outputs, η = 0.05 online, 1000 epochs, back to backpropagation above
// 1.5·E_tol).
func DefaultConfig() Config {
	return Config{Hidden: 25, Penalty: FMS, Epochs: 1000, LR: 0.05, BatchSize: 1,
		ETol: 0.16, DeltaLambda: 0.001, BackFactor: 1.5, Epsilon: 1,
		InitRange: 0.1, HiddenBias: -1}
}

// Validate reports the first setting that cannot run, wrapping ErrConfig.
func (c Config) Validate() error {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	switch {
	case c.Hidden < 1:
		return fmt.Errorf("%w: hidden = %d: need at least 1", ErrConfig, c.Hidden)
	case c.Penalty != FMS && c.Penalty != L1 && c.Penalty != None:
		return fmt.Errorf("%w: penalty %q: want fms, l1 or none", ErrConfig, c.Penalty)
	case c.Epochs < 0:
		return fmt.Errorf("%w: epochs = %d is negative", ErrConfig, c.Epochs)
	case !(c.LR > 0) || bad(c.LR):
		return fmt.Errorf("%w: lr = %v: need a positive rate", ErrConfig, c.LR)
	case c.BatchSize < 1:
		return fmt.Errorf("%w: batch size %d: need at least 1", ErrConfig, c.BatchSize)
	case !(c.ETol > 0) || bad(c.ETol):
		return fmt.Errorf("%w: E_tol = %v: need a positive value", ErrConfig, c.ETol)
	case !(c.DeltaLambda >= 0) || bad(c.DeltaLambda):
		return fmt.Errorf("%w: Δλ = %v: need a value ≥ 0", ErrConfig, c.DeltaLambda)
	case !(c.BackFactor >= 1) || bad(c.BackFactor):
		return fmt.Errorf("%w: back factor = %v: need a value ≥ 1", ErrConfig, c.BackFactor)
	case !(c.Epsilon > 0) || bad(c.Epsilon):
		return fmt.Errorf("%w: ε = %v: need a positive value", ErrConfig, c.Epsilon)
	case !(c.InitRange >= 0) || bad(c.InitRange) || bad(c.HiddenBias):
		return fmt.Errorf("%w: initial weights: range %v, hidden bias %v", ErrConfig, c.InitRange, c.HiddenBias)
	}
	return nil
}

// Epoch is one row of the training history.
type Epoch struct {
	Epoch  int     `json:"epoch"`   // 0 before training
	E      float64 `json:"e"`       // mean over the training set of Σ_k (o_k − x_k)²
	EAvg   float64 `json:"e_avg"`   // E_avg ← 0.85·E_avg + 0.15·E
	Lambda float64 `json:"lambda"`  // λ for the next epoch
	Phase  bool    `json:"fms"`     // whether the next epoch adds the penalty
	Ratio  float64 `json:"b_ratio"` // mean |∇E|/|∇penalty| over the epoch's updates, 0 in backprop
}

// Result is a trained autoencoder and its history.
type Result struct {
	Net      *Net
	History  []Epoch // Epochs+1 rows
	Updates  int     // weight updates made
	Duration time.Duration
}

// Train fits the autoencoder x → x (x P×n, so n = K) with cfg, drawing
// the initial weights and the per-epoch shuffles from s.
//
// Each update takes one mini-batch: ∇E and ∇R (R the penalty, both
// averaged over the batch) from one forward pass, then
// w ← w − η(∇E + λ·(|∇E|/|∇R|)·∇R) in the penalty phase and
// w ← w − η∇E otherwise. After each epoch E is measured on the whole
// set, E_avg ← 0.85·E_avg + 0.15·E, the phase switches to the penalty
// when E_avg < E_tol and back when E_avg > BackFactor·E_tol, and in the
// penalty phase λ follows the Weigend rule: λ += Δλ if E < E_tol or
// E < E_prev, else λ −= Δλ if E < E_avg, else λ ← 0.9λ; λ ≥ 0.
//
// Not implemented: the papers' revival of lost units every ~5e5 steps.
// The error wraps ErrConfig for bad settings and ErrDiverged when the
// weights stop being finite.
func Train(x *linalg.Dense, cfg Config, s *lococode.Stream) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if x.Rows < 1 || x.Cols < 1 {
		return nil, fmt.Errorf("%w: empty training set (%d×%d)", ErrConfig, x.Rows, x.Cols)
	}
	start := time.Now()
	n, p := x.Cols, x.Rows
	net := NewNet(n, cfg.Hidden, n)
	net.Init(s, cfg.InitRange, cfg.HiddenBias)

	e := meanError(net, x)
	hist := []Epoch{{Epoch: 0, E: e, EAvg: e}}
	eAvg, ePrev, lambda, phase := e, e, 0.0, false
	gE, gR := make([]float64, net.L()), make([]float64, net.L())
	w := net.newWork()
	order := make([]int, p)
	for i := range order {
		order[i] = i
	}
	updates := 0
	for ep := 1; ep <= cfg.Epochs; ep++ {
		s.Shuffle(order)
		penalise := phase && lambda > 0 && cfg.Penalty != None
		ratioSum, ratioN := 0.0, 0
		for b0 := 0; b0 < p; b0 += cfg.BatchSize {
			batch := order[b0:min(b0+cfg.BatchSize, p)]
			clear(gE)
			var f *flat
			if penalise {
				clear(gR)
				if cfg.Penalty == FMS {
					f = net.newFlat(cfg.Epsilon)
				}
			}
			for _, i := range batch {
				xi := x.Row(i)
				net.exampleError(w, xi, xi, gE)
				switch {
				case !penalise:
				case cfg.Penalty == FMS:
					f.example(w, xi, gR)
				default:
					net.exampleL1(w, xi, gR)
				}
			}
			if f != nil {
				f.finish(gR)
			}

			// w ← w − η(∇E + λ·(|∇E|/|∇R|)·∇R), both gradients batch means.
			step := cfg.LR / float64(len(batch))
			scale := 0.0
			if penalise {
				if nr := norm(gR); nr > 0 {
					scale = lambda * norm(gE) / nr
					ratioSum += norm(gE) / nr
					ratioN++
				}
			}
			for j := range net.P {
				net.P[j] -= step * (gE[j] + scale*gR[j])
			}
			updates++
		}

		e = meanError(net, x)
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return nil, fmt.Errorf("fms: epoch %d: error %v: %w", ep, e, ErrDiverged)
		}
		eAvg = 0.85*eAvg + 0.15*e
		switch {
		case !phase && eAvg < cfg.ETol:
			phase = true
		case phase && eAvg > cfg.BackFactor*cfg.ETol:
			phase = false
		}
		if phase {
			switch {
			case e < cfg.ETol || e < ePrev:
				lambda += cfg.DeltaLambda
			case e < eAvg:
				lambda -= cfg.DeltaLambda
			default:
				lambda *= 0.9
			}
			lambda = max(lambda, 0)
		}
		ePrev = e
		ratio := 0.0
		if ratioN > 0 {
			ratio = ratioSum / float64(ratioN)
		}
		hist = append(hist, Epoch{Epoch: ep, E: e, EAvg: eAvg, Lambda: lambda, Phase: phase, Ratio: ratio})
	}
	return &Result{Net: net, History: hist, Updates: updates, Duration: time.Since(start)}, nil
}

// meanError is E = SquaredError(x, x)/P.
func meanError(net *Net, x *linalg.Dense) float64 {
	return net.SquaredError(x, x, nil) / float64(x.Rows)
}

func norm(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	return math.Sqrt(s)
}
