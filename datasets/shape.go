package datasets

import (
	"math"
	"math/cmplx"
)

// Shape describes where a side×side filter's energy lies.
type Shape struct {
	// Orientation is the concentration of the filter's power spectrum on
	// one orientation: |Σ P(k)·e^(2iθ(k))| / Σ P(k) over the non-zero
	// frequencies k of the 2-D DFT, θ(k) the angle of k. 1 for a pure
	// grating or a straight edge, about 0 for an isotropic pattern (a
	// white-noise filter: 0.2 on average at side 8).
	Orientation float64
	// Spread is the energy-weighted RMS distance of the pixels from the
	// energy centroid, in pixels: √(Var_x + Var_y) with weights f². A
	// filter spread evenly over the patch has (side² − 1)/6 under the
	// root: 3.24 at side 8; a white-noise filter about 3.1.
	Spread float64
	// Angle is the dominant orientation of the spectrum in degrees,
	// in [0, 180): the direction of the wave vector, across the edge.
	Angle float64
}

// Edge-likeness thresholds of EdgeLike.
const (
	EdgeOrientation = 0.5 // Orientation at least this …
	EdgeSpread      = 0.7 // … and Spread at most this fraction of the even spread
)

// EvenSpread is the Spread of a filter with equal energy in every pixel
// of a side×side patch: √((side² − 1)/6).
func EvenSpread(side int) float64 {
	return math.Sqrt(float64(side*side-1) / 6)
}

// EdgeLike reports whether a filter of the given side is localised and
// oriented: Orientation ≥ EdgeOrientation and
// Spread ≤ EdgeSpread·EvenSpread(side).
func (s Shape) EdgeLike(side int) bool {
	return s.Orientation >= EdgeOrientation && s.Spread <= EdgeSpread*EvenSpread(side)
}

// FilterShape measures a filter f of side² pixels, pixel (r, c) at
// f[r·side + c]. Cost: O(side⁴) for the direct DFT.
func FilterShape(f []float64, side int) Shape {
	if len(f) != side*side {
		panic("datasets: filter is not side×side")
	}

	// Spatial spread around the energy centroid.
	var e, cx, cy float64
	for r := 0; r < side; r++ {
		for c := 0; c < side; c++ {
			w := f[r*side+c] * f[r*side+c]
			e += w
			cx += w * float64(c)
			cy += w * float64(r)
		}
	}
	if e == 0 {
		return Shape{}
	}
	cx, cy = cx/e, cy/e
	var v float64
	for r := 0; r < side; r++ {
		for c := 0; c < side; c++ {
			dx, dy := float64(c)-cx, float64(r)-cy
			v += f[r*side+c] * f[r*side+c] * (dx*dx + dy*dy)
		}
	}
	sh := Shape{Spread: math.Sqrt(v / e)}

	// Power spectrum; frequencies folded into (−side/2, side/2].
	var tot float64
	var res complex128
	for ky := 0; ky < side; ky++ {
		for kx := 0; kx < side; kx++ {
			if kx == 0 && ky == 0 {
				continue
			}
			var s complex128
			for r := 0; r < side; r++ {
				for c := 0; c < side; c++ {
					ph := -2 * math.Pi * float64(kx*c+ky*r) / float64(side)
					s += complex(f[r*side+c], 0) * cmplx.Exp(complex(0, ph))
				}
			}
			p := real(s)*real(s) + imag(s)*imag(s)
			fx, fy := fold(kx, side), fold(ky, side)
			th := math.Atan2(float64(fy), float64(fx))
			tot += p
			res += complex(p, 0) * cmplx.Exp(complex(0, 2*th))
		}
	}
	if tot > 0 {
		sh.Orientation = cmplx.Abs(res) / tot
		ang := cmplx.Phase(res) / 2 * 180 / math.Pi
		if ang < 0 {
			ang += 180
		}
		sh.Angle = ang
	}
	return sh
}

func fold(k, side int) int {
	if k > side/2 {
		return k - side
	}
	return k
}
