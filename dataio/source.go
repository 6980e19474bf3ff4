package dataio

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Source is a matrix stored in one file, or in several WAV files side
// by side, read a chunk of rows at a time. Scan may be called any
// number of times; each call reopens the files, so the memory a Source
// holds does not grow with the data.
type Source struct {
	Format     Format
	Paths      []string
	Names      []string // column names: the CSV header, "file.wav:2" for WAV, or nil
	SampleRate int      // WAV only

	// Frames is the number of rows when the header says it (NPY, WAV),
	// or −1 (CSV) until a fit has counted them.
	Frames int64

	opts    Options
	cols    int
	colsPer []int // WAV: channels of each file
	// lineless is set when a scan found CSV rows off their expected
	// lines, so that Locate cannot name the line.
	lineless bool
}

// Open opens the files at paths as one matrix and reads their headers
// (for CSV, the first row). Only WAV accepts more than one path; all
// paths must have the same format, given by their extension.
func Open(paths []string, o Options) (*Source, error) {
	if len(paths) == 0 {
		return nil, errors.New("no input file")
	}
	f, err := FormatOf(paths[0])
	if err != nil {
		return nil, err
	}
	s := &Source{Format: f, Paths: paths, opts: o, Frames: -1}
	for _, p := range paths[1:] {
		g, err := FormatOf(p)
		if err != nil {
			return nil, err
		}
		if g != WAV || f != WAV {
			return nil, unsupported("%s: only WAV input may come in several files", p)
		}
	}
	for i, p := range paths {
		err := s.withDecoder(i, func(d decoder) error {
			switch d := d.(type) {
			case *csvDecoder:
				s.Names = d.names
				if d.names != nil {
					if _, err := d.read(make([]float64, d.cols())); errors.Is(err, io.EOF) {
						return formatErr("csv: a header row and no data rows")
					}
				}
			case *npyDecoder:
				s.Frames = d.h.rows
			case *wavDecoder:
				if i == 0 {
					s.SampleRate, s.Frames = d.h.rate, d.h.frames
				} else if d.h.rate != s.SampleRate || d.h.frames != s.Frames {
					return formatErr("%d frames at %d Hz, but %s has %d frames at %d Hz: "+
						"recordings read together must have the same rate and length",
						d.h.frames, d.h.rate, filepath.Base(paths[0]), s.Frames, s.SampleRate)
				}
				for c := 0; c < d.cols(); c++ {
					name := filepath.Base(p)
					if d.cols() > 1 {
						name = fmt.Sprintf("%s:%d", name, c+1)
					}
					s.Names = append(s.Names, name)
				}
			}
			s.colsPer = append(s.colsPer, d.cols())
			s.cols += d.cols()
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// openData opens the data file at path and returns it with its size; a
// directory is an unsupported input.
func openData(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if st.IsDir() {
		f.Close()
		return nil, 0, unsupported("%s is a directory, not a data file", path)
	}
	return f, st.Size(), nil
}

// withDecoder opens file i and calls fn with its decoder, wrapping any
// error with the file name.
func (s *Source) withDecoder(i int, fn func(decoder) error) error {
	path := s.Paths[i]
	f, size, err := openData(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var d decoder
	switch s.Format {
	case CSV:
		d, err = newCSVDecoder(f, s.opts)
	case NPY:
		d, err = newNPYDecoder(f, size)
	case WAV:
		d, err = newWAVDecoder(f, size)
	}
	if err == nil {
		err = fn(d)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Cols returns the number of columns p.
func (s *Source) Cols() int { return s.cols }

// Scan reads the matrix from the start and calls fn with consecutive
// chunks of whole rows, row-major (len(chunk)/Cols() rows each, at most
// 8192 rows and 2¹⁸ values). The chunk is reused: fn must not keep it. An error from fn
// stops the scan and is returned.
func (s *Source) Scan(fn func(chunk []float64) error) error {
	if len(s.Paths) == 1 {
		return s.withDecoder(0, func(d decoder) error {
			err := pump(d, fn)
			if c, ok := d.(*csvDecoder); ok && c.irregular {
				s.lineless = true
			}
			return err
		})
	}
	return s.scanWAVs(fn)
}

func pump(d decoder, fn func([]float64) error) error {
	p := d.cols()
	buf := make([]float64, chunkLen(p)*p)
	for {
		n, err := d.read(buf)
		if n > 0 {
			if ferr := fn(buf[:n*p]); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// scanWAVs reads several WAV files in step, their channels side by
// side.
func (s *Source) scanWAVs(fn func([]float64) error) error {
	ds := make([]decoder, len(s.Paths))
	for i, p := range s.Paths {
		f, size, err := openData(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if ds[i], err = newWAVDecoder(f, size); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	p := s.cols
	rows := chunkLen(p)
	out := make([]float64, rows*p)
	bufs := make([][]float64, len(ds))
	for i := range ds {
		bufs[i] = make([]float64, rows*s.colsPer[i])
	}
	for {
		n := -1
		for i, d := range ds {
			m, err := d.read(bufs[i])
			if err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("%s: %w", s.Paths[i], err)
			}
			if n >= 0 && m != n {
				return fmt.Errorf("%s: %w", s.Paths[i], formatErr("length changed while reading"))
			}
			n = m
		}
		if n == 0 {
			return nil
		}
		off := 0
		for i, b := range bufs {
			c := s.colsPer[i]
			for r := 0; r < n; r++ {
				copy(out[r*p+off:r*p+off+c], b[r*c:r*c+c])
			}
			off += c
		}
		if err := fn(out[:n*p]); err != nil {
			return err
		}
	}
}

// Locate describes the place of row (0-based, data rows only) and
// column col for an error message, 1-based as a user counts. For CSV
// it names the line too, unless a scan has found blank lines or
// quoted line breaks that put rows off their expected lines.
func (s *Source) Locate(row int64, col int) string {
	name := ""
	if s.Names != nil && col < len(s.Names) && s.Names[col] != "" {
		name = fmt.Sprintf(" (%q)", s.Names[col])
	}
	switch s.Format {
	case CSV:
		line := row + 1
		if s.Names != nil {
			line++
		}
		if s.lineless {
			return fmt.Sprintf("row %d, column %d%s", row+1, col+1, name)
		}
		return fmt.Sprintf("row %d (line %d), column %d%s", row+1, line, col+1, name)
	case WAV:
		return fmt.Sprintf("frame %d, channel %d%s", row+1, col+1, name)
	}
	return fmt.Sprintf("row %d, column %d", row+1, col+1)
}
