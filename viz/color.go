package viz

import (
	"image/color"
	"math"
)

// viridisAnchors are 11 colours of matplotlib's viridis at t = 0, 0.1,
// …, 1 (van der Walt & Smith, 2015); Viridis interpolates between them.
var viridisAnchors = [...]color.RGBA{
	{0x44, 0x01, 0x54, 0xff},
	{0x48, 0x24, 0x75, 0xff},
	{0x41, 0x44, 0x87, 0xff},
	{0x35, 0x5f, 0x8d, 0xff},
	{0x2a, 0x78, 0x8e, 0xff},
	{0x21, 0x91, 0x8c, 0xff},
	{0x22, 0xa8, 0x84, 0xff},
	{0x44, 0xbf, 0x70, 0xff},
	{0x7a, 0xd1, 0x51, 0xff},
	{0xbd, 0xdf, 0x26, 0xff},
	{0xfd, 0xe7, 0x25, 0xff},
}

// Viridis returns the viridis colour of t in [0, 1] (clamped; NaN gives
// the colour of 0), linear between the anchors in sRGB.
func Viridis(t float64) color.RGBA {
	if !(t > 0) {
		return viridisAnchors[0]
	}
	if t >= 1 {
		return viridisAnchors[len(viridisAnchors)-1]
	}
	f := t * float64(len(viridisAnchors)-1)
	i := int(f)
	return blend(viridisAnchors[i], viridisAnchors[i+1], f-float64(i))
}

// blend returns (1−t)·a + t·b per channel, rounded.
func blend(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 {
		return uint8(math.Round((1-t)*float64(x) + t*float64(y)))
	}
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// textOn returns black or white, whichever reads better on bg.
func textOn(bg color.RGBA) color.RGBA {
	// Relative luminance with the sRGB weights, on the 8-bit values.
	l := 0.2126*float64(bg.R) + 0.7152*float64(bg.G) + 0.0722*float64(bg.B)
	if l > 140 {
		return black
	}
	return white
}

// The Okabe–Ito colours (Okabe & Ito, "Color Universal Design", 2008),
// distinguishable with every common colour-vision deficiency.
var (
	okOrange    = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	okSkyBlue   = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	okGreen     = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	okBlue      = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	okVermilion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	okPurple    = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
)

var (
	white     = color.RGBA{0xff, 0xff, 0xff, 0xff}
	black     = color.RGBA{0x00, 0x00, 0x00, 0xff}
	darkGrey  = color.RGBA{0x44, 0x44, 0x44, 0xff}
	midGrey   = color.RGBA{0x80, 0x80, 0x80, 0xff}
	gridGrey  = color.RGBA{0xe4, 0xe4, 0xe4, 0xff}
	lineColor = okBlue // the training curves

	laplaceColor  = okPurple // the Laplace reference (dashed)
	gaussianColor = darkGrey // the Gaussian reference (dotted)
)

// methodColor is the colour of each method in every figure.
func methodColor(method string) color.RGBA {
	switch method {
	case "LOCOCODE":
		return okVermilion
	case "PCA":
		return okSkyBlue
	case "FastICA":
		return okGreen
	}
	return midGrey
}

// lineColors lists every colour a line, bar or label is drawn in, for
// the animation's palette.
var lineColors = []color.RGBA{okOrange, okSkyBlue, okGreen, okBlue, okVermilion, okPurple, darkGrey}
