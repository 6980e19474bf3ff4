// Package linalg is the small dense linear algebra that lococode needs:
// row-major float64 matrices, their products, a symmetric
// eigendecomposition, Householder QR, whitening and symmetric
// decorrelation.
//
// A Dense r×c matrix stores element (i, j) at Data[i*c+j], rows packed
// with no padding, so that its Data can be handed to package kernel
// as is.
//
// The eigensolver reduces a symmetric matrix to tridiagonal form with
// Householder reflections and diagonalises that with the implicit QL
// iteration with Wilkinson-style shifts (Golub & Van Loan, Matrix
// Computations, 4th ed., §8.3; Wilkinson & Reinsch, Handbook for
// Automatic Computation II, 1971). It is backward stable: the computed
// V and Λ satisfy ‖AV − VΛ‖ and ‖VᵀV − I‖ of order k·ε·‖A‖.
// EigSymTo and SymDecorrelateTo are EigSym and SymDecorrelate with
// the results written into the caller's storage and the scratch space
// held in an EigWork, for loops such as FastICA's iteration that
// decompose a small matrix many times: they then allocate nothing and
// return the same bits.
//
// Functions check shapes and panic with a constant message from
// errors.go on a mismatch, which is a programmer error. Problems with
// the data itself (a singular or rank-deficient covariance) come back
// as errors wrapping the sentinels ErrRankDeficient and ErrNotFinite.
package linalg
