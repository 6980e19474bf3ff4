package kernel

import "math"

// fma32 returns a·b + c rounded once to float32, as VFMADD231PS and
// NEON's FMLA compute it (IEEE 754 fusedMultiplyAdd, round to nearest
// even). It is how the float32 specifications write a fused step.
//
// The float64 product of two float32 values is exact (48 significant
// bits), so only the sum rounds. Rounding p + c to float64 and then to
// float32 could round twice the wrong way; rounding it to odd first
// cannot (Boldo and Melquiond, "Emulation of FMA and correctly rounded
// sums: proved algorithms using rounding to odd", IEEE TC 57(4), 2008:
// 53 ≥ 24 + 2 bits). Round to odd is the nearest float64 s, moved one
// step toward the exact sum when s is inexact and its last bit is even;
// TwoSum gives the exact error of s. Infinities and NaN pass through as
// the float64 arithmetic leaves them.
func fma32(a, b, c float32) float32 {
	p := float64(float64(a) * float64(b)) // exact; the conversion forbids fusing it below
	cf := float64(c)
	s := p + cf
	t := s - p
	e := (p - (s - t)) + (cf - t) // p + c = s + e exactly (TwoSum)
	if u := math.Float64bits(s); (e > 0 || e < 0) && u&1 == 0 {
		if (e > 0) == (s > 0) {
			u++ // away from zero, toward the exact sum
		} else {
			u--
		}
		s = math.Float64frombits(u)
	}
	return float32(s)
}
