package dataio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// npyHeader is what the header of a .npy file says about its array.
type npyHeader struct {
	version  string
	itemSize int   // 4 or 8
	rows     int64 // n
	cols     int   // p
	dataOff  int64 // bytes before the data
}

// maxNPYHeader bounds the header length read when the file size is not
// known; numpy's own limit is 10 kB for version 1.
const maxNPYHeader = 1 << 20

// maxUnsizedCols bounds the columns of an array read from a stream of
// unknown length, whose header cannot be checked against its size.
const maxUnsizedCols = 1 << 16

// ReadNPY reads a whole .npy array from r, whose total length is size
// bytes (−1 if unknown: the data is then read until the shape is
// complete). The array must be 1-D or 2-D, little-endian float32 or
// float64, in C order; the file must hold exactly the data its shape
// needs.
func ReadNPY(r io.Reader, size int64) (*Table, error) {
	d, err := newNPYDecoder(r, size)
	if err != nil {
		return nil, err
	}
	t, err := readAll(d)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	return t, nil
}

type npyDecoder struct {
	h    npyHeader
	br   *bufio.Reader
	left int64 // rows still to read
	raw  []byte
	size int64
}

func newNPYDecoder(r io.Reader, size int64) (*npyDecoder, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	h, err := readNPYHeader(br, size)
	if err != nil {
		return nil, fmt.Errorf("npy: %w", err)
	}
	return &npyDecoder{h: h, br: br, left: h.rows, size: size}, nil
}

func readNPYHeader(br *bufio.Reader, size int64) (npyHeader, error) {
	var h npyHeader
	pre := make([]byte, 8)
	if n, err := io.ReadFull(br, pre); err != nil {
		if n == 0 {
			return h, formatErr("empty file")
		}
		return h, formatErr("truncated file: %d bytes, too short for the NPY magic string", n)
	}
	if string(pre[:6]) != "\x93NUMPY" {
		return h, formatErr("not an NPY file (no \\x93NUMPY magic string)")
	}
	major, minor := pre[6], pre[7]
	var hlen int64
	switch major {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return h, formatErr("truncated file in the header length")
		}
		hlen, h.dataOff = int64(binary.LittleEndian.Uint16(b[:])), 10
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(br, b[:]); err != nil {
			return h, formatErr("truncated file in the header length")
		}
		hlen, h.dataOff = int64(binary.LittleEndian.Uint32(b[:])), 12
	default:
		return h, unsupported("NPY format version %d.%d: want 1.0, 2.0 or 3.0", major, minor)
	}
	h.version = fmt.Sprintf("%d.%d", major, minor)
	limit := int64(maxNPYHeader)
	if size >= 0 {
		limit = size - h.dataOff
	}
	if hlen > limit {
		return h, formatErr("truncated file: the header claims %d bytes, %d are left", hlen, max(limit, 0))
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(br, hb); err != nil {
		return h, formatErr("truncated file inside the %d-byte header", hlen)
	}
	h.dataOff += hlen
	dict, err := parsePyDict(strings.TrimRight(string(hb), " \n\x00"))
	if err != nil {
		return h, formatErr("header %q: %v", clip(strings.TrimSpace(string(hb)), 120), err)
	}

	if _, ok := dict["descr"].(structured); ok {
		return h, unsupported("structured dtype (record array): save a plain float array")
	}
	descr, ok := dict["descr"].(string)
	if !ok {
		return h, formatErr("header has no string 'descr' (a structured dtype is not supported)")
	}
	switch descr {
	case "<f8":
		h.itemSize = 8
	case "<f4":
		h.itemSize = 4
	case ">f8", ">f4":
		return h, unsupported("big-endian dtype %q: convert with a.astype('<f8')", descr)
	default:
		return h, unsupported("dtype %q: want '<f8' or '<f4' (float64 or float32, "+
			"little-endian); convert with a.astype('<f8')", descr)
	}
	fo, ok := dict["fortran_order"].(bool)
	if !ok {
		return h, formatErr("header has no boolean 'fortran_order'")
	}
	if fo {
		return h, unsupported("Fortran-order array: save np.ascontiguousarray(a) instead")
	}
	dims, ok := dict["shape"].([]int64)
	if !ok {
		return h, formatErr("header has no integer tuple 'shape'")
	}
	shape := pyShape(dims)
	switch len(dims) {
	case 1:
		h.rows, h.cols = dims[0], 1
	case 2:
		if dims[1] > math.MaxInt32 {
			return h, formatErr("shape %v: too many columns", shape)
		}
		h.rows, h.cols = dims[0], int(dims[1])
	default:
		return h, unsupported("%d-dimensional array (shape %v): want 1 or 2 dimensions", len(dims), shape)
	}
	if h.rows == 0 || h.cols == 0 {
		return h, formatErr("empty array (shape %v)", shape)
	}
	if size < 0 && h.cols > maxUnsizedCols {
		return h, unsupported("shape %v: more than %d columns from a stream of unknown length",
			shape, maxUnsizedCols)
	}

	// The data must be exactly rows·cols·itemSize bytes.
	hi, cells := bits.Mul64(uint64(h.rows), uint64(h.cols))
	hi2, need := bits.Mul64(cells, uint64(h.itemSize))
	if hi != 0 || hi2 != 0 || need > math.MaxInt64 {
		return h, formatErr("shape %v is too large", shape)
	}
	if size >= 0 {
		have := size - h.dataOff
		switch {
		case int64(need) > have:
			return h, formatErr("truncated file: shape %v needs %d bytes of data, the file has %d",
				shape, need, have)
		case int64(need) < have:
			return h, formatErr("%d bytes after the data of shape %v: the shape does not match the file",
				have-int64(need), shape)
		}
	}
	return h, nil
}

// pyShape formats dims as Python prints a shape tuple.
type pyShape []int64

func (s pyShape) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.FormatInt(d, 10))
	}
	if len(s) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func (d *npyDecoder) cols() int { return d.h.cols }

func (d *npyDecoder) read(dst []float64) (int, error) {
	p := d.h.cols
	n := int(min(int64(len(dst)/p), d.left))
	if n == 0 {
		if d.left == 0 {
			if d.size < 0 {
				// Unknown size: the data must end here.
				if _, err := d.br.ReadByte(); err == nil {
					return 0, formatErr("bytes after the data: the shape does not match the file")
				}
			}
			return 0, io.EOF
		}
		return 0, nil
	}
	nb := n * p * d.h.itemSize
	if cap(d.raw) < nb {
		d.raw = make([]byte, nb)
	}
	raw := d.raw[:nb]
	if _, err := io.ReadFull(d.br, raw); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, formatErr("truncated file: the data ends %d rows early", d.left)
		}
		return 0, err
	}
	if d.h.itemSize == 8 {
		for i := range dst[:n*p] {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		}
	} else {
		for i := range dst[:n*p] {
			dst[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		}
	}
	d.left -= int64(n)
	return n, nil
}

// parsePyDict parses the Python dict literal of an NPY header: string
// keys; values that are strings, True/False, or tuples of non-negative
// integers (returned as []int64). Other values are kept as nil.
func parsePyDict(s string) (map[string]any, error) {
	p := &pyParser{s: s}
	p.space()
	if !p.eat('{') {
		return nil, errors.New("not a dict")
	}
	m := map[string]any{}
	for {
		p.space()
		if p.eat('}') {
			break
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.space()
		if !p.eat(':') {
			return nil, errors.New("missing ':'")
		}
		p.space()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		p.space()
		if p.eat('}') {
			break
		}
		if !p.eat(',') {
			return nil, errors.New("missing ','")
		}
	}
	p.space()
	if p.i != len(p.s) {
		return nil, errors.New("text after the dict")
	}
	return m, nil
}

// structured marks a list value, the descr of a structured dtype.
type structured struct{}

type pyParser struct {
	s string
	i int
}

func (p *pyParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *pyParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *pyParser) str() (string, error) {
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", errors.New("want a quoted string")
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", errors.New("unterminated string")
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, nil
}

func (p *pyParser) value() (any, error) {
	switch {
	case p.i >= len(p.s):
		return nil, errors.New("missing value")
	case p.s[p.i] == '\'' || p.s[p.i] == '"':
		return p.str()
	case strings.HasPrefix(p.s[p.i:], "True"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(p.s[p.i:], "False"):
		p.i += 5
		return false, nil
	case p.s[p.i] == '(':
		p.i++
		dims := []int64{}
		for {
			p.space()
			if p.eat(')') {
				return dims, nil
			}
			j := p.i
			for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
				p.i++
			}
			if j == p.i {
				return nil, errors.New("want a non-negative integer in the shape")
			}
			v, err := strconv.ParseInt(p.s[j:p.i], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("shape entry %s is too large", p.s[j:p.i])
			}
			dims = append(dims, v)
			p.space()
			if p.eat(')') {
				return dims, nil
			}
			if !p.eat(',') {
				return nil, errors.New("missing ',' in the shape")
			}
		}
	case p.s[p.i] == '[':
		// A structured dtype: skip the list, to report it by name.
		depth := 0
		for ; p.i < len(p.s); p.i++ {
			switch p.s[p.i] {
			case '[':
				depth++
			case ']':
				depth--
			}
			if depth == 0 {
				p.i++
				return structured{}, nil
			}
		}
		return nil, errors.New("unterminated list")
	}
	return nil, fmt.Errorf("unexpected %q", clip(p.s[p.i:], 20))
}

// NPYWriter writes a 2-D '<f8' array in C order, a chunk of rows at a
// time; the shape is fixed when it is created.
type NPYWriter struct {
	w          *bufio.Writer
	rows, left int64
	cols       int
	buf        []byte
}

// NewNPYWriter writes the header of an rows×cols float64 array (format
// version 1.0, or 2.0 if the header needs it) to w.
func NewNPYWriter(w io.Writer, rows int64, cols int) (*NPYWriter, error) {
	dict := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }", rows, cols)
	pre := 10
	if len(dict)+1+pre > math.MaxUint16 {
		pre = 12
	}
	total := (pre + len(dict) + 1 + 63) / 64 * 64
	hdr := make([]byte, 0, total)
	hdr = append(hdr, "\x93NUMPY"...)
	hlen := total - pre
	if pre == 10 {
		hdr = append(hdr, 1, 0)
		hdr = binary.LittleEndian.AppendUint16(hdr, uint16(hlen))
	} else {
		hdr = append(hdr, 2, 0)
		hdr = binary.LittleEndian.AppendUint32(hdr, uint32(hlen))
	}
	hdr = append(hdr, dict...)
	for len(hdr) < total-1 {
		hdr = append(hdr, ' ')
	}
	hdr = append(hdr, '\n')
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.Write(hdr); err != nil {
		return nil, err
	}
	return &NPYWriter{w: bw, rows: rows, left: rows, cols: cols}, nil
}

// Write writes len(data)/cols rows; more rows than the shape holds is
// an error.
func (nw *NPYWriter) Write(data []float64) error {
	n := int64(len(data) / nw.cols)
	if n > nw.left {
		return fmt.Errorf("npy: writing %d rows past the %d of the shape", n-nw.left, nw.rows)
	}
	nw.buf = nw.buf[:0]
	for _, v := range data[:n*int64(nw.cols)] {
		nw.buf = binary.LittleEndian.AppendUint64(nw.buf, math.Float64bits(v))
	}
	nw.left -= n
	_, err := nw.w.Write(nw.buf)
	return err
}

// Close flushes the data; fewer rows than the shape is an error.
func (nw *NPYWriter) Close() error {
	if nw.left != 0 {
		return fmt.Errorf("npy: %d of %d rows were not written", nw.left, nw.rows)
	}
	return nw.w.Flush()
}
