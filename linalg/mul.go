package linalg

import "github.com/lococode/lococode/kernel"

// Mul returns a·b for a (m×p) and b (p×q). Cost: 2mpq flops.
func Mul(a, b *Dense) *Dense {
	if a.Cols != b.Rows {
		panic(errShape)
	}
	c := New(a.Rows, b.Cols)
	kernel.MatMul(c.Data, a.Data, b.Data, a.Rows, a.Cols, b.Cols)
	return c
}

// MulTA returns aᵀ·b for a (n×p) and b (n×q). Cost: 2npq flops.
func MulTA(a, b *Dense) *Dense {
	if a.Rows != b.Rows {
		panic(errShape)
	}
	c := New(a.Cols, b.Cols)
	kernel.MulTA(c.Data, a.Data, b.Data, a.Rows, a.Cols, b.Cols)
	return c
}

// MulTB returns a·bᵀ for a (m×p) and b (q×p). Cost: 2mpq flops.
func MulTB(a, b *Dense) *Dense {
	if a.Cols != b.Cols {
		panic(errShape)
	}
	c := New(a.Rows, b.Rows)
	kernel.MatMulTB(c.Data, a.Data, b.Data, a.Rows, a.Cols, b.Rows)
	return c
}

// Gram returns the exactly symmetric k×k matrix aᵀ·a for a (n×k).
// Cost: n·k(k+1) flops.
func Gram(a *Dense) *Dense {
	c := New(a.Cols, a.Cols)
	kernel.Gram(c.Data, a.Data, a.Rows, a.Cols)
	return c
}
