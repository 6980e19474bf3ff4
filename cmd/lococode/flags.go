package main

import (
	"errors"
	"flag"
	"strings"

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
	fs.Float64Var(&c.PenaltyAlpha, "penalty-alpha", c.PenaltyAlpha, "width α of the logcosh penalty λ·α·log cosh(h/α)")
	fs.StringVar(whiten, "whiten", "pca", "whitening: pca (Λ^-½Eᵀ) or zca (EΛ^-½Eᵀ)")
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
