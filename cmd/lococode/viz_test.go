package main

import (
	"image"
	_ "image/gif"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVizBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"viz", "--k", "1"},
		{"viz", "--epochs", "-1"},
		{"viz", "--n-samples", "x"},
		{"viz", "--outdir", ""},
		{"viz", "--whiten", "foo"},
		{"viz", "--lr", "NaN"},
		{"viz", "--snapshot-every", "0"},
		{"viz", "--no-such-flag"},
		{"viz", "extra"},
		{"gif", "--fps", "0"},
		{"gif", "--fps", "1000"},
		{"gif", "--gif"}, // viz only
		{"gif", "--k", "0"},
	} {
		out, errs, code := command(t, args...)
		if code != 2 {
			t.Errorf("%v: exit status %d, want 2 (stderr %q)", args, code, errs)
		}
		if out != "" {
			t.Errorf("%v: wrote to stdout: %q", args, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "lococode: "+args[0]+": ") {
			t.Errorf("%v: stderr %q, want one line starting with \"lococode: %s: \"", args, errs, args[0])
		}
	}
}

func TestVizHelp(t *testing.T) {
	for _, sub := range []string{"viz", "gif"} {
		out, _, code := command(t, sub, "-h")
		if code != 0 || !strings.Contains(out, "usage: lococode "+sub) || !strings.Contains(out, "-outdir") {
			t.Errorf("%s -h: status %d, stdout %q", sub, code, out)
		}
	}
}

// TestVizWrites runs viz --gif and gif on a small problem and checks
// the files: listed on stdout, decodable, of the expected sizes.
func TestVizWrites(t *testing.T) {
	dir := t.TempDir()
	small := []string{"--n-samples", "300", "--epochs", "6", "--snapshot-every", "2", "--outdir", dir}
	out, errs, code := command(t, append([]string{"viz", "--gif"}, small...)...)
	if code != 0 {
		t.Fatalf("viz: status %d, stderr %q", code, errs)
	}
	want := map[string]image.Point{
		"training_curves.png":      {1200, 860},
		"amari_comparison.png":     {1100, 500},
		"hidden_distributions.png": {1500, 500},
		"recovered_demixers.png":   {1500, 560},
		"source_recovery.png":      {1500, 560},
		"lococode_ica.gif":         {800, 600},
	}
	lines := strings.Fields(out)
	if len(lines) != len(want) {
		t.Fatalf("stdout lists %d files, want %d: %q", len(lines), len(want), out)
	}
	for _, path := range lines {
		size, ok := want[filepath.Base(path)]
		if !ok || filepath.Dir(path) != dir {
			t.Errorf("unexpected file %s", path)
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != size.X || cfg.Height != size.Y {
			t.Errorf("%s: %d×%d (%v), want %d×%d", path, cfg.Width, cfg.Height, err, size.X, size.Y)
		}
	}
	if !strings.Contains(errs, "total") {
		t.Errorf("stderr %q, want the timings", errs)
	}

	// gif alone writes only the animation; --quiet keeps stderr empty.
	dir2 := t.TempDir()
	small[len(small)-1] = dir2
	out, errs, code = command(t, append([]string{"gif", "--quiet"}, small...)...)
	if code != 0 || strings.TrimSpace(out) != filepath.Join(dir2, "lococode_ica.gif") || errs != "" {
		t.Errorf("gif: status %d, stdout %q, stderr %q", code, out, errs)
	}
}
