//go:build ignore

// Command large_npy writes a large NPY file for measuring lococode fit
// on big inputs: ROWS rows of P Laplace sources mixed by a random
// orthogonal matrix A (seed 0), float64, streamed to OUT (CSV instead
// if OUT ends in .csv); A goes to OUT with .mixing.csv appended, for fit
// --reference-mixing:
//
//	go run docs/experiments/large_npy.go OUT ROWS P
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/lococode/lococode/dataio"
	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/lococode"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: large_npy OUT ROWS P")
		os.Exit(2)
	}
	rows, err1 := strconv.ParseInt(os.Args[2], 10, 64)
	p, err2 := strconv.Atoi(os.Args[3])
	if err1 != nil || err2 != nil || rows < 1 || p < 1 {
		fmt.Fprintln(os.Stderr, "large_npy: bad ROWS or P")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	check(err)
	bw := bufio.NewWriterSize(f, 1<<20)
	var w interface{ Write([]float64) error }
	if strings.HasSuffix(os.Args[1], ".csv") {
		cw := dataio.NewCSVWriter(bw, p)
		defer func() { check(cw.Flush()); check(bw.Flush()); check(f.Close()) }()
		w = cw
	} else {
		nw, err := dataio.NewNPYWriter(bw, rows, p)
		check(err)
		defer func() { check(nw.Close()); check(bw.Flush()); check(f.Close()) }()
		w = nw
	}
	s := lococode.NewStream(0, 0)
	a := lococode.RandomOrthogonal(s, p)
	af, err := os.Create(os.Args[1] + ".mixing.csv")
	check(err)
	check(dataio.WriteCSV(af, nil, a.Data, p))
	check(af.Close())
	const chunk = 8192
	src := make([]float64, chunk*p)
	x := make([]float64, chunk*p)
	for done := int64(0); done < rows; {
		r := int(min(chunk, rows-done))
		for i := range src[:r*p] {
			src[i] = s.Laplace()
		}
		kernel.MatMulTB(x[:r*p], src[:r*p], a.Data, r, p, p)
		check(w.Write(x[:r*p]))
		done += int64(r)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
