package dataio

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// checkTable holds for every table a reader returns: a consistent
// shape, and no more values than the input's bytes can encode (at
// least one byte per value: an 8-bit WAV sample, or a CSV digit).
func checkTable(t *testing.T, tb *Table, err error, in []byte) {
	t.Helper()
	if err != nil {
		if tb != nil {
			t.Fatalf("table and error %v", err)
		}
		if len(strings.Split(err.Error(), "\n")) != 1 {
			t.Fatalf("error of several lines: %q", err)
		}
		return
	}
	if tb.Rows < 1 || tb.Cols < 1 || len(tb.Data) != tb.Rows*tb.Cols {
		t.Fatalf("inconsistent table: %d×%d with %d values", tb.Rows, tb.Cols, len(tb.Data))
	}
	if len(tb.Data) > len(in) {
		t.Fatalf("%d values from %d bytes", len(tb.Data), len(in))
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n3,4\n", "1,2\n3,4\n", "1\n", "x\n", "", "1,2\n3\n",
		"\"a\",\"b\"\n1,NaN\n", "\xef\xbb\xbf1;2\n", "1e999,2\n", "a,b\r\n1,2\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		tb, err := ReadCSV(bytes.NewReader(in), Options{})
		checkTable(t, tb, err, in)
	})
}

func FuzzReadNPY(f *testing.F) {
	dict := "{'descr': '%s', 'fortran_order': False, 'shape': %s, }"
	f.Add(npyBytes(1, fmt.Sprintf(dict, "<f8", "(2, 2)"), f8(1, 2, 3, 4)))
	f.Add(npyBytes(2, fmt.Sprintf(dict, "<f4", "(4,)"), f4(1, 2, 3, 4)))
	f.Add(npyBytes(3, fmt.Sprintf(dict, "<f8", "(1000000, 1000000)"), f8(1, 2, 3, 4)))
	f.Add(npyBytes(1, fmt.Sprintf(dict, ">f8", "(2, 2)"), f8(1, 2, 3, 4)))
	f.Add([]byte("\x93NUMPY\x01\x00\xff\xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		tb, err := ReadNPY(bytes.NewReader(in), int64(len(in)))
		checkTable(t, tb, err, in)
		// Reading without the size gives the same table, or an error.
		tb2, err2 := ReadNPY(bytes.NewReader(in), -1)
		if err == nil && (err2 != nil || fmt.Sprint(tb2.Data) != fmt.Sprint(tb.Data)) {
			t.Fatalf("size unknown: %v", err2)
		}
	})
}

func FuzzReadWAV(f *testing.F) {
	f.Add(wavBytes(1, 2, 8000, 16, false, pcm16(1, 2, 3, 4)))
	f.Add(wavBytes(1, 1, 8000, 24, true, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(wavBytes(3, 1, 8000, 32, false, f4(0.5, -0.5)))
	f.Add(wavBytes(1, 1, 8000, 8, false, []byte{0, 255}, []byte("LIST\x01\x00\x00\x00x\x00")...))
	f.Add([]byte("RIFF\xff\xff\xff\xffWAVEdata\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		tb, err := ReadWAV(bytes.NewReader(in), int64(len(in)))
		checkTable(t, tb, err, in)
	})
}
