package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/lococode/lococode/dataio"
	"github.com/lococode/lococode/lococode"
)

const transformUsage = `usage: lococode transform --model MODEL.json --in FILE [--in FILE …]
                          --out FILE [--inverse]

Applies a model written by lococode fit to data in CSV, NPY or WAV, a
chunk of rows at a time, and writes the result to --out in the input's
format: the sources (x − mean)·unmixingᵀ, or with --inverse the
reconstruction mean + s·mixingᵀ of sources s. WAV sources are written
as by fit (16-bit, each scaled to a peak of 0.99, or --wav-float);
a WAV reconstruction is written unscaled.

Flags:
`

func newTransformFlagSet() (*flag.FlagSet, *fitOptions, *string, *bool) {
	o := &fitOptions{delim: ","}
	model, inverse := new(string), new(bool)
	fs := flag.NewFlagSet("lococode transform", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(model, "model", "", "model JSON written by lococode fit (required)")
	fs.Func("in", "input file (.csv, .npy, .wav); repeat for several WAV recordings", func(v string) error {
		o.in = append(o.in, v)
		return nil
	})
	fs.StringVar(&o.out, "out", "", "output file, in the input's format (required)")
	fs.BoolVar(inverse, "inverse", false, "map sources back to the data space")
	fs.BoolVar(&o.split, "split", false, "WAV: also write each output channel as OUT_1.wav, OUT_2.wav, …")
	fs.BoolVar(&o.wavFloat, "wav-float", false, "WAV: write float32 instead of 16-bit")
	fs.StringVar(&o.delim, "delimiter", ",", "CSV field delimiter (one character; \\t for tab)")
	return fs, o, model, inverse
}

func runTransform(stdout, stderr io.Writer, args []string) error {
	fs, o, modelPath, inverse := newTransformFlagSet()
	if err := parseFlags(fs, "transform", args); errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, transformUsage, fs)
		return nil
	} else if err != nil {
		return err
	}
	if *modelPath == "" || len(o.in) == 0 || o.out == "" {
		return usagef("transform: --model, --in and --out are required (see lococode transform -h)")
	}
	if o.delim == `\t` {
		o.delim = "\t"
	}
	if len([]rune(o.delim)) != 1 {
		return usagef("transform: --delimiter %q: want one character", o.delim)
	}
	b, err := os.ReadFile(*modelPath)
	if err != nil {
		return inputError(err)
	}
	var j lococode.ModelJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return usagef("transform: %s: not a model JSON: %v", *modelPath, err)
	}
	md, err := j.Model()
	if err != nil {
		return usagef("transform: %s: %v", *modelPath, err)
	}

	src, err := dataio.Open(o.in, dataio.Options{Delimiter: []rune(o.delim)[0]})
	if err != nil {
		return inputError(err)
	}
	if f, err := dataio.FormatOf(o.out); err == nil && f != src.Format {
		return usagef("transform: --out %s: the output is written in the input's format, %s", o.out, src.Format)
	}
	if o.split && src.Format != dataio.WAV {
		return usagef("transform: --split applies to WAV output only")
	}
	for _, in := range o.in {
		if sameFile(in, o.out) {
			return usagef("transform: --out %s would overwrite the input %s", o.out, in)
		}
	}
	mp := sourcesMapping(md)
	if *inverse {
		names := make([]string, md.Features)
		for i := range names {
			names[i] = fmt.Sprintf("x_%d", i+1)
		}
		mp = mapping{in: md.Components, out: md.Features, apply: md.InverseTransformChunk,
			names: names, what: "value"}
	}
	if src.Cols() != mp.in {
		return usagef("transform: the input has %d columns, the model wants %d", src.Cols(), mp.in)
	}

	// NPY and WAV headers give the row count that their writers need;
	// CSV rows are counted as they pass (CSV is read once).
	mp.rows = src.Frames
	rows := src.Frames
	if rows < 0 {
		rows = 0
		apply := mp.apply
		mp.apply = func(dst, x []float64) {
			rows += int64(len(x) / mp.in)
			apply(dst, x)
		}
	}
	if err := writeMapped(o, src, mp); err != nil {
		return inputError(err)
	}
	fmt.Fprintf(stdout, "%s: %d rows of %d columns\n", o.out, rows, mp.out)
	return nil
}
