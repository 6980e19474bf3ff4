package dataio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// npyBytes builds an NPY file with the given header fields and data.
func npyBytes(major byte, dict string, data []byte) []byte {
	pre := 10
	if major > 1 {
		pre = 12
	}
	total := (pre + len(dict) + 1 + 63) / 64 * 64
	h := dict + strings.Repeat(" ", total-pre-len(dict)-1) + "\n"
	b := append([]byte("\x93NUMPY"), major, 0)
	if major == 1 {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(h)))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(h)))
	}
	b = append(b, h...)
	return append(b, data...)
}

func f8(v ...float64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

func f4(v ...float64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(x)))
	}
	return b
}

// wavBytes builds a WAV file; ext writes WAVE_FORMAT_EXTENSIBLE.
func wavBytes(tag, ch, rate, bits int, ext bool, data []byte, extra ...byte) []byte {
	le := binary.LittleEndian
	align := ch * bits / 8
	var f []byte
	f = le.AppendUint16(f, uint16(tag))
	if ext {
		f[0], f[1] = 0xFE, 0xFF
	}
	f = le.AppendUint16(f, uint16(ch))
	f = le.AppendUint32(f, uint32(rate))
	f = le.AppendUint32(f, uint32(rate*align))
	f = le.AppendUint16(f, uint16(align))
	f = le.AppendUint16(f, uint16(bits))
	if ext {
		f = le.AppendUint16(f, 22)
		f = le.AppendUint16(f, uint16(bits))
		f = le.AppendUint32(f, 0)
		f = le.AppendUint16(f, uint16(tag))
		f = append(f, guidTail...)
	}
	body := []byte("WAVEfmt ")
	body = le.AppendUint32(body, uint32(len(f)))
	body = append(body, f...)
	body = append(body, extra...)
	body = append(body, "data"...)
	body = le.AppendUint32(body, uint32(len(data)))
	body = append(body, data...)
	out := []byte("RIFF")
	out = le.AppendUint32(out, uint32(len(body)))
	return append(out, body...)
}

func pcm16(v ...int16) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint16(b, uint16(x))
	}
	return b
}

func wantTable(t *testing.T, name string, got *Table, err error, rows, cols int, data []float64) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got.Rows != rows || got.Cols != cols {
		t.Fatalf("%s: %d×%d, want %d×%d", name, got.Rows, got.Cols, rows, cols)
	}
	for i, v := range data {
		if got.Data[i] != v {
			t.Fatalf("%s: value %d is %v, want %v", name, i, got.Data[i], v)
		}
	}
}

func TestReadCSV(t *testing.T) {
	for _, c := range []struct {
		name, in string
		names    []string
		rows     int
	}{
		{"header", "a,b\n1,2\n3,4.5\n", []string{"a", "b"}, 2},
		{"no header", "1,2\n3,4.5\n", nil, 2},
		{"bom crlf spaces", "\xef\xbb\xbfa, b\r\n 1 , 2\r\n3,4.5\r\n", []string{"a", "b"}, 2},
		{"quoted", "\"x,1\",\"y\"\n\"1\",2\n3,4.5\n", []string{"x,1", "y"}, 2},
		{"blank lines", "1,2\n\n3,4.5\n\n", nil, 2},
	} {
		tb, err := ReadCSV(strings.NewReader(c.in), Options{})
		wantTable(t, c.name, tb, err, c.rows, 2, []float64{1, 2, 3, 4.5})
		if fmt.Sprint(tb.Names) != fmt.Sprint(c.names) {
			t.Errorf("%s: names %q, want %q", c.name, tb.Names, c.names)
		}
	}
	tb, err := ReadCSV(strings.NewReader("1;2\n3;4\n"), Options{Delimiter: ';'})
	wantTable(t, "semicolon", tb, err, 2, 2, []float64{1, 2, 3, 4})

	// NaN and Inf are numbers here; the fit reports them.
	tb, err = ReadCSV(strings.NewReader("1,NaN\n-Inf,4\n"), Options{})
	if err != nil || !math.IsNaN(tb.Data[1]) || !math.IsInf(tb.Data[2], -1) {
		t.Errorf("NaN/Inf cells: %v, %v", tb, err)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	data := []float64{0.1, -2e-300, math.Pi, 1e300, math.Copysign(0, -1), 123456789.125}
	var b bytes.Buffer
	if err := WriteCSV(&b, []string{"x", "y", "z"}, data, 3); err != nil {
		t.Fatal(err)
	}
	tb, err := ReadCSV(&b, Options{})
	wantTable(t, "round trip", tb, err, 2, 3, data)
}

func TestCSVErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "empty file"},
		{"\n\n", "empty file"},
		{"a,b,c\n", "no data rows"},
		{"1,2,3\n4,5\n", "line 2 has 2 fields, want 3"},
		{"1,2\n4,5,6\n", "line 2 has 3 fields, want 2"},
		{"a,b\n1,2\n3,x\n", `line 3, column 2 ("b"): "x" is not a number`},
		{"a,b\n1,2\n3,\n", `line 3, column 2 ("b"): empty cell`},
		{"1,2\n3,1e999\n", `line 2, column 2: "1e999" is not a number`},
		{"a,2\n1,2\n", "line 1 mixes numbers and text"},
		{"a,\"b\n1,2\n", `extraneous or missing " in quoted-field`},
		{"1,2\n3,4\"\n", "line 2, column 4"},
		{"a;b\n1;2\n", `"1;2" is not a number (fields separated by ';'? set the delimiter`},
	} {
		_, err := ReadCSV(strings.NewReader(c.in), Options{})
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.want)
		}
	}
}

func TestReadNPY(t *testing.T) {
	v := []float64{1, 2, 3, 4.5, -5, 6}
	dict := "{'descr': '%s', 'fortran_order': False, 'shape': %s, }"
	for _, c := range []struct {
		name string
		file []byte
		rows int
		cols int
	}{
		{"v1 f8", npyBytes(1, fmt.Sprintf(dict, "<f8", "(3, 2)"), f8(v...)), 3, 2},
		{"v2 f4", npyBytes(2, fmt.Sprintf(dict, "<f4", "(3, 2)"), f4(v...)), 3, 2},
		{"v3 f8", npyBytes(3, fmt.Sprintf(dict, "<f8", "(3, 2)"), f8(v...)), 3, 2},
		{"1-D", npyBytes(1, fmt.Sprintf(dict, "<f8", "(6,)"), f8(v...)), 6, 1},
		{"key order, double quotes", npyBytes(1, `{"shape": (2, 3), "fortran_order": False, "descr": "<f8"}`,
			f8(v...)), 2, 3},
	} {
		tb, err := ReadNPY(bytes.NewReader(c.file), int64(len(c.file)))
		wantTable(t, c.name, tb, err, c.rows, c.cols, v)
		tb, err = ReadNPY(bytes.NewReader(c.file), -1)
		wantTable(t, c.name+", size unknown", tb, err, c.rows, c.cols, v)
	}

	var b bytes.Buffer
	w, err := NewNPYWriter(&b, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(v[:4]); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(v[4:]); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if b.Len()%64 != 48%64 && (b.Len()-48)%64 != 0 {
		t.Errorf("header not 64-byte aligned: file of %d bytes", b.Len())
	}
	tb, err := ReadNPY(bytes.NewReader(b.Bytes()), int64(b.Len()))
	wantTable(t, "writer round trip", tb, err, 3, 2, v)
}

func TestNPYErrors(t *testing.T) {
	dict := "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }"
	good := func(descr, fo, shape string, data []byte) []byte {
		return npyBytes(1, fmt.Sprintf(dict, descr, fo, shape), data)
	}
	data := f8(1, 2, 3, 4, 5, 6)
	v1 := good("<f8", "False", "(3, 2)", data)
	bad := append([]byte(nil), v1...)
	bad[6] = 9
	for _, c := range []struct {
		name string
		file []byte
		want string
		is   error
	}{
		{"empty", nil, "empty file", ErrFormat},
		{"magic", []byte("PK\x03\x04 not npy at all"), "not an NPY file", ErrFormat},
		{"short", []byte("\x93NUM"), "truncated file", ErrFormat},
		{"version", bad, "version 9.0", ErrUnsupported},
		{"header cut", v1[:30], "header claims", ErrFormat},
		{"data cut", v1[:len(v1)-3], "needs 48 bytes of data, the file has 45", ErrFormat},
		{"trailing", append(append([]byte(nil), v1...), 0), "1 bytes after the data", ErrFormat},
		{"lying shape", good("<f8", "False", "(1000000000000, 2)", data), "truncated file", ErrFormat},
		{"huge shape", good("<f8", "False", "(99999999999999999999, 2)", data), "too large", ErrFormat},
		{"wide", good("<f8", "False", "(4294967296, 4294967296)", data), "too many columns", ErrFormat},
		{"overflow", good("<f8", "False", "(4294967296000000000, 4)", data), "too large", ErrFormat},
		{"big-endian", good(">f8", "False", "(3, 2)", data), "big-endian", ErrUnsupported},
		{"int", good("<i4", "False", "(3, 2)", data), `dtype "<i4"`, ErrUnsupported},
		{"complex", good("<c16", "False", "(3, 1)", data), `dtype "<c16"`, ErrUnsupported},
		{"fortran", good("<f8", "True", "(3, 2)", data), "Fortran-order", ErrUnsupported},
		{"3-D", good("<f8", "False", "(1, 3, 2)", data), "3-dimensional", ErrUnsupported},
		{"scalar", good("<f8", "False", "()", data[:8]), "0-dimensional", ErrUnsupported},
		{"empty shape", good("<f8", "False", "(0, 2)", nil), "empty array", ErrFormat},
		{"structured", npyBytes(1, "{'descr': [('a', '<f8'), ('b', '<f8')], 'fortran_order': False, "+
			"'shape': (3,), }", data), "structured dtype", ErrUnsupported},
		{"garbage header", npyBytes(1, "{'descr': <f8}", data), "header", ErrFormat},
		{"no shape", npyBytes(1, "{'descr': '<f8', 'fortran_order': False}", data), "'shape'", ErrFormat},
	} {
		_, err := ReadNPY(bytes.NewReader(c.file), int64(len(c.file)))
		if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q wrapping %v", c.name, err, c.want, c.is)
		}
	}
	// With the size unknown, a short file fails while reading.
	_, err := ReadNPY(bytes.NewReader(v1[:len(v1)-3]), -1)
	if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated, size unknown: %v", err)
	}
}

func TestReadWAV(t *testing.T) {
	le := binary.LittleEndian
	var p8, p24, p32, fl64 []byte
	for _, v := range []int32{-1 << 15, 1 << 14, 0, 32767} {
		p8 = append(p8, byte(v>>8+128))
		x := v << 8
		p24 = append(p24, byte(x), byte(x>>8), byte(x>>16))
		p32 = le.AppendUint32(p32, uint32(v<<16))
		fl64 = le.AppendUint64(fl64, math.Float64bits(float64(v)/32768))
	}
	want := []float64{-1, 0.5, 0, 32767.0 / 32768}
	want8 := []float64{-1, 0.5, 0, 127.0 / 128}
	list := []byte("LIST\x05\x00\x00\x00abcde\x00")
	for _, c := range []struct {
		name string
		file []byte
		want []float64
	}{
		{"pcm16", wavBytes(1, 2, 8000, 16, false, pcm16(-32768, 16384, 0, 32767)), want},
		{"pcm16 extensible, LIST chunk",
			wavBytes(1, 2, 8000, 16, true, pcm16(-32768, 16384, 0, 32767), list...), want},
		{"pcm8", wavBytes(1, 2, 8000, 8, false, p8), want8},
		{"pcm24 extensible", wavBytes(1, 2, 8000, 24, true, p24), want},
		{"pcm32", wavBytes(1, 2, 8000, 32, false, p32), want},
		{"float32", wavBytes(3, 2, 8000, 32, false, f4(want...)), want},
		{"float64 extensible", wavBytes(3, 2, 8000, 64, true, fl64), want},
	} {
		tb, err := ReadWAV(bytes.NewReader(c.file), int64(len(c.file)))
		wantTable(t, c.name, tb, err, 2, 2, c.want)
		if tb.SampleRate != 8000 {
			t.Errorf("%s: rate %d", c.name, tb.SampleRate)
		}
	}

	// A data size of 0xFFFFFFFF (streaming recorders) runs to the end
	// of the file, whole frames only; a fmt chunk of odd size is padded.
	f := wavBytes(1, 2, 8000, 16, false, pcm16(-32768, 16384, 0, 32767, 5))
	copy(f[40:], []byte{0xFF, 0xFF, 0xFF, 0xFF})
	tb, err := ReadWAV(bytes.NewReader(f), int64(len(f)))
	wantTable(t, "unknown data size", tb, err, 2, 2, want)
	odd := wavBytes(1, 2, 8000, 16, false, pcm16(-32768, 16384, 0, 32767))
	odd = append(append(append([]byte(nil), odd[:16]...), 17, 0, 0, 0), odd[20:36]...)
	odd = append(append(odd, 0, 0), wavBytes(1, 2, 8000, 16, false, pcm16(-32768, 16384, 0, 32767))[36:]...)
	tb, err = ReadWAV(bytes.NewReader(odd), int64(len(odd)))
	wantTable(t, "odd fmt chunk", tb, err, 2, 2, want)

	for _, enc := range []WAVEncoding{PCM16, Float32} {
		var b bytes.Buffer
		w, err := NewWAVWriter(&b, 3, 2, 16000, enc)
		if err != nil {
			t.Fatal(err)
		}
		v := []float64{-1, 0.5, 0.25, -0.125, 0, 2}
		if err := w.Write(v); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		tb, err := ReadWAV(bytes.NewReader(b.Bytes()), int64(b.Len()))
		if enc == PCM16 {
			v = []float64{-32767.0 / 32768, 16384.0 / 32768, 8192.0 / 32768, -4096.0 / 32768, 0, 32767.0 / 32768}
		}
		wantTable(t, fmt.Sprint("writer ", enc), tb, err, 3, 2, v)
	}
}

func TestWAVErrors(t *testing.T) {
	good := wavBytes(1, 2, 8000, 16, false, pcm16(1, 2, 3, 4))
	set := func(off int, b ...byte) []byte {
		f := append([]byte(nil), good...)
		copy(f[off:], b)
		return f
	}
	for _, c := range []struct {
		name string
		file []byte
		want string
		is   error
	}{
		{"empty", nil, "empty file", ErrFormat},
		{"short", good[:6], "too short for a RIFF header", ErrFormat},
		{"not wave", set(8, 'A', 'V', 'I', ' '), "not a RIFF/WAVE file", ErrFormat},
		{"rifx", set(0, 'R', 'I', 'F', 'X'), "RIFX", ErrUnsupported},
		{"rf64", set(0, 'R', 'F', '6', '4'), "RF64", ErrUnsupported},
		{"data cut", good[:len(good)-3], `chunk "data" claims 8 bytes, 5 are left`, ErrFormat},
		{"lying data size", set(40, 0xF0, 0xFF, 0xFF, 0xFF), "truncated file", ErrFormat},
		{"half frame", wavBytes(1, 2, 8000, 16, false, pcm16(1, 2, 3)),
			"not a whole number of 4-byte frames", ErrFormat},
		{"no frames", wavBytes(1, 2, 8000, 16, false, nil), "no audio frames", ErrFormat},
		{"mu-law", wavBytes(7, 1, 8000, 8, false, []byte{1, 2}), "encoding tag 0x7", ErrUnsupported},
		{"12-bit", wavBytes(1, 1, 8000, 12, false, []byte{1, 2}), "12-bit PCM", ErrUnsupported},
		{"16-bit float", wavBytes(3, 1, 8000, 16, false, []byte{1, 2}), "16-bit IEEE float", ErrUnsupported},
		{"no channels", set(22, 0, 0), "0 channels", ErrFormat},
		{"no rate", set(24, 0, 0, 0, 0), "sample rate of 0", ErrFormat},
		{"block align", set(32, 3, 0), "block align 3", ErrFormat},
		{"no fmt", append([]byte("RIFF\x04\x00\x00\x00WAVE"), []byte{}...), "no fmt chunk", ErrFormat},
		{"data first", append([]byte("RIFF\x0c\x00\x00\x00WAVEdata\x00\x00\x00\x00"), []byte{}...),
			"data chunk before the fmt chunk", ErrFormat},
		{"fmt too short", append([]byte("RIFF\x10\x00\x00\x00WAVEfmt \x04\x00\x00\x00abcd"), []byte{}...),
			"fmt chunk of 4 bytes", ErrFormat},
	} {
		_, err := ReadWAV(bytes.NewReader(c.file), int64(len(c.file)))
		if !errors.Is(err, c.is) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q wrapping %v", c.name, err, c.want, c.is)
		}
	}
}

// TestSource reads two mono WAVs side by side, twice, and checks the
// errors of files that do not fit together.
func TestSource(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.wav", wavBytes(1, 1, 8000, 16, false, pcm16(1<<12, 2<<12, 3<<12)))
	b := write("b.wav", wavBytes(1, 2, 8000, 16, false, pcm16(-1<<12, 0, -2<<12, 0, -3<<12, 0)))
	s, err := Open([]string{a, b}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Cols() != 3 || s.Frames != 3 || fmt.Sprint(s.Names) != "[a.wav b.wav:1 b.wav:2]" {
		t.Fatalf("cols %d, frames %d, names %q", s.Cols(), s.Frames, s.Names)
	}
	for pass := 0; pass < 2; pass++ {
		var got []float64
		if err := s.Scan(func(c []float64) error { got = append(got, c...); return nil }); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != "[0.125 -0.125 0 0.25 -0.25 0 0.375 -0.375 0]" {
			t.Errorf("pass %d: %v", pass, got)
		}
	}
	if loc := s.Locate(4, 1); loc != `frame 5, channel 2 ("b.wav:1")` {
		t.Errorf("Locate: %q", loc)
	}

	short := write("short.wav", wavBytes(1, 1, 8000, 16, false, pcm16(1, 2)))
	rate := write("rate.wav", wavBytes(1, 1, 16000, 16, false, pcm16(1, 2, 3)))
	csv := write("x.csv", []byte("a,b\n1,2\n"))
	hdr := write("h.csv", []byte("a,b\n"))
	for _, c := range []struct {
		paths []string
		want  string
	}{
		{[]string{a, short}, "same rate and length"},
		{[]string{a, rate}, "same rate and length"},
		{[]string{a, csv}, "only WAV input may come in several files"},
		{[]string{hdr}, "a header row and no data rows"},
		{[]string{filepath.Join(dir, "x.xlsx")}, "cannot tell the format"},
	} {
		_, err := Open(c.paths, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.paths, err, c.want)
		}
	}
	if _, err := ReadCSV(strings.NewReader("\xff\xfea\x00"), Options{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("UTF-16: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Open([]string{filepath.Join(dir, "d.csv")}, Options{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("directory: %v", err)
	}
	if _, err := Open([]string{filepath.Join(dir, "missing.csv")}, Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestLocateCSV names the line of a row unless blank lines moved it.
func TestLocateCSV(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ body, want string }{
		{"a,b\n1,2\n3,4\n", `row 2 (line 3), column 2 ("b")`},
		{"a,b\n\n1,2\n3,4\n", `row 2, column 2 ("b")`},
	} {
		p := filepath.Join(dir, "x.csv")
		if err := os.WriteFile(p, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Open([]string{p}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Scan(func([]float64) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if got := s.Locate(1, 1); got != c.want {
			t.Errorf("%q: Locate %q, want %q", c.body, got, c.want)
		}
	}
}
