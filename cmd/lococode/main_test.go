package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lococode/lococode/kernel"
)

// command runs the command as main does and returns stdout, stderr and
// the exit status.
func command(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli(&out, &errb, args)
	return out.String(), errb.String(), code
}

func TestBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"--k", "1"},
		{"--k", "x"},
		{"--n-samples", "8"},
		{"--epochs", "-1"},
		{"--batch-size", "0"},
		{"--lr", "0"},
		{"--lr", "-0.1"},
		{"--lr", "NaN"},
		{"--lambda-act", "Inf"},
		{"--lambda-w", "-Inf"},
		{"--lambda-act", "nan"},
		{"--fastica-tol", "NaN"},
		{"--n-seeds", "0"},
		{"--seed", "-1"},
		{"--whiten", "foo"},
		{"--fastica-fun", "sine"},
		{"--fastica-algorithm", "serial"},
		{"--fastica-alpha", "5"},
		{"--no-such-flag"},
		{"--n-samples", "9999999999999"},
		{"--n-seeds", "100000000000", "--epochs", "0"},
		{"--seed", "18446744073709551615", "--n-seeds", "2", "--epochs", "0"},
		{"--seed", "18446744073709551614", "--n-seeds", "3", "--epochs", "0"},
		{"--history"},
		{"--penalty", "logcosh", "--penalty-alpha", "-1"},
		{"scaling", "--k", "3"},
		{"dmd", "--workers", "-1"},
		{"viz", "--n-samples", "9999999999"},
		{"extra-argument"},
	} {
		out, errs, code := command(t, args...)
		if code != 2 {
			t.Errorf("%v: exit status %d, want 2 (stderr %q)", args, code, errs)
		}
		if out != "" {
			t.Errorf("%v: wrote to stdout: %q", args, out)
		}
		if lines := strings.Count(errs, "\n"); lines != 1 || !strings.HasPrefix(errs, "lococode: ") {
			t.Errorf("%v: stderr %q, want one line starting with \"lococode: \"", args, errs)
		}
	}
}

// TestLargestSeeds runs the sweeps that end on the largest seed, 2⁶⁴−1.
func TestLargestSeeds(t *testing.T) {
	for _, args := range [][]string{
		{"--seed", "18446744073709551615", "--epochs", "1", "--quiet"},
		{"--seed", "18446744073709551614", "--n-seeds", "2", "--epochs", "1", "--quiet"},
	} {
		out, errs, code := command(t, args...)
		if code != 0 || !strings.Contains(out, "LOCOCODE") {
			t.Errorf("%v: exit status %d, stderr %q, stdout %q", args, code, errs, out)
		}
	}
}

func TestHelp(t *testing.T) {
	out, _, code := command(t, "-h")
	if code != 0 || !strings.Contains(out, "-lambda-act") || !strings.Contains(out, "usage: lococode") {
		t.Errorf("-h: status %d, stdout %q", code, out)
	}
}

func TestHeadlineText(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(&out, &errb, []string{"--epochs", "20", "--seed", "3"}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"seed 3", "k 8", "epochs 20", "kernel: ", "LOCOCODE", "PCA", "FastICA",
		"whitened reconstruction MSE", "iterations"} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	// The same flags print the same numbers (all but wall times).
	var again bytes.Buffer
	if err := run(&again, &errb, []string{"--epochs", "20", "--seed", "3"}); err != nil {
		t.Fatal(err)
	}
	if a, b := stripTimes(s), stripTimes(again.String()); a != b {
		t.Errorf("two runs differ:\n%s\n---\n%s", a, b)
	}
}

// stripTimes drops the words that are wall times ("… ms").
func stripTimes(s string) string {
	f := strings.Fields(s)
	var keep []string
	for i, w := range f {
		if w == "ms" || (i+1 < len(f) && (f[i+1] == "ms" || f[i+1] == "ms;" || f[i+1] == "ms,")) {
			continue
		}
		keep = append(keep, w)
	}
	return strings.Join(keep, " ")
}

func TestJSONSweep(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(&out, &errb, []string{"--json", "--history", "--n-seeds", "3", "--epochs", "10"}); err != nil {
		t.Fatal(err)
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if rep.Schema != Schema || rep.Config.NSeeds != 3 || rep.Config.Epochs != 10 || len(rep.Seeds) != 3 {
		t.Fatalf("unexpected report header: %+v", rep.Config)
	}
	if rep.Environment.Kernel == "" || rep.Environment.GoVersion == "" {
		t.Errorf("environment incomplete: %+v", rep.Environment)
	}
	var sum float64
	for i, s := range rep.Seeds {
		if s.Seed != uint64(i) || len(s.Methods) != 3 || len(s.History) != 11 {
			t.Errorf("seed %d: %d methods, %d history rows", s.Seed, len(s.Methods), len(s.History))
		}
		if ica := s.Methods[2]; ica.Method != "FastICA" || ica.Iterations < 1 {
			t.Errorf("seed %d: FastICA entry %+v", s.Seed, ica)
		}
		sum += s.Methods[0].Amari
	}
	if got := rep.Summary.Methods["LOCOCODE"].Amari.Mean; math.Abs(got-sum/3) > 1e-15 {
		t.Errorf("summary mean %v, seeds give %v", got, sum/3)
	}
}

func TestExport(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if err := run(&out, &errb, []string{"--epochs", "1", "--k", "3", "--n-samples", "50",
		"--export-dir", dir, "--quiet"}); err != nil {
		t.Fatal(err)
	}
	x, s, a := readCSV(t, filepath.Join(dir, "X.csv")), readCSV(t, filepath.Join(dir, "S.csv")),
		readCSV(t, filepath.Join(dir, "A.csv"))
	if len(x) != 50 || len(s) != 50 || len(a) != 3 || len(x[0]) != 3 {
		t.Fatalf("shapes: X %d rows, S %d, A %d", len(x), len(s), len(a))
	}
	// X = S·Aᵀ up to the centring of X (S is already centred).
	for i := range x {
		for j := 0; j < 3; j++ {
			var v float64
			for l := 0; l < 3; l++ {
				v += s[i][l] * a[j][l]
			}
			if math.Abs(v-x[i][j]) > 1e-13 {
				t.Fatalf("X[%d][%d] = %v, (S·Aᵀ) = %v", i, j, x[i][j], v)
			}
		}
	}
}

func readCSV(t *testing.T, path string) [][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var m [][]float64
	for _, rec := range recs[1:] {
		row := make([]float64, len(rec))
		for j, c := range rec {
			if row[j], err = strconv.ParseFloat(c, 64); err != nil {
				t.Fatal(err)
			}
		}
		m = append(m, row)
	}
	return m
}

func TestEnv(t *testing.T) {
	out, _, code := command(t, "env")
	if code != 0 || !strings.Contains(out, "kernel: ") || !strings.Contains(out, "go: go1.") {
		t.Errorf("env: status %d, stdout %q", code, out)
	}
	if _, errs, code := command(t, "env", "x"); code != 2 || strings.Count(errs, "\n") != 1 {
		t.Errorf("env x: status %d, stderr %q", code, errs)
	}
}

// TestFloat32Note checks the note on stderr when --float32 has no
// assembly for the run's k, and that it prints the float32 header line.
func TestFloat32Note(t *testing.T) {
	out, errOut, code := command(t, "--float32", "--k", "4", "--n-samples", "300", "--epochs", "5")
	if code != 0 || !strings.Contains(errOut, "k = 4 runs the generic float32 code") {
		t.Errorf("exit %d, stderr %q: want the generic-code note", code, errOut)
	}
	if !strings.Contains(out, "training: float32") {
		t.Errorf("header does not name the float32 training:\n%s", out)
	}
	_, errOut, _ = command(t, "--float32", "--n-samples", "300", "--epochs", "5")
	if got := strings.Contains(errOut, "note"); got == kernel.Float32Assembly(8) {
		t.Errorf("k = 8, assembly %v: stderr %q", kernel.Float32Assembly(8), errOut)
	}
	_, errOut, code = command(t, "--float32", "--penalty", "logcosh")
	if code != 2 || !strings.Contains(errOut, "l1") {
		t.Errorf("--float32 --penalty logcosh: exit %d, stderr %q", code, errOut)
	}
}

// TestEnvHelp checks that env -h prints its usage and succeeds, while a
// stray argument is a usage error.
func TestEnvHelp(t *testing.T) {
	if out, _, code := command(t, "env", "-h"); code != 0 || !strings.Contains(out, "usage: lococode env") {
		t.Errorf("env -h: exit %d, stdout %q", code, out)
	}
	if _, errOut, code := command(t, "env", "x"); code != 2 || !strings.Contains(errOut, "no arguments") {
		t.Errorf("env x: exit %d, stderr %q", code, errOut)
	}
}
