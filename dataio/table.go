package dataio

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
)

// Table is an n×p matrix read from a file: row i, column j is
// Data[i*Cols+j].
type Table struct {
	Rows, Cols int
	Data       []float64
	Names      []string // column names: the CSV header, or nil
	SampleRate int      // frames per second of WAV input, else 0
}

// Format names a file format.
type Format string

const (
	CSV Format = "csv"
	NPY Format = "npy"
	WAV Format = "wav"
)

// FormatOf returns the format named by the extension of path (.csv,
// .tsv and .txt are CSV; .npy; .wav and .wave), case-insensitively.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return CSV, nil
	case ".npy":
		return NPY, nil
	case ".wav", ".wave":
		return WAV, nil
	}
	return "", unsupported("%s: cannot tell the format from the extension %q: "+
		"want .csv, .npy or .wav", path, filepath.Ext(path))
}

// decoder yields the rows of one file in order.
type decoder interface {
	// cols is the number of columns, known once the header is read.
	cols() int
	// read fills dst, whose length is a multiple of cols, with up to
	// len(dst)/cols rows and returns how many; it returns 0, io.EOF
	// after the last row.
	read(dst []float64) (int, error)
}

// chunkRows is the largest number of rows a Source hands out at a
// time; chunkValues bounds the values of a chunk for wide matrices.
const (
	chunkRows   = 8192
	chunkValues = 1 << 18
)

// chunkLen returns the number of rows per chunk for p columns.
func chunkLen(p int) int {
	return max(1, min(chunkRows, chunkValues/p))
}

// readAll collects every row of d. Its allocation grows with the
// rows actually decoded, never with a size a header claims.
func readAll(d decoder) (*Table, error) {
	p := d.cols()
	buf := make([]float64, chunkLen(p)*p)
	t := &Table{Cols: p}
	for {
		n, err := d.read(buf)
		t.Data = append(t.Data, buf[:n*p]...)
		t.Rows += n
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if t.Rows == 0 {
		return nil, formatErr("no data rows")
	}
	return t, nil
}
