package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/lococode/lococode/dataio"
	"github.com/lococode/lococode/lococode"
)

// mapping is a row-wise linear map from the input's columns to the
// output's: Model.TransformChunk or Model.InverseTransformChunk.
type mapping struct {
	in, out int
	rows    int64 // rows of the input (for the NPY and WAV headers)
	apply   func(dst, x []float64)
	names   []string // CSV header of the output
	what    string   // "source" or "value", for messages
	peak    bool     // 16-bit WAV: scale each output column to a peak of 0.99
}

// sourcesMapping is md's transform, from its features to its sources.
func sourcesMapping(md *lococode.Model) mapping {
	names := make([]string, md.Components)
	for i := range names {
		names[i] = fmt.Sprintf("source_%d", i+1)
	}
	return mapping{in: md.Features, out: md.Components, rows: md.Samples, apply: md.TransformChunk,
		names: names, what: "source", peak: true}
}

// writeSources makes a second pass over the input and writes the
// sources to o.out in the input's format.
func writeSources(o *fitOptions, src *dataio.Source, md *lococode.Model) error {
	return writeMapped(o, src, sourcesMapping(md))
}

// writeMapped passes over the input, maps each chunk with mp and
// writes the result to o.out in the input's format.
func writeMapped(o *fitOptions, src *dataio.Source, mp mapping) error {
	m := mp.out
	var sbuf []float64
	transform := func(chunk []float64) []float64 {
		r := len(chunk) / mp.in
		if cap(sbuf) < r*m {
			sbuf = make([]float64, r*m)
		}
		s := sbuf[:r*m]
		mp.apply(s, chunk)
		return s
	}
	var row int64
	finite := func(s []float64) error {
		for i, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%s %d of row %d is not finite (overflow)", mp.what, i%m+1, row+int64(i/m)+1)
			}
		}
		row += int64(len(s) / m)
		return nil
	}

	var files []*os.File
	create := func(path string) (*os.File, error) {
		f, err := os.Create(path)
		if err == nil {
			files = append(files, f)
		}
		return f, err
	}
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	closeAll := func() error {
		for _, f := range files {
			if err := f.Close(); err != nil {
				return err
			}
		}
		files = nil
		return nil
	}

	switch src.Format {
	case dataio.CSV:
		f, err := create(o.out)
		if err != nil {
			return err
		}
		w := dataio.NewCSVWriter(f, m)
		if src.Names != nil {
			if err := w.Header(mp.names); err != nil {
				return err
			}
		}
		if err := scanMapped(src, transform, finite, w.Write); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
	case dataio.NPY:
		f, err := create(o.out)
		if err != nil {
			return err
		}
		w, err := dataio.NewNPYWriter(f, mp.rows, m)
		if err != nil {
			return err
		}
		if err := scanMapped(src, transform, finite, w.Write); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	case dataio.WAV:
		if err := writeWAVMapped(o, src, mp, transform, finite, create); err != nil {
			return err
		}
	}
	return closeAll()
}

// writeWAVMapped writes the output as one multichannel WAV and, with
// --split, one mono WAV per channel. With mp.peak, 16-bit output is
// scaled per channel to a peak of 0.99, found in a first pass.
func writeWAVMapped(o *fitOptions, src *dataio.Source, mp mapping,
	transform func([]float64) []float64, finite func([]float64) error,
	create func(string) (*os.File, error)) error {
	m := mp.out
	gain := make([]float64, m)
	for i := range gain {
		gain[i] = 1
	}
	enc := dataio.Float32
	if !o.wavFloat {
		enc = dataio.PCM16
	}
	if !o.wavFloat && mp.peak {
		peak := make([]float64, m)
		err := src.Scan(func(c []float64) error {
			s := transform(c)
			if err := finite(s); err != nil {
				return err
			}
			for i, v := range s {
				peak[i%m] = math.Max(peak[i%m], math.Abs(v))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for i, p := range peak {
			if p > 0 {
				gain[i] = 0.99 / p
			}
		}
	}
	type out struct {
		w  *dataio.WAVWriter
		ch []int
	}
	var outs []out
	f, err := create(o.out)
	if err != nil {
		return err
	}
	w, err := dataio.NewWAVWriter(f, mp.rows, m, src.SampleRate, enc)
	if err != nil {
		return err
	}
	all := make([]int, m)
	for i := range all {
		all[i] = i
	}
	outs = append(outs, out{w, all})
	if o.split {
		base := strings.TrimSuffix(o.out, filepath.Ext(o.out))
		for i := 0; i < m; i++ {
			f, err := create(fmt.Sprintf("%s_%d.wav", base, i+1))
			if err != nil {
				return err
			}
			w, err := dataio.NewWAVWriter(f, mp.rows, 1, src.SampleRate, enc)
			if err != nil {
				return err
			}
			outs = append(outs, out{w, []int{i}})
		}
	}
	var buf []float64
	err = src.Scan(func(c []float64) error {
		s := transform(c)
		if !mp.peak || o.wavFloat {
			if err := finite(s); err != nil {
				return err
			}
		}
		for i := range s {
			s[i] *= gain[i%m]
		}
		r := len(s) / m
		for _, ot := range outs {
			buf = buf[:0]
			for q := 0; q < r; q++ {
				for _, ch := range ot.ch {
					buf = append(buf, s[q*m+ch])
				}
			}
			if err := ot.w.Write(buf); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, ot := range outs {
		if err := ot.w.Close(); err != nil {
			return err
		}
	}
	return nil
}

// scanMapped passes every chunk of src through transform, checks the
// result with finite and hands it to write, stopping at the first error.
func scanMapped(src *dataio.Source, transform func([]float64) []float64,
	finite func([]float64) error, write func([]float64) error) error {
	return src.Scan(func(c []float64) error {
		s := transform(c)
		if err := finite(s); err != nil {
			return err
		}
		return write(s)
	})
}
