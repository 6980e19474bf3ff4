package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lococode/lococode/lococode"
	"github.com/lococode/lococode/viz"
)

// scalingOptions are the flags of the scaling subcommand.
type scalingOptions struct {
	seed    uint64
	nSeeds  int
	workers int
	ks      []int
	nPerK   int
	cfg     lococode.Config
	whiten  string
	figure  string
	json    bool
	quiet   bool
}

const scalingUsage = `usage: lococode scaling [flags]

Runs the experiment for several k with n = n-per-k·k samples, on
n-seeds seeds each (on every core), and prints per k and method the
Amari distance (mean, std, min, max), the mean kurtosis, and the mean
wall time per seed. --figure draws the same as a PNG. Progress goes to
stderr.

Flags:
`

func newScalingFlagSet() (*flag.FlagSet, *scalingOptions, *string) {
	o := &scalingOptions{cfg: lococode.DefaultConfig()}
	fs := flag.NewFlagSet("lococode scaling", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	ks := new(string)
	fs.StringVar(ks, "ks", "8,16,32,64", "comma-separated values of k")
	fs.IntVar(&o.nPerK, "n-per-k", 250, "samples per source: n = n-per-k·k")
	fs.Uint64Var(&o.seed, "seed", 0, "first seed")
	fs.IntVar(&o.nSeeds, "n-seeds", 10, "seeds per k")
	fs.IntVar(&o.workers, "workers", 0, "goroutines (0: one per core)")
	trainingFlags(fs, &o.cfg, &o.whiten)
	fs.Lookup("k").Usage = "not for scaling: --ks sets k"
	fs.Lookup("n-samples").Usage = "not for scaling: --n-per-k sets n"
	fs.StringVar(&o.figure, "figure", "", "write the figure to this PNG file (empty: none)")
	fs.BoolVar(&o.json, "json", false, "write the results as JSON")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	return fs, o, ks
}

func parseScaling(args []string) (*scalingOptions, error) {
	fs, o, ks := newScalingFlagSet()
	if err := parseFlags(fs, "scaling", args); err != nil {
		return nil, err
	}
	if err := setWhiten(&o.cfg, o.whiten); err != nil {
		return nil, usageError{fmt.Errorf("scaling: %w", err)}
	}
	var fixed error
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "k" || f.Name == "n-samples" {
			fixed = usagef("scaling: --%s is set by --ks and --n-per-k", f.Name)
		}
	})
	if fixed != nil {
		return nil, fixed
	}
	for _, f := range strings.Split(*ks, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k < 2 {
			return nil, usagef("scaling: --ks %q: want integers ≥ 2 separated by commas", *ks)
		}
		o.ks = append(o.ks, k)
	}
	switch {
	case o.nPerK < 2:
		return nil, usagef("scaling: --n-per-k %d: need at least 2", o.nPerK)
	case o.nSeeds < 1:
		return nil, usagef("scaling: --n-seeds %d: need at least 1", o.nSeeds)
	case o.workers < 0:
		return nil, usagef("scaling: --workers %d is negative", o.workers)
	}
	if _, ok := lococode.LastSeed(o.seed, o.nSeeds); !ok {
		return nil, usagef("scaling: --seed %d with --n-seeds %d runs past the largest seed", o.seed, o.nSeeds)
	}
	for _, k := range o.ks {
		c := o.cfg
		c.K, c.N = k, o.nPerK*k
		if err := c.Validate(); err != nil {
			return nil, usageError{fmt.Errorf("scaling: k = %d: %w", k, err)}
		}
		if err := checkMemory(c, 1); err != nil {
			return nil, usageError{fmt.Errorf("scaling: k = %d: %w", k, err)}
		}
	}
	return o, nil
}

// scalingPoint is the result of one k.
type scalingPoint struct {
	K       int         `json:"k"`
	N       int         `json:"n_samples"`
	Summary jsonSummary `json:"summary"`
}

func runScaling(stdout, stderr io.Writer, args []string) error {
	o, err := parseScaling(args)
	if errors.Is(err, flag.ErrHelp) {
		fs, _, _ := newScalingFlagSet()
		printHelp(stdout, scalingUsage, fs)
		return nil
	}
	if err != nil {
		return err
	}
	warnFloat32(stderr, o.cfg, o.ks...)

	start := time.Now()
	var points []scalingPoint
	for _, k := range o.ks {
		c := o.cfg
		c.K, c.N = k, o.nPerK*k
		progress := func(done int) {
			if !o.quiet {
				fmt.Fprintf(stderr, "scaling: k = %d (n = %d): %d/%d seeds, %.0f s\n",
					k, c.N, done, o.nSeeds, time.Since(start).Seconds())
			}
		}
		rs, err := lococode.Sweep(c, o.seed, o.nSeeds, o.workers, progress)
		if err != nil {
			return fmt.Errorf("scaling: k = %d: %w", k, err)
		}
		points = append(points, scalingPoint{K: k, N: c.N, Summary: summarize(rs)})
	}

	if o.figure != "" {
		if err := writeScalingFigure(o, points); err != nil {
			return err
		}
	}
	if o.json {
		e := environment(&options{workers: o.workers, nSeeds: o.nSeeds})
		return writeIndentedJSON(stdout, struct {
			Schema      string         `json:"schema"`
			Seed        uint64         `json:"seed"`
			NSeeds      int            `json:"n_seeds"`
			NPerK       int            `json:"n_per_k"`
			Config      jsonConfig     `json:"config"`
			Environment env            `json:"environment"`
			Points      []scalingPoint `json:"points"`
			WallSeconds float64        `json:"wall_seconds"`
		}{"lococode.scaling/v1", o.seed, o.nSeeds, o.nPerK, configJSON(o.seed, o.nSeeds, o.cfg),
			e, points, time.Since(start).Seconds()})
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "k\tn\tmethod\tAmari mean\tstd\tmin\tmax\tkurtosis\tms per seed\t\n")
	for _, p := range points {
		for _, m := range lococode.Methods {
			s := p.Summary.Methods[m]
			fmt.Fprintf(tw, "%d\t%d\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.1f\t\n", p.K, p.N, m,
				s.Amari.Mean, s.Amari.Std, s.Amari.Min, s.Amari.Max, s.Kurtosis.Mean, 1e3*s.Seconds.Mean)
		}
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\n%d seeds per k from seed %d; LOCOCODE %d epochs, lr %g, λ_act %g, λ_w %g; "+
		"FastICA iterations (mean) by k:", o.nSeeds, o.seed, o.cfg.Epochs, o.cfg.LR, o.cfg.LambdaAct, o.cfg.LambdaW)
	for _, p := range points {
		fmt.Fprintf(stdout, " %.1f", p.Summary.FastICAIterations.Mean)
	}
	fmt.Fprintln(stdout)
	return nil
}

func writeScalingFigure(o *scalingOptions, points []scalingPoint) error {
	var amari, kurt, secs []viz.ScalingSeries
	for _, m := range lococode.Methods {
		a := viz.ScalingSeries{Method: m}
		ku := viz.ScalingSeries{Method: m}
		se := viz.ScalingSeries{Method: m}
		for _, p := range points {
			s := p.Summary.Methods[m]
			k := float64(p.K)
			a.K, a.Mean, a.Lo, a.Hi = append(a.K, k), append(a.Mean, s.Amari.Mean),
				append(a.Lo, s.Amari.Min), append(a.Hi, s.Amari.Max)
			ku.K, ku.Mean, ku.Lo, ku.Hi = append(ku.K, k), append(ku.Mean, s.Kurtosis.Mean),
				append(ku.Lo, s.Kurtosis.Min), append(ku.Hi, s.Kurtosis.Max)
			se.K, se.Mean, se.Lo, se.Hi = append(se.K, k), append(se.Mean, s.Seconds.Mean),
				append(se.Lo, s.Seconds.Min), append(se.Hi, s.Seconds.Max)
		}
		amari, kurt, secs = append(amari, a), append(kurt, ku), append(secs, se)
	}
	heading := fmt.Sprintf("Scaling with k: n = %d·k samples, %d seeds per k, LOCOCODE %d epochs",
		o.nPerK, o.nSeeds, o.cfg.Epochs)
	if err := writePNG(o.figure, viz.Scaling(heading, amari, kurt, secs)); err != nil {
		return fmt.Errorf("scaling: %w", err)
	}
	return nil
}
