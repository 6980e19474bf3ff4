package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/lococode/lococode/datasets"
	"github.com/lococode/lococode/fms"
	"github.com/lococode/lococode/lococode"
	"github.com/lococode/lococode/viz"
)

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
