package dmd

import (
	"math/rand/v2"
	"testing"
)

// stackMachine is what the test programs run on: Machine or plain.
type stackMachine interface {
	PushSlot() int32
	Instr(ops ...int32) int32
	Branch(ops ...int32)
	Stats() Stats
}

func push(m stackMachine, n int) []int32 {
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = m.PushSlot()
	}
	return ids
}

// matmul4 runs one of the 4×4 matmul cases of the ByteDMD table on (A, B).
func matmul4(m stackMachine, order string) {
	const n = 4
	a, b := push(m, n*n), push(m, n*n)
	var c [n * n]int32
	cell := func(i, j int) {
		s := m.Instr(a[i*n], b[j])
		for k := 1; k < n; k++ {
			s = m.Instr(s, m.Instr(a[i*n+k], b[k*n+j]))
		}
		c[i*n+j] = s
	}
	acc := func(i, j, k int) {
		p := m.Instr(a[i*n+k], b[k*n+j])
		if c[i*n+j] == 0 {
			c[i*n+j] = p
			return
		}
		c[i*n+j] = m.Instr(c[i*n+j], p)
	}
	switch order {
	case "ijk":
		for i := range n {
			for j := range n {
				cell(i, j)
			}
		}
	case "ikj":
		for i := range n {
			for k := range n {
				for j := range n {
					acc(i, j, k)
				}
			}
		}
	case "snake":
		for i := range n {
			for jj := range n {
				j := jj
				if i%2 == 1 {
					j = n - 1 - jj
				}
				cell(i, j)
			}
		}
	case "tiled":
		for bi := 0; bi < n; bi += 2 {
			for bj := 0; bj < n; bj += 2 {
				for bk := 0; bk < n; bk += 2 {
					for i := bi; i < bi+2; i++ {
						for j := bj; j < bj+2; j++ {
							for k := bk; k < bk+2; k++ {
								acc(i, j, k)
							}
						}
					}
				}
			}
		}
	}
}

// dmdCases are the rows of the ByteDMD table (README.md, "Data movement").
var dmdCases = []struct {
	name        string
	w           int
	reads, cost int64
	run         func(m stackMachine)
}{
	{"dot", 1, 7, 14, func(m stackMachine) {
		a, b := push(m, 2), push(m, 2)
		s := m.Instr(0, m.Instr(a[0], b[0])) // add(0, mul(a0, b0)), 0 a constant
		m.Instr(s, m.Instr(a[1], b[1]))
	}},
	{"dot, no sum", 1, 6, 12, func(m stackMachine) {
		a, b := push(m, 2), push(m, 2)
		p0 := m.Instr(a[0], b[0])
		p1 := m.Instr(a[1], b[1])
		m.Instr(p0, p1)
	}},
	{"my_add", 1, 2, 4, func(m stackMachine) {
		x := push(m, 4)
		m.Instr(x[1], x[2])
	}},
	{"my_add, w=2", 2, 2, 10, func(m stackMachine) {
		x := push(m, 4)
		m.Instr(x[1], x[2])
	}},
	{"matvec i-j", 1, 56, 194, func(m stackMachine) {
		const n = 4
		a, x := push(m, n*n), push(m, n)
		for i := range n {
			s := m.Instr(a[i*n], x[0])
			for j := 1; j < n; j++ {
				s = m.Instr(s, m.Instr(a[i*n+j], x[j]))
			}
		}
	}},
	{"vecmat j-i", 1, 56, 191, func(m stackMachine) {
		const n = 4
		a, x := push(m, n*n), push(m, n)
		for j := range n {
			s := m.Instr(x[0], a[j])
			for i := 1; i < n; i++ {
				s = m.Instr(s, m.Instr(x[i], a[i*n+j]))
			}
		}
	}},
	{"matmul i-j-k", 1, 224, 948, func(m stackMachine) { matmul4(m, "ijk") }},
	{"matmul i-k-j", 1, 224, 1016, func(m stackMachine) { matmul4(m, "ikj") }},
	{"matmul snake-j", 1, 224, 906, func(m stackMachine) { matmul4(m, "snake") }},
	{"matmul 2×2 tiled", 1, 224, 947, func(m stackMachine) { matmul4(m, "tiled") }},
}

func TestTable(t *testing.T) {
	for _, c := range dmdCases {
		for _, impl := range []string{"fast", "fast-small", "plain"} {
			var m stackMachine
			switch impl {
			case "fast":
				m = New(c.w)
			case "fast-small":
				m = newMachine(c.w, 64)
			default:
				m = newPlain(c.w)
			}
			c.run(m)
			st := m.Stats()
			if st.Reads != c.reads || st.Cost != c.cost {
				t.Errorf("%s (%s): reads %d cost %d, want %d %d", c.name, impl, st.Reads, st.Cost, c.reads, c.cost)
			}
		}
	}
}

// TestDotNum prices the dot hand check through the Num arithmetic.
func TestDotNum(t *testing.T) {
	m := New(1)
	a := m.Args([]float64{0, 1})
	b := m.Args([]float64{2, 3})
	s := m.FMA(a[0], b[0], Const(0))
	s = m.FMA(a[1], b[1], s)
	if st := m.Stats(); st.Reads != 7 || st.Cost != 14 || st.Instructions != 4 || s.X != 3 {
		t.Errorf("dot: %+v value %v, want 7 reads, cost 14, 4 instructions, value 3", st, s.X)
	}
	if d := m.Depth(s); d != 1 {
		t.Errorf("depth of the result %d, want 1", d)
	}
	if c := m.Add(Const(1), Const(2)); !c.IsConst() || c.X != 3 || m.Reads() != 7 {
		t.Errorf("constant folding: %+v, reads %d", c, m.Reads())
	}
}

func TestPrice(t *testing.T) {
	for _, w := range []int{1, 2, 3, 4, 8} {
		m, p := New(w), newPlain(w)
		for d := int64(1); d < 3000; d++ {
			if got, want := m.price(d), p.price(d); got != want {
				t.Fatalf("w=%d depth %d: price %d, want %d", w, d, got, want)
			}
		}
	}
	for _, d := range []int64{1 << 31, 1<<32 - 1, 1 << 40, 1<<52 + 1} {
		r := ceilSqrt(d)
		if r*r < d || (r-1)*(r-1) >= d {
			t.Errorf("ceilSqrt(%d) = %d", d, r)
		}
	}
}

// TestRandomPrograms runs random programs on Machine (with a capacity
// small enough to renumber many times) and on plain, comparing the
// counters after every instruction.
func TestRandomPrograms(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	renumbered := 0
	for prog := 0; prog < 12; prog++ {
		w := []int{1, 4, 8}[prog%3]
		fast, ref := newMachine(w, 64), newPlain(w)
		var ids []int32
		nargs := rng.IntN(40)
		for range nargs {
			fast.PushSlot()
			ids = append(ids, ref.PushSlot())
		}
		steps := 1500 + rng.IntN(1500)
		for step := 0; step < steps; step++ {
			nops := rng.IntN(5)
			ops := make([]int32, nops)
			for i := range ops {
				switch {
				case len(ids) == 0 || rng.IntN(8) == 0:
					ops[i] = 0 // a constant
				case i > 0 && rng.IntN(6) == 0:
					ops[i] = ops[rng.IntN(i)] // a repeat, as in a+a
				case rng.IntN(3) == 0:
					ops[i] = ids[len(ids)-1-rng.IntN(min(len(ids), 8))] // recent
				default:
					ops[i] = ids[rng.IntN(len(ids))]
				}
			}
			switch rng.IntN(10) {
			case 0:
				fast.Branch(ops...)
				ref.Branch(ops...)
			case 1:
				fast.PushSlot()
				ids = append(ids, ref.PushSlot())
			default:
				a, b := fast.Instr(ops...), ref.Instr(ops...)
				if a != b {
					t.Fatalf("program %d step %d: ids %d and %d", prog, step, a, b)
				}
				if a != 0 {
					ids = append(ids, a)
				}
			}
			if f, r := fast.Stats(), ref.Stats(); f != r {
				t.Fatalf("program %d (w=%d) step %d ops %v: fast %+v, plain %+v", prog, w, step, ops, f, r)
			}
		}
		for _, id := range ids {
			if a, b := fast.depth(id), ref.depth(id); a != b {
				t.Fatalf("program %d: slot %d depth %d, plain %d", prog, id, a, b)
			}
		}
		renumbered += fast.Renumber
	}
	if renumbered < 12*5 {
		t.Errorf("only %d renumberings in 12 programs", renumbered)
	}
}

// BenchmarkMachine measures priced reads per second. matmul repeats
// a traced 32×32 i-j-k product on fresh arguments (the reads of real
// kernels: mostly near the top, a row and a column apart); random reads
// uniformly among 64K arguments, the worst case for the tree.
func BenchmarkMachine(b *testing.B) {
	b.Run("pattern=matmul", func(b *testing.B) {
		const n = 32
		m := New(1)
		var reads int64
		for b.Loop() {
			a := make([]int32, 2*n*n)
			for i := range a {
				a[i] = m.PushSlot()
			}
			x, y := a[:n*n], a[n*n:]
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					s := m.op2(x[i*n], y[j])
					for k := 1; k < n; k++ {
						s = m.op2(s, m.op2(x[i*n+k], y[k*n+j]))
					}
				}
			}
			reads += int64(n * n * (4*n - 2))
		}
		b.ReportMetric(float64(reads)/b.Elapsed().Seconds()/1e6, "Mreads/s")
	})
	b.Run("pattern=random", func(b *testing.B) {
		m := New(1)
		args := make([]int32, 1<<16)
		for i := range args {
			args[i] = m.PushSlot()
		}
		rng := rand.New(rand.NewPCG(3, 4))
		acc := m.PushSlot()
		var reads int64
		for b.Loop() {
			for range 1024 {
				x := args[rng.IntN(len(args))]
				y := args[rng.IntN(64)]
				acc = m.op2(acc, m.op2(x, y))
			}
			reads += 4 * 1024
		}
		b.ReportMetric(float64(reads)/b.Elapsed().Seconds()/1e6, "Mreads/s")
	})
}

// TestLongProgram checks a program long enough to fill several chunks
// of the slot table and renumber many times. Most reads are near the
// top, so the plain machine keeps up.
func TestLongProgram(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	fast, ref := newMachine(1, 64), newPlain(1)
	ids := []int32{fast.PushSlot()}
	ref.PushSlot()
	for step := 0; step < 3*chunkSize; step++ {
		a := ids[len(ids)-1-rng.IntN(min(len(ids), 24))]
		b := ids[len(ids)-1-rng.IntN(min(len(ids), 6))]
		if rng.IntN(400) == 0 {
			a = ids[rng.IntN(len(ids))]
		}
		x, y := fast.Instr(a, b), ref.Instr(a, b)
		if x != y {
			t.Fatalf("step %d: ids %d and %d", step, x, y)
		}
		ids = append(ids, x)
		if step%997 == 0 {
			if f, r := fast.Stats(), ref.Stats(); f != r {
				t.Fatalf("step %d: fast %+v, plain %+v", step, f, r)
			}
		}
	}
	if f, r := fast.Stats(), ref.Stats(); f != r || fast.Renumber < 10 {
		t.Fatalf("fast %+v (%d renumberings), plain %+v", f, fast.Renumber, r)
	}
}
