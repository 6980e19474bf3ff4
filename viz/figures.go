package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// Figure is one of the static pictures: its file name and how to draw
// it from a run.
type Figure struct {
	Name string // file name, e.g. "training_curves.png"
	Draw func(r *lococode.SeedResult) image.Image
}

// Figures lists the five figures of the write-up, in its order.
var Figures = []Figure{
	{"training_curves.png", TrainingCurves},
	{"amari_comparison.png", MethodComparison},
	{"hidden_distributions.png", HiddenDistributions},
	{"recovered_demixers.png", RecoveredDemixers},
	{"source_recovery.png", SourceRecovery},
}

// Sizes of the figures in pixels, and their tick font size.
const (
	figPx                   = 15
	curvesW, curvesH        = 1200, 860
	barsW, barsH            = 1100, 500
	histW, histH            = 1500, 500
	heatW, heatH            = 1500, 560
	histLo, histHi, histBin = -5.0, 5.0, 50 // the z-scored units' histogram
)

// margins of a grid of panels, in pixels.
type margins struct{ left, right, top, bottom, hgap, vgap float64 }

// grid splits a w×h canvas into rows×cols equal panels, row by row.
func grid(w, h float64, rows, cols int, m margins) []rect {
	pw := (w - m.left - m.right - float64(cols-1)*m.hgap) / float64(cols)
	ph := (h - m.top - m.bottom - float64(rows-1)*m.vgap) / float64(rows)
	var out []rect
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			x := m.left + float64(j)*(pw+m.hgap)
			y := m.top + float64(i)*(ph+m.vgap)
			out = append(out, rect{x, y, x + pw, y + ph})
		}
	}
	return out
}

// runLabel describes the run in a figure's heading.
func runLabel(r *lococode.SeedResult) string {
	return fmt.Sprintf("seed %d, k = %d, n = %d, %d epochs",
		r.Seed, r.Data.A.Rows, r.Data.X.Rows, len(r.Training.History)-1)
}

// heading draws the figure's title centred at the top.
func (c *canvas) heading(s string) {
	c.text(c.title, black, s, float64(c.Width())/2, 1.1*c.px, 0.5, 1)
}

// codes returns the codes H = X·Bᵀ (n×k) of a method's demixer B.
func codes(r *lococode.SeedResult, m lococode.MethodResult) *linalg.Dense {
	return linalg.MulTB(r.Data.X, m.Demixer)
}

// historyColumns returns the epochs and the named columns of h.
func historyColumns(h []lococode.Epoch) (ep, mse, absH, kurt, amari []float64) {
	for _, e := range h {
		ep = append(ep, float64(e.Epoch))
		mse = append(mse, e.MSE)
		absH = append(absH, e.MeanAbsH)
		kurt = append(kurt, e.Kurtosis)
		amari = append(amari, e.Amari)
	}
	return
}

// extent returns the smallest and largest of the values, ignoring NaN.
func extent(vs ...[]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		for _, x := range v {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if lo > hi {
		return 0, 1
	}
	return lo, hi
}

// Reference line styles.
var (
	laplaceStyle  = style{laplaceColor, 2.5, []float64{9, 5}}
	gaussianStyle = style{gaussianColor, 2.5, []float64{2.5, 4}}
	curveStyle    = style{lineColor, 2.5, nil}
)

func refStyle(method string) style {
	return style{methodColor(method), 2, []float64{8, 5}}
}

// TrainingCurves draws the training history in four panels over the
// epochs: whitened reconstruction MSE, mean |H|, mean excess kurtosis of
// the codes against the Gaussian (0) and Laplace (3) values, and the
// Amari distance against the final PCA and FastICA distances.
func TrainingCurves(r *lococode.SeedResult) image.Image {
	c := newCanvas(curvesW, curvesH, figPx)
	c.heading("LOCOCODE training history (" + runLabel(r) + ")")
	p := grid(curvesW, curvesH, 2, 2, margins{95, 30, 95, 70, 120, 115})
	ep, mse, absH, kurt, amari := historyColumns(r.Training.History)
	last := len(ep) - 1
	final := func(a *axes, format string, v float64) {
		c.text(c.small, darkGrey, fmt.Sprintf(format, v), a.r.x1-8, a.r.y0+8, 1, 1)
	}

	_, hi := extent(mse)
	a := newAxes(p[0], 0, ep[last], 0, hi*1.25)
	c.drawAxes(a, "Whitened reconstruction MSE", "epoch", "mean (Z − H·W)²")
	c.polyline(a, ep, mse, curveStyle)
	final(a, "final %.4f", mse[last])

	lo, hi := extent(absH)
	a = newAxes(p[1], 0, ep[last], lo-0.1*(hi-lo), hi+0.25*(hi-lo))
	c.drawAxes(a, "Mean |H| (L1 pressure on the codes)", "epoch", "mean |h|")
	c.polyline(a, ep, absH, curveStyle)
	final(a, "final %.3f", absH[last])

	lo, hi = extent(kurt, []float64{0, 3})
	a = newAxes(p[2], 0, ep[last], lo-0.4, hi+0.7)
	c.drawAxes(a, "Mean excess kurtosis of the codes", "epoch", "excess kurtosis")
	c.hline(a, 3, laplaceStyle)
	c.hline(a, 0, gaussianStyle)
	c.polyline(a, ep, kurt, curveStyle)
	c.legend(a, []legendItem{
		{label: "LOCOCODE", style: curveStyle},
		{label: "Laplace (3)", style: laplaceStyle},
		{label: "Gaussian (0)", style: gaussianStyle},
	}, 0, 0, true)

	pca, ica := r.Result(lococode.MethodPCA).Amari, r.Result(lococode.MethodFastICA).Amari
	_, hi = extent(amari, []float64{pca, ica})
	a = newAxes(p[3], 0, ep[last], 0, hi*1.1)
	c.drawAxes(a, "Amari distance of W·K to A", "epoch", "Amari distance (0 = perfect)")
	c.hline(a, pca, refStyle(lococode.MethodPCA))
	c.hline(a, ica, refStyle(lococode.MethodFastICA))
	c.polyline(a, ep, amari, curveStyle)
	c.legend(a, []legendItem{
		{label: fmt.Sprintf("LOCOCODE (final %.3f)", amari[last]), style: curveStyle},
		{label: fmt.Sprintf("PCA (%.3f)", pca), style: refStyle(lococode.MethodPCA)},
		{label: fmt.Sprintf("FastICA (%.3f)", ica), style: refStyle(lococode.MethodFastICA)},
	}, 1, 0.45, false)
	return c.Image()
}

// MethodComparison draws two bar charts of the three methods, Amari
// distance and mean excess kurtosis of the codes, with the values on the
// bars and the Laplace kurtosis 3 as a reference line.
func MethodComparison(r *lococode.SeedResult) image.Image {
	c := newCanvas(barsW, barsH, figPx)
	c.heading("LOCOCODE against PCA and FastICA (" + runLabel(r) + ")")
	p := grid(barsW, barsH, 1, 2, margins{95, 30, 95, 55, 120, 0})
	names := lococode.Methods
	var am, ku []float64
	for _, m := range r.Results {
		am = append(am, m.Amari)
		ku = append(ku, m.Kurtosis)
	}

	_, hi := extent(am)
	a := newCategoryAxes(p[0], names, 0, hi*1.15)
	c.drawAxes(a, "Amari distance to the true mixing (lower is better)", "", "Amari distance")
	c.bars(a, names, am, "%.3f")

	lo, hi := extent(ku, []float64{0, 3})
	a = newCategoryAxes(p[1], names, lo, hi*1.25)
	c.drawAxes(a, "Mean excess kurtosis of the codes", "", "excess kurtosis")
	c.bars(a, names, ku, "%.2f")
	c.hline(a, 3, laplaceStyle)
	c.legend(a, []legendItem{{label: "Laplace sources (3)", style: laplaceStyle}}, 0, 0, false)
	return c.Image()
}

// bars draws one bar per method at x = 0, 1, … with its value printed
// inside the top of the bar, or above it when the bar is too short.
func (c *canvas) bars(a *axes, names []string, v []float64, format string) {
	for i, y := range v {
		col := methodColor(names[i])
		c.bar(a, float64(i), 0.6, y, col)
		s := fmt.Sprintf(format, y)
		x, top := a.px(float64(i)), a.py(math.Max(y, 0))
		if a.py(0)-top >= 2.2*c.px {
			c.text(c.label, textOn(col), s, x, top+6, 0.5, 1)
		} else {
			c.text(c.label, black, s, x, top-5, 0.5, 0)
		}
	}
}

// HiddenDistributions draws, for each method, the histogram of its most
// kurtotic code unit, z-scored, against the unit-variance Laplace and
// the standard normal densities.
func HiddenDistributions(r *lococode.SeedResult) image.Image {
	c := newCanvas(histW, histH, figPx)
	c.heading("Most kurtotic code unit of each method, z-scored (" + runLabel(r) + ")")
	p := grid(histW, histH, 1, 3, margins{95, 30, 95, 70, 95, 0})

	type unit struct {
		j       int
		k       float64
		centers []float64
		dens    []float64
	}
	units := make([]unit, len(r.Results))
	ymax := LaplacePDF(0)
	for i, m := range r.Results {
		h := codes(r, m)
		j, k := MostKurtotic(h)
		ctr, d := Histogram(ZScore(Column(h, j)), histLo, histHi, histBin)
		units[i] = unit{j, k, ctr, d}
		_, hi := extent(d)
		ymax = math.Max(ymax, hi)
	}

	for i, m := range r.Results {
		u := units[i]
		a := newAxes(p[i], histLo, histHi, 0, ymax*1.08)
		ylabel := ""
		if i == 0 {
			ylabel = "density"
		}
		c.drawAxes(a, fmt.Sprintf("%s: unit %d, excess kurtosis %.2f", m.Method, u.j+1, u.k),
			"code value (z-score)", ylabel)
		c.histogram(a, u.centers, u.dens, methodColor(m.Method))
		c.densities(a)
		if i == 0 {
			c.legend(a, []legendItem{
				{label: "codes", style: style{col: methodColor(m.Method)}, box: true},
				{label: "Laplace density", style: laplaceStyle},
				{label: "Gaussian density", style: gaussianStyle},
			}, 1, 0, false)
		}
	}
	return c.Image()
}

// histogram draws density bars at centers, touching, in col with a
// darker outline.
func (c *canvas) histogram(a *axes, centers, dens []float64, col color.RGBA) {
	if len(centers) == 0 {
		return
	}
	w := 1.0
	if len(centers) > 1 {
		w = centers[1] - centers[0]
	}
	c.clipTo(a.r, func() {
		light := blend(col, white, 0.35)
		for i, x := range centers {
			c.bar(a, x, w, dens[i], light)
		}
		// The outline of the histogram as one step line.
		c.MoveTo(a.px(centers[0]-w/2), a.py(0))
		for i, x := range centers {
			c.LineTo(a.px(x-w/2), a.py(dens[i]))
			c.LineTo(a.px(x+w/2), a.py(dens[i]))
		}
		c.LineTo(a.px(centers[len(centers)-1]+w/2), a.py(0))
		c.setStyle(style{col, 1.5, nil})
		c.Stroke()
	})
}

// densities draws the Laplace and Gaussian reference densities over a.
func (c *canvas) densities(a *axes) {
	const steps = 200
	xs := make([]float64, steps+1)
	lp := make([]float64, steps+1)
	gs := make([]float64, steps+1)
	for i := range xs {
		xs[i] = a.xmin + (a.xmax-a.xmin)*float64(i)/steps
		lp[i], gs[i] = LaplacePDF(xs[i]), GaussianPDF(xs[i])
	}
	c.polyline(a, xs, gs, gaussianStyle)
	c.polyline(a, xs, lp, laplaceStyle)
}

// RecoveredDemixers draws, for each method, |B·A| row-normalised with
// the rows greedily matched to the sources (DemixerMap): a perfect
// demixer shows the identity.
func RecoveredDemixers(r *lococode.SeedResult) image.Image {
	maps := make([]*linalg.Dense, len(r.Results))
	titles := make([]string, len(r.Results))
	for i, m := range r.Results {
		maps[i] = DemixerMap(m.Demixer, r.Data.A)
		titles[i] = fmt.Sprintf("%s (Amari %.3f)", m.Method, m.Amari)
	}
	return heatFigure("Recovered demixers |B·A|, rows normalised and matched to sources ("+runLabel(r)+")",
		maps, titles, "demixer row (matched)", "|B·A| / row max")
}

// SourceRecovery draws, for each method, |corr(S, H)| between its codes
// and the true sources with the units greedily matched to the sources
// (RecoveryMap): a perfect recovery shows the identity.
func SourceRecovery(r *lococode.SeedResult) image.Image {
	maps := make([]*linalg.Dense, len(r.Results))
	titles := make([]string, len(r.Results))
	for i, m := range r.Results {
		maps[i] = RecoveryMap(r.Data.S, codes(r, m))
		titles[i] = fmt.Sprintf("%s (mean diagonal %.2f)", m.Method, diagMean(maps[i]))
	}
	return heatFigure("Source recovery |corr(S, H)|, code units matched to sources ("+runLabel(r)+")",
		maps, titles, "code unit (matched)", "|correlation|")
}

// heatFigure draws one heat map per method side by side with a shared
// colour bar on the right.
func heatFigure(heading string, maps []*linalg.Dense, titles []string, ylabel, cbar string) image.Image {
	c := newCanvas(heatW, heatH, figPx)
	c.heading(heading)
	const top, bottom, left, gap, bar = 95, 85, 90, 100, 150
	s := math.Min((heatW-left-bar-gap*float64(len(maps)-1))/float64(len(maps)), heatH-top-bottom)
	for i, m := range maps {
		x := left + float64(i)*(s+gap)
		yl := ""
		if i == 0 {
			yl = ylabel
		}
		c.heatmap(rect{x, top, x + s, top + s}, m, true, titles[i], "true source", yl)
	}
	x := left + float64(len(maps))*(s+gap) - gap + 30
	c.colorbar(rect{x, top, x + 22, top + s}, cbar)
	return c.Image()
}
