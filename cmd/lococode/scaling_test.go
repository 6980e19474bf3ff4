package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScaling(t *testing.T) {
	fig := filepath.Join(t.TempDir(), "scaling.png")
	var out, errb bytes.Buffer
	err := run(&out, &errb, []string{"scaling", "--ks", "2,4", "--n-per-k", "100", "--n-seeds", "3",
		"--epochs", "3", "--json", "--figure", fig})
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Points []scalingPoint `json:"points"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(rep.Points) != 2 || rep.Points[0].K != 2 || rep.Points[1].N != 400 {
		t.Fatalf("points %+v", rep.Points)
	}
	for _, p := range rep.Points {
		for _, m := range []string{"LOCOCODE", "PCA", "FastICA"} {
			s, ok := p.Summary.Methods[m]
			if !ok || s.Amari.Min > s.Amari.Mean || s.Amari.Mean > s.Amari.Max || s.Seconds.Mean <= 0 {
				t.Errorf("k=%d %s: %+v", p.K, m, s)
			}
		}
	}
	if n := strings.Count(errb.String(), "seeds"); n != 6 {
		t.Errorf("%d progress lines on stderr, want 6:\n%s", n, errb.String())
	}
	f, err := os.Open(fig)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1500 || b.Dy() != 560 {
		t.Errorf("figure is %v", b)
	}
}

func TestScalingBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"scaling", "--ks", "1,8"},
		{"scaling", "--ks", "8,x"},
		{"scaling", "--n-per-k", "1"},
		{"scaling", "--n-seeds", "0"},
		{"scaling", "--seed", "18446744073709551615", "--n-seeds", "2"},
		{"scaling", "--lr", "NaN"},
		{"scaling", "extra"},
	} {
		_, errs, code := command(t, args...)
		if code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: status %d, stderr %q", args, code, errs)
		}
	}
}
