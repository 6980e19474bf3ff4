// Package pipeline traces the three methods of the LOCOCODE experiment
// (LOCOCODE, PCA, FastICA) under the ByteDMD model of package dmd,
// instruction by instruction in the loop order of the project's Go
// specification code: kernel/*_generic.go, kernel/step.go, linalg/ and
// lococode/. Each traced function mirrors one untraced function line by
// line on dmd.Num values, which carry the real float64 values, so a
// trace returns the same numbers as lococode.RunSeed on the generic
// kernels, bit for bit (TestTraceMatchesRunSeed).
//
// # What is an instruction
//
// Priced (operands read, result pushed): +, −, ×, ÷, negation, sqrt,
// tanh, abs, max, hypot, copysign, and the power-of-two scale that
// EigSym takes from its largest entry (math.Frexp and math.Ldexp, one
// instruction). Every math.FMA(a, b, s) of the kernels is a multiply
// (a, b) then an add (s, product), its value the fused one. A
// comparison (<, ≤, >, ≥, ==) is an instruction with a result slot, and
// the if or switch on it is a branch that reads that slot and pushes
// nothing; sign(h) in the step is the comparisons h > 0 and, when that
// fails, h < 0.
//
// Free: constants (literals, the hyper-parameters lr, λ, 1/n and the
// like, the zeros a kernel clears its output to), indexing, copying and
// transposing references (batch rows, mirrored triangles, clones,
// swaps), integer counters (the sparsity counts), the shuffles, and
// the random draws of the initial weights, which are pushed as new
// slots at the moment they are drawn, as arguments are. An instruction
// whose operands are all constants is folded away.
//
// Not traced: the data generation (its X and A are the arguments,
// pushed at entry in that order; only the Amari distance reads A), and
// the guards that only reject bad input (finite checks, the rank tests
// of the whitener and of the symmetric decorrelation).
//
// The write-up's straightforward step (H = Zb·Wᵀ and E = H·W − Zb
// formed, then HᵀE, EᵀH and sign(H)ᵀZb) is traced as the method
// LOCOCODEDirect beside kernel.Step's single pass, so that the cost of
// the formulation and loop order is visible.
package pipeline
