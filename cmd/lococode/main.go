// Command lococode runs the LOCOCODE experiment: a sparse tied
// autoencoder against PCA and FastICA on whitened mixtures of Laplace
// sources (Hochreiter & Schmidhuber, Neural Computation 11(3), 1999).
//
// Usage:
//
//	lococode [flags]          run the headline experiment (seed 0 by default)
//	lococode viz [flags]      draw the five figures of one run (--gif: and the animation)
//	lococode gif [flags]      draw the training animation
//	lococode dmd [flags]      ByteDMD data-movement cost of the three methods
//	lococode scaling [flags]  all methods for k = 8 … 64, several seeds each
//	lococode fit --in FILE --method M [flags]
//	                          fit a model to CSV, NPY or WAV data, write it and the sources
//	lococode transform --model M --in FILE --out FILE [--inverse]
//	                          apply a fitted model to data, or map sources back
//	lococode mix --in FILE --matrix A --out FILE
//	                          mix sources with a known matrix, to try fit on
//	lococode bars [flags]     the paper's bars: LOCOCODE (FMS, L1), PCA, FastICA
//	lococode patches --image PATH [flags]  natural image patches, edge-like filters
//	lococode env              print the machine, Go version and kernel path
//	lococode help             print the flags (each subcommand takes -h)
//
// With --n-seeds N it sweeps seeds seed…seed+N−1 on every core and
// prints mean, std, min and max per method. --json writes the results as
// one JSON document (schema in README.md); --export-dir writes the
// generated data as CSV. Results go to stdout and diagnostics to stderr.
// Exit status: 0 on success, 2 for a bad flag or value, 1 when a run
// fails.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(cli(os.Stdout, os.Stderr, os.Args[1:]))
}

// cli runs the command and returns its exit status, printing an error
// as one line on stderr.
func cli(stdout, stderr io.Writer, args []string) int {
	err := run(stdout, stderr, args)
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "lococode: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// usageError marks an error in the command line or its values: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error {
	return usageError{fmt.Errorf(format, a...)}
}

// run is the whole command with its streams and arguments, for tests.
func run(stdout, stderr io.Writer, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "help":
			return runHeadline(stdout, stderr, []string{"-h"})
		case "env":
			if len(args) == 2 && (args[1] == "-h" || args[1] == "-help" || args[1] == "--help") {
				fmt.Fprintln(stdout, "usage: lococode env\n\nPrints the Go version, OS/arch, CPU, "+
					"its features and caches, and the kernel path in use.")
				return nil
			}
			if len(args) > 1 {
				return usagef("env takes no arguments")
			}
			printEnv(stdout, environment(&options{nSeeds: 1}))
			return nil
		case "run":
			args = args[1:]
		case "viz":
			return runViz(stdout, stderr, args[1:])
		case "gif":
			return runGIF(stdout, stderr, args[1:])
		case "dmd":
			return runDMD(stdout, stderr, args[1:])
		case "scaling":
			return runScaling(stdout, stderr, args[1:])
		case "fit":
			return runFit(stdout, stderr, args[1:])
		case "mix":
			return runMix(stdout, stderr, args[1:])
		case "transform":
			return runTransform(stdout, stderr, args[1:])
		case "bars":
			return runBars(stdout, stderr, args[1:])
		case "patches":
			return runPatches(stdout, stderr, args[1:])
		}
	}
	return runHeadline(stdout, stderr, args)
}
