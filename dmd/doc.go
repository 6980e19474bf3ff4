// Package dmd prices programs by ByteDMD, a cost model of data movement
// (cybertronai/ByteDMD, its tracer and README as of early April 2026;
// the rules are summarised in README.md, "Data movement").
//
// # Model
//
// Memory is one LRU stack with a slot per scalar value; depth 1 is the
// most recently used slot. Arguments are pushed free of charge, in call
// order, matrices row-major. An instruction with operands u1…um
//
//  1. prices every operand that is a stack value at ceil(sqrt(d)), d its
//     depth before the instruction (a value used twice is priced twice
//     at the same depth);
//  2. moves the operands to the top one after another, in operand order;
//  3. pushes its result as a new slot, free.
//
// Constants (literals, hyper-parameters, loop counters) live outside the
// stack: never priced, never moved. Nothing leaves the stack. Branching
// on a stack value reads it (priced and moved) and pushes nothing.
//
// With w bytes per element a slot at depth d costs
// Σ ceil(sqrt(t)) for t = (d−1)w+1 … dw; w = 1 is the model's default.
//
// # Algorithm
//
// Machine never keeps the stack as a list. Every slot holds a timestamp
// from a clock that ticks on each push and each move; stack order is
// timestamp order, so the depth of a slot is the number of live slots
// whose stamp is at least its own (LRU stack distance after Bennett and
// Kruskal; Olken's tree variant). The used stamps are bits of a bitset,
// counted at three levels: popcounts within a 64-bit word, a count per
// 64-byte line of words, and a Fenwick tree over blocks of 8192 stamps
// that the clock has left. A depth costs O(log N); reads near the top of
// the stack, where most land, cost a few popcounts and never touch the
// tree, and neither do the moves of slots stamped within the current
// block. When the clock reaches the
// capacity the stamps are renumbered to their ranks 1…live between
// instructions, in O(capacity), with the capacity kept at least twice
// the live slots: amortised O(log N) per read.
//
// Num is a float64 that knows its slot. The arithmetic methods of
// Machine compute the real value (FMA with math.FMA, so that traced
// numbers equal the untraced ones bit for bit) and price the
// instruction.
//
// References:
//
//	C. Bennett and V. Kruskal, LRU stack processing, IBM J. Res. Dev. 19(4), 1975.
//	F. Olken, Efficient methods for calculating the success function of
//	fixed-space replacement policies, LBL-12370, 1981.
package dmd
