package viz

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/png"
	"sync"
	"testing"

	"github.com/lococode/lococode/lococode"
)

// smallRun is a quick run (n = 400, 20 epochs, a snapshot every 5) that
// the image tests share.
var smallRun = sync.OnceValues(func() (*lococode.SeedResult, error) {
	cfg := lococode.DefaultConfig()
	cfg.N, cfg.Epochs, cfg.SnapshotEvery = 400, 20, 5
	return lococode.RunSeed(cfg, 3)
})

func run(t *testing.T, cfg lococode.Config) *lococode.SeedResult {
	t.Helper()
	r, err := lococode.RunSeed(cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkDrawn fails unless img has the size w×h and is a picture: many
// colours, and ink (non-white pixels) in each quarter. It looks at every
// other pixel of every other row.
func checkDrawn(t *testing.T, name string, img image.Image, w, h int) {
	t.Helper()
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h {
		t.Errorf("%s: %v, want %d×%d", name, b, w, h)
		return
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(b)
		draw.Draw(rgba, b, img, b.Min, draw.Src)
	}
	colors := map[color.RGBA]bool{}
	var ink [2][2]int
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			c := rgba.RGBAAt(x, y)
			colors[c] = true
			if c != white {
				ink[2*(y-b.Min.Y)/h][2*(x-b.Min.X)/w]++
			}
		}
	}
	if len(colors) < 20 {
		t.Errorf("%s: %d distinct colours, want a picture", name, len(colors))
	}
	for i := range 2 {
		for j := range 2 {
			if frac := float64(ink[i][j]) / float64(w*h/16); frac < 0.02 {
				t.Errorf("%s: quarter (%d, %d) is %.1f%% ink, nearly blank", name, i, j, 100*frac)
			}
		}
	}
}

func TestFiguresDecode(t *testing.T) {
	r, err := smallRun()
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[string]image.Point{
		"training_curves.png":      {curvesW, curvesH},
		"amari_comparison.png":     {barsW, barsH},
		"hidden_distributions.png": {histW, histH},
		"recovered_demixers.png":   {heatW, heatH},
		"source_recovery.png":      {heatW, heatH},
	}
	if len(Figures) != 5 {
		t.Fatalf("%d figures, want 5", len(Figures))
	}
	for _, f := range Figures {
		var b bytes.Buffer
		if err := png.Encode(&b, f.Draw(r)); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%s: decoding: %v", f.Name, err)
		}
		sz, ok := sizes[f.Name]
		if !ok {
			t.Fatalf("unexpected figure %s", f.Name)
		}
		checkDrawn(t, f.Name, img, sz.X, sz.Y)
	}
}

// TestFiguresEdgeSizes draws every figure and the animation for sizes
// at the edges: 2 sources, 16 sources (no values in the cells), and no
// training at all (one history row, one snapshot).
func TestFiguresEdgeSizes(t *testing.T) {
	for _, tc := range []struct{ k, n, epochs int }{{2, 100, 3}, {16, 400, 2}, {4, 100, 0}} {
		cfg := lococode.DefaultConfig()
		cfg.K, cfg.N, cfg.Epochs = tc.k, tc.n, tc.epochs
		r := run(t, cfg)
		for _, f := range Figures {
			img := f.Draw(r)
			checkDrawn(t, f.Name, img, img.Bounds().Dx(), img.Bounds().Dy())
		}
		g := Animation(r, 10)
		if len(g.Image) != len(r.Training.Snapshots) {
			t.Errorf("k=%d epochs=%d: %d frames for %d snapshots",
				tc.k, tc.epochs, len(g.Image), len(r.Training.Snapshots))
		}
	}
}

// decodeGIF encodes g, decodes it and returns the frames composited as
// a viewer shows them, and the encoded size.
func decodeGIF(t *testing.T, g *gif.GIF) ([]*image.RGBA, int) {
	t.Helper()
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	size := b.Len()
	d, err := gif.DecodeAll(&b)
	if err != nil {
		t.Fatal(err)
	}
	if d.Config.Width != animW || d.Config.Height != animH {
		t.Errorf("GIF is %d×%d, want %d×%d", d.Config.Width, d.Config.Height, animW, animH)
	}
	screen := image.NewRGBA(image.Rect(0, 0, animW, animH))
	var out []*image.RGBA
	for _, fr := range d.Image {
		draw.Draw(screen, fr.Bounds(), fr, fr.Bounds().Min, draw.Over)
		out = append(out, image.NewRGBA(screen.Bounds()))
		copy(out[len(out)-1].Pix, screen.Pix)
	}
	return out, size
}

func TestAnimationFrames(t *testing.T) {
	r, err := smallRun()
	if err != nil {
		t.Fatal(err)
	}
	g := Animation(r, 12)
	frames, _ := decodeGIF(t, g)
	// Snapshots at epochs 0, 5, 10, 15, 20.
	if len(frames) != 5 || len(g.Delay) != 5 {
		t.Fatalf("%d frames, %d delays, want 5", len(frames), len(g.Delay))
	}
	if g.Delay[0] != 12 || g.Delay[4] != holdLast {
		t.Errorf("delays %v, want 12 … and %d last", g.Delay, holdLast)
	}
	if b := g.Image[0].Bounds(); b != image.Rect(0, 0, animW, animH) {
		t.Errorf("first frame %v, want the whole picture", b)
	}
	for i, f := range frames {
		checkDrawn(t, "frame", f, animW, animH)
		// Each composited frame equals the frame drawn directly.
		want := newQuantizer().paletted(newFrames(r).draw(i))
		for p := range want.Pix {
			got := f.RGBAAt(p%animW, p/animW)
			if got != want.Palette[want.Pix[p]] {
				t.Fatalf("frame %d differs from its drawing at pixel %d", i, p)
			}
		}
	}
}

// TestAnimationDefaultSize checks the animation of the headline run
// (41 frames) against its 600 KB limit.
func TestAnimationDefaultSize(t *testing.T) {
	if testing.Short() {
		t.Skip("the full headline run")
	}
	r, err := lococode.RunSeed(lococode.DefaultConfig(), 0)
	if err != nil {
		t.Fatal(err)
	}
	frames, size := decodeGIF(t, Animation(r, 12))
	if len(frames) != 41 {
		t.Errorf("%d frames, want 41 (epoch 0 and every 5th of 200)", len(frames))
	}
	if size > 600<<10 {
		t.Errorf("GIF is %d KB, over 600 KB", size>>10)
	}
	t.Logf("%d frames, %d KB", len(frames), size>>10)
}
