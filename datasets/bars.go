package datasets

import (
	"math"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// Side is the side of the bars grid; there are 2·Side bars.
const Side = 5

// NumBars is the number of bars: Side rows then Side columns.
const NumBars = 2 * Side

// BarsConfig describes a bars data set (docs/FMS.md §5).
type BarsConfig struct {
	P     float64 // probability that each bar is present (1/5)
	On    float64 // pixel value of a present bar in the noiseless task (0.5)
	Off   float64 // value of every other pixel (−0.5)
	Noisy bool    // noisy task: intensities uniform in [Lo, Hi], then noise
	Lo    float64 // lowest intensity of a present bar (0.1)
	Hi    float64 // highest (0.5)
	Var   float64 // variance of the Gaussian noise added to every pixel (0.05)
}

// PaperBars returns the paper's settings: noiseless (task 2.1) or noisy.
func PaperBars(noisy bool) BarsConfig {
	return BarsConfig{P: 0.2, On: 0.5, Off: -0.5, Noisy: noisy, Lo: 0.1, Hi: 0.5, Var: 0.05}
}

// Bars holds a bars data set of n images.
type Bars struct {
	X       *linalg.Dense // n×25 images
	Present *linalg.Dense // n×10: 1 where bar b is present (rows 0–4, then columns 0–4)
}

// BarMask returns the pixels of bar b (0–4: rows, 5–9: columns).
func BarMask(b int) []int {
	px := make([]int, Side)
	for i := range px {
		if b < Side {
			px[i] = b*Side + i
		} else {
			px[i] = i*Side + (b - Side)
		}
	}
	return px
}

// GenerateBars draws n images from s. Each of the 10 bars is present
// with probability c.P; a present bar sets its pixels to c.On, or in the
// noisy task to its own intensity uniform in [c.Lo, c.Hi], the larger
// one where two bars cross; other pixels are c.Off. The noisy task then
// adds N(0, c.Var) to every pixel.
func GenerateBars(s *lococode.Stream, n int, c BarsConfig) *Bars {
	d := &Bars{X: linalg.New(n, Side*Side), Present: linalg.New(n, NumBars)}
	sd := math.Sqrt(c.Var)
	for i := 0; i < n; i++ {
		x := d.X.Row(i)
		for j := range x {
			x[j] = math.Inf(-1)
		}
		for b := 0; b < NumBars; b++ {
			if s.Uniform() >= c.P {
				continue
			}
			d.Present.Set(i, b, 1)
			v := c.On
			if c.Noisy {
				v = c.Lo + (c.Hi-c.Lo)*s.Uniform()
			}
			for _, px := range BarMask(b) {
				x[px] = max(x[px], v)
			}
		}
		for j := range x {
			if math.IsInf(x[j], -1) {
				x[j] = c.Off
			}
			if c.Noisy {
				x[j] += sd * s.Normal()
			}
		}
	}
	return d
}

// UnitKind is how a hidden unit relates to the bars.
type UnitKind int

const (
	// Pruned units carry (almost) nothing to the output.
	Pruned UnitKind = iota
	// SingleBar units follow one bar's presence and no other.
	SingleBar
	// Mixed units are neither.
	Mixed
)

// String returns "pruned", "bar" or "mixed".
func (k UnitKind) String() string {
	return [...]string{"pruned", "bar", "mixed"}[k]
}

// Unit is the verdict on one code unit.
type Unit struct {
	Kind   UnitKind
	Bar    int     // the bar with the largest |correlation|, -1 if pruned
	Corr   float64 // that |correlation|
	Second float64 // the next largest |correlation|
	Weight float64 // the unit's share of the output: std(code)·|output weights|, relative to the largest
}

// Thresholds of BarUnits.
const (
	PrunedShare  = 0.05 // Weight below this: pruned
	SingleCorr   = 0.5  // |corr| with the best bar at least this …
	SingleSecond = 0.3  // … and below this with every other bar: single bar
)

// BarUnits classifies the code units of a bars data set. codes is n×m
// (unit j's code in column j over the n images of d), out[j] ≥ 0 is the
// length of unit j's outgoing weight vector (the decoder column; nil for
// all 1). A unit's share is std(codes_j)·out[j] divided by the largest
// over units: below PrunedShare it is Pruned. Otherwise it is SingleBar
// when its code's |correlation| with the best bar's presence is at
// least SingleCorr and below SingleSecond with every other bar, and
// Mixed if not.
func BarUnits(codes *linalg.Dense, out []float64, d *Bars) []Unit {
	n, m := codes.Rows, codes.Cols
	if n != d.Present.Rows || out != nil && len(out) != m {
		panic("datasets: dimension mismatch")
	}
	units := make([]Unit, m)
	share := make([]float64, m)
	top := 0.0
	for j := 0; j < m; j++ {
		share[j] = stdCol(codes, j)
		if out != nil {
			share[j] *= out[j]
		}
		top = max(top, share[j])
	}
	for j := 0; j < m; j++ {
		u := Unit{Bar: -1}
		if top > 0 {
			u.Weight = share[j] / top
		}
		if u.Weight < PrunedShare {
			u.Kind = Pruned
			units[j] = u
			continue
		}
		for b := 0; b < NumBars; b++ {
			c := math.Abs(corr(codes, j, d.Present, b))
			switch {
			case c > u.Corr:
				u.Second, u.Corr, u.Bar = u.Corr, c, b
			case c > u.Second:
				u.Second = c
			}
		}
		u.Kind = Mixed
		if u.Corr >= SingleCorr && u.Second < SingleSecond {
			u.Kind = SingleBar
		}
		units[j] = u
	}
	return units
}

// BarCount summarises BarUnits.
type BarCount struct {
	Pruned, Single, Mixed int
	Distinct              int // distinct bars with a SingleBar unit
}

// CountUnits counts the kinds of units and the distinct bars coded.
func CountUnits(units []Unit) BarCount {
	var c BarCount
	seen := make(map[int]bool)
	for _, u := range units {
		switch u.Kind {
		case Pruned:
			c.Pruned++
		case SingleBar:
			c.Single++
			seen[u.Bar] = true
		default:
			c.Mixed++
		}
	}
	c.Distinct = len(seen)
	return c
}

func colStats(a *linalg.Dense, j int) (mean, sd float64) {
	for i := 0; i < a.Rows; i++ {
		mean += a.At(i, j)
	}
	mean /= float64(a.Rows)
	for i := 0; i < a.Rows; i++ {
		d := a.At(i, j) - mean
		sd += d * d
	}
	return mean, math.Sqrt(sd / float64(a.Rows))
}

func stdCol(a *linalg.Dense, j int) float64 {
	_, sd := colStats(a, j)
	return sd
}

// corr is the Pearson correlation of column i of a and column j of b,
// 0 if either is constant.
func corr(a *linalg.Dense, i int, b *linalg.Dense, j int) float64 {
	ma, sa := colStats(a, i)
	mb, sb := colStats(b, j)
	if sa == 0 || sb == 0 {
		return 0
	}
	c := 0.0
	for r := 0; r < a.Rows; r++ {
		c += (a.At(r, i) - ma) * (b.At(r, j) - mb)
	}
	return c / (float64(a.Rows) * sa * sb)
}
