package main

import (
	"errors"
	"flag"
	"io"
	"time"

	"github.com/lococode/lococode/lococode"
)

// options are the flags of the headline command.
type options struct {
	seed      uint64
	nSeeds    int
	workers   int
	cfg       lococode.Config
	whiten    string
	json      bool
	history   bool
	quiet     bool
	exportDir string
}

const headlineUsage = `usage: lococode [run] [flags]
       lococode viz|gif|dmd|scaling [flags]   (each takes -h)
       lococode fit|transform|mix [flags]     (your own data)
       lococode bars|patches [flags]          (the paper's experiments)
       lococode env

Runs LOCOCODE, PCA and FastICA on k whitened mixtures of Laplace sources
and prints the Amari distance, kurtosis and sparsity of each method.
viz draws the figures of one run, gif its training animation, dmd the
ByteDMD data-movement cost of the methods, scaling the methods for
k = 8 … 64; env prints the machine and the kernel path.

Flags:
`

// newFlagSet binds the headline flags to a fresh options value holding
// the defaults.
func newFlagSet() (*flag.FlagSet, *options) {
	o := &options{cfg: lococode.DefaultConfig()}
	fs := flag.NewFlagSet("lococode", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := &o.cfg
	fs.Uint64Var(&o.seed, "seed", 0, "first random seed")
	fs.IntVar(&o.nSeeds, "n-seeds", 1, "number of seeds to sweep, from --seed on")
	fs.IntVar(&o.workers, "workers", 0, "goroutines for a sweep (0: one per core)")
	trainingFlags(fs, c, &o.whiten)
	fs.IntVar(&c.FastICAMaxIter, "fastica-max-iter", c.FastICAMaxIter, "FastICA iteration limit")
	fs.Float64Var(&c.FastICATol, "fastica-tol", c.FastICATol, "FastICA convergence tolerance")
	fs.Func("fastica-fun", "FastICA contrast: logcosh, exp or cube (default logcosh)", func(v string) error {
		c.FastICAFun = lococode.Contrast(v)
		return nil
	})
	fs.Float64Var(&c.FastICAAlpha, "fastica-alpha", c.FastICAAlpha, "α of the logcosh contrast, in [1, 2]")
	fs.Func("fastica-algorithm", "FastICA algorithm: parallel or deflation (default parallel)",
		func(v string) error {
			c.FastICAAlgorithm = lococode.ICAAlgorithm(v)
			return nil
		})
	fs.BoolVar(&o.json, "json", false, "write the results as JSON")
	fs.BoolVar(&o.history, "history", false, "with --json, include the per-epoch training history")
	fs.BoolVar(&o.quiet, "quiet", false, "print only the results table")
	fs.StringVar(&o.exportDir, "export-dir", "", "write each seed's X, S and A as CSV files into this directory")
	return fs, o
}

// parseHeadline parses and checks the flags. Every error is a
// usageError, but flag.ErrHelp for -h.
func parseHeadline(args []string) (*options, error) {
	fs, o := newFlagSet()
	c := &o.cfg
	if err := parseFlags(fs, "", args); err != nil {
		return nil, err
	}
	if err := setWhiten(c, o.whiten); err != nil {
		return nil, err
	}
	if o.nSeeds < 1 {
		return nil, usagef("--n-seeds %d: need at least 1", o.nSeeds)
	}
	if o.workers < 0 {
		return nil, usagef("--workers %d is negative", o.workers)
	}
	if o.history && !o.json {
		return nil, usagef("--history needs --json")
	}
	if err := checkMemory(o.cfg, o.nSeeds); err != nil {
		return nil, err
	}
	if _, ok := lococode.LastSeed(o.seed, o.nSeeds); !ok {
		return nil, usagef("--seed %d with --n-seeds %d runs past the largest seed", o.seed, o.nSeeds)
	}
	// Validate names each setting by its flag (lr, lambda-act, …).
	if err := c.Validate(); err != nil {
		return nil, usageError{err}
	}
	return o, nil
}

func printUsage(w io.Writer) {
	fs, _ := newFlagSet()
	printHelp(w, headlineUsage, fs)
}

func runHeadline(stdout, stderr io.Writer, args []string) error {
	o, err := parseHeadline(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return nil
	}
	if err != nil {
		return err
	}
	warnFloat32(stderr, o.cfg, o.cfg.K)

	start := time.Now()
	results, err := lococode.Sweep(o.cfg, o.seed, o.nSeeds, o.workers, nil)
	if err != nil {
		return err
	}
	wall := time.Since(start)

	if o.exportDir != "" {
		for _, r := range results {
			if err := exportDataset(o.exportDir, r, o.nSeeds > 1); err != nil {
				return err
			}
		}
	}
	env := environment(o)
	if o.json {
		return writeJSON(stdout, o, env, results, wall)
	}
	writeText(stdout, o, env, results, wall)
	return nil
}
