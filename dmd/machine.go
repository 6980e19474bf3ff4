package dmd

import (
	"math"
	"math/bits"
)

// Panic messages for programmer errors.
const (
	errWidth    = "dmd: bytes per element must be at least 1"
	errTooMany  = "dmd: more than 2³¹ slots or 2³² stamps"
	errBadSlot  = "dmd: operand is not a slot of this machine"
	errOperands = "dmd: an instruction takes at most 8 operands"
)

// maxOperands bounds the operands of one instruction, so that the
// depths can be computed into a fixed array before any operand moves.
const maxOperands = 8

// The slot table is made of chunks of chunkSize stamps.
const (
	chunkBits = 16
	chunkSize = 1 << chunkBits
	chunkMask = chunkSize - 1
)

// Stamps are counted at three levels: bits of 64-bit words (popcount),
// lines of lineWords words (a 64-byte cache line of the bitset, with a
// count kept per line), and blocks of blockLines lines, summed by the
// Fenwick tree once the clock has left them. Reads within the current
// block, which are most reads, never touch the tree.
const (
	lineShift  = 9
	lineWords  = 1 << (lineShift - 6)
	blockShift = 13
	blockLines = 1 << (blockShift - lineShift)
)

// maxStamp is the largest clock value a uint32 stamp holds, rounded
// down to a whole word of the bitset.
const maxStamp = math.MaxUint32 &^ 63

// Stats are the counters of a Machine.
type Stats struct {
	Cost         int64 `json:"cost"`         // ByteDMD cost: Σ over priced reads
	Reads        int64 `json:"reads"`        // priced operand reads, branches included
	Instructions int64 `json:"instructions"` // instructions that push a result
	Branches     int64 `json:"branches"`     // reads that push nothing
	Slots        int64 `json:"slots"`        // slots on the stack: arguments + results
}

// Machine is a ByteDMD stack machine (see the package doc). The zero
// value is not usable; call New.
type Machine struct {
	w int64 // bytes per element

	// stamps[id>>chunkBits][id&chunkMask] is the stamp of slot id; id 0
	// is unused (it means "constant"). Fixed-size chunks never move, so
	// the table grows without copying or doubling its memory.
	stamps [][]uint32
	slots  int // slots pushed; ids run 1…slots

	clock    uint32   // last stamp handed out
	capacity uint32   // stamps run 1…capacity; a multiple of 64, minus 1 at most
	used     []uint64 // bit p set when stamp p belongs to a slot
	lines    []uint16 // used stamps per line of the bitset
	fen      []int32  // Fenwick tree over the sealed blocks, 1-based
	open     uint32   // blocks < open are sealed (counted in fen)
	sealed   int64    // slots whose stamp lies in a sealed block

	growth int // capacity is at least growth × live after a renumbering

	prices []int64 // price of depths below len(prices)

	st       Stats
	Renumber int // renumberings so far, for tests and the curious
}

// New returns an empty machine that prices w bytes per element
// (1 is ByteDMD's default; 4 is float32, 8 float64).
func New(w int) *Machine {
	return newMachine(w, 1<<16)
}

// newMachine returns a machine whose first capacity is about capacity
// stamps; tests use a small one to force renumberings.
func newMachine(w int, capacity int) *Machine {
	if w < 1 {
		panic(errWidth)
	}
	capacity = max(capacity, 64)
	m := &Machine{w: int64(w), growth: 4}
	m.stamps = [][]uint32{make([]uint32, chunkSize)}
	m.prices = make([]int64, priceTable)
	for d := int64(1); d < priceTable; d++ {
		m.prices[d] = m.priceOf(d)
	}
	m.setCapacity(uint32(min(uint64(capacity)|63, maxStamp)))
	return m
}

// setCapacity reallocates the bitset, the line counts and the tree for
// stamps 1…c.
func (m *Machine) setCapacity(c uint32) {
	m.capacity = c
	nb := int(c>>blockShift) + 1
	nl := nb * blockLines
	nw := nl * lineWords
	if cap(m.used) >= nw && cap(m.fen) >= nb+1 {
		m.used = m.used[:nw]
		m.lines = m.lines[:nl]
		m.fen = m.fen[:nb+1]
		m.clearCounts()
		return
	}
	m.used = make([]uint64, nw)
	m.lines = make([]uint16, nl)
	m.fen = make([]int32, nb+1)
}

func (m *Machine) clearCounts() {
	clear(m.used)
	clear(m.lines)
	clear(m.fen)
}

// blockCount returns the used stamps in block b.
func (m *Machine) blockCount(b uint32) int {
	n := 0
	for _, c := range m.lines[b*blockLines : (b+1)*blockLines] {
		n += int(c)
	}
	return n
}

// Stats returns the counters so far.
func (m *Machine) Stats() Stats {
	s := m.st
	s.Slots = int64(m.slots)
	return s
}

// Cost returns the ByteDMD cost so far.
func (m *Machine) Cost() int64 { return m.st.Cost }

// Reads returns the number of priced reads so far.
func (m *Machine) Reads() int64 { return m.st.Reads }

// BytesPerElement returns the w given to New.
func (m *Machine) BytesPerElement() int { return int(m.w) }

// Depth returns the current depth of the slot of x (1 is the top), or 0
// for a constant. It does not change the machine.
func (m *Machine) Depth(x Num) int64 {
	if x.id == 0 {
		return 0
	}
	return m.depth(x.id)
}

// PushSlot pushes a new slot free of charge, as an argument is pushed
// at entry, and returns its id (≥ 1).
func (m *Machine) PushSlot() int32 {
	m.reserve(1)
	return m.push()
}

// Instr executes one instruction on the slots ops (ids from PushSlot
// or Instr; 0 is a constant and is skipped): it prices every operand at
// its depth before the instruction, moves them to the top in order and
// pushes a new result slot, whose id it returns. An instruction whose
// operands are all constants is folded: nothing is priced or pushed and
// Instr returns 0.
func (m *Machine) Instr(ops ...int32) int32 {
	if !m.read(ops) {
		return 0
	}
	m.st.Instructions++
	return m.push()
}

// Branch reads the slots ops as a conditional branch does: priced and
// moved to the top, with no result. Constants are skipped.
func (m *Machine) Branch(ops ...int32) {
	if m.read(ops) {
		m.st.Branches++
	}
}

// read prices and moves ops, reserving one more tick for a result. It
// reports whether any operand was a stack value.
func (m *Machine) read(ops []int32) bool {
	if len(ops) > maxOperands {
		panic(errOperands)
	}
	var d [maxOperands]int64
	n := 0
	for _, id := range ops {
		if id != 0 {
			n++
		}
	}
	if n == 0 {
		return false
	}
	m.reserve(n + 1)
	for i, id := range ops {
		if id != 0 {
			d[i] = m.depth(id)
		}
	}
	for i, id := range ops {
		if id != 0 {
			m.st.Cost += m.price(d[i])
			m.st.Reads++
			m.bump(id)
		}
	}
	return true
}

// op1 is Instr with one operand, without the slice.
func (m *Machine) op1(a int32) int32 {
	if a == 0 {
		return 0
	}
	m.reserve(2)
	m.st.Cost += m.price(m.depth(a))
	m.st.Reads++
	m.bump(a)
	m.st.Instructions++
	return m.push()
}

// op2 is Instr with two operands, without the slice.
func (m *Machine) op2(a, b int32) int32 {
	switch {
	case a == 0:
		return m.op1(b)
	case b == 0:
		return m.op1(a)
	}
	m.reserve(3)
	da, db := m.depth(a), m.depth(b)
	m.st.Cost += m.price(da) + m.price(db)
	m.st.Reads += 2
	m.bump(a)
	m.bump(b)
	m.st.Instructions++
	return m.push()
}

// priceTable is the number of depths whose price is looked up.
const priceTable = 4096

// price returns the cost of one read at depth d ≥ 1.
func (m *Machine) price(d int64) int64 {
	if d < priceTable {
		return m.prices[d]
	}
	return m.priceOf(d)
}

// priceOf computes the cost of one read at depth d:
// Σ ceil(sqrt(t)) for t = (d−1)w+1 … dw.
func (m *Machine) priceOf(d int64) int64 {
	if m.w == 1 {
		return ceilSqrt(d)
	}
	return sumCeilSqrt(d*m.w) - sumCeilSqrt((d-1)*m.w)
}

// ceilSqrt returns ceil(sqrt(d)) for d ≥ 1, as isqrt(d−1)+1, in
// integers.
func ceilSqrt(d int64) int64 {
	x := d - 1
	r := int64(math.Sqrt(float64(x)))
	for r*r > x {
		r--
	}
	for (r+1)*(r+1) <= x {
		r++
	}
	return r + 1
}

// sumCeilSqrt returns Σ ceil(sqrt(t)) for t = 1…n (0 for n ≤ 0). The
// value j = ceil(sqrt(t)) holds for the 2j−1 values (j−1)² < t ≤ j², so
// with r = ceil(sqrt(n)) and q = r−1 the sum is
// Σ_{j≤q} j(2j−1) + r(n − q²) = q(q+1)(4q−1)/6 + r(n − q²).
func sumCeilSqrt(n int64) int64 {
	if n <= 0 {
		return 0
	}
	r := ceilSqrt(n)
	q := r - 1
	return q*(q+1)*(4*q-1)/6 + r*(n-q*q)
}

// reserve renumbers the stamps if fewer than ticks remain before the
// capacity. It runs only between instructions.
func (m *Machine) reserve(ticks int) {
	if uint64(m.clock)+uint64(ticks) <= uint64(m.capacity) {
		return
	}
	m.renumber(ticks)
}

// depth returns the number of slots whose stamp is at least that of
// slot id.
func (m *Machine) depth(id int32) int64 {
	if id < 0 || int(id) > m.slots {
		panic(errBadSlot)
	}
	s := m.stamps[id>>chunkBits][id&chunkMask]
	ws := s >> 6
	top := m.clock >> 6

	// The word of s, from s up.
	d := int64(bits.OnesCount64(m.used[ws] >> (s & 63)))
	if ws == top {
		return d
	}
	if top-ws <= 16 {
		// Near the top: count whole words.
		for w := ws + 1; w <= top; w++ {
			d += int64(bits.OnesCount64(m.used[w]))
		}
		return d
	}

	// The rest of s's line.
	ls := s >> lineShift
	for w := ws + 1; w < (ls+1)*lineWords; w++ {
		d += int64(bits.OnesCount64(m.used[w]))
	}

	// Whole lines: up to the clock's if no sealed block lies between,
	// else to the end of s's block, the sealed blocks from the tree,
	// and the open lines.
	topLine := m.clock >> lineShift
	bs := s >> blockShift
	first := ls + 1
	if bs+1 < m.open {
		for _, c := range m.lines[first : (bs+1)*blockLines] {
			d += int64(c)
		}
		d += m.sealed - m.prefix(int(bs)+1)
		first = m.open * blockLines
	}
	for _, c := range m.lines[first : topLine+1] {
		d += int64(c)
	}
	return d
}

// prefix returns the count of the sealed blocks 0…i−1.
func (m *Machine) prefix(i int) int64 {
	fen := m.fen
	var s int32
	for ; i > 0 && i < len(fen); i &= i - 1 {
		s += fen[i]
	}
	return int64(s)
}

// add adds v to block i (0-based) in the tree.
func (m *Machine) add(i int, v int32) {
	fen := m.fen
	for i = i + 1; uint(i) < uint(len(fen)); i += i & -i {
		fen[i] += v
	}
}

// bump gives slot id the next stamp.
func (m *Machine) bump(id int32) {
	p := &m.stamps[id>>chunkBits][id&chunkMask]
	s := *p
	m.used[s>>6] &^= 1 << (s & 63)
	m.lines[s>>lineShift]--
	if s>>blockShift < m.open {
		m.add(int(s>>blockShift), -1)
		m.sealed--
	}
	*p = m.tick()
}

// push adds a new slot on top and returns its id.
func (m *Machine) push() int32 {
	if m.slots >= math.MaxInt32 {
		panic(errTooMany)
	}
	m.slots++
	id := m.slots
	if id>>chunkBits == len(m.stamps) {
		m.stamps = append(m.stamps, make([]uint32, chunkSize))
	}
	m.stamps[id>>chunkBits][id&chunkMask] = m.tick()
	return int32(id)
}

// tick advances the clock, marks the new stamp used and returns it.
// Blocks the clock has left are sealed into the tree.
func (m *Machine) tick() uint32 {
	m.clock++
	c := m.clock
	for m.open < c>>blockShift {
		n := m.blockCount(m.open)
		if n > 0 {
			m.add(int(m.open), int32(n))
			m.sealed += int64(n)
		}
		m.open++
	}
	m.used[c>>6] |= 1 << (c & 63)
	m.lines[c>>lineShift]++
	return c
}

// renumber replaces every stamp by its rank (order is kept), sets the
// clock to the number of slots and rebuilds the bitset and the tree,
// growing the capacity to at least growth × live + need.
func (m *Machine) renumber(need int) {
	m.Renumber++
	live := uint64(m.slots)

	// Rank of stamp s: used stamps in the words before s's, plus those
	// at or below s in its word.
	cum := make([]uint32, len(m.used)+1)
	for i, u := range m.used {
		cum[i+1] = cum[i] + uint32(bits.OnesCount64(u))
	}
	for id := 1; id <= m.slots; {
		c := id >> chunkBits
		hi := min(chunkSize, m.slots-c<<chunkBits+1)
		chunk := m.stamps[c][id&chunkMask : hi]
		for i, s := range chunk {
			below := m.used[s>>6] << (63 - s&63)
			chunk[i] = cum[s>>6] + uint32(bits.OnesCount64(below))
		}
		id = (c + 1) << chunkBits
	}

	want := uint64(m.growth)*live + uint64(need)
	if live+uint64(need) > maxStamp {
		panic(errTooMany)
	}
	want = min(want, maxStamp)
	if want > uint64(m.capacity) {
		m.setCapacity(uint32(min(want|63, maxStamp)))
	} else {
		m.clearCounts()
	}

	// Stamps 1…live are used; seal the full words below the clock and
	// build the tree in O(words).
	m.clock = uint32(live)
	for p := uint64(1); p <= live; {
		w := p >> 6
		if p&63 == 0 && p+63 <= live {
			m.used[w] = ^uint64(0)
			p += 64
			continue
		}
		m.used[w] |= 1 << (p & 63)
		p++
	}
	for i := range m.lines {
		n := 0
		for _, u := range m.used[i*lineWords : (i+1)*lineWords] {
			n += bits.OnesCount64(u)
		}
		m.lines[i] = uint16(n)
	}
	m.open = m.clock >> blockShift
	m.sealed = 0
	for i := uint32(0); i < m.open; i++ {
		n := int32(m.blockCount(i))
		m.sealed += int64(n)
		m.fen[i+1] += n
	}
	for i := 1; i < len(m.fen); i++ {
		if j := i + (i & -i); j < len(m.fen) {
			m.fen[j] += m.fen[i]
		}
	}
}
