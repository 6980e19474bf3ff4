package kernel

import "math/bits"

// Draws are the draws of one Shuffle made ahead of its swaps:
// j_i = IntN(i+1) for i = len(J)−1 … 1 from the generator G, in the
// order and with the values Shuffle draws them. They let the training
// make the draws of its next epoch's shuffle inside its batch passes
// (StepRowsDraw, StepRows32Draw), where the generator's integer
// multiplies run beside the vector arithmetic, and the swaps inside its
// history pass (ForwardMomentsShuffle, ForwardMoments32Shuffle).
type Draws struct {
	G    PCG   // the generator, advanced by each draw
	J    []int // J[i] is the draw of swap i, once made
	next int   // the i of the next draw; 0 when all are made
}

// Start begins the draws of a shuffle of n items from G as it stands.
func (d *Draws) Start(n int) {
	if cap(d.J) < n {
		d.J = make([]int, n)
	}
	d.J = d.J[:n]
	d.next = max(n-1, 0)
}

// Left returns the number of draws not yet made.
func (d *Draws) Left() int { return d.next }

// draw makes up to m of the draws left, each as Shuffle makes it
// (Lemire's method, ACM TOMACS 29(1), 2019).
func (d *Draws) draw(m int) {
	for ; m > 0 && d.next > 0; m-- {
		un := uint64(d.next + 1)
		hi, lo := bits.Mul64(d.G.Uint64(), un)
		if lo < un {
			thresh := -un % un
			for lo < thresh {
				hi, lo = bits.Mul64(d.G.Uint64(), un)
			}
		}
		d.J[d.next] = int(hi)
		d.next--
	}
}

// Finish makes every draw left.
func (d *Draws) Finish() { d.draw(d.next) }

// swapFrom makes the swaps of the shuffle of p for i = top … 1 with the
// draws J, all of which are made.
func (d *Draws) swapFrom(p []int, top int) {
	j := d.J[:len(p)]
	for i := top; i > 0; i-- {
		p[i], p[j[i]] = p[j[i]], p[i]
	}
}
