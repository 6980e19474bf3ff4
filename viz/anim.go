package viz

import (
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"runtime"
	"sync"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// AnimationFile is the file name of the training animation.
const AnimationFile = "lococode_ica.gif"

// Size of an animation frame in pixels, and its tick font size.
const (
	animW, animH = 800, 600
	animPx       = 13
	holdLast     = 250 // the last frame stays 2.5 s
)

// Animation draws the training of r as a GIF, one frame per snapshot in
// r.Training.Snapshots, each shown delay hundredths of a second (the
// last one longer): top left, |W·K·A| row-normalised, its rows in the
// greedy order of the final W so the pattern settles into a diagonal;
// top right, the histogram of the final W's most kurtotic unit, whose
// codes H = Z·Wᵀ are recomputed from each snapshot W and the whitened
// data; below, the Amari distance and the mean kurtosis from the
// history up to the snapshot's epoch. It panics if delay < 1.
//
// Frames are drawn on up to GOMAXPROCS goroutines. All share one fixed
// palette (quantizer), and frames after the first store only the pixels
// that changed, the rest transparent.
func Animation(r *lococode.SeedResult, delay int) *gif.GIF {
	if delay < 1 {
		panic(errDelay)
	}
	f := newFrames(r)
	n := len(r.Training.Snapshots)
	full := make([]*image.Paletted, n)
	pal := newQuantizer().pal
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			q := newQuantizer()
			for i := range next {
				full[i] = q.paletted(f.draw(i))
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()

	out := &gif.GIF{Config: image.Config{ColorModel: pal, Width: animW, Height: animH}}
	for i, fr := range full {
		d := delay
		if i == n-1 {
			d = max(delay, holdLast)
		}
		if i > 0 {
			fr = changes(fr, full[i-1])
		}
		out.Image = append(out.Image, fr)
		out.Delay = append(out.Delay, d)
		out.Disposal = append(out.Disposal, gif.DisposalNone)
	}
	return out
}

// frames holds what every frame of the animation shares: the data, the
// fixed row order and unit, the histograms and the axis ranges.
type frames struct {
	r          *lococode.SeedResult
	z          *linalg.Dense // whitened data, n×k
	perm       []int         // row order of the final W·K·A
	unit       int           // the final W's most kurtotic unit
	hists      [][]float64   // its histogram at each snapshot
	ymax       float64       // top of the histogram axes
	ep         []float64     // the history: epochs, kurtosis, Amari
	kurt       []float64
	amari      []float64
	pca, ica   float64 // the baselines' Amari distances
	amax       float64
	klo, khi   float64
	epochs     float64
	runHeading string
}

func newFrames(r *lococode.SeedResult) *frames {
	tr := r.Training
	f := &frames{r: r, z: r.Whitener.Transform(r.Data.X)}
	f.perm = GreedyPermutation(RowNormalize(AbsProduct(linalg.Mul(tr.W, r.Whitener.K), r.Data.A)))
	f.unit, _ = MostKurtotic(linalg.MulTB(f.z, tr.W))
	f.hists = make([][]float64, len(tr.Snapshots))
	f.ymax = LaplacePDF(0)
	for i, s := range tr.Snapshots {
		_, f.hists[i] = Histogram(ZScore(unitCodes(f.z, s.W, f.unit)), histLo, histHi, histBin)
		_, hi := extent(f.hists[i])
		f.ymax = max(f.ymax, hi)
	}
	f.ep, _, _, f.kurt, f.amari = historyColumns(tr.History)
	f.pca, f.ica = r.Result(lococode.MethodPCA).Amari, r.Result(lococode.MethodFastICA).Amari
	_, f.amax = extent(f.amari, []float64{f.pca, f.ica})
	f.klo, f.khi = extent(f.kurt, []float64{0, 3})
	f.epochs = f.ep[len(f.ep)-1]
	f.runHeading = fmt.Sprintf("seed %d, k = %d, n = %d", r.Seed, r.Data.A.Rows, r.Data.X.Rows)
	return f
}

// draw draws the frame of snapshot i.
func (f *frames) draw(i int) *image.RGBA {
	s := f.r.Training.Snapshots[i]
	c := newCanvas(animW, animH, animPx)
	c.heading(fmt.Sprintf("LOCOCODE training, epoch %d of %.0f (%s)", s.Epoch, f.epochs, f.runHeading))

	m := PermuteRows(RowNormalize(AbsProduct(linalg.Mul(s.W, f.r.Whitener.K), f.r.Data.A)), f.perm)
	c.heatmap(rect{70, 80, 310, 320}, m, false, "|W·K·A| / row max", "true source", "row of W (final order)")
	c.colorbar(rect{325, 80, 339, 320}, "")

	codes := unitCodes(f.z, s.W, f.unit)
	kurt := lococode.Kurtosis(linalg.NewFrom(len(codes), 1, codes))[0]
	h := newAxes(rect{470, 80, 775, 320}, histLo, histHi, 0, f.ymax*1.08)
	c.drawAxes(h, fmt.Sprintf("unit %d: excess kurtosis %.2f", f.unit+1, kurt),
		"code value (z-score)", "density")
	ctr, _ := Histogram(nil, histLo, histHi, histBin)
	c.histogram(h, ctr, f.hists[i], methodColor(lococode.MethodLOCOCODE))
	c.densities(h)
	c.legend(h, []legendItem{
		{label: "Laplace", style: laplaceStyle},
		{label: "Gaussian", style: gaussianStyle},
	}, 1, 0, false)

	n := s.Epoch + 1 // history rows up to this epoch
	am := newAxes(rect{70, 405, 375, 535}, 0, f.epochs, 0, f.amax*1.1)
	c.drawAxes(am, "Amari distance to A", "epoch", "")
	c.hline(am, f.pca, refStyle(lococode.MethodPCA))
	c.hline(am, f.ica, refStyle(lococode.MethodFastICA))
	c.growingCurve(am, f.ep[:n], f.amari[:n])
	c.legend(am, []legendItem{
		{label: "PCA", style: refStyle(lococode.MethodPCA)},
		{label: "FastICA", style: refStyle(lococode.MethodFastICA)},
	}, 1, 0.5, false)

	ku := newAxes(rect{470, 405, 775, 535}, 0, f.epochs, f.klo-0.4, f.khi+0.4)
	c.drawAxes(ku, "Mean excess kurtosis of the codes", "epoch", "")
	c.hline(ku, 3, laplaceStyle)
	c.hline(ku, 0, gaussianStyle)
	c.lineLabel(ku, 3, "Laplace", laplaceStyle.col)
	c.lineLabel(ku, 0, "Gaussian", gaussianStyle.col)
	c.growingCurve(ku, f.ep[:n], f.kurt[:n])
	return c.Image().(*image.RGBA)
}

// unitCodes returns the codes of unit j, Z·w_j for row j of w (k×k),
// over the rows of z (n×k).
func unitCodes(z, w *linalg.Dense, j int) []float64 {
	wj := w.Row(j)
	out := make([]float64, z.Rows)
	for i := range out {
		var s float64
		for c, v := range z.Row(i) {
			s += v * wj[c]
		}
		out[i] = s
	}
	return out
}

// growingCurve draws the history so far with a dot at its newest point.
func (c *canvas) growingCurve(a *axes, xs, ys []float64) {
	c.polyline(a, xs, ys, curveStyle)
	n := len(xs) - 1
	c.SetColor(curveStyle.col)
	c.DrawCircle(a.px(xs[n]), a.py(ys[n]), 4.5)
	c.Fill()
}

// transparent is the palette index of "unchanged since the last frame".
const transparent = 0

// quantizer maps drawn frames onto the animation palette: white, black,
// 30 greys, 12 blends toward white of each line colour, and 96 steps of
// viridis, nearest colour without dithering (anti-aliased edges stay
// two or three colours wide and flat areas stay flat, which is what
// LZW compresses). Entry 0 is transparent.
type quantizer struct {
	pal   color.Palette
	cache map[uint32]uint8 // RGBA packed big-endian → palette index
}

func newQuantizer() *quantizer {
	pal := color.Palette{color.RGBA{}, white, black}
	for i := 1; i <= 30; i++ {
		v := uint8(i * 255 / 31)
		pal = append(pal, color.RGBA{v, v, v, 0xff})
	}
	for _, col := range lineColors {
		for i := 0; i < 12; i++ {
			pal = append(pal, blend(col, white, float64(i)/12))
		}
	}
	for i := 0; i < 96; i++ {
		pal = append(pal, Viridis(float64(i)/95))
	}
	return &quantizer{pal: pal, cache: make(map[uint32]uint8)}
}

// paletted returns img, whose bounds start at (0, 0), on the palette.
func (q *quantizer) paletted(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	full := image.NewPaletted(b, q.pal)
	opaque := q.pal[1:] // never match the transparent entry
	var key, last uint32 = 0xffffffff, 0xffffffff
	idx := uint8(1) // white
	for y := 0; y < b.Dy(); y++ {
		src := img.Pix[y*img.Stride : y*img.Stride+4*b.Dx()]
		dst := full.Pix[y*full.Stride : y*full.Stride+b.Dx()]
		for x := range dst {
			// Runs of one colour are the rule: look up only changes.
			p := src[4*x : 4*x+4 : 4*x+4]
			key = uint32(p[0])<<24 | uint32(p[1])<<16 | uint32(p[2])<<8 | uint32(p[3])
			if key != last {
				var ok bool
				if idx, ok = q.cache[key]; !ok {
					idx = uint8(opaque.Index(color.RGBA{p[0], p[1], p[2], p[3]}) + 1)
					q.cache[key] = idx
				}
				last = key
			}
			dst[x] = idx
		}
	}
	return full
}

// changes returns the pixels of full that differ from prev, inside
// their bounding box, the others transparent (index 0). Both frames
// have the same bounds from (0, 0) and no padding: Pix[y*w+x].
func changes(full, prev *image.Paletted) *image.Paletted {
	b := full.Bounds()
	w := b.Dx()
	x0, y0, x1, y1 := b.Max.X, b.Max.Y, 0, 0
	for y := 0; y < b.Dy(); y++ {
		cur, old := full.Pix[y*w:(y+1)*w], prev.Pix[y*w:(y+1)*w]
		for x := range cur {
			if cur[x] != old[x] {
				x0, y0 = min(x0, x), min(y0, y)
				x1, y1 = max(x1, x+1), max(y1, y+1)
			}
		}
	}
	if x0 >= x1 {
		x0, y0, x1, y1 = 0, 0, 1, 1
	}
	delta := image.NewPaletted(image.Rect(x0, y0, x1, y1), full.Palette)
	for y := y0; y < y1; y++ {
		cur, old := full.Pix[y*w+x0:y*w+x1], prev.Pix[y*w+x0:y*w+x1]
		dst := delta.Pix[(y-y0)*delta.Stride:]
		for x := range cur {
			dst[x] = transparent
			if cur[x] != old[x] {
				dst[x] = cur[x]
			}
		}
	}
	return delta
}
