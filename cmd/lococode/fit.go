package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/lococode/lococode/dataio"
	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

const fitUsage = `usage: lococode fit --in FILE [--in FILE …] --method lococode|fastica|pca [flags]

Fits a model to real data, n rows (samples) by p columns (features):
CSV (header row optional), NPY (float32/float64, little-endian, C order)
or WAV (PCM 8/16/24/32-bit or float; channels are columns, several mono
or multichannel recordings of one length side by side). The data is
read in chunks: once for the mean and covariance (and, for fastica and
lococode, a seeded subsample of --fit-rows rows that they then iterate
over in memory), once more to write the sources with --out. With
--fit-rows -1 they read every row again on each pass instead (one pass
per FastICA iteration or LOCOCODE epoch), in memory of one chunk.

The model goes to --model as JSON (stdout if not given), the sources to
--out in the input's format (WAV: 16-bit, each source scaled to a peak
of 0.99, or float32 unscaled with --wav-float). Sources have unit
variance; components are ordered by decreasing variance contributed to
the data and signed so that the largest entry of each mixing column is
positive. --reference scores the sources against known true sources
(SIR per source), --reference-mixing against a known mixing matrix
(Amari distance).

Exit status: 0 on success, 2 for bad flags or bad input data, 1 when
the run fails (or, with --require-converged, when the method did not
converge).

Flags:
`

// fitOptions are the flags of the fit subcommand.
type fitOptions struct {
	in        []string
	method    string
	fit       lococode.FitOptions
	whiten    string
	model     string
	out       string
	split     bool
	wavFloat  bool
	delim     string
	strict    bool
	refs      []string
	refMixing string
}

func newFitFlagSet() (*flag.FlagSet, *fitOptions) {
	o := &fitOptions{fit: lococode.FitOptions{ICA: lococode.DefaultICAOptions(),
		LOCOCODE: lococode.DefaultLococodeOptions(), MaxFitRows: lococode.DefaultMaxFitRows}}
	fs := flag.NewFlagSet("lococode fit", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Func("in", "input file (.csv, .npy, .wav); repeat for several WAV recordings", func(v string) error {
		o.in = append(o.in, v)
		return nil
	})
	fs.StringVar(&o.method, "method", "", "lococode, fastica or pca (required)")
	fs.IntVar(&o.fit.Components, "components", 0, "components kept, at most the features (0: all)")
	fs.StringVar(&o.whiten, "whiten", "pca", "whitening: pca, or zca (all components only)")
	fs.Uint64Var(&o.fit.Seed, "seed", 0, "random seed (subsample, starting point, shuffles)")
	fs.Float64Var(&o.fit.RankTol, "rank-tol", 0,
		"rank tolerance relative to the largest covariance eigenvalue (0: max(n, p)·2⁻⁵²)")
	fs.IntVar(&o.fit.MaxFitRows, "fit-rows", o.fit.MaxFitRows,
		"rows fastica and lococode iterate over: a seeded subsample when there are more "+
			"(-1: every row, read again on each pass)")
	fs.StringVar(&o.model, "model", "", "write the model as JSON to this file (default stdout)")
	fs.StringVar(&o.out, "out", "", "write the sources to this file, in the input's format")
	fs.BoolVar(&o.split, "split", false, "WAV: also write each source as a mono file OUT_1.wav, OUT_2.wav, …")
	fs.BoolVar(&o.wavFloat, "wav-float", false,
		"WAV: write float32 sources unscaled instead of peak-scaled 16-bit")
	fs.StringVar(&o.delim, "delimiter", ",", "CSV field delimiter (one character; \\t for tab)")
	fs.BoolVar(&o.strict, "require-converged", false, "fail (exit 1) when the method does not converge")
	fs.Func("reference", "a file of true sources to score against (SIR); repeat for several WAVs",
		func(v string) error {
			o.refs = append(o.refs, v)
			return nil
		})
	fs.StringVar(&o.refMixing, "reference-mixing", "",
		"CSV/NPY file of the true p×k mixing matrix X = S·Aᵀ, to report the Amari distance")

	ica := &o.fit.ICA
	fs.IntVar(&ica.MaxIter, "fastica-max-iter", ica.MaxIter, "FastICA iteration limit")
	fs.Float64Var(&ica.Tol, "fastica-tol", ica.Tol, "FastICA convergence tolerance")
	fs.Func("fastica-fun", "FastICA contrast: logcosh, exp or cube (default logcosh)", func(v string) error {
		ica.Fun = lococode.Contrast(v)
		return nil
	})
	fs.Float64Var(&ica.Alpha, "fastica-alpha", ica.Alpha, "α of the logcosh contrast, in [1, 2]")
	fs.Func("fastica-algorithm", "FastICA algorithm: parallel or deflation (default parallel)",
		func(v string) error {
			ica.Algorithm = lococode.ICAAlgorithm(v)
			return nil
		})
	l := &o.fit.LOCOCODE
	fs.IntVar(&l.Epochs, "epochs", l.Epochs, "LOCOCODE training epochs")
	fs.IntVar(&l.BatchSize, "batch-size", l.BatchSize, "LOCOCODE mini-batch size")
	fs.Float64Var(&l.LR, "lr", l.LR, "LOCOCODE learning rate")
	fs.Float64Var(&l.LambdaAct, "lambda-act", l.LambdaAct, "LOCOCODE penalty on the codes")
	fs.Float64Var(&l.LambdaW, "lambda-w", l.LambdaW, "LOCOCODE L2 penalty on the weights")
	fs.Func("penalty", "LOCOCODE sparsity penalty: l1 or logcosh (default l1)", func(v string) error {
		l.Penalty = lococode.Penalty(v)
		return nil
	})
	fs.Float64Var(&l.PenaltyAlpha, "penalty-alpha", l.PenaltyAlpha, "width α of the logcosh penalty")
	fs.Float64Var(&l.Tol, "lococode-tol", l.Tol,
		"LOCOCODE convergence: relative change of W's mean between the last two tenths of the epochs")
	return fs, o
}

func parseFit(args []string) (*fitOptions, error) {
	fs, o := newFitFlagSet()
	if err := parseFlags(fs, "fit", args); err != nil {
		return nil, err
	}
	if len(o.in) == 0 {
		return nil, usagef("fit: --in is required (see lococode fit -h)")
	}
	switch o.method {
	case "":
		return nil, usagef("fit: --method is required: lococode, fastica or pca")
	case "lococode", "fastica", "pca":
		o.fit.Method = lococode.FitMethod(o.method)
	default:
		return nil, usagef("fit: --method %q: want lococode, fastica or pca", o.method)
	}
	switch strings.ToLower(o.whiten) {
	case "pca":
		o.fit.Whiten = linalg.PCAWhiten
	case "zca":
		o.fit.Whiten = linalg.ZCAWhiten
	default:
		return nil, usagef("fit: --whiten %q: want pca or zca", o.whiten)
	}
	if o.fit.Components < 0 {
		return nil, usagef("fit: --components %d is negative", o.fit.Components)
	}
	if o.delim == `\t` {
		o.delim = "\t"
	}
	if len([]rune(o.delim)) != 1 {
		return nil, usagef("fit: --delimiter %q: want one character", o.delim)
	}
	if o.fit.MaxFitRows == 0 || o.fit.MaxFitRows < -1 {
		return nil, usagef("fit: --fit-rows %d: want a positive count, or -1 for all rows", o.fit.MaxFitRows)
	}
	if o.split && o.out == "" {
		return nil, usagef("fit: --split needs --out")
	}
	return o, nil
}

// sameFile reports whether paths a and b name one existing file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// inputError turns errors about the input files into usage errors
// (exit 2): missing or unreadable files and malformed or unusable data.
func inputError(err error) error {
	if err == nil {
		return nil
	}
	var ue usageError
	if errors.As(err, &ue) {
		return err
	}
	if errors.Is(err, dataio.ErrFormat) || errors.Is(err, dataio.ErrUnsupported) ||
		errors.Is(err, lococode.ErrData) || errors.Is(err, lococode.ErrConfig) ||
		errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return usageError{err}
	}
	return err
}

// fitDoc is the JSON model the fit subcommand writes.
type fitDoc struct {
	Schema string   `json:"schema"`
	Input  fitInput `json:"input"`
	lococode.ModelJSON
	FastICA         *icaJSON                  `json:"fastica_options,omitempty"`
	LOCOCODE        *lococode.LococodeOptions `json:"lococode_options,omitempty"`
	FitSeconds      float64                   `json:"fit_seconds"`
	RowsPerSecond   float64                   `json:"rows_per_second"`
	Evaluation      *evaluation               `json:"evaluation,omitempty"`
	ConventionsNote string                    `json:"conventions"`
}

type icaJSON struct {
	Fun       lococode.Contrast     `json:"fun"`
	Alpha     float64               `json:"alpha"`
	Algorithm lococode.ICAAlgorithm `json:"algorithm"`
	MaxIter   int                   `json:"max_iter"`
	Tol       float64               `json:"tol"`
}

type fitInput struct {
	Paths      []string `json:"paths"`
	Format     string   `json:"format"`
	Columns    []string `json:"columns,omitempty"`
	SampleRate int      `json:"sample_rate,omitempty"`
}

type evaluation struct {
	Amari   *float64     `json:"amari,omitempty"`
	Sources []sourceEval `json:"sources,omitempty"`
}

type sourceEval struct {
	Component   int     `json:"component"`
	Reference   string  `json:"reference"`
	Correlation float64 `json:"abs_correlation"`
	SIR         float64 `json:"sir_db"`
}

const conventions = "sources = (x - mean)·unmixingᵀ, unit variance; x ≈ mean + sources·mixingᵀ; " +
	"components by decreasing column norm of mixing; largest-magnitude entry of each mixing column positive"

func runFit(stdout, stderr io.Writer, args []string) error {
	o, err := parseFit(args)
	if errors.Is(err, flag.ErrHelp) {
		fs, _ := newFitFlagSet()
		printHelp(stdout, fitUsage, fs)
		return nil
	}
	if err != nil {
		return err
	}
	src, err := dataio.Open(o.in, dataio.Options{Delimiter: []rune(o.delim)[0]})
	if err != nil {
		return inputError(err)
	}
	if o.out != "" {
		if f, err := dataio.FormatOf(o.out); err == nil && f != src.Format {
			return usagef("fit: --out %s: sources are written in the input's format, %s", o.out, src.Format)
		}
		if o.split && src.Format != dataio.WAV {
			return usagef("fit: --split applies to WAV output only")
		}
		for _, in := range append(append([]string(nil), o.in...), o.refs...) {
			if sameFile(in, o.out) {
				return usagef("fit: --out %s would overwrite the input %s", o.out, in)
			}
		}
	}

	// Fit.
	start := time.Now()
	model, err := lococode.FitRows(src, o.fit)
	if err != nil {
		if errors.Is(err, lococode.ErrData) {
			err = fmt.Errorf("%s: %w", strings.Join(o.in, ", "), err)
		}
		return inputError(err)
	}
	secs := time.Since(start).Seconds()
	rate := float64(model.Samples) / secs
	if err := checkFinite(model); err != nil {
		return err
	}

	doc := fitDoc{Schema: "lococode.model/v1",
		Input: fitInput{Paths: o.in, Format: string(src.Format), Columns: src.Names,
			SampleRate: src.SampleRate},
		ModelJSON: model.JSON(), FitSeconds: secs, RowsPerSecond: rate, ConventionsNote: conventions}
	switch o.fit.Method {
	case lococode.FitFastICA:
		c := o.fit.ICA
		doc.FastICA = &icaJSON{c.Fun, c.Alpha, c.Algorithm, c.MaxIter, c.Tol}
	case lococode.FitLOCOCODE:
		doc.LOCOCODE = &o.fit.LOCOCODE
	}

	// Sources, and their scores against references.
	if o.out != "" {
		if err := writeSources(o, src, model); err != nil {
			return err
		}
	}
	if len(o.refs) > 0 || o.refMixing != "" {
		ev, err := evaluate(o, src, model)
		if err != nil {
			return err
		}
		doc.Evaluation = ev
	}

	// The model document, then the summary.
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	summary := stdout
	if o.model == "" {
		if _, err := stdout.Write(b); err != nil {
			return err
		}
		summary = stderr
	} else if err := os.WriteFile(o.model, b, 0o644); err != nil {
		return err
	}
	printFitSummary(summary, o, model, secs, rate, doc.Evaluation)

	if !model.Converged {
		what := fmt.Sprintf("%s did not converge in %d iterations", model.Method, model.Iterations)
		if model.Method == lococode.FitLOCOCODE {
			what = fmt.Sprintf("lococode did not converge in %d epochs (--lococode-tol %g)",
				model.Iterations, o.fit.LOCOCODE.Tol)
		}
		if o.strict {
			return fmt.Errorf("fit: %s (--require-converged)", what)
		}
		fmt.Fprintf(stderr, "lococode: warning: %s; the model was written anyway "+
			"(--require-converged makes this an error)\n", what)
	}
	return nil
}

func printFitSummary(w io.Writer, o *fitOptions, md *lococode.Model, secs, rate float64, ev *evaluation) {
	conv := "converged"
	if !md.Converged {
		conv = "not converged"
	}
	iters := fmt.Sprintf("%d iterations, %s", md.Iterations, conv)
	switch md.Method {
	case lococode.FitPCA:
		iters = "closed form"
	case lococode.FitLOCOCODE:
		iters = fmt.Sprintf("%d epochs, %s", md.Iterations, conv)
	}
	fmt.Fprintf(w, "%s: %d of %d components, rank %d, %d rows", md.Method, md.Components,
		md.Features, md.Rank, md.Samples)
	if md.FitSamples != md.Samples {
		fmt.Fprintf(w, " (iterated on a subsample of %d)", md.FitSamples)
	}
	fmt.Fprintf(w, "; %s; fit %.3g s, %.3g rows/s\n", iters, secs, rate)
	if ev == nil {
		return
	}
	if ev.Amari != nil {
		fmt.Fprintf(w, "Amari distance to the reference mixing: %.4f\n", *ev.Amari)
	}
	if len(ev.Sources) > 0 {
		fmt.Fprintf(w, "%9s  %-24s  %7s  %8s\n", "component", "reference", "|corr|", "SIR dB")
		for _, s := range ev.Sources {
			fmt.Fprintf(w, "%9d  %-24s  %7.4f  %8.2f\n", s.Component, s.Reference, s.Correlation, s.SIR)
		}
	}
}

// checkFinite refuses to write a model with a NaN or Inf in it.
func checkFinite(md *lococode.Model) error {
	for _, m := range []*linalg.Dense{md.Whitening, md.Unmixing, md.Mixing} {
		if ok, _, _ := m.AllFinite(); !ok {
			return fmt.Errorf("fit: the fitted model is not finite (data too close to overflow?)")
		}
	}
	return nil
}

// evaluate scores the model against --reference sources (SIR) and a
// --reference-mixing matrix (Amari distance). It holds the input and
// the references in memory.
func evaluate(o *fitOptions, src *dataio.Source, md *lococode.Model) (*evaluation, error) {
	ev := &evaluation{}
	if o.refMixing != "" {
		a, err := readMatrix([]string{o.refMixing}, o)
		if err != nil {
			return nil, inputError(err)
		}
		if a.Rows != md.Features || a.Cols != md.Components {
			return nil, usagef("fit: --reference-mixing is %d×%d, want features × components = %d×%d",
				a.Rows, a.Cols, md.Features, md.Components)
		}
		d := lococode.Amari(md.Unmixing, a)
		ev.Amari = &d
	}
	if len(o.refs) > 0 {
		ref, err := readMatrix(o.refs, o)
		if err != nil {
			return nil, inputError(err)
		}
		if int64(ref.Rows) != md.Samples || ref.Cols < md.Components {
			return nil, usagef("fit: the references are %d×%d: want %d rows and at least %d columns",
				ref.Rows, ref.Cols, md.Samples, md.Components)
		}
		x, err := readMatrix(o.in, o)
		if err != nil {
			return nil, inputError(err)
		}
		refSrc, _ := dataio.Open(o.refs, dataio.Options{Delimiter: []rune(o.delim)[0]})
		match, corr, sir, err := lococode.SIR(md.Transform(x), ref)
		if err != nil {
			return nil, inputError(err)
		}
		for i := range match {
			name := fmt.Sprintf("column %d", match[i]+1)
			if refSrc != nil && match[i] < len(refSrc.Names) {
				name = refSrc.Names[match[i]]
			}
			ev.Sources = append(ev.Sources, sourceEval{Component: i + 1, Reference: name,
				Correlation: corr[i], SIR: sir[i]})
		}
	}
	return ev, nil
}
