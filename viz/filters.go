package viz

import (
	"image"
	"image/color"
	"math"

	"github.com/lococode/lococode/linalg"
)

// FilterPanel is one method's filters for FilterGrid.
type FilterPanel struct {
	Title   string        // the method, bold
	Note    string        // a line under the title (counts), or ""
	Filters *linalg.Dense // m×side², filter i in row i, pixel (r, c) at column r·side + c
	Labels  []string      // a caption under each tile, or nil
	Faded   []bool        // tiles drawn faded (pruned units), or nil
}

// FilterGrid draws each panel's filters as a grid of side×side tiles
// with cols tiles per row, the panels two to a row. Each tile is scaled
// by its own largest |w|: 0 is mid grey, +max white, −max black.
func FilterGrid(heading string, side, cols int, panels []FilterPanel) image.Image {
	const (
		gap  = 6.0
		capH = 16.0 // caption line under a tile
		px   = 15.0
	)
	tile := 44.0 // tile side in pixels
	if side <= 5 {
		tile = 60
	}
	perRow := min(2, len(panels))
	pw := max(float64(cols)*(tile+gap)-gap, 360)
	top := 3.3 * px    // title and note
	var rowY []float64 // top of each row of panels
	y := 3 * px
	for i := 0; i < len(panels); i += perRow {
		rowY = append(rowY, y)
		rows := 1
		for _, p := range panels[i:min(i+perRow, len(panels))] {
			rows = max(rows, (p.Filters.Rows+cols-1)/cols)
		}
		y += top + float64(rows)*(tile+capH+gap) + 20
	}
	w := 40 + float64(perRow)*pw + float64(perRow-1)*50
	c := newCanvas(int(w), int(y), px)
	c.heading(heading)

	for i, p := range panels {
		x0 := 20 + float64(i%perRow)*(pw+50)
		y0 := rowY[i/perRow]
		c.text(c.title, black, p.Title, x0+pw/2, y0, 0.5, 1)
		c.text(c.small, black, p.Note, x0+pw/2, y0+1.7*px, 0.5, 1)
		gx := x0 + (pw-(float64(cols)*(tile+gap)-gap))/2
		for f := 0; f < p.Filters.Rows; f++ {
			tx := gx + float64(f%cols)*(tile+gap)
			ty := y0 + top + float64(f/cols)*(tile+capH+gap)
			faded := p.Faded != nil && p.Faded[f]
			c.filterTile(p.Filters.Row(f), side, tx, ty, tile, faded)
			if p.Labels != nil {
				c.text(c.small, black, p.Labels[f], tx+tile/2, ty+tile+2, 0.5, 1)
			}
		}
	}
	return c.Image()
}

// filterTile draws one filter at (x, y) as a size×size square.
func (c *canvas) filterTile(f []float64, side int, x, y, size float64, faded bool) {
	m := 0.0
	for _, v := range f {
		m = max(m, math.Abs(v))
	}
	cell := size / float64(side)
	for r := 0; r < side; r++ {
		for col := 0; col < side; col++ {
			t := 0.5
			if m > 0 {
				t = 0.5 + 0.5*f[r*side+col]/m
			}
			g := uint8(math.Round(255 * t))
			fill := color.RGBA{g, g, g, 0xff}
			if faded {
				fill = blend(fill, white, 0.75)
			}
			c.SetColor(fill)
			c.DrawRectangle(x+float64(col)*cell, y+float64(r)*cell, cell, cell)
			c.Fill()
		}
	}
	c.SetColor(color.RGBA{0x99, 0x99, 0x99, 0xff})
	c.SetLineWidth(1)
	c.DrawRectangle(x, y, size, size)
	c.Stroke()
}
