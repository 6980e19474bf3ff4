package viz

import (
	"image"
	"math"
	"strconv"
)

// CostCurve is one method's ByteDMD cost at several problem sizes, for
// DataMovement.
type CostCurve struct {
	Label  string    // legend text
	Method string    // "LOCOCODE", "PCA" or "FastICA": the colour (grey otherwise)
	Dashed bool      // draw the line dashed (a variant of a method)
	Dotted bool      // draw the line dotted (an extrapolation)
	X      []float64 // sizes, ascending, > 0
	Cost   []float64 // cost at each size, > 0
}

// Size of the data-movement figure in pixels.
const dmdW, dmdH = 1400, 650

// DataMovement draws two log-log panels: ByteDMD cost against k (byK)
// and against n (byN), one line with markers per curve, titled kTitle
// and nTitle under the heading. The y axes are labelled in decades.
func DataMovement(heading, kTitle, nTitle string, byK, byN []CostCurve) image.Image {
	c := newCanvas(dmdW, dmdH, figPx)
	c.heading(heading)
	p := grid(dmdW, dmdH, 1, 2, margins{105, 30, 95, 125, 130, 0})
	items := c.costPanel(p[0], kTitle, "k (sources = hidden units), log scale", byK)
	if more := c.costPanel(p[1], nTitle, "n (samples), log scale", byN); len(more) > len(items) {
		items = more
	}

	// One legend for both panels, in a row under them.
	band := &axes{r: rect{0, dmdH - 52, dmdW, dmdH - 6}}
	c.legend(band, items, 0.5, 0.5, true)
	return c.Image()
}

// costPanel draws curves in r on log10 axes, x ticks at the sizes given,
// and returns their legend items.
func (c *canvas) costPanel(r rect, title, xlabel string, curves []CostCurve) []legendItem {
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	var xs []float64
	for _, cv := range curves {
		for i, x := range cv.X {
			lx, ly := math.Log10(x), math.Log10(cv.Cost[i])
			xlo, xhi = math.Min(xlo, lx), math.Max(xhi, lx)
			ylo, yhi = math.Min(ylo, ly), math.Max(yhi, ly)
			if !containsFloat(xs, x) {
				xs = append(xs, x)
			}
		}
	}
	if len(xs) == 0 {
		xlo, xhi, ylo, yhi = 0, 1, 0, 1
	}
	dx, dy := 0.06*math.Max(xhi-xlo, 0.1), 0.08*math.Max(yhi-ylo, 0.5)
	a := newAxes(r, xlo-dx, xhi+dx, ylo-dy, yhi+dy)
	a.xticks, a.xnames = a.xticks[:0], nil
	for _, x := range xs {
		a.xticks = append(a.xticks, math.Log10(x))
		a.xnames = append(a.xnames, strconv.FormatFloat(x, 'g', -1, 64))
	}
	a.yticks, a.ystep = a.yticks[:0], 1
	for t := math.Ceil(a.ymin); t <= a.ymax; t++ {
		a.yticks = append(a.yticks, t)
	}
	c.drawAxes(a, title, xlabel, "log₁₀ ByteDMD cost")

	var items []legendItem
	for _, cv := range curves {
		s := style{methodColor(cv.Method), 2.5, nil}
		switch {
		case cv.Dashed:
			s.dash = []float64{9, 5}
		case cv.Dotted:
			s.dash = []float64{2.5, 4}
		}
		lx := make([]float64, len(cv.X))
		ly := make([]float64, len(cv.X))
		for i := range cv.X {
			lx[i], ly[i] = math.Log10(cv.X[i]), math.Log10(cv.Cost[i])
		}
		c.polyline(a, lx, ly, s)
		c.SetColor(s.col)
		for i := range lx {
			c.DrawCircle(a.px(lx[i]), a.py(ly[i]), 4)
		}
		c.Fill()
		items = append(items, legendItem{label: cv.Label, style: s})
	}
	return items
}

func containsFloat(v []float64, x float64) bool {
	for _, y := range v {
		if y == x {
			return true
		}
	}
	return false
}
