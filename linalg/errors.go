package linalg

import "errors"

// Panic messages for programmer errors.
const (
	errShape   = "linalg: dimension mismatch"
	errSquare  = "linalg: matrix is not square"
	errNegDims = "linalg: negative dimension"
)

var (
	// ErrRankDeficient reports data whose covariance has a direction of
	// (numerically) zero variance, such as a constant column or two
	// equal columns. Such data cannot be whitened.
	ErrRankDeficient = errors.New("rank-deficient data")

	// ErrNotFinite reports a NaN or infinite input value.
	ErrNotFinite = errors.New("NaN or infinite value")

	// ErrNotConverged reports an iteration that did not converge within
	// its iteration limit.
	ErrNotConverged = errors.New("no convergence")
)
