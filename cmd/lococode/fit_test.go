package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lococode/lococode/dataio"
	"github.com/lococode/lococode/lococode"
)

// mixtureFiles writes n rows of k mixed Laplace sources as CSV (with a
// header), NPY and a k-channel float WAV into dir, the mixing matrix A
// as CSV, and the sources as a k-channel WAV.
func mixtureFiles(t *testing.T, dir string, n, k int) {
	t.Helper()
	d := lococode.Generate(lococode.NewStream(11, 0), n, k)
	names := make([]string, k)
	for j := range names {
		names[j] = "x" + string(rune('a'+j))
	}
	var b bytes.Buffer
	if err := dataio.WriteCSV(&b, names, d.X.Data, k); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "x.csv"), b.Bytes())
	b.Reset()
	if err := dataio.WriteCSV(&b, nil, d.A.Data, k); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "a.csv"), b.Bytes())
	b.Reset()
	w, _ := dataio.NewNPYWriter(&b, int64(n), k)
	w.Write(d.X.Data)
	w.Close()
	write(t, filepath.Join(dir, "x.npy"), b.Bytes())
	for _, f := range []struct {
		name string
		data []float64
	}{{"x.wav", d.X.Data}, {"s.wav", d.S.Data}} {
		b.Reset()
		ww, _ := dataio.NewWAVWriter(&b, int64(n), k, 8000, dataio.Float32)
		ww.Write(f.data)
		ww.Close()
		write(t, filepath.Join(dir, f.name), b.Bytes())
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

type fitModel struct {
	Method     string      `json:"method"`
	Components int         `json:"components"`
	Samples    int64       `json:"samples"`
	Rank       int         `json:"rank"`
	Converged  bool        `json:"converged"`
	Iterations int         `json:"iterations"`
	Unmixing   [][]float64 `json:"unmixing"`
	Mixing     [][]float64 `json:"mixing"`
	Evaluation struct {
		Amari   *float64 `json:"amari"`
		Sources []struct {
			SIR float64 `json:"sir_db"`
		} `json:"sources"`
	} `json:"evaluation"`
}

func TestFitFormats(t *testing.T) {
	dir := t.TempDir()
	mixtureFiles(t, dir, 2000, 3)
	for _, ext := range []string{"csv", "npy", "wav"} {
		in := filepath.Join(dir, "x."+ext)
		out := filepath.Join(dir, "s_out."+ext)
		args := []string{"fit", "--in", in, "--method", "fastica", "--out", out,
			"--reference-mixing", filepath.Join(dir, "a.csv")}
		if ext == "wav" {
			args = append(args, "--reference", filepath.Join(dir, "s.wav"), "--split")
		}
		stdout, stderr, code := command(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", ext, code, stderr)
		}
		var m fitModel
		if err := json.Unmarshal([]byte(stdout), &m); err != nil {
			t.Fatalf("%s: model JSON: %v\n%s", ext, err, stdout)
		}
		if m.Method != "fastica" || m.Components != 3 || m.Samples != 2000 || m.Rank != 3 || !m.Converged ||
			len(m.Unmixing) != 3 || len(m.Mixing) != 3 {
			t.Errorf("%s: model %+v", ext, m)
		}
		if m.Evaluation.Amari == nil || *m.Evaluation.Amari > 0.05 {
			t.Errorf("%s: Amari %v, want ≤ 0.05", ext, m.Evaluation.Amari)
		}
		if !strings.Contains(stderr, "fastica: 3 of 3 components, rank 3, 2000 rows; ") {
			t.Errorf("%s: summary %q", ext, stderr)
		}
		files := []string{out}
		if ext == "wav" {
			if len(m.Evaluation.Sources) != 3 {
				t.Fatalf("wav: %d SIR values", len(m.Evaluation.Sources))
			}
			for _, s := range m.Evaluation.Sources {
				if s.SIR < 20 {
					t.Errorf("wav: SIR %.1f dB, want ≥ 20", s.SIR)
				}
			}
			files = append(files, filepath.Join(dir, "s_out_1.wav"), filepath.Join(dir, "s_out_3.wav"))
		}
		for _, f := range files {
			s, err := dataio.Open([]string{f}, dataio.Options{})
			if err != nil {
				t.Fatalf("%s: reading back %s: %v", ext, f, err)
			}
			rows := 0
			s.Scan(func(c []float64) error { rows += len(c) / s.Cols(); return nil })
			if rows != 2000 {
				t.Errorf("%s: %s has %d rows", ext, f, rows)
			}
		}
	}

	// --model writes the JSON to a file and the summary to stdout.
	mpath := filepath.Join(dir, "m.json")
	stdout, stderr, code := command(t, "fit", "--in", filepath.Join(dir, "x.npy"), "--method", "pca",
		"--components", "2", "--model", mpath)
	if code != 0 || !strings.HasPrefix(stdout, "pca: 2 of 3 components") || stderr != "" {
		t.Errorf("--model: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if b, err := os.ReadFile(mpath); err != nil || !bytes.Contains(b, []byte(`"schema": "lococode.model/v1"`)) {
		t.Errorf("model file: %v", err)
	}
}

func TestFitConvergence(t *testing.T) {
	dir := t.TempDir()
	mixtureFiles(t, dir, 1000, 3)
	in := filepath.Join(dir, "x.csv")
	stdout, stderr, code := command(t, "fit", "--in", in, "--method", "fastica", "--fastica-max-iter", "1")
	if code != 0 || !strings.Contains(stderr, "warning: fastica did not converge in 1 iterations") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	var m fitModel
	if err := json.Unmarshal([]byte(stdout), &m); err != nil || m.Converged || m.Iterations != 1 {
		t.Errorf("model: %+v, %v", m, err)
	}
	_, stderr, code = command(t, "fit", "--in", in, "--method", "fastica", "--fastica-max-iter", "1",
		"--require-converged", "--model", filepath.Join(dir, "m.json"))
	if code != 1 || !strings.Contains(stderr, "did not converge") {
		t.Errorf("--require-converged: exit %d, stderr %q", code, stderr)
	}
}

// TestFitBadInput tries the malformed inputs a new user might have:
// each gets one line on stderr, nothing on stdout and exit status 2.
func TestFitBadInput(t *testing.T) {
	dir := t.TempDir()
	mixtureFiles(t, dir, 200, 3)
	files := map[string]string{
		"empty.csv":   "",
		"ragged.csv":  "a,b,c\n1,2,3\n4,5\n",
		"text.csv":    "a,b\n1,2\n3,abc\n",
		"nan.csv":     "a,b\n1,2\n3,4\n5,NaN\n7,8\n9,Inf\n1,3\n",
		"const.csv":   "a,b\n1,2\n2,2\n3,2\n4,2\n",
		"dup.csv":     "a,b\n1,1\n2,2\n3,3\n5,5\n",
		"few.csv":     "a,b,c\n1,2,3\n4,5,7\n",
		"header.csv":  "a,b\n",
		"empty.npy":   "",
		"garbage.npy": "this is not numpy",
		"int.npy":     string(npyFile("<i8", "(2, 2)", 32)),
		"be.npy":      string(npyFile(">f8", "(2, 2)", 32)),
		"trunc.npy":   string(npyFile("<f8", "(20, 2)", 100)),
		"empty.wav":   "",
		"trunc.wav":   "RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00",
		"mulaw.wav": "RIFF\x28\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x07\x00\x01\x00\x40\x1f\x00\x00" +
			"\x40\x1f\x00\x00\x01\x00\x08\x00data\x04\x00\x00\x00abcd",
		"data.xlsx": "PK",
	}
	for name, body := range files {
		write(t, filepath.Join(dir, name), []byte(body))
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--in", "empty.csv"}, "empty file"},
		{[]string{"--in", "ragged.csv"}, "line 3 has 2 fields, want 3"},
		{[]string{"--in", "text.csv"}, `line 3, column 2 ("b"): "abc" is not a number`},
		{[]string{"--in", "nan.csv"}, `2 NaN or infinite values; the first at row 3 (line 4), column 2 ("b")`},
		{[]string{"--in", "const.csv"}, `column 2 ("b") is constant`},
		{[]string{"--in", "dup.csv"}, `column 1 ("a") and column 2 ("b") are equal or proportional`},
		{[]string{"--in", "few.csv"}, "2 samples for 3 features"},
		{[]string{"--in", "header.csv"}, "a header row and no data rows"},
		{[]string{"--in", "empty.npy"}, "empty file"},
		{[]string{"--in", "garbage.npy"}, "not an NPY file"},
		{[]string{"--in", "int.npy"}, `dtype "<i8"`},
		{[]string{"--in", "be.npy"}, "big-endian"},
		{[]string{"--in", "trunc.npy"}, "truncated file"},
		{[]string{"--in", "empty.wav"}, "empty file"},
		{[]string{"--in", "trunc.wav"}, "truncated file"},
		{[]string{"--in", "mulaw.wav"}, "encoding tag 0x7"},
		{[]string{"--in", "data.xlsx"}, "cannot tell the format"},
		{[]string{"--in", "missing.csv"}, "no such file"},
		{[]string{"--in", "x.csv", "--components", "4"}, "4 components for 3 features"},
		{[]string{"--in", "x.csv", "--components", "2", "--whiten", "zca"}, "zca whitening keeps all"},
		{[]string{"--in", "x.csv", "--out", "s.npy"}, "sources are written in the input's format"},
		{[]string{"--in", "x.csv", "--out", "x.csv"}, "would overwrite the input"},
		{[]string{"--in", "x.csv", "--out", "s.csv", "--split"}, "--split applies to WAV output only"},
		{[]string{"--in", "x.csv", "--in", "x.wav"}, "only WAV input"},
		{[]string{"--in", "x.csv", "--method", "ica"}, `--method "ica"`},
		{[]string{"--in", "x.csv", "--method", ""}, "--method is required"},
		{[]string{"--method", "pca"}, "--in is required"},
		{[]string{"--in", "x.csv", "--fastica-tol", "-1"}, "fastica-tol"},
		{[]string{"--in", "x.csv", "--method", "lococode", "--lr", "NaN"}, "lr"},
		{[]string{"--in", "x.csv", "--fit-rows", "0"}, "--fit-rows 0"},
		{[]string{"--in", "x.csv", "--delimiter", ";;"}, "--delimiter"},
		{[]string{"--in", "x.csv", "--reference-mixing", "const.csv"}, "--reference-mixing is 4×2"},
	} {
		args := append([]string{"fit"}, c.args...)
		hasMethod := false
		for i, a := range args {
			if a == "--in" || a == "--out" || a == "--reference-mixing" {
				args[i+1] = filepath.Join(dir, args[i+1])
			}
			hasMethod = hasMethod || a == "--method"
		}
		if !hasMethod {
			args = append(args, "--method", "fastica")
		}
		stdout, stderr, code := command(t, args...)
		if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 ||
			!strings.HasPrefix(stderr, "lococode: ") || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// npyFile is a float NPY header with the given dtype and shape and
// dataBytes zero bytes of data.
func npyFile(descr, shape string, dataBytes int) []byte {
	h := "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }"
	h += strings.Repeat(" ", 128-10-len(h)-1) + "\n"
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), 0)
	b = append(b, h...)
	return append(b, make([]byte, dataBytes)...)
}

func TestFitHelp(t *testing.T) {
	out, _, code := command(t, "fit", "-h")
	if code != 0 || !strings.Contains(out, "usage: lococode fit") || !strings.Contains(out, "-components") {
		t.Errorf("fit -h: exit %d, %q", code, out)
	}
}

// TestSpeechExample is the README's worked example: three recordings
// from alsa-utils mixed by testdata/speech/mixing.csv and separated.
func TestSpeechExample(t *testing.T) {
	dir := t.TempDir()
	sp := filepath.Join("..", "..", "testdata", "speech")
	refs := []string{"Front_Left_16k.wav", "Front_Right_16k.wav", "Rear_Center_16k.wav"}
	args := []string{"mix"}
	for _, r := range refs {
		args = append(args, "--in", filepath.Join(sp, r))
	}
	mix := filepath.Join(dir, "mix.wav")
	args = append(args, "--matrix", filepath.Join(sp, "mixing.csv"), "--out", mix)
	out, stderr, code := command(t, args...)
	if code != 0 || !strings.Contains(out, "24491 rows of 3 mixtures") {
		t.Fatalf("mix: exit %d, %q, %q", code, out, stderr)
	}
	for _, c := range []struct {
		method           string
		maxAmari, minSIR float64
	}{{"pca", 1, -10}, {"fastica", 0.12, 10}, {"lococode", 0.2, 8}} {
		args := []string{"fit", "--in", mix, "--method", c.method,
			"--reference-mixing", filepath.Join(sp, "mixing.csv")}
		for _, r := range refs {
			args = append(args, "--reference", filepath.Join(sp, r))
		}
		stdout, stderr, code := command(t, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d, %q", c.method, code, stderr)
		}
		var m fitModel
		if err := json.Unmarshal([]byte(stdout), &m); err != nil {
			t.Fatal(err)
		}
		amari := *m.Evaluation.Amari
		t.Logf("%s: Amari %.4f, SIR %+v", c.method, amari, m.Evaluation.Sources)
		if amari > c.maxAmari || (c.method == "pca") != (amari > 0.5) {
			t.Errorf("%s: Amari %.4f", c.method, amari)
		}
		for _, s := range m.Evaluation.Sources {
			if s.SIR < c.minSIR {
				t.Errorf("%s: SIR %.2f dB < %.0f", c.method, s.SIR, c.minSIR)
			}
		}
	}
}

func TestMixBadInput(t *testing.T) {
	dir := t.TempDir()
	mixtureFiles(t, dir, 100, 3)
	write(t, filepath.Join(dir, "a2.csv"), []byte("1,0\n0,1\n"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--in", "x.csv", "--matrix", "a2.csv", "--out", "m.csv"}, "want 3 columns, one per source"},
		{[]string{"--in", "x.csv", "--matrix", "a.csv"}, "are required"},
		{[]string{"--in", "x.csv", "--matrix", "a.csv", "--out", "m.xlsx"}, "cannot tell the format"},
		{[]string{"--in", "nope.csv", "--matrix", "a.csv", "--out", "m.csv"}, "no such file"},
	} {
		args := append([]string{"mix"}, c.args...)
		for i, a := range args {
			if a == "--in" || a == "--out" || a == "--matrix" {
				args[i+1] = filepath.Join(dir, args[i+1])
			}
		}
		stdout, stderr, code := command(t, args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// TestTransform applies a fitted model to the data it was fitted on and
// maps the sources back: the sources equal fit's and the round trip
// gives the data back.
func TestTransform(t *testing.T) {
	dir := t.TempDir()
	mixtureFiles(t, dir, 500, 3)
	p := func(n string) string { return filepath.Join(dir, n) }
	for _, ext := range []string{"csv", "npy", "wav"} {
		if _, stderr, code := command(t, "fit", "--in", p("x."+ext), "--method", "fastica", "--model", p("m.json"),
			"--out", p("fit_s."+ext), "--wav-float"); code != 0 {
			t.Fatalf("%s: fit: %q", ext, stderr)
		}
		out, stderr, code := command(t, "transform", "--model", p("m.json"), "--in", p("x."+ext),
			"--out", p("s."+ext), "--wav-float")
		if code != 0 || out != p("s."+ext)+": 500 rows of 3 columns\n" {
			t.Fatalf("%s: transform: exit %d, %q, %q", ext, code, out, stderr)
		}
		if _, stderr, code := command(t, "transform", "--model", p("m.json"), "--in", p("s."+ext),
			"--out", p("back."+ext), "--inverse", "--wav-float"); code != 0 {
			t.Fatalf("%s: inverse: %q", ext, stderr)
		}
		read := func(name string) []float64 {
			s, err := dataio.Open([]string{p(name)}, dataio.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var v []float64
			s.Scan(func(c []float64) error { v = append(v, c...); return nil })
			return v
		}
		fitS, s, x, back := read("fit_s."+ext), read("s."+ext), read("x."+ext), read("back."+ext)
		tol := 1e-9
		if ext == "wav" {
			tol = 1e-5 // float32 samples
		}
		for i := range s {
			if math.Abs(s[i]-fitS[i]) > tol {
				t.Fatalf("%s: transform differs from fit's sources at %d: %v vs %v", ext, i, s[i], fitS[i])
			}
		}
		for i := range x {
			if math.Abs(back[i]-x[i]) > 10*tol*(1+math.Abs(x[i])) {
				t.Fatalf("%s: inverse(transform(x)) differs from x at %d: %v vs %v", ext, i, back[i], x[i])
			}
		}
	}
	write(t, p("two.csv"), []byte("1,2\n3,4\n"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--model", p("m.json"), "--in", p("x.csv")}, "are required"},
		{[]string{"--model", p("x.csv"), "--in", p("x.csv"), "--out", p("o.csv")}, "not a model JSON"},
		{[]string{"--model", p("m.json"), "--in", p("two.csv"), "--out", p("o.csv")},
			"the input has 2 columns, the model wants 3"},
		{[]string{"--model", p("m.json"), "--in", p("x.csv"), "--out", p("x.csv")}, "would overwrite the input"},
	} {
		_, stderr, code := command(t, append([]string{"transform"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
