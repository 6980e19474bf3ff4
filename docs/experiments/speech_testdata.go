//go:build ignore

// Command speech_testdata makes testdata/speech from the speech
// recordings of Debian's alsa-utils package (/usr/share/sounds/alsa,
// GPL-2): each file is low-pass filtered (windowed sinc, cut-off
// 7.2 kHz, 127 taps, Blackman window), decimated from 48 kHz to 16 kHz,
// zero-padded at the end to the length of the longest, and written as
// 16-bit mono WAV. Run from the repository root:
//
//	go run docs/experiments/speech_testdata.go
package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/lococode/lococode/dataio"
)

var names = []string{"Front_Left", "Front_Right", "Rear_Center"}

const (
	dir    = "/usr/share/sounds/alsa"
	out    = "testdata/speech"
	factor = 3
	taps   = 127
	cutoff = 7200.0 / 48000 // cycles per input sample
)

func main() {
	h := make([]float64, taps)
	var sum float64
	for i := range h {
		x := float64(i - taps/2)
		sinc := 2 * cutoff
		if x != 0 {
			sinc = math.Sin(2*math.Pi*cutoff*x) / (math.Pi * x)
		}
		w := 0.42 - 0.5*math.Cos(2*math.Pi*float64(i)/(taps-1)) + 0.08*math.Cos(4*math.Pi*float64(i)/(taps-1))
		h[i] = sinc * w
		sum += h[i]
	}
	var sigs [][]float64
	longest := 0
	for _, n := range names {
		f, err := os.Open(filepath.Join(dir, n+".wav"))
		check(err)
		st, _ := f.Stat()
		t, err := dataio.ReadWAV(f, st.Size())
		check(err)
		f.Close()
		if t.Cols != 1 || t.SampleRate != 48000 {
			check(fmt.Errorf("%s: %d channels at %d Hz, want mono 48 kHz", n, t.Cols, t.SampleRate))
		}
		var y []float64
		for c := 0; c < t.Rows; c += factor {
			var s float64
			for i, hi := range h {
				if j := c + i - taps/2; j >= 0 && j < t.Rows {
					s += hi * t.Data[j]
				}
			}
			y = append(y, s/sum)
		}
		sigs = append(sigs, y)
		longest = max(longest, len(y))
	}
	check(os.MkdirAll(out, 0o755))
	for i, y := range sigs {
		y = append(y, make([]float64, longest-len(y))...)
		f, err := os.Create(filepath.Join(out, names[i]+"_16k.wav"))
		check(err)
		w, err := dataio.NewWAVWriter(f, int64(len(y)), 1, 48000/factor, dataio.PCM16)
		check(err)
		check(w.Write(y))
		check(w.Close())
		check(f.Close())
		fmt.Printf("%s: %d frames at 16 kHz\n", names[i], len(y))
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
