package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lococode/lococode/datasets"
	"github.com/lococode/lococode/fms"
	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
	"github.com/lococode/lococode/viz"
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
func runMethods(stderr io.Writer, cmd string, o *paperOptions, train, test, ltrain, ltest *linalg.Dense) ([]method, error) {
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

// barsUsage is the help text of the bars subcommand.
const barsUsage = `usage: lococode bars [flags]

The bars problem of LOCOCODE (Hochreiter & Schmidhuber 1999, Exp. 2):
5×5 images of 10 bars (5 rows, 5 columns), each present with
probability 1/5; noiseless (--task clean: bars +0.5, background −0.5)
or noisy (--task noisy: each bar's intensity uniform in [0.1, 0.5],
then Gaussian noise of variance 0.05 on every pixel). LOCOCODE, a
25-25-25 autoencoder with logistic hidden units trained with the
flat-minimum regulariser (fms) or an L1 penalty on the hidden
activations (l1), is compared with PCA and FastICA of --components
components. Prints, per method, how many code units are pruned, code
one bar, or are mixed, judged on the test set; --figure draws every
method's input weights.

Flags:
`

func runBars(stdout, stderr io.Writer, args []string) error {
	o := &paperOptions{cfg: fms.DefaultConfig(), components: 10}
	o.cfg.ETol = 0
	fs := flag.NewFlagSet("lococode bars", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var task string
	var nTrain, nTest int
	fs.StringVar(&task, "task", "noisy", "noisy or clean")
	fs.IntVar(&nTrain, "train", 500, "training images")
	fs.IntVar(&nTest, "test", 500, "test images")
	paperFlags(fs, o)
	if err := parseFlags(fs, "bars", args); errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, barsUsage+"  (--etol defaults to 1.5 for noisy, 0.5 for clean)\n", fs)
		return nil
	} else if err != nil {
		return err
	}
	if task != "noisy" && task != "clean" {
		return usagef("bars: --task %q: want noisy or clean", task)
	}
	if o.cfg.ETol == 0 {
		o.cfg.ETol = map[string]float64{"noisy": 1.5, "clean": 0.5}[task]
	}
	if nTrain < 2 || nTest < 2 || nTrain > 1e7 || nTest > 1e7 {
		return usagef("bars: --train %d, --test %d: want 2 to 10⁷ images each", nTrain, nTest)
	}
	if err := checkPaper("bars", o, datasets.Side*datasets.Side); err != nil {
		return err
	}

	s := lococode.NewStream(o.seed, paperDataStream)
	bc := datasets.PaperBars(task == "noisy")
	train := datasets.GenerateBars(s, nTrain, bc)
	test := datasets.GenerateBars(s, nTest, bc)
	ms, err := runMethods(stderr, "bars", o, train.X, test.X, train.X, test.X)
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "bars: %s task, %d training and %d test images, seed %d; LOCOCODE %d-%d-%d, "+
		"%d epochs, η %g, batch %d, E_tol %g, Δλ %g\n\n", task, nTrain, nTest, o.seed,
		25, o.cfg.Hidden, 25, o.cfg.Epochs, o.cfg.LR, o.cfg.BatchSize, o.cfg.ETol, o.cfg.DeltaLambda)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "method\tunits\tpruned\tone bar\tmixed\tbars coded\t|corr| of one-bar units\t"+
		"test error\ttrain E\tλ (phase)\ttime\t\n")
	var panels []viz.FilterPanel
	for _, m := range ms {
		units := datasets.BarUnits(m.codes, m.out, test)
		c := datasets.CountUnits(units)
		e, lam := lococodeSummary(m)
		lo, hi := 1.0, 0.0
		for _, u := range units {
			if u.Kind == datasets.SingleBar {
				lo, hi = min(lo, u.Corr), max(hi, u.Corr)
			}
		}
		cr := "-"
		if c.Single > 0 {
			cr = fmt.Sprintf("%.2f–%.2f", lo, hi)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d/10\t%s\t%.3f\t%s\t%s\t%.1f s\t\n", m.name, len(units),
			c.Pruned, c.Single, c.Mixed, c.Distinct, cr, m.testErr, e, lam, m.dur.Seconds())
		p := viz.FilterPanel{Title: m.name, Note: fmt.Sprintf("%d pruned, %d code one bar (%d distinct), %d mixed",
			c.Pruned, c.Single, c.Distinct, c.Mixed), Filters: m.filters}
		for _, u := range units {
			p.Labels = append(p.Labels, barLabel(u))
			p.Faded = append(p.Faded, u.Kind == datasets.Pruned)
		}
		panels = append(panels, p)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\nA unit is pruned when std(code)·|decoder| < %g of the largest; it codes one bar "+
		"when |corr| with\nthat bar's presence ≥ %g and < %g with every other bar (test set). "+
		"Test error: mean Σ (x − x̂)².\nPaper (task 2.1, noiseless): 15 of 25 units pruned, the 10 left "+
		"one per bar; noisy bars: 10 code\ncomponents, reconstruction error 1.05.\n",
		datasets.PrunedShare, datasets.SingleCorr, datasets.SingleSecond)

	if o.figure != "" {
		heading := fmt.Sprintf("Input weights, %s bars, seed %d (white +, black −; faded: pruned)", task, o.seed)
		if err := writePNG(o.figure, viz.FilterGrid(heading, datasets.Side, 5, panels)); err != nil {
			return fmt.Errorf("bars: %w", err)
		}
	}
	return nil
}

// barLabel names a unit's bar: r0–r4 rows, c0–c4 columns.
func barLabel(u datasets.Unit) string {
	switch u.Kind {
	case datasets.Pruned:
		return "pruned"
	case datasets.Mixed:
		return "mixed"
	}
	if u.Bar < datasets.Side {
		return fmt.Sprintf("row %d", u.Bar)
	}
	return fmt.Sprintf("col %d", u.Bar-datasets.Side)
}

// patchesUsage is the help text of the patches subcommand.
const patchesUsage = `usage: lococode patches --image PATH [flags]

Natural image patches: --n-patches random side×side patches of a
greyscale PNG (luminance in [0, 1]), each patch's mean removed. PCA and
FastICA work on the patches whitened in the subspace of the --components
leading principal components (dropping the DC direction and the
noisiest high frequencies). LOCOCODE (fms, l1) works, like the paper's
image experiments, on the unwhitened patches scaled to unit mean pixel
variance (--input raw), or on the ZCA-whitened patches in pixel
coordinates (--input zca). Every method's filters are
mapped to pixel space (W·K) and measured: orientation concentration of
the power spectrum, spatial spread, and the fraction of filters that are
edge-like (orientation ≥ 0.5 and spread ≤ 0.7 of an even filter's),
against white-noise filters as a baseline.

Flags:
`

func runPatches(stdout, stderr io.Writer, args []string) error {
	o := &paperOptions{cfg: fms.DefaultConfig(), components: 32}
	o.cfg.Hidden, o.cfg.Epochs, o.cfg.LR, o.cfg.DeltaLambda = 32, 60, 0.01, 0.01
	fs := flag.NewFlagSet("lococode patches", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var image string
	var side, nPatches int
	var etolFrac float64
	var input string
	fs.StringVar(&image, "image", "", "greyscale (or colour) PNG photograph (required)")
	fs.StringVar(&input, "input", "raw", "LOCOCODE's input: zca (whitened in the subspace) or raw "+
		"(mean-free patches scaled to unit mean pixel variance)")
	fs.IntVar(&side, "side", 8, "patch side in pixels")
	fs.IntVar(&nPatches, "n-patches", 5000, "training patches (and as many test patches)")
	fs.Float64Var(&etolFrac, "etol-frac", 0.3,
		"E_tol as a fraction of the total variance of LOCOCODE's input, unless --etol is given")
	paperFlags(fs, o)
	if err := parseFlags(fs, "patches", args); errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, patchesUsage, fs)
		return nil
	} else if err != nil {
		return err
	}
	switch {
	case image == "":
		return usagef("patches: --image is required (a PNG photograph)")
	case side < 2 || side > 32:
		return usagef("patches: --side %d: want 2 to 32", side)
	case nPatches < 2 || nPatches > 1e6:
		return usagef("patches: --n-patches %d: want 2 to 10⁶", nPatches)
	case !(etolFrac > 0 && etolFrac < 1):
		return usagef("patches: --etol-frac %v: want a value in (0, 1)", etolFrac)
	case input != "zca" && input != "raw":
		return usagef("patches: --input %q: want zca or raw", input)
	}
	// --etol, if given, wins over --etol-frac; either is set once the
	// input's variance is known.
	etol, etolSet := o.cfg.ETol, false
	fs.Visit(func(f *flag.Flag) { etolSet = etolSet || f.Name == "etol" })
	if !(etol > 0) {
		return usagef("patches: --etol %v: need a positive value", etol)
	}
	if err := checkPaper("patches", o, side*side-1); err != nil {
		return err
	}
	f, err := os.Open(image)
	if err != nil {
		return usagef("patches: --image: %v", err)
	}
	g, err := datasets.DecodeGray(f)
	f.Close()
	if err != nil {
		return usagef("patches: --image %s: %v", image, err)
	}

	s := lococode.NewStream(o.seed, paperDataStream)
	xtr, err := datasets.Patches(g, side, nPatches, s)
	if err != nil {
		return usageError{fmt.Errorf("patches: %w", err)}
	}
	xte, _ := datasets.Patches(g, side, nPatches, s)
	w, err := datasets.FitSubspace(xtr, o.components)
	if err != nil {
		return fmt.Errorf("patches: %w", err)
	}
	// LOCOCODE's input: ZCA-whitened patches (total variance m), or the
	// patches scaled by 1/σ, σ² their mean pixel variance (total variance
	// side²). PCA and FastICA fit the whitening on the raw patches.
	in := linalg.Identity(side * side)
	totalVar := float64(side * side)
	if input == "zca" {
		in, totalVar = w.ZCA, float64(o.components)
	} else {
		v := 0.0
		for _, x := range xtr.Data {
			v += x * x
		}
		in.Scale(1 / math.Sqrt(v/float64(len(xtr.Data))))
	}
	o.cfg.ETol = etolFrac * totalVar
	if etolSet {
		o.cfg.ETol = etol
	}
	ms, err := runMethods(stderr, "patches", o, w.Apply(xtr, in), w.Apply(xte, in), xtr, xte)
	if err != nil {
		return err
	}

	// LOCOCODE's pixel-space filters are W1·K for its input map K. The
	// filters of PCA and FastICA are already W·K in pixel space; their
	// test error is on the raw patches, not comparable, and not shown.
	for i := range ms {
		if ms[i].train != nil {
			ms[i].filters = linalg.Mul(ms[i].filters, in)
		} else {
			ms[i].testErr = math.NaN()
		}
	}
	noise := linalg.New(o.components, side*side)
	ns := lococode.NewStream(o.seed, paperDataStream+1)
	for i := range noise.Data {
		noise.Data[i] = ns.Normal()
	}

	fmt.Fprintf(stdout, "patches: %s (%d×%d), %d %d×%d training and test patches, %d components, seed %d; "+
		"LOCOCODE %d-%d-%d on %s input, %d epochs, η %g, batch %d, E_tol %.3g, Δλ %g\n\n", image, g.W, g.H,
		nPatches, side, side, o.components, o.seed, side*side, o.cfg.Hidden, side*side, input, o.cfg.Epochs, o.cfg.LR,
		o.cfg.BatchSize, o.cfg.ETol, o.cfg.DeltaLambda)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "method\tfilters\tpruned\torientation\tspread\tedge-like\ttest error\ttrain E\tλ (phase)\ttime\t\n")
	var panels []viz.FilterPanel
	row := func(name string, filters *linalg.Dense, live []bool, m *method) {
		var or, sp float64
		n, edge, pruned := 0, 0, 0
		var labels []string
		var faded []bool
		for i := 0; i < filters.Rows; i++ {
			sh := datasets.FilterShape(filters.Row(i), side)
			if live != nil && !live[i] {
				pruned++
				labels, faded = append(labels, "pruned"), append(faded, true)
				continue
			}
			n++
			or += sh.Orientation
			sp += sh.Spread
			lab := fmt.Sprintf("%.2f", sh.Orientation)
			if sh.EdgeLike(side) {
				edge++
				lab += " e"
			}
			labels, faded = append(labels, lab), append(faded, false)
		}
		if n == 0 {
			n = 1
		}
		e, lam, te, dur := "-", "-", "-", "-"
		if m != nil {
			e, lam = lococodeSummary(*m)
			dur = fmt.Sprintf("%.1f s", m.dur.Seconds())
			if !math.IsNaN(m.testErr) {
				te = fmt.Sprintf("%.3f", m.testErr)
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.2f\t%d/%d = %.2f\t%s\t%s\t%s\t%s\t\n", name, filters.Rows, pruned,
			or/float64(n), sp/float64(n), edge, filters.Rows-pruned, float64(edge)/float64(n), te, e, lam, dur)
		panels = append(panels, viz.FilterPanel{Title: name, Note: fmt.Sprintf("%d of %d edge-like (e), "+
			"%d pruned; captions: orientation", edge, filters.Rows-pruned, pruned),
			Filters: filters, Labels: labels, Faded: faded})
	}
	for i := range ms {
		var live []bool
		if ms[i].train != nil {
			live = liveUnits(ms[i])
		}
		row(ms[i].name, ms[i].filters, live, &ms[i])
	}
	row("white noise", noise, nil, nil)
	tw.Flush()
	fmt.Fprintf(stdout, "\nOrientation: |Σ P(k)e^(2iθ)|/Σ P(k) of the filter's power spectrum (0 isotropic, "+
		"1 one orientation);\nspread: RMS distance of the filter's energy from its centroid, in pixels "+
		"(even filter %.2f);\nedge-like: orientation ≥ %g and spread ≤ %.2f. Pruned LOCOCODE units "+
		"(std(code)·|decoder| < %g of the\nlargest) are left out of the means. Test error: mean Σ (z − ẑ)² "+
		"on LOCOCODE's test input\n(total variance %g).\n", datasets.EvenSpread(side),
		datasets.EdgeOrientation, datasets.EdgeSpread*datasets.EvenSpread(side), datasets.PrunedShare, totalVar)

	if o.figure != "" {
		heading := fmt.Sprintf("Filters W·K, %d×%d patches of %s (white +, black −)", side, side, baseName(image))
		cols := 8
		if err := writePNG(o.figure, viz.FilterGrid(heading, side, cols, panels)); err != nil {
			return fmt.Errorf("patches: %w", err)
		}
	}
	return nil
}

// liveUnits marks the units of a LOCOCODE run that are not pruned, by
// the rule of datasets.BarUnits.
func liveUnits(m method) []bool {
	share := make([]float64, len(m.out))
	top := 0.0
	for j := range share {
		mean, sd := 0.0, 0.0
		for i := 0; i < m.codes.Rows; i++ {
			mean += m.codes.At(i, j)
		}
		mean /= float64(m.codes.Rows)
		for i := 0; i < m.codes.Rows; i++ {
			d := m.codes.At(i, j) - mean
			sd += d * d
		}
		share[j] = math.Sqrt(sd/float64(m.codes.Rows)) * m.out[j]
		top = max(top, share[j])
	}
	live := make([]bool, len(share))
	for j, s := range share {
		live[j] = top > 0 && s >= datasets.PrunedShare*top
	}
	return live
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
