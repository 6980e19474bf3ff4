package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/lococode/lococode/datasets"
	"github.com/lococode/lococode/fms"
	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// Stream ids of the paper experiments: the data, the autoencoders'
// initial weights and shuffles (the same for every penalty), FastICA.
const (
	paperDataStream = 20
	paperNetStream  = 21
	paperICAStream  = 1
)

// paperOptions are the flags shared by the bars and patches subcommands.
type paperOptions struct {
	seed       uint64
	penalties  []fms.Penalty
	penalty    string
	components int
	cfg        fms.Config
	figure     string
	quiet      bool
}

// paperFlags binds the shared flags to o, whose cfg holds the defaults.
func paperFlags(fs *flag.FlagSet, o *paperOptions) {
	c := &o.cfg
	fs.Uint64Var(&o.seed, "seed", 0, "random seed (data, initial weights, FastICA)")
	fs.StringVar(&o.penalty, "penalty", "fms,l1",
		"LOCOCODE penalties to run, comma-separated: fms (flat-minimum B), l1 (Σ hidden activations), none")
	fs.IntVar(&o.components, "components", o.components, "PCA and FastICA components")
	fs.IntVar(&c.Hidden, "hidden", c.Hidden, "LOCOCODE hidden units")
	fs.IntVar(&c.Epochs, "epochs", c.Epochs, "LOCOCODE training epochs")
	fs.Float64Var(&c.LR, "lr", c.LR, "learning rate η")
	fs.IntVar(&c.BatchSize, "batch-size", c.BatchSize, "examples per update (1: online)")
	fs.Float64Var(&c.ETol, "etol", c.ETol, "tolerable error E_tol (mean over patterns of Σ (o − x)²)")
	fs.Float64Var(&c.DeltaLambda, "delta-lambda", c.DeltaLambda, "λ step Δλ of the Weigend rule")
	fs.Float64Var(&c.BackFactor, "back-factor", c.BackFactor,
		"return to plain backpropagation while E_avg > back-factor·E_tol")
	fs.StringVar(&o.figure, "figure", "", "write the filters of every method to this PNG file")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
}

// checkPaper checks the shared flags of subcommand cmd with d input
// dimensions.
func checkPaper(cmd string, o *paperOptions, d int) error {
	o.penalties = nil
	for _, p := range strings.Split(o.penalty, ",") {
		p = strings.TrimSpace(p)
		switch fms.Penalty(p) {
		case fms.FMS, fms.L1, fms.None:
			o.penalties = append(o.penalties, fms.Penalty(p))
		default:
			return usagef("%s: --penalty %q: want fms, l1 or none, comma-separated", cmd, o.penalty)
		}
	}
	if o.components < 1 || o.components > d {
		return usagef("%s: --components %d: want 1 to %d", cmd, o.components, d)
	}
	if o.cfg.Hidden > 4096 {
		return usagef("%s: --hidden %d: at most 4096", cmd, o.cfg.Hidden)
	}
	if err := o.cfg.Validate(); err != nil {
		return usageError{fmt.Errorf("%s: %w", cmd, err)}
	}
	return nil
}

// method is one method's outcome on a paper experiment.
type method struct {
	name    string
	filters *linalg.Dense // m×d input weights (filters), in the data's pixel space
	codes   *linalg.Dense // n_test×m codes of the test set
	out     []float64     // length of each unit's decoder (output weight) vector
	testErr float64       // mean over test patterns of Σ (x − x̂)²
	train   *fms.Result   // LOCOCODE only
	dur     time.Duration
}

// lococodeMethod trains the autoencoder on train with penalty p and
// scores it on test.
func lococodeMethod(train, test *linalg.Dense, cfg fms.Config, p fms.Penalty, seed uint64) (method, error) {
	cfg.Penalty = p
	r, err := fms.Train(train, cfg, lococode.NewStream(seed, paperNetStream))
	if err != nil {
		return method{}, fmt.Errorf("LOCOCODE-%s: %w", strings.ToUpper(string(p)), err)
	}
	net := r.Net
	m := method{name: "LOCOCODE-" + strings.ToUpper(string(p)), train: r, dur: r.Duration,
		filters: linalg.NewFrom(net.H, net.N, append([]float64(nil), net.W1...)),
		codes:   net.Codes(test), out: make([]float64, net.H)}
	for u := range m.out {
		s := 0.0
		for k := 0; k < net.K; k++ {
			s += net.W2[k*net.H+u] * net.W2[k*net.H+u]
		}
		m.out[u] = math.Sqrt(s)
	}
	m.testErr = net.SquaredError(test, test, nil) / float64(test.Rows)
	return m, nil
}

// linearMethods fits PCA and FastICA with m components on train and
// scores them on test. Both reconstruct from the same m-dimensional
// principal subspace, so their test errors are equal.
func linearMethods(train, test *linalg.Dense, m int, seed uint64) (pca, ica method, err error) {
	start := time.Now()
	w, err := datasets.FitSubspace(train, m)
	if err != nil {
		return method{}, method{}, err
	}
	d := train.Cols

	// Decoder D = Λ·K (m×d): x̂ = Mean + z·D for the whitened code z.
	dec := w.PCA.Clone()
	for i, lam := range w.Vals {
		for j := 0; j < d; j++ {
			dec.Data[i*d+j] *= lam
		}
	}
	zte := w.Apply(test, w.PCA)
	rec := linalg.Mul(zte, dec)
	xc := linalg.Center(test, w.Mean)
	e := 0.0
	for i, v := range xc.Data {
		e += (v - rec.Data[i]) * (v - rec.Data[i])
	}
	e /= float64(test.Rows)
	pca = method{name: fmt.Sprintf("PCA-%d", m), filters: w.PCA, codes: zte, testErr: e,
		out: make([]float64, m), dur: time.Since(start)}
	for i, lam := range w.Vals {
		pca.out[i] = math.Sqrt(lam)
	}

	start = time.Now()
	res, err := lococode.FastICAWith(w.Apply(train, w.PCA), lococode.NewStream(seed, paperICAStream),
		lococode.DefaultICAOptions())
	if err != nil {
		return method{}, method{}, fmt.Errorf("FastICA: %w", err)
	}
	ica = method{name: fmt.Sprintf("FastICA-%d", m), filters: linalg.Mul(res.W, w.PCA),
		codes: linalg.MulTB(zte, res.W), testErr: e, out: make([]float64, m),
		dur: time.Since(start) + pca.dur}
	for i := 0; i < m; i++ {
		s := 0.0
		for j, lam := range w.Vals {
			s += res.W.At(i, j) * res.W.At(i, j) * lam
		}
		ica.out[i] = math.Sqrt(s)
	}
	return pca, ica, nil
}

// runMethods runs LOCOCODE with each penalty on (train, test), then PCA
// and FastICA on (ltrain, ltest).
func runMethods(stderr io.Writer, cmd string, o *paperOptions,
	train, test, ltrain, ltest *linalg.Dense) ([]method, error) {
	var ms []method
	for _, p := range o.penalties {
		if !o.quiet {
			fmt.Fprintf(stderr, "%s: training LOCOCODE with penalty %s (%d epochs)\n", cmd, p, o.cfg.Epochs)
		}
		m, err := lococodeMethod(train, test, o.cfg, p, o.seed)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cmd, err)
		}
		ms = append(ms, m)
	}
	pca, ica, err := linearMethods(ltrain, ltest, o.components, o.seed)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return append(ms, pca, ica), nil
}

// lococodeSummary is "E, λ, phase" of a LOCOCODE run, or "-".
func lococodeSummary(m method) (string, string) {
	if m.train == nil {
		return "-", "-"
	}
	h := m.train.History[len(m.train.History)-1]
	phase := "backprop"
	if h.Phase {
		phase = "FMS"
	}
	return fmt.Sprintf("%.3f", h.E), fmt.Sprintf("%.3f (%s)", h.Lambda, phase)
}
