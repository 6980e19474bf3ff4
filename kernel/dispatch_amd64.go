//go:build !purego

package kernel

import (
	"os"

	"github.com/lococode/lococode/kernel/asm"
	"golang.org/x/sys/cpu"
)

// hasAVX2 reports whether the CPU runs the AVX2+FMA kernels. x/sys/cpu
// sets HasAVX2 only when the OS saves the YMM registers; HasFMA skips
// that check, so both are required.
var hasAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// useAVX2 selects the kernels of package kernel/asm. It is set once, in
// init, and changed afterwards only by tests.
var useAVX2 bool

var paths = []implPath{
	{name: "avx2+fma", key: "avx2", available: hasAVX2, use: &useAVX2},
}

func init() {
	useAVX2 = hasAVX2 && !forceGeneric(os.Getenv)
}

func batchMoments(c, s, w, zb []float64, b, k int) {
	if useAVX2 {
		asm.BatchMomentsAVX2(c, s, w, zb, b, k)
		return
	}
	batchMomentsGeneric(c, s, w, zb, b, k)
}

// batchMomentsRows is BatchMomentsRows after its shape checks; the AVX2
// kernel for k = 8 checks the row indices itself, as it gathers.
func batchMomentsRows(c, s, w, z []float64, rows []int, k int) {
	if useAVX2 && k == 8 {
		if !asm.BatchMomentsRows8AVX2(c, s, w, z, rows) {
			panic(errRowIndex)
		}
		return
	}
	checkRows(rows, len(z)/k)
	switch {
	case useAVX2:
		var t [64 * 16]float64
		asm.BatchMomentsAVX2(c, s, w, gatherInto(t[:], z, rows, k), len(rows), k)
	default:
		batchMomentsRowsGeneric(c, s, w, z, rows, len(rows), k)
	}
}

func float32Asm(k int) bool { return useAVX2 && k == 8 }

func batchMomentsRows32(c, s, w []float64, z []float32, rows []int, k int) {
	if useAVX2 && k == 8 {
		if !asm.BatchMomentsRows8F32AVX2(c, s, w, z, rows) {
			panic(errRowIndex)
		}
		return
	}
	batchMomentsRows32Generic(c, s, w, z, rows, k)
}

// forwardMoments32 is ForwardMoments32 and, with d (all its draws
// made), the swaps of p.
func forwardMoments32(sums, w []float64, z []float32, n, k int, small float64, p []int, d *Draws) int64 {
	if useAVX2 && k == 8 {
		var j []int
		top := -1
		if d != nil {
			j, top = d.J, len(p)-1
		}
		count, next := asm.ForwardMoments8F32AVX2(sums, w, z, n, threshold32(small), p, j, top)
		if d != nil {
			d.swapFrom(p, next)
		}
		return count
	}
	count := forwardMoments32Generic(sums, w, z, n, k, small)
	if d != nil {
		d.swapFrom(p, len(p)-1)
	}
	return count
}
func tanhContrast32(gz, gd, w, z []float64, n, k int) {
	if useAVX2 && k == 8 {
		asm.TanhContrast8F32AVX2(gz, gd, w, z, n)
		return
	}
	tanhContrast32Generic(gz, gd, w, z, n, k)
}

// forwardMoments is ForwardMoments and, with d (all its draws made),
// the swaps of p.
func forwardMoments(sums, w, z []float64, n, k int, small float64, p []int, d *Draws) int64 {
	if useAVX2 && k == 8 {
		var j []int
		top := -1
		if d != nil {
			j, top = d.J, len(p)-1
		}
		count, next := asm.ForwardMoments8ShuffleAVX2(sums, w, z, n, small, p, j, top)
		if d != nil {
			d.swapFrom(p, next)
		}
		return count
	}
	var count int64
	if useAVX2 {
		count = asm.ForwardMomentsAVX2(sums, w, z, n, k, small)
	} else {
		count = forwardMomentsGeneric(sums, w, z, n, k, small)
	}
	if d != nil {
		d.swapFrom(p, len(p)-1)
	}
	return count
}

func matMul(dst, a, b []float64, m, p, q int) {
	if useAVX2 {
		asm.MatMulAVX2(dst, a, b, m, p, q)
		return
	}
	matMulGeneric(dst, a, b, m, p, q)
}

func matMulTB(dst, a, b []float64, m, p, q int) {
	if useAVX2 {
		asm.MatMulTBAVX2(dst, a, b, m, p, q)
		return
	}
	matMulTBGeneric(dst, a, b, m, p, q)
}

func mulTA(dst, x, y []float64, n, kx, ky int) {
	if useAVX2 {
		asm.MulTAAVX2(dst, x, y, n, kx, ky)
		return
	}
	mulTAGeneric(dst, x, y, n, kx, ky)
}

func gram(dst, x []float64, n, k int) {
	if useAVX2 {
		asm.GramAVX2(dst, x, n, k)
		return
	}
	gramGeneric(dst, x, n, k)
}

func tanhContrast(gz, gd, w, z []float64, n, k int) {
	if useAVX2 {
		asm.TanhContrastAVX2(gz, gd, w, z, n, k)
		return
	}
	tanhContrastGeneric(gz, gd, w, z, n, k)
}

// stepUpdate is the update of Step. Only amd64 has an assembly version;
// step_other.go gives the generic one to the other builds.
func stepUpdate(w, q, s []float64, k int, rec, act, decay, lr float64) {
	if useAVX2 {
		asm.StepUpdateAVX2(w, q, s, k, rec, act, decay, lr)
		return
	}
	stepUpdateGeneric(w, q, s, k, rec, act, decay, lr)
}

// stepRows is StepRows (and StepRowsDraw, with d) for the L1 penalty
// after its shape checks; for k = 8 the batch pass, with the draws, is
// one assembly function, which checks the row indices itself.
func stepRows(w, z []float64, rows []int, k int, p StepParams, ws *Workspace, d *Draws) {
	if useAVX2 && k == 8 {
		var j []int
		top := 0
		var hi, lo uint64
		if d != nil {
			j, top, hi, lo = d.J, d.next, d.G.Hi, d.G.Lo
		}
		ok, next, hi, lo := asm.BatchMomentsRows8DrawAVX2(ws.c, ws.s, w, z, rows, j, top, hi, lo)
		if !ok {
			panic(errRowIndex)
		}
		if d != nil {
			d.next, d.G = next, PCG{hi, lo}
		}
		ws.update(w, len(rows), k, p)
		return
	}
	stepRowsGeneric(w, z, rows, k, p, ws, d)
}

// stepRows32 is StepRows32 (and StepRows32Draw, with d) after its shape
// checks; for k = 8 it is one assembly function, which checks the row
// indices itself.
func stepRows32(w []float64, z []float32, rows []int, k int, p StepParams, ws *Workspace, d *Draws) {
	if useAVX2 && k == 8 {
		rec, act := stepScales(len(rows), p)
		var j []int
		top := 0
		var hi, lo uint64
		if d != nil {
			j, top, hi, lo = d.J, d.next, d.G.Hi, d.G.Lo
		}
		ok, next, hi, lo := asm.StepRows8F32AVX2(w, ws.c, ws.s, ws.m, ws.t, ws.q, z, rows,
			rec, act, 2*p.LambdaW, p.LR, j, top, hi, lo)
		if !ok {
			panic(errRowIndex)
		}
		if d != nil {
			d.next, d.G = next, PCG{hi, lo}
		}
		return
	}
	batchMomentsRows32(ws.c, ws.s, w, z, rows, k)
	ws.update(w, len(rows), k, p)
	if d != nil {
		d.draw(len(rows))
	}
}

// stepTail is the k×k part of Step; for k = 8 it is one assembly
// function.
func stepTail(w []float64, ws *Workspace, k int, rec, act, decay, lr float64) {
	if useAVX2 && k == 8 {
		asm.StepTail8AVX2(w, ws.c, ws.s, ws.m, ws.t, ws.q, rec, act, decay, lr)
		return
	}
	stepTailProducts(w, ws, k, rec, act, decay, lr)
}
