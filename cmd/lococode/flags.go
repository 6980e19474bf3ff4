package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// trainingFlags binds the problem-size and training flags that every
// subcommand that trains shares to c, and --whiten to whiten; call
// setWhiten after parsing.
func trainingFlags(fs *flag.FlagSet, c *lococode.Config, whiten *string) {
	fs.IntVar(&c.K, "k", c.K, "number of sources and hidden units")
	fs.IntVar(&c.N, "n-samples", c.N, "number of samples")
	fs.IntVar(&c.Epochs, "epochs", c.Epochs, "training epochs")
	fs.IntVar(&c.BatchSize, "batch-size", c.BatchSize, "mini-batch size")
	fs.Float64Var(&c.LR, "lr", c.LR, "learning rate")
	fs.Float64Var(&c.LambdaAct, "lambda-act", c.LambdaAct, "L1 penalty on the codes")
	fs.Float64Var(&c.LambdaW, "lambda-w", c.LambdaW, "L2 penalty on the weights")
	fs.Func("penalty", "sparsity penalty on the codes: l1 or logcosh (default l1)", func(v string) error {
		c.Penalty = lococode.Penalty(v)
		return nil
	})
	fs.BoolVar(&c.Float32, "float32", c.Float32,
		"run the hot loops in float32: the training's passes over the data and FastICA's tanh (l1 only)")
	fs.Float64Var(&c.PenaltyAlpha, "penalty-alpha", c.PenaltyAlpha,
		"width α of the logcosh penalty λ·α·log cosh(h/α)")
	fs.StringVar(whiten, "whiten", "pca", "whitening: pca (Λ^-½Eᵀ) or zca (EΛ^-½Eᵀ)")
}

// warnFloat32 tells stderr when --float32 runs, for one of ks, the
// generic float32 code (no assembly for that k or on this machine),
// which is slower than float64.
func warnFloat32(stderr io.Writer, c lococode.Config, ks ...int) {
	if !c.Float32 {
		return
	}
	for _, k := range ks {
		if !kernel.Float32Assembly(k) {
			fmt.Fprintf(stderr, "lococode: note: --float32 has assembly for k = 8 on avx2 and neon only; "+
				"k = %d runs the generic float32 code, slower than the default float64\n", k)
			return
		}
	}
}

// setWhiten sets c.Whiten from the value of --whiten.
func setWhiten(c *lococode.Config, v string) error {
	switch strings.ToLower(v) {
	case "pca":
		c.Whiten = linalg.PCAWhiten
	case "zca":
		c.Whiten = linalg.ZCAWhiten
	default:
		return usagef("--whiten %q: want pca or zca", v)
	}
	return nil
}

// parseFlags parses args with fs for the subcommand named cmd (empty
// for the headline). Every error is a usageError that names the
// subcommand, but flag.ErrHelp for -h.
func parseFlags(fs *flag.FlagSet, cmd string, args []string) error {
	prefix, help := "", "lococode -h"
	if cmd != "" {
		prefix, help = cmd+": ", "lococode "+cmd+" -h"
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s%v (see %s)", prefix, err, help)
	}
	if fs.NArg() > 0 {
		return usagef("%sunexpected argument %q (see %s)", prefix, fs.Arg(0), help)
	}
	return nil
}

// maxRunBytes bounds the memory a run may plan to hold, so that sizes
// that cannot fit get one clear error instead of a failed allocation.
const maxRunBytes = 16 << 30

// checkMemory rejects a run of nSeeds seeds of c whose data would not
// fit in maxRunBytes. Each seed keeps S, X, Z and a few n×k products
// of codes, about 10 n×k matrices of float64, until the sweep is done.
func checkMemory(c lococode.Config, nSeeds int) error {
	need := 10 * 8 * float64(c.N) * float64(c.K) * float64(nSeeds)
	if need > maxRunBytes || float64(c.N)*float64(c.K) > math.MaxInt32 {
		return usagef("%s of n = %d, k = %d would need about %.3g GB of memory (limit %d GB)",
			plural(nSeeds, "seed"), c.N, c.K, need/1e9, maxRunBytes>>30)
	}
	return nil
}

// printHelp writes a subcommand's usage text and then its flags with
// their defaults.
func printHelp(w io.Writer, usage string, fs *flag.FlagSet) {
	fmt.Fprint(w, usage)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// writePNG encodes img as a PNG file at path, creating its directory.
func writePNG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}
