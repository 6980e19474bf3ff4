//go:build !amd64 || purego

package kernel

// stepUpdate is the update of Step; this build has no assembly for it.
func stepUpdate(w, q, s []float64, k int, rec, act, decay, lr float64) {
	stepUpdateGeneric(w, q, s, k, rec, act, decay, lr)
}

// stepTail is the k×k part of Step.
func stepTail(w []float64, ws *Workspace, k int, rec, act, decay, lr float64) {
	stepTailProducts(w, ws, k, rec, act, decay, lr)
}

// stepRows is StepRows (and StepRowsDraw, with d) for the L1 penalty
// after its shape checks.
func stepRows(w, z []float64, rows []int, k int, p StepParams, ws *Workspace, d *Draws) {
	stepRowsGeneric(w, z, rows, k, p, ws, d)
}

// stepRows32 is StepRows32 (and StepRows32Draw, with d) after its shape
// checks.
func stepRows32(w []float64, z []float32, rows []int, k int, p StepParams, ws *Workspace, d *Draws) {
	batchMomentsRows32(ws.c, ws.s, w, z, rows, k)
	ws.update(w, len(rows), k, p)
	if d != nil {
		d.draw(len(rows))
	}
}
