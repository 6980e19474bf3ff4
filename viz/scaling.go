package viz

import (
	"image"
	"math"
	"strconv"
)

// ScalingSeries is one method's statistic over seeds at several k, for
// Scaling: the mean and the min–max range at each k.
type ScalingSeries struct {
	Method       string    // "LOCOCODE", "PCA" or "FastICA": colour and legend
	K            []float64 // number of sources, ascending, > 0
	Mean, Lo, Hi []float64 // statistic at each k
}

// Size of the scaling figure in pixels.
const scaleW, scaleH = 1500, 560

// Scaling draws three panels against k on a log₂ axis: the Amari
// distance (mean with min–max bars), the mean excess kurtosis of the
// codes, and the wall time per seed on a log₁₀ axis.
func Scaling(heading string, amari, kurt, seconds []ScalingSeries) image.Image {
	c := newCanvas(scaleW, scaleH, figPx)
	c.heading(heading)
	p := grid(scaleW, scaleH, 1, 3, margins{95, 30, 95, 125, 105, 0})
	items := c.scalingPanel(p[0], "Amari distance (0 = perfect)", "Amari distance", amari, false)
	c.scalingPanel(p[1], "Mean excess kurtosis of the codes", "excess kurtosis", kurt, false)
	c.scalingPanel(p[2], "Wall time per seed, one core", "log₁₀ seconds", seconds, true)

	band := &axes{r: rect{0, scaleH - 52, scaleW, scaleH - 6}}
	c.legend(band, items, 0.5, 0.5, true)
	return c.Image()
}

// scalingPanel draws the series in r against log₂ k, y in log₁₀ when
// logY, and returns their legend items.
func (c *canvas) scalingPanel(r rect, title, ylabel string, series []ScalingSeries, logY bool) []legendItem {
	ty := func(v float64) float64 {
		if logY {
			return math.Log10(v)
		}
		return v
	}
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	var ks []float64
	for _, s := range series {
		for i, k := range s.K {
			lk := math.Log2(k)
			xlo, xhi = math.Min(xlo, lk), math.Max(xhi, lk)
			ylo, yhi = math.Min(ylo, ty(s.Lo[i])), math.Max(yhi, ty(s.Hi[i]))
			if !containsFloat(ks, k) {
				ks = append(ks, k)
			}
		}
	}
	if len(ks) == 0 {
		xlo, xhi, ylo, yhi = 0, 1, 0, 1
	}
	if !logY {
		ylo = math.Min(ylo, 0)
	}
	dx, dy := 0.08*math.Max(xhi-xlo, 0.5), 0.08*math.Max(yhi-ylo, 0.1)
	a := newAxes(r, xlo-dx, xhi+dx, ylo-dy, yhi+dy)
	a.xticks, a.xnames = a.xticks[:0], nil
	for _, k := range ks {
		a.xticks = append(a.xticks, math.Log2(k))
		a.xnames = append(a.xnames, strconv.FormatFloat(k, 'g', -1, 64))
	}
	if logY {
		a.yticks, a.ystep = a.yticks[:0], 1
		for t := math.Ceil(a.ymin); t <= a.ymax; t++ {
			a.yticks = append(a.yticks, t)
		}
	}
	c.drawAxes(a, title, "k (sources = hidden units), log scale", ylabel)

	var items []legendItem
	for _, s := range series {
		st := style{methodColor(s.Method), 2.5, nil}
		xs := make([]float64, len(s.K))
		ys := make([]float64, len(s.K))
		for i := range s.K {
			xs[i], ys[i] = math.Log2(s.K[i]), ty(s.Mean[i])
		}
		c.polyline(a, xs, ys, st)
		c.SetColor(st.col)
		for i := range xs {
			c.DrawCircle(a.px(xs[i]), a.py(ys[i]), 4)
			c.Fill()
			if s.Lo[i] != s.Hi[i] {
				c.polyline(a, []float64{xs[i], xs[i]}, []float64{ty(s.Lo[i]), ty(s.Hi[i])}, style{st.col, 1.5, nil})
			}
		}
		items = append(items, legendItem{label: s.Method, style: st})
	}
	return items
}
