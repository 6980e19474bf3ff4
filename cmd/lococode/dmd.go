package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lococode/lococode/dmd/pipeline"
	"github.com/lococode/lococode/viz"
)

const dmdUsage = `usage: lococode dmd [flags]

Traces LOCOCODE (our step and the write-up's), PCA and FastICA under the
ByteDMD data-movement model (cybertronai/ByteDMD, April 2026 rules) on the data of one seed: the
headline size, then a grid of k × n with LOCOCODE at two epoch counts
(their difference is the cost of one epoch). Prints the cost, reads,
instructions and cost per sample of every trace and the growth
exponents in k and n fitted over the grid; --json prints the same as
JSON. The figure (cost against k and against n) goes to --figure.
Progress goes to stderr.

Flags:
`

// dmdOptions are the flags of the dmd subcommand.
type dmdOptions struct {
	rc                       pipeline.ReportConfig
	gridK, gridN, gridEpochs string
	figure                   string
	json, quiet              bool
}

func newDMDFlagSet() (*flag.FlagSet, *dmdOptions) {
	o := &dmdOptions{rc: pipeline.DefaultReportConfig()}
	fs := flag.NewFlagSet("lococode dmd", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := &o.rc.Headline
	fs.Uint64Var(&o.rc.Seed, "seed", 0, "random seed")
	fs.IntVar(&c.K, "k", c.K, "headline: number of sources and hidden units")
	fs.IntVar(&c.N, "n-samples", c.N, "headline: number of samples")
	fs.IntVar(&c.Epochs, "epochs", c.Epochs, "headline: LOCOCODE training epochs")
	fs.StringVar(&o.gridK, "grid-k", "4,8,16", "grid: values of k (empty: no grid)")
	fs.StringVar(&o.gridN, "grid-n", "250,500,1000,2000", "grid: values of n")
	fs.StringVar(&o.gridEpochs, "grid-epochs", "5,10", "grid: the two LOCOCODE epoch counts")
	fs.IntVar(&o.rc.BytesPerElement, "bytes", 1,
		"bytes per element: 1 (ByteDMD's default), 4 (float32) or 8 (float64)")
	fs.IntVar(&o.rc.Workers, "workers", 0, "traces run at once (0: one per core)")
	fs.StringVar(&o.figure, "figure", filepath.Join("figures", "dmd.png"),
		"PNG of cost against k and n (empty: none)")
	fs.BoolVar(&o.json, "json", false, "write the report as JSON")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	return fs, o
}

// parseInts parses a comma-separated list of integers ≥ lo.
func parseInts(flagName, s string, lo int) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		v, err := strconv.Atoi(f)
		if err != nil || v < lo {
			return nil, usagef("dmd: --%s %q: want integers ≥ %d separated by commas", flagName, s, lo)
		}
		out = append(out, v)
	}
	return out, nil
}

func parseDMD(args []string) (*dmdOptions, error) {
	fs, o := newDMDFlagSet()
	if err := parseFlags(fs, "dmd", args); err != nil {
		return nil, err
	}
	if o.rc.Workers < 0 {
		return nil, usagef("dmd: --workers %d is negative", o.rc.Workers)
	}
	var err error
	if o.rc.GridK, err = parseInts("grid-k", o.gridK, 2); err != nil {
		return nil, err
	}
	if o.rc.GridN, err = parseInts("grid-n", o.gridN, 3); err != nil {
		return nil, err
	}
	ep, err := parseInts("grid-epochs", o.gridEpochs, 0)
	if err != nil {
		return nil, err
	}
	if len(ep) != 2 || ep[0] == ep[1] {
		return nil, usagef("dmd: --grid-epochs %q: want two different epoch counts", o.gridEpochs)
	}
	o.rc.GridEpochs = [2]int{ep[0], ep[1]}
	if len(o.rc.GridK) > 0 && len(o.rc.GridN) == 0 {
		return nil, usagef("dmd: --grid-n is empty")
	}
	for _, k := range o.rc.GridK {
		for _, n := range o.rc.GridN {
			if n <= k {
				return nil, usagef("dmd: grid n = %d: need more samples than k = %d", n, k)
			}
		}
	}
	switch o.rc.BytesPerElement {
	case 1, 4, 8:
	default:
		return nil, usagef("dmd: --bytes %d: want 1, 4 or 8", o.rc.BytesPerElement)
	}
	if err := o.rc.Headline.Validate(); err != nil {
		return nil, usageError{fmt.Errorf("dmd: %w", err)}
	}
	return o, nil
}

// runDMD is the dmd subcommand.
func runDMD(stdout, stderr io.Writer, args []string) error {
	o, err := parseDMD(args)
	if errors.Is(err, flag.ErrHelp) {
		fs, _ := newDMDFlagSet()
		printHelp(stdout, dmdUsage, fs)
		return nil
	}
	if err != nil {
		return err
	}

	start := time.Now()
	if !o.quiet {
		last := time.Now()
		o.rc.Progress = func(done, total int, p pipeline.Progress) {
			if time.Since(last) < 3*time.Second && done < total {
				return
			}
			last = time.Now()
			line := fmt.Sprintf("dmd: %d/%d traces done, %.0f s", done, total, time.Since(start).Seconds())
			if p.Total > 0 {
				line += fmt.Sprintf("; %s k=%d n=%d at %d/%d, %.0fM reads",
					p.Method, p.K, p.N, p.Done, p.Total, float64(p.Reads)/1e6)
			}
			fmt.Fprintln(stderr, line)
		}
	}
	rep, err := pipeline.BuildReport(o.rc)
	if err != nil {
		return err
	}
	if o.figure != "" && len(rep.Grid) > 0 {
		if err := writeDMDFigure(o.figure, rep, o.rc); err != nil {
			return err
		}
		if !o.quiet {
			fmt.Fprintf(stderr, "dmd: figure %s\n", o.figure)
		}
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "dmd: %.1f s\n", time.Since(start).Seconds())
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printDMD(stdout, rep, o.rc)
	return nil
}

// nameWidth is the width of the method column.
const nameWidth = len(pipeline.LOCOCODEDirect)

// printDMD writes the report as tables.
func printDMD(w io.Writer, rep *pipeline.Report, rc pipeline.ReportConfig) {
	h := rc.Headline
	fmt.Fprintf(w, "ByteDMD, seed %d, %s per element\n\n", rep.Seed, plural(rep.BytesPerElement, "byte"))
	fmt.Fprintf(w, "headline: k = %d, n = %d, %d epochs\n", h.K, h.N, h.Epochs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\tAmari\tcost\treads\tinstructions\tcost/sample\tcost/read\t"+
		"whitening\tfit\tdemixer+scores\t\n", nameWidth, "method")
	for _, r := range rep.Headline {
		fmt.Fprintf(tw, "%-*s\t%.3f\t%d\t%d\t%d\t%.0f\t%.1f\t%d\t%d\t%d\t\n", nameWidth, r.Method, r.Amari,
			r.Cost, r.Reads, r.Instructions, r.CostPerSample, r.CostPerRead, r.WhitenCost, r.FitCost, r.ScoreCost)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, r := range rep.Headline {
		c := r.CostByEpoch
		if len(c) < 2 {
			continue
		}
		e := len(c) - 1
		fmt.Fprintf(w, "%s: epoch 1 costs %d, epoch %d %d; Amari first within 10%% of its final %.3f "+
			"at epoch %d (cost so far %d, %.0f%% of the total)\n",
			r.Method, c[1]-c[0], e, c[e]-c[e-1], r.Amari, r.NearEpoch, r.NearCost,
			100*float64(r.NearCost)/float64(r.Cost))
	}
	if len(rep.Grid) == 0 {
		return
	}

	e1, e2 := rep.GridEpochs[0], rep.GridEpochs[1]
	fmt.Fprintf(w, "\ngrid: whole pipeline with LOCOCODE at %d epochs. "+
		"LOCOCODE per epoch: the cost of epoch %d inside its trace,\n", e1, e2)
	fmt.Fprintf(w, "and (cost at %d − cost at %d epochs)/%d; "+
		"FastICA per iteration: its fit cost / iterations\n", e2, e1, e2-e1)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\tk\tn\tAmari\tcost\treads\tinstructions\tcost/sample\t"+
		"per epoch/iteration\tΔcost/Δepochs\titerations\t\n", nameWidth, "method")
	for _, c := range rep.Grid {
		r := c.Rows[0]
		per, delta, its := "-", "-", "-"
		if v := float64(c.EpochCost) + c.CostPerIteration; v != 0 {
			per = strconv.FormatFloat(v, 'f', 0, 64)
		}
		if c.CostPerEpoch != 0 {
			delta = strconv.FormatFloat(c.CostPerEpoch, 'f', 0, 64)
		}
		if r.Iterations > 0 {
			its = strconv.Itoa(r.Iterations)
		}
		fmt.Fprintf(tw, "%-*s\t%d\t%d\t%.3f\t%d\t%d\t%d\t%.0f\t%s\t%s\t%s\t\n",
			nameWidth, c.Method, c.K, c.N, r.Amari,
			r.Cost, r.Reads, r.Instructions, r.CostPerSample, per, delta, its)
	}
	tw.Flush()

	fmt.Fprintf(w, "\ngrowth exponents, cost ∝ k^a · n^b (least squares on log-log over the grid)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\t%-*s\ta (k)\tb (n)\tR²\t\n", nameWidth, "method", 18, "of")
	for _, e := range rep.Exponents {
		of := "total"
		switch e.Of {
		case "per_epoch":
			of = "per epoch"
		case "per_iteration":
			of = "per iteration"
		}
		fmt.Fprintf(tw, "%-*s\t%-*s\t%.2f\t%.2f\t%.4f\t\n", nameWidth, e.Method, 18, of, e.K, e.N, e.R2)
	}
	tw.Flush()
	if s := rep.EpochScaling; s != nil {
		fmt.Fprintf(w, "\nepochs: %s at %d epochs costs %d. Linear in epochs from the grid: "+
			"through the totals at %d and %d epochs %.0f (%+.1f%%);\n",
			s.Method, s.Epochs, s.Measured, e1, e2, s.FromTotals, 100*(s.FromTotals/float64(s.Measured)-1))
		fmt.Fprintf(w, "the %d-epoch trace plus its last epoch's cost per further epoch %.0f (%+.1f%%). "+
			"The rest is the final scoring,\n",
			e2, s.FromEpochCost, 100*(s.FromEpochCost/float64(s.Measured)-1))
		fmt.Fprintf(w, "whose reads of X, at the bottom of the stack, cost about the square root "+
			"of everything done before them.\n")
	}
}

// writeDMDFigure draws cost against k (at the largest grid n) and
// against n (at the headline k, or the grid's middle k).
func writeDMDFigure(path string, rep *pipeline.Report, rc pipeline.ReportConfig) error {
	nFix := rc.GridN[len(rc.GridN)-1]
	kFix := rc.GridK[len(rc.GridK)/2]
	for _, k := range rc.GridK {
		if k == rc.Headline.K {
			kFix = k
		}
	}
	var byK, byN []viz.CostCurve
	for _, m := range pipeline.Methods {
		ck := viz.CostCurve{Label: m, Method: m}
		if m == pipeline.LOCOCODEDirect {
			ck.Method, ck.Dashed = pipeline.LOCOCODE, true
		}
		cn := ck
		for _, c := range rep.Grid {
			if c.Method != m {
				continue
			}
			cost := float64(c.Rows[0].Cost)
			if c.N == nFix {
				ck.X, ck.Cost = append(ck.X, float64(c.K)), append(ck.Cost, cost)
			}
			if c.K == kFix {
				cn.X, cn.Cost = append(cn.X, float64(c.N)), append(cn.Cost, cost)
			}
		}
		byK, byN = append(byK, ck), append(byN, cn)
	}

	// LOCOCODE at the headline's epochs: the longer grid trace plus its
	// last epoch's cost for every further epoch.
	far := rc.Headline.Epochs
	xk := viz.CostCurve{Label: fmt.Sprintf("LOCOCODE, %d epochs (extrapolated)", far),
		Method: pipeline.LOCOCODE, Dotted: true}
	xn := xk
	for _, c := range rep.Grid {
		if c.Method != pipeline.LOCOCODE || len(c.Rows) < 2 || far <= c.Rows[1].Epochs {
			continue
		}
		cost := float64(c.Rows[1].Cost) + float64(far-c.Rows[1].Epochs)*float64(c.EpochCost)
		if c.N == nFix {
			xk.X, xk.Cost = append(xk.X, float64(c.K)), append(xk.Cost, cost)
		}
		if c.K == kFix {
			xn.X, xn.Cost = append(xn.X, float64(c.N)), append(xn.Cost, cost)
		}
	}
	if len(xk.X) > 0 {
		byK, byN = append(byK, xk), append(byN, xn)
	}
	e := rep.GridEpochs[0]
	img := viz.DataMovement(
		fmt.Sprintf("ByteDMD cost of each whole pipeline (seed %d, LOCOCODE at %d epochs, "+
			"FastICA to convergence, %d B/element)",
			rep.Seed, e, rep.BytesPerElement),
		fmt.Sprintf("cost against k (n = %d)", nFix),
		fmt.Sprintf("cost against n (k = %d)", kFix), byK, byN)
	return writePNG(path, img)
}
