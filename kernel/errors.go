package kernel

// Panic messages for programmer errors: a slice shorter than the shape
// the call names, or a shape that makes no sense.
const (
	errShortDst   = "kernel: destination slice too short"
	errShortInput = "kernel: input slice too short"
	errBadShape   = "kernel: negative or zero dimension"
	errRowIndex   = "kernel: row index out of range"
)

// need panics with msg unless len(s) >= n.
func need(s []float64, n int, msg string) {
	if len(s) < n {
		panic(msg)
	}
}
