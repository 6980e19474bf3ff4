package dmd

import "math"

// Num is a float64 traced by a Machine: its value X and the stack slot
// that holds it. The zero Num is the constant 0; Const makes others.
// Constants live outside the stack: reading them costs nothing, and an
// instruction whose operands are all constants is folded (no read, no
// slot), as Python's ByteDMD tracer leaves plain numbers untraced.
type Num struct {
	X  float64 // the value, bit for bit what untraced code computes
	id int32   // slot id, 0 for a constant
}

// Const returns the constant x.
func Const(x float64) Num { return Num{X: x} }

// IsConst reports whether x lives outside the stack.
func (x Num) IsConst() bool { return x.id == 0 }

// Slot returns the slot id of x (0 for a constant).
func (x Num) Slot() int32 { return x.id }

// Arg pushes the argument x free of charge and returns it as a Num.
func (m *Machine) Arg(x float64) Num { return Num{x, m.PushSlot()} }

// Args pushes the elements of xs in order (xs[0] deepest), as an
// argument matrix is pushed row-major.
func (m *Machine) Args(xs []float64) []Num {
	out := make([]Num, len(xs))
	for i, x := range xs {
		out[i] = m.Arg(x)
	}
	return out
}

// Op executes an instruction on the operands ops whose result has the
// value x; the arithmetic methods below are Op with the value computed.
func (m *Machine) Op(x float64, ops ...Num) Num {
	var ids [maxOperands]int32
	if len(ops) > maxOperands {
		panic(errOperands)
	}
	for i, o := range ops {
		ids[i] = o.id
	}
	return Num{x, m.Instr(ids[:len(ops)]...)}
}

// Read is a branch on the operands ops: each stack operand is priced
// and moved to the top, and nothing is pushed.
func (m *Machine) Read(ops ...Num) {
	var ids [maxOperands]int32
	if len(ops) > maxOperands {
		panic(errOperands)
	}
	for i, o := range ops {
		ids[i] = o.id
	}
	m.Branch(ids[:len(ops)]...)
}

// Add returns a + b: one instruction, operands (a, b).
func (m *Machine) Add(a, b Num) Num { return Num{a.X + b.X, m.op2(a.id, b.id)} }

// Sub returns a − b: one instruction, operands (a, b).
func (m *Machine) Sub(a, b Num) Num { return Num{a.X - b.X, m.op2(a.id, b.id)} }

// Mul returns a·b: one instruction, operands (a, b).
func (m *Machine) Mul(a, b Num) Num { return Num{a.X * b.X, m.op2(a.id, b.id)} }

// Div returns a/b: one instruction, operands (a, b).
func (m *Machine) Div(a, b Num) Num { return Num{a.X / b.X, m.op2(a.id, b.id)} }

// FMA returns math.FMA(a, b, s), priced as s + a·b is: a multiply
// (operands a, b) and then an add (operands s, product). The value is
// the fused one, so it equals the untraced kernels bit for bit.
func (m *Machine) FMA(a, b, s Num) Num {
	p := m.op2(a.id, b.id)
	return Num{math.FMA(a.X, b.X, s.X), m.op2(s.id, p)}
}

// Neg returns −a: one instruction.
func (m *Machine) Neg(a Num) Num { return Num{-a.X, m.op1(a.id)} }

// Abs returns |a|: one instruction.
func (m *Machine) Abs(a Num) Num { return Num{math.Abs(a.X), m.op1(a.id)} }

// Sqrt returns math.Sqrt(a): one instruction.
func (m *Machine) Sqrt(a Num) Num { return Num{math.Sqrt(a.X), m.op1(a.id)} }

// Tanh returns math.Tanh(a): one instruction.
func (m *Machine) Tanh(a Num) Num { return Num{math.Tanh(a.X), m.op1(a.id)} }

// Max returns math.Max(a, b): one instruction, operands (a, b).
func (m *Machine) Max(a, b Num) Num { return Num{math.Max(a.X, b.X), m.op2(a.id, b.id)} }

// Hypot returns math.Hypot(a, b): one instruction, operands (a, b).
func (m *Machine) Hypot(a, b Num) Num { return Num{math.Hypot(a.X, b.X), m.op2(a.id, b.id)} }

// Copysign returns math.Copysign(a, b): one instruction, operands (a, b).
func (m *Machine) Copysign(a, b Num) Num {
	return Num{math.Copysign(a.X, b.X), m.op2(a.id, b.id)}
}

// branch2 is a comparison of a and b (an instruction with a result
// slot) followed by a branch on that result (a read, nothing pushed).
func (m *Machine) branch2(a, b Num) {
	c := m.op2(a.id, b.id)
	if c == 0 {
		return
	}
	m.reserve(1)
	m.st.Cost += m.price(m.depth(c))
	m.st.Reads++
	m.st.Branches++
	m.bump(c)
}

// Less returns a < b, priced as a comparison and a branch on it.
func (m *Machine) Less(a, b Num) bool { m.branch2(a, b); return a.X < b.X }

// LessEq returns a ≤ b, priced as a comparison and a branch on it.
func (m *Machine) LessEq(a, b Num) bool { m.branch2(a, b); return a.X <= b.X }

// Greater returns a > b, priced as a comparison and a branch on it.
func (m *Machine) Greater(a, b Num) bool { m.branch2(a, b); return a.X > b.X }

// GreaterEq returns a ≥ b, priced as a comparison and a branch on it.
func (m *Machine) GreaterEq(a, b Num) bool { m.branch2(a, b); return a.X >= b.X }

// Equal returns a == b, priced as a comparison and a branch on it.
func (m *Machine) Equal(a, b Num) bool { m.branch2(a, b); return a.X == b.X }
