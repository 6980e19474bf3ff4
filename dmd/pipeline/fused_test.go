//go:build !amd64 || amd64.v3

package pipeline

// exactGo is false where gc may fuse x*y + z in linalg's plain Go: the
// traced values then agree to rounding only.
const exactGo = false
