package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/lococode/lococode/dataio"
	"github.com/lococode/lococode/linalg"
)

const mixUsage = `usage: lococode mix --in FILE [--in FILE …] --matrix A.csv --out FILE

Mixes sources S (n×k: the columns of the --in files, side by side as
fit reads them) with a known p×k matrix A into X = S·Aᵀ (n×p), and
writes X to --out in the format of its extension (WAV: float32, at the
first input's sample rate). For trying fit on known mixtures.

Flags:
`

// readMatrix reads files into memory as one matrix.
func readMatrix(paths []string, o *fitOptions) (*linalg.Dense, error) {
	s, err := dataio.Open(paths, dataio.Options{Delimiter: []rune(o.delim)[0]})
	if err != nil {
		return nil, err
	}
	var data []float64
	if err := s.Scan(func(c []float64) error { data = append(data, c...); return nil }); err != nil {
		return nil, err
	}
	p := s.Cols()
	return linalg.NewFrom(len(data)/p, p, data), nil
}

func newMixFlagSet() (*flag.FlagSet, *fitOptions, *string) {
	o := &fitOptions{delim: ","}
	matrix := new(string)
	fs := flag.NewFlagSet("lococode mix", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Func("in", "source file (.csv, .npy, .wav); repeat for several WAV recordings", func(v string) error {
		o.in = append(o.in, v)
		return nil
	})
	fs.StringVar(matrix, "matrix", "", "CSV or NPY file of the p×k mixing matrix A (required)")
	fs.StringVar(&o.out, "out", "", "file to write the mixtures to (required)")
	return fs, o, matrix
}

func runMix(stdout, stderr io.Writer, args []string) error {
	fs, o, matrix := newMixFlagSet()
	if err := parseFlags(fs, "mix", args); errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, mixUsage, fs)
		return nil
	} else if err != nil {
		return err
	}
	if len(o.in) == 0 || *matrix == "" || o.out == "" {
		return usagef("mix: --in, --matrix and --out are required (see lococode mix -h)")
	}
	format, err := dataio.FormatOf(o.out)
	if err != nil {
		return usageError{err}
	}
	src, err := dataio.Open(o.in, dataio.Options{Delimiter: ','})
	if err != nil {
		return inputError(err)
	}
	s, err := readMatrix(o.in, o)
	if err != nil {
		return inputError(err)
	}
	a, err := readMatrix([]string{*matrix}, o)
	if err != nil {
		return inputError(err)
	}
	if a.Cols != s.Cols {
		return usagef("mix: the matrix is %d×%d: want %d columns, one per source", a.Rows, a.Cols, s.Cols)
	}
	if ok, _, _ := a.AllFinite(); !ok {
		return usagef("mix: the matrix has a NaN or infinite entry")
	}
	x := linalg.MulTB(s, a)

	f, err := os.Create(o.out)
	if err != nil {
		return err
	}
	defer f.Close()
	switch format {
	case dataio.CSV:
		err = dataio.WriteCSV(f, nil, x.Data, x.Cols)
	case dataio.NPY:
		var w *dataio.NPYWriter
		if w, err = dataio.NewNPYWriter(f, int64(x.Rows), x.Cols); err == nil {
			if err = w.Write(x.Data); err == nil {
				err = w.Close()
			}
		}
	case dataio.WAV:
		rate := src.SampleRate
		if rate == 0 {
			rate = 8000
		}
		var w *dataio.WAVWriter
		if w, err = dataio.NewWAVWriter(f, int64(x.Rows), x.Cols, rate, dataio.Float32); err == nil {
			if err = w.Write(x.Data); err == nil {
				err = w.Close()
			}
		}
	}
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d rows of %d mixtures of %d sources\n", o.out, x.Rows, x.Cols, s.Cols)
	return nil
}
