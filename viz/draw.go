package viz

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"sync"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"

	"github.com/lococode/lococode/linalg"
)

// The Go fonts, parsed once. Faces are made per canvas: an opentype
// face keeps buffers and is not safe for concurrent use.
var goFonts = sync.OnceValues(func() (regular, bold *sfnt.Font) {
	parse := func(ttf []byte) *sfnt.Font {
		f, err := opentype.Parse(ttf)
		if err != nil {
			panic("viz: embedded Go font: " + err.Error())
		}
		return f
	}
	return parse(goregular.TTF), parse(gobold.TTF)
})

func newFace(f *sfnt.Font, px float64) font.Face {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic("viz: font face: " + err.Error())
	}
	return face
}

// canvas is one image being drawn, white to start, with its fonts:
// title (bold), label, tick and small, in pixels.
type canvas struct {
	*gg.Context
	title, label, tick, small font.Face
	px                        float64 // the tick font's size; the other sizes scale with it
}

// newCanvas returns a white w×h canvas whose tick labels are px pixels
// high; titles are 1.25·px and bold, axis labels 1.1·px.
func newCanvas(w, h int, px float64) *canvas {
	regular, bold := goFonts()
	c := &canvas{
		Context: gg.NewContext(w, h),
		title:   newFace(bold, math.Round(1.25*px)),
		label:   newFace(regular, math.Round(1.1*px)),
		tick:    newFace(regular, px),
		small:   newFace(regular, math.Round(0.9*px)),
		px:      px,
	}
	c.SetColor(white)
	c.Clear()
	return c
}

// text draws s with face f in colour col, anchored at (x, y) as in
// gg.DrawStringAnchored: (0, 0) puts the baseline's left end there,
// (0.5, 0.5) the centre, (1, 1) the top right.
func (c *canvas) text(f font.Face, col color.Color, s string, x, y, ax, ay float64) {
	c.SetFontFace(f)
	c.SetColor(col)
	c.DrawStringAnchored(s, x, y, ax, ay)
}

// vtext draws s rotated a quarter turn anticlockwise, centred at (x, y).
func (c *canvas) vtext(f font.Face, col color.Color, s string, x, y float64) {
	c.Push()
	c.RotateAbout(-math.Pi/2, x, y)
	c.text(f, col, s, x, y, 0.5, 0.5)
	c.Pop()
}

// textWidth is the width in pixels of s in face f.
func (c *canvas) textWidth(f font.Face, s string) float64 {
	c.SetFontFace(f)
	w, _ := c.MeasureString(s)
	return w
}

// rect is a rectangle in pixels, (x0, y0) the top left.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

// axes maps data coordinates into the plot rectangle r, y upward.
type axes struct {
	r              rect
	xmin, xmax     float64
	ymin, ymax     float64
	xticks, yticks []float64
	xstep, ystep   float64
	xnames         []string // category names at x = 0, 1, …, if any
}

// newAxes returns axes over [xlo, xhi]×[ylo, yhi] with ticks at the
// multiples of a "nice" step inside each range (niceTicks). An empty
// range is widened around its value.
func newAxes(r rect, xlo, xhi, ylo, yhi float64) *axes {
	a := &axes{r: r}
	a.xmin, a.xmax, a.xticks, a.xstep = axisTicks(xlo, xhi, int(max(3, r.w()/90)))
	a.ymin, a.ymax, a.yticks, a.ystep = axisTicks(ylo, yhi, int(max(5, r.h()/45)))
	return a
}

// axisTicks widens an empty range and returns it with its ticks.
func axisTicks(lo, hi float64, n int) (float64, float64, []float64, float64) {
	if !(hi > lo) {
		d := math.Max(math.Abs(lo)*0.1, 0.5)
		lo, hi = lo-d, hi+d
	}
	ticks, step := niceTicks(lo, hi, n)
	return lo, hi, ticks, step
}

// newCategoryAxes returns axes with the categories names at x = 0, 1,
// … and y over at least [ylo, yhi].
func newCategoryAxes(r rect, names []string, ylo, yhi float64) *axes {
	a := newAxes(r, -0.5, float64(len(names))-0.5, ylo, yhi)
	a.xticks = a.xticks[:0]
	for i := range names {
		a.xticks = append(a.xticks, float64(i))
	}
	a.xnames = names
	return a
}

func (a *axes) px(x float64) float64 {
	return a.r.x0 + (x-a.xmin)/(a.xmax-a.xmin)*a.r.w()
}

func (a *axes) py(y float64) float64 {
	return a.r.y1 - (y-a.ymin)/(a.ymax-a.ymin)*a.r.h()
}

// niceTicks returns the multiples in [lo, hi] (lo < hi) of a step of
// 1, 2, 2.5 or 5 times a power of ten chosen to give about n of them,
// and the step.
func niceTicks(lo, hi float64, n int) ([]float64, float64) {
	raw := (hi - lo) / float64(max(n-1, 1))
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * p
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*p >= raw*0.999 {
			step = m * p
			break
		}
	}
	var ticks []float64
	for i := math.Ceil(lo/step - 1e-9); i*step <= hi+step*1e-9; i++ {
		v := i * step
		if v == 0 {
			v = 0 // no −0
		}
		ticks = append(ticks, v)
	}
	return ticks, step
}

// tickLabel formats v with as many decimals as the step needs.
func tickLabel(v, step float64) string {
	dec := 0
	for s := step; dec < 6 && math.Abs(s-math.Round(s)) > 1e-9*step; s *= 10 {
		dec++
	}
	return strconv.FormatFloat(v, 'f', dec, 64)
}

// drawAxes draws the grid, the frame, the ticks with their labels, the
// axis labels and the title of a (any label may be empty).
func (c *canvas) drawAxes(a *axes, title, xlabel, ylabel string) {
	r := a.r
	c.SetLineWidth(1)
	c.SetColor(gridGrey)
	for _, t := range a.yticks {
		c.DrawLine(r.x0, a.py(t), r.x1, a.py(t))
	}
	if a.xnames == nil {
		for _, t := range a.xticks {
			c.DrawLine(a.px(t), r.y0, a.px(t), r.y1)
		}
	}
	c.Stroke()

	// Ticks outward, labels outside them.
	tl := math.Round(0.4 * c.px)
	c.SetColor(black)
	c.SetLineWidth(1.5)
	c.DrawRectangle(r.x0, r.y0, r.w(), r.h())
	for _, t := range a.xticks {
		c.DrawLine(a.px(t), r.y1, a.px(t), r.y1+tl)
	}
	for _, t := range a.yticks {
		c.DrawLine(r.x0-tl, a.py(t), r.x0, a.py(t))
	}
	c.Stroke()
	ywidth := 0.0
	for i, t := range a.xticks {
		s := tickLabel(t, a.xstep)
		if a.xnames != nil {
			s = a.xnames[i]
		}
		c.text(c.tick, black, s, a.px(t), r.y1+tl+3, 0.5, 1)
	}
	for _, t := range a.yticks {
		s := tickLabel(t, a.ystep)
		ywidth = math.Max(ywidth, c.textWidth(c.tick, s))
		c.text(c.tick, black, s, r.x0-tl-4, a.py(t), 1, 0.5)
	}

	if xlabel != "" {
		c.text(c.label, black, xlabel, (r.x0+r.x1)/2, r.y1+tl+1.4*c.px+8, 0.5, 1)
	}
	if ylabel != "" {
		c.vtext(c.label, black, ylabel, r.x0-tl-ywidth-0.8*c.px-6, (r.y0+r.y1)/2)
	}
	if title != "" {
		c.text(c.title, black, title, (r.x0+r.x1)/2, r.y0-0.6*c.px, 0.5, 0)
	}
}

// style is how a line is stroked: colour, width and dash pattern (none
// for a solid line).
type style struct {
	col   color.RGBA
	width float64
	dash  []float64
}

func (c *canvas) setStyle(s style) {
	c.SetColor(s.col)
	c.SetLineWidth(s.width)
	c.SetDash(s.dash...)
}

// clipTo runs draw with the drawing clipped to r.
func (c *canvas) clipTo(r rect, draw func()) {
	c.Push()
	c.DrawRectangle(r.x0, r.y0, r.w(), r.h())
	c.Clip()
	draw()
	c.ResetClip()
	c.Pop()
}

// polyline draws the points (xs[i], ys[i]) of a joined by straight
// segments, clipped to the plot rectangle if any point lies outside.
func (c *canvas) polyline(a *axes, xs, ys []float64, s style) {
	draw := func() {
		for i := range xs {
			c.LineTo(a.px(xs[i]), a.py(ys[i]))
		}
		c.setStyle(s)
		c.Stroke()
		c.SetDash()
	}
	for i := range xs {
		if !(xs[i] >= a.xmin && xs[i] <= a.xmax && ys[i] >= a.ymin && ys[i] <= a.ymax) {
			c.clipTo(a.r, draw)
			return
		}
	}
	draw()
}

// hline draws a horizontal line across a at y.
func (c *canvas) hline(a *axes, y float64, s style) {
	c.polyline(a, []float64{a.xmin, a.xmax}, []float64{y, y}, s)
}

// lineLabel names the horizontal line at y at the right end of a, just
// above it, or below it if there is no room above.
func (c *canvas) lineLabel(a *axes, y float64, s string, col color.RGBA) {
	if py := a.py(y); py-a.r.y0 >= 1.3*c.px {
		c.text(c.small, col, s, a.r.x1-6, py-4, 1, 0)
	} else {
		c.text(c.small, col, s, a.r.x1-6, py+4, 1, 1)
	}
}

// legendItem is one row of a legend: a line sample in its style, or a
// filled box when box is set.
type legendItem struct {
	label string
	style style
	box   bool
}

// legend draws items in a framed box inside a: its top-left corner at
// the fraction (fx, fy) of the room left around it, so (0, 0) is the
// top-left corner of a and (1, 1) the bottom-right. With across set the
// items run in one row instead of a column.
func (c *canvas) legend(a *axes, items []legendItem, fx, fy float64, across bool) {
	sample := 2.2 * c.px
	row := 1.45 * c.px
	pad := 0.5 * c.px
	var w, h float64
	widths := make([]float64, len(items))
	for i, it := range items {
		widths[i] = sample + 2*pad + c.textWidth(c.small, it.label)
		if across {
			w += widths[i] + pad
		} else {
			w = math.Max(w, widths[i]+pad)
		}
	}
	h = row + pad
	if !across {
		h = float64(len(items))*row + pad
	}
	x := a.r.x0 + pad + fx*(a.r.w()-w-2*pad)
	y := a.r.y0 + pad + fy*(a.r.h()-h-2*pad)

	c.SetColor(color.NRGBA{0xff, 0xff, 0xff, 0xe6})
	c.DrawRectangle(x, y, w, h)
	c.Fill()
	c.SetColor(midGrey)
	c.SetLineWidth(1)
	c.DrawRectangle(x, y, w, h)
	c.Stroke()
	ix, cy := x+pad, y+pad/2+row/2
	for i, it := range items {
		if it.box {
			c.SetColor(it.style.col)
			c.DrawRectangle(ix, cy-0.35*c.px, sample, 0.7*c.px)
			c.Fill()
		} else {
			c.setStyle(it.style)
			c.DrawLine(ix, cy, ix+sample, cy)
			c.Stroke()
			c.SetDash()
		}
		c.text(c.small, black, it.label, ix+sample+pad, cy, 0, 0.5)
		if across {
			ix += widths[i] + pad
		} else {
			cy += row
		}
	}
}

// heatmap draws m (values in [0, 1], row 0 at the top) into r as
// viridis cells labelled 1…k along both sides. With values set, cells
// of at least 2.4 tick heights get their value printed to two decimals.
func (c *canvas) heatmap(r rect, m *linalg.Dense, values bool, title, xlabel, ylabel string) {
	cw := r.w() / float64(m.Cols)
	ch := r.h() / float64(m.Rows)
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			c.SetColor(Viridis(m.At(i, j)))
			// Overlap by half a pixel so no seams show between cells.
			c.DrawRectangle(r.x0+float64(j)*cw, r.y0+float64(i)*ch, cw+0.5, ch+0.5)
			c.Fill()
		}
	}
	if values && min(cw, ch) >= 2.4*c.px {
		for i := 0; i < m.Rows; i++ {
			for j := 0; j < m.Cols; j++ {
				v := m.At(i, j)
				c.text(c.small, textOn(Viridis(v)), fmt.Sprintf("%.2f", v),
					r.x0+(float64(j)+0.5)*cw, r.y0+(float64(i)+0.5)*ch, 0.5, 0.5)
			}
		}
	}
	c.SetColor(black)
	c.SetLineWidth(1.5)
	c.DrawRectangle(r.x0, r.y0, r.w(), r.h())
	c.Stroke()

	// Label every cell if there is room, else every few.
	every := int(math.Ceil(1.6 * c.px / min(cw, ch)))
	for i := 0; i < m.Rows; i += every {
		c.text(c.tick, black, strconv.Itoa(i+1), r.x0-6, r.y0+(float64(i)+0.5)*ch, 1, 0.5)
	}
	for j := 0; j < m.Cols; j += every {
		c.text(c.tick, black, strconv.Itoa(j+1), r.x0+(float64(j)+0.5)*cw, r.y1+5, 0.5, 1)
	}
	if xlabel != "" {
		c.text(c.label, black, xlabel, (r.x0+r.x1)/2, r.y1+1.3*c.px+10, 0.5, 1)
	}
	if ylabel != "" {
		w := c.textWidth(c.tick, strconv.Itoa(m.Rows))
		c.vtext(c.label, black, ylabel, r.x0-w-0.8*c.px-8, (r.y0+r.y1)/2)
	}
	if title != "" {
		c.text(c.title, black, title, (r.x0+r.x1)/2, r.y0-0.6*c.px, 0.5, 0)
	}
}

// colorbar draws the viridis scale from 0 (bottom) to 1 (top) in r with
// ticks every 0.2 on its right and label beside them.
func (c *canvas) colorbar(r rect, label string) {
	for y := r.y0; y < r.y1; y++ {
		c.SetColor(Viridis((r.y1 - y - 0.5) / r.h()))
		c.DrawRectangle(r.x0, y, r.w(), 1)
		c.Fill()
	}
	c.SetColor(black)
	c.SetLineWidth(1.5)
	c.DrawRectangle(r.x0, r.y0, r.w(), r.h())
	w := 0.0
	for i := 0; i <= 5; i++ {
		y := r.y1 - float64(i)/5*r.h()
		c.DrawLine(r.x1, y, r.x1+5, y)
		s := tickLabel(float64(i)/5, 0.2)
		w = math.Max(w, c.textWidth(c.tick, s))
		c.text(c.tick, black, s, r.x1+8, y, 0, 0.5)
	}
	c.Stroke()
	if label != "" {
		c.vtext(c.label, black, label, r.x1+8+w+0.8*c.px+4, (r.y0+r.y1)/2)
	}
}

// bar draws a filled bar of a from y = 0 to y at x, w data units wide.
func (c *canvas) bar(a *axes, x, w, y float64, col color.RGBA) {
	x0, x1 := a.px(x-w/2), a.px(x+w/2)
	y0, y1 := a.py(math.Max(y, 0)), a.py(math.Min(y, 0))
	c.SetColor(col)
	c.DrawRectangle(x0, y0, x1-x0, y1-y0)
	c.Fill()
}
