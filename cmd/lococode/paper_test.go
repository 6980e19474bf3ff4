package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testImage = "../../testdata/astronaut_gray256.png"

func TestPaperBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"bars", "--task", "dirty"},
		{"bars", "--penalty", "l2"},
		{"bars", "--penalty", "fms,"},
		{"bars", "--components", "0"},
		{"bars", "--components", "26"},
		{"bars", "--hidden", "0"},
		{"bars", "--lr", "NaN"},
		{"bars", "--etol", "-1"},
		{"bars", "--delta-lambda", "-0.1"},
		{"bars", "--back-factor", "0.5"},
		{"bars", "--batch-size", "0"},
		{"bars", "--train", "1"},
		{"bars", "extra"},
		{"patches"},
		{"patches", "--image", "no/such/file.png"},
		{"patches", "--image", "paper_test.go"},
		{"patches", "--image", testImage, "--side", "1"},
		{"patches", "--image", testImage, "--components", "64"},
		{"patches", "--image", testImage, "--etol-frac", "1"},
		{"patches", "--image", testImage, "--n-patches", "1"},
	} {
		out, errs, code := command(t, args...)
		if code != 2 {
			t.Errorf("%v: exit status %d, want 2 (stderr %q)", args, code, errs)
		}
		if out != "" || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: stdout %q, stderr %q; want one line on stderr only", args, out, errs)
		}
	}
}

func TestBarsSmall(t *testing.T) {
	fig := filepath.Join(t.TempDir(), "bars.png")
	out, errs, code := command(t, "bars", "--train", "60", "--test", "60", "--epochs", "3",
		"--quiet", "--figure", fig)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if errs != "" {
		t.Errorf("--quiet wrote to stderr: %q", errs)
	}
	for _, m := range []string{"LOCOCODE-FMS", "LOCOCODE-L1", "PCA-10", "FastICA-10", "/10"} {
		if !strings.Contains(out, m) {
			t.Errorf("output lacks %q:\n%s", m, out)
		}
	}
	checkPNG(t, fig)
}

func TestPatchesSmall(t *testing.T) {
	fig := filepath.Join(t.TempDir(), "patches.png")
	out, errs, code := command(t, "patches", "--image", testImage, "--n-patches", "300",
		"--components", "16", "--hidden", "8", "--epochs", "2", "--penalty", "fms", "--figure", fig)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, m := range []string{"LOCOCODE-FMS", "PCA-16", "FastICA-16", "white noise", "256×256"} {
		if !strings.Contains(out, m) {
			t.Errorf("output lacks %q:\n%s", m, out)
		}
	}
	checkPNG(t, fig)
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
		t.Errorf("%s is %v", path, b)
	}
}
