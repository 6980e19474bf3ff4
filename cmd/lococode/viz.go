package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image/gif"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/lococode/lococode/lococode"
	"github.com/lococode/lococode/viz"
)

// vizOptions are the flags of the viz and gif subcommands.
type vizOptions struct {
	seed   uint64
	cfg    lococode.Config
	whiten string
	outdir string
	gif    bool // viz: write the animation too
	fps    float64
	quiet  bool
}

const vizUsage = `usage: lococode %s [flags]

Runs the experiment once on one seed (training with snapshots, PCA,
FastICA) and draws from that run into --outdir:

%s
The paths written go to stdout, timings to stderr.

Flags:
`

const vizFiles = `  training_curves.png       MSE, mean |H|, kurtosis and Amari distance per epoch
  amari_comparison.png      Amari distance and kurtosis of the three methods
  hidden_distributions.png  each method's most kurtotic unit against Laplace and Gaussian
  recovered_demixers.png    |B·A| row-normalised, rows matched to sources
  source_recovery.png       |corr(S, H)|, units matched to sources
  lococode_ica.gif          the training animation, with --gif
`

const gifFiles = `  lococode_ica.gif          the training animation
`

// newVizFlagSet binds the flags of subcommand name ("viz" or "gif") to a
// fresh vizOptions holding the defaults.
func newVizFlagSet(name string) (*flag.FlagSet, *vizOptions) {
	o := &vizOptions{cfg: lococode.DefaultConfig()}
	fs := flag.NewFlagSet("lococode "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := &o.cfg
	fs.Uint64Var(&o.seed, "seed", 0, "random seed")
	trainingFlags(fs, c, &o.whiten)
	fs.StringVar(&o.outdir, "outdir", "figures", "directory to write into (created if missing)")
	fs.IntVar(&c.SnapshotEvery, "snapshot-every", c.SnapshotEvery,
		"animation: one frame every this many epochs (plus the first and last)")
	fs.Float64Var(&o.fps, "fps", 8, "animation: frames per second")
	if name == "viz" {
		fs.BoolVar(&o.gif, "gif", false, "also write the animation, from the same run")
	}
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing on stderr")
	return fs, o
}

// parseViz parses and checks the flags of subcommand name. Every error
// is a usageError, but flag.ErrHelp for -h.
func parseViz(name string, args []string) (*vizOptions, error) {
	fs, o := newVizFlagSet(name)
	if err := parseFlags(fs, name, args); err != nil {
		return nil, err
	}
	if err := setWhiten(&o.cfg, o.whiten); err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", name, err)}
	}
	switch {
	case o.outdir == "":
		return nil, usagef("%s: --outdir is empty", name)
	case o.cfg.SnapshotEvery < 1:
		return nil, usagef("%s: --snapshot-every %d: need at least 1", name, o.cfg.SnapshotEvery)
	case !(o.fps >= 1 && o.fps <= 100):
		return nil, usagef("%s: --fps %v: want 1 to 100", name, o.fps)
	}
	if err := o.cfg.Validate(); err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", name, err)}
	}
	if err := checkMemory(o.cfg, 1); err != nil {
		return nil, usageError{fmt.Errorf("%s: %w", name, err)}
	}
	return o, nil
}

func runViz(stdout, stderr io.Writer, args []string) error {
	return runFigures(stdout, stderr, "viz", args)
}

func runGIF(stdout, stderr io.Writer, args []string) error {
	return runFigures(stdout, stderr, "gif", args)
}

// runFigures is the viz and gif subcommands: one run of the seed, then
// the five figures (viz) and the animation (gif, or viz --gif), drawn
// and encoded in parallel.
func runFigures(stdout, stderr io.Writer, name string, args []string) error {
	o, err := parseViz(name, args)
	if errors.Is(err, flag.ErrHelp) {
		files := vizFiles
		if name == "gif" {
			files = gifFiles
		}
		fs, _ := newVizFlagSet(name)
		printHelp(stdout, fmt.Sprintf(vizUsage, name, files), fs)
		return nil
	}
	if err != nil {
		return err
	}

	start := time.Now()
	r, err := lococode.RunSeed(o.cfg, o.seed)
	if err != nil {
		return err
	}
	ran := time.Now()

	// Each job draws and encodes one file.
	type job struct {
		name   string
		encode func(w io.Writer) error
	}
	var jobs []job
	if name == "viz" {
		for _, f := range viz.Figures {
			jobs = append(jobs, job{f.Name, func(w io.Writer) error { return png.Encode(w, f.Draw(r)) }})
		}
	}
	if name == "gif" || o.gif {
		delay := max(1, int(math.Round(100/o.fps)))
		jobs = append(jobs, job{viz.AnimationFile, func(w io.Writer) error {
			return gif.EncodeAll(w, viz.Animation(r, delay))
		}})
	}
	files := make([][]byte, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			var b bytes.Buffer
			errs[i] = j.encode(&b)
			files[i] = b.Bytes()
		})
	}
	wg.Wait()
	drawn := time.Now()

	if err := os.MkdirAll(o.outdir, 0o755); err != nil {
		return err
	}
	for i, j := range jobs {
		if errs[i] != nil {
			return fmt.Errorf("%s: %w", j.name, errs[i])
		}
		path := filepath.Join(o.outdir, j.name)
		if err := os.WriteFile(path, files[i], 0o644); err != nil {
			return err
		}
		fmt.Fprintln(stdout, path)
		if !o.quiet {
			fmt.Fprintf(stderr, "%-26s %4d KB\n", j.name, (len(files[i])+512)/1024)
		}
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "seed %d: run %.0f ms, drawing and encoding %.0f ms, total %.0f ms\n",
			o.seed, millis(ran.Sub(start)), millis(drawn.Sub(ran)), millis(time.Since(start)))
	}
	return nil
}

func millis(d time.Duration) float64 { return d.Seconds() * 1e3 }
