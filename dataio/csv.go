package dataio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Options are the reading options that are not in the file itself.
type Options struct {
	// Delimiter separates CSV fields; 0 means ','.
	Delimiter rune
}

func (o Options) delimiter() rune {
	if o.Delimiter == 0 {
		return ','
	}
	return o.Delimiter
}

// ReadCSV reads a whole CSV table from r. The first row is a header
// when none of its cells parses as a number, and data otherwise; every
// data row must have as many fields as the first row, and every data
// cell must be a number (strconv.ParseFloat syntax, spaces around it
// allowed; "NaN" and "Inf" are read as such, to be reported by the fit).
// A UTF-8 byte-order mark at the start is skipped. Errors name the line
// and column of the first bad cell.
func ReadCSV(r io.Reader, o Options) (*Table, error) {
	d, err := newCSVDecoder(r, o)
	if err != nil {
		return nil, err
	}
	t, err := readAll(d)
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	t.Names = d.names
	return t, nil
}

type csvDecoder struct {
	r     *csv.Reader
	p     int
	names []string // header, or nil
	first []string // first data row, when there is no header
	rows  int64    // data rows read
	delim rune
	// irregular is set once a row is not on line rows+1 (+1 after a
	// header): blank lines or quoted line breaks.
	irregular bool
}

func newCSVDecoder(r io.Reader, o Options) (*csvDecoder, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	if b, err := br.Peek(2); err == nil && (string(b) == "\xff\xfe" || string(b) == "\xfe\xff") {
		return nil, unsupported("csv: UTF-16 text: save the file as UTF-8")
	}
	cr := csv.NewReader(br)
	cr.Comma = o.delimiter()
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	cr.TrimLeadingSpace = true
	if !validDelim(cr.Comma) {
		return nil, fmt.Errorf("csv: delimiter %q cannot be used", cr.Comma)
	}
	d := &csvDecoder{r: cr, delim: cr.Comma}
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, formatErr("csv: empty file (no rows)")
	}
	if err != nil {
		return nil, csvErr(err)
	}
	numeric := 0
	for _, c := range rec {
		if _, ok := parseCell(c); ok {
			numeric++
		}
	}
	d.p = len(rec)
	switch {
	case numeric == 0:
		d.names = rec
	case numeric == len(rec):
		d.first = rec
	default:
		for j, c := range rec {
			if _, ok := parseCell(c); !ok {
				return nil, formatErr("csv: line 1 mixes numbers and text: column %d, %q, is not a number "+
					"(a header row has no numeric cells)", j+1, c)
			}
		}
	}
	return d, nil
}

func validDelim(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && r != 0xFFFD
}

// parseCell parses one cell; ok is false for text that is not a
// number, including an empty cell. Out-of-range values such as 1e999
// are not numbers either.
func parseCell(c string) (float64, bool) {
	s := strings.TrimSpace(c)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return formatErr("csv: line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("csv: %w", err)
}

func (d *csvDecoder) cols() int { return d.p }

func (d *csvDecoder) read(dst []float64) (int, error) {
	p := d.p
	n := 0
	for n < len(dst)/p {
		rec := d.first
		d.first = nil
		if rec == nil {
			var err error
			rec, err = d.r.Read()
			if errors.Is(err, io.EOF) {
				if n == 0 {
					return 0, io.EOF
				}
				return n, nil
			}
			if err != nil {
				return n, csvErr(err)
			}
		}
		line, _ := d.r.FieldPos(0)
		want := d.rows + 1
		if d.names != nil {
			want++
		}
		d.irregular = d.irregular || int64(line) != want
		d.rows++
		if len(rec) != p {
			return n, formatErr("csv: line %d has %d fields, want %d as in the first row "+
				"(ragged rows)", line, len(rec), p)
		}
		row := dst[n*p : n*p+p]
		for j, c := range rec {
			v, ok := parseCell(c)
			if !ok {
				what := fmt.Sprintf("%q is not a number", c)
				if strings.TrimSpace(c) == "" {
					what = "empty cell"
				}
				for _, r := range ";\t|" {
					if r != d.delim && strings.Count(strings.TrimSpace(c), string(r)) > 0 {
						what += fmt.Sprintf(" (fields separated by %q? set the delimiter)", r)
						break
					}
				}
				return n, formatErr("csv: line %d, column %d%s: %s", line, j+1, d.colName(j), what)
			}
			row[j] = v
		}
		n++
	}
	return n, nil
}

func (d *csvDecoder) colName(j int) string {
	if d.names == nil || j >= len(d.names) || d.names[j] == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", d.names[j])
}

// WriteCSV writes an r×c row-major matrix as CSV with the header names
// (if not nil, len(names) == c), each value in the shortest form that
// reads back to the same float64.
func WriteCSV(w io.Writer, names []string, data []float64, c int) error {
	cw := NewCSVWriter(w, c)
	if err := cw.Header(names); err != nil {
		return err
	}
	if err := cw.Write(data); err != nil {
		return err
	}
	return cw.Flush()
}

const errHeaderLen = "dataio: header length differs from the column count"

// CSVWriter writes a matrix as CSV a chunk of rows at a time.
type CSVWriter struct {
	w   *bufio.Writer
	c   int
	buf []byte
}

// NewCSVWriter returns a writer of rows of c columns to w.
func NewCSVWriter(w io.Writer, c int) *CSVWriter {
	return &CSVWriter{w: bufio.NewWriterSize(w, 1<<16), c: c}
}

// Header writes the header row; nil writes none.
func (cw *CSVWriter) Header(names []string) error {
	if names == nil {
		return nil
	}
	if len(names) != cw.c {
		panic(errHeaderLen)
	}
	cs := csv.NewWriter(cw.w)
	if err := cs.Write(names); err != nil {
		return err
	}
	cs.Flush()
	return cs.Error()
}

// Write writes len(data)/c rows.
func (cw *CSVWriter) Write(data []float64) error {
	for i := 0; i+cw.c <= len(data); i += cw.c {
		cw.buf = cw.buf[:0]
		for j, v := range data[i : i+cw.c] {
			if j > 0 {
				cw.buf = append(cw.buf, ',')
			}
			cw.buf = strconv.AppendFloat(cw.buf, v, 'g', -1, 64)
		}
		cw.buf = append(cw.buf, '\n')
		if _, err := cw.w.Write(cw.buf); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes any buffered data.
func (cw *CSVWriter) Flush() error { return cw.w.Flush() }
