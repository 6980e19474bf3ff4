//go:build amd64 && !amd64.v3

package pipeline

// exactGo reports that gc computes x*y + z in plain Go as a multiply
// and an add (it fuses them on arm64 and on amd64 with GOAMD64=v3), so
// the traced linear algebra equals linalg bit for bit.
const exactGo = true
