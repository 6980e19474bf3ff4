package main

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dmdSmall is a dmd run small enough for a unit test.
var dmdSmall = []string{"dmd", "--k", "3", "--n-samples", "40", "--epochs", "2",
	"--grid-k", "2,3", "--grid-n", "20,40", "--grid-epochs", "1,2", "--quiet"}

func TestDMD(t *testing.T) {
	fig := filepath.Join(t.TempDir(), "fig", "dmd.png")
	out, errs, code := command(t, append(dmdSmall, "--figure", fig)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"headline: k = 3, n = 40, 2 epochs", "LOCOCODE (write-up step)",
		"FastICA", "growth exponents", "per iteration", "epochs: LOCOCODE at 2 epochs"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if errs != "" {
		t.Errorf("--quiet wrote to stderr: %s", errs)
	}
	f, err := os.Open(fig)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("figure: %v", err)
	}

	out, _, code = command(t, append(dmdSmall, "--json", "--figure", "")...)
	var rep struct {
		Schema   string
		Headline []struct {
			Method string
			Cost   int64
			Reads  int64
		}
		Grid      []json.RawMessage
		Exponents []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if rep.Schema != "lococode.dmd/v1" || len(rep.Headline) != 4 || len(rep.Grid) != 16 ||
		len(rep.Exponents) != 7 || rep.Headline[0].Cost <= rep.Headline[0].Reads {
		t.Errorf("report: %+v", rep)
	}
}

func TestDMDBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"--bytes", "3"},
		{"--grid-epochs", "5"},
		{"--grid-epochs", "5,5"},
		{"--grid-k", "x"},
		{"--grid-k", "1"},
		{"--grid-n", "4", "--grid-k", "4"},
		{"--k", "1"},
		{"--epochs", "-1"},
		{"extra"},
		{"--nope"},
	} {
		_, errs, code := command(t, append([]string{"dmd"}, args...)...)
		if code != 2 || strings.Count(errs, "\n") != 1 {
			t.Errorf("dmd %v: exit %d, stderr %q; want 2 and one line", args, code, errs)
		}
	}
	out, _, code := command(t, "dmd", "-h")
	if code != 0 || !strings.Contains(out, "usage: lococode dmd") {
		t.Errorf("dmd -h: exit %d\n%s", code, out)
	}
}
