// Command gen writes the AVX2+FMA assembly of package kernel/asm and
// its Go declarations with avo. Run it through go generate in this
// directory; see ../doc.go.
package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

//go:generate go run . -out ../avx2_amd64.s -stubs ../stubs_amd64.go -pkg asm

func main() {
	ConstraintExpr("!purego")
	constants()
	gemm()
	batchMoments8()
	batchMoments8F32()
	forwardMoments8F32()
	forwardMoments8()
	tanhContrast8()
	tanhContrast8F32()
	stepUpdate()
	stepTail8()
	stepRows8F32()
	moments()
	tanhRows()
	fmaPeak()
	Generate()
}

// Vector constants, each replicated to 32 bytes so that instructions
// can take them as memory operands.
var (
	cOne, cTwo, cAbs, cSign Mem
	cOneF32                 Mem // 1.0 in each of 8 float32 lanes
	cZero                   Mem // 32 zero bytes

	// Constants of tanh32, replicated over 8 float32 lanes.
	c32Abs, c32Sign, c32Clip, c32Log2e, c32Magic Mem
	c32Ln2Hi, c32Ln2Lo, c32Bias, c32One, c32Two  Mem
	c32Exp                                       []Mem
	cMask                                        Mem // masks for 1, 2 and 3 lanes at 32, 64, 96
	cIota                                        Mem // 0, 1, 2, 3 as int64
	cStride8, cStride8Half                       Mem // 64·(0, 1, 2, 3) and 256 as int64
	cTanhMax, cLog2e, cMagic                     Mem
	cLn2Hi, cLn2Lo, cBias                        Mem
	cExp                                         []Mem
	cRot32                                       Mem // lane i of vector r (at 32r) is (i+r)%8, int32, r = 0…7
	cUnit                                        Mem // vector i (at 32i) is 1.0 in lane i, 0 elsewhere, float64
	cPCG                                         Mem // PCG-DXSM: mulLo, mulHi, incLo, incHi, the DXSM multiplier
)

func vec(name string, v float64) Mem {
	m := GLOBL(name, RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(math.Float64bits(v)))
	}
	return m
}

func vecBits(name string, v uint64) Mem {
	m := GLOBL(name, RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(v))
	}
	return m
}

func constants() {
	cOne = vec("one", 1)
	cRot32 = GLOBL("rot32", RODATA|NOPTR)
	for r := 0; r < 8; r++ {
		for i := 0; i < 8; i++ {
			DATA(32*r+4*i, U32((i+r)%8))
		}
	}
	cPCG = GLOBL("pcg", RODATA|NOPTR)
	for i, v := range []uint64{4865540595714422341, 2549297995355413924, 1442695040888963407,
		6364136223846793005, 0xda942042e4dd58b5} {
		DATA(8*i, U64(v))
	}
	cUnit = GLOBL("unit", RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		for l := 0; l < 4; l++ {
			v := 0.0
			if l == i {
				v = 1
			}
			DATA(32*i+8*l, U64(math.Float64bits(v)))
		}
	}
	cOneF32 = GLOBL("onef32", RODATA|NOPTR)
	for i := 0; i < 8; i++ {
		DATA(4*i, U32(math.Float32bits(1)))
	}
	vec32 := func(name string, bits uint32) Mem {
		m := GLOBL(name, RODATA|NOPTR)
		for i := 0; i < 8; i++ {
			DATA(4*i, U32(bits))
		}
		return m
	}
	f32 := func(name string, v float32) Mem { return vec32(name, math.Float32bits(v)) }
	c32Abs = vec32("abs32", 0x7fffffff)
	c32Sign = vec32("sign32", 0x80000000)
	c32Clip = f32("clip32", 10)
	c32Log2e = f32("log2e32", float32(math.Log2E))
	c32Magic = f32("magic32", 0x1.8p23)
	c32Ln2Hi = f32("ln2hi32", 0.693145751953125)
	c32Ln2Lo = f32("ln2lo32", 1.428606765330187e-06)
	c32Bias = vec32("bias32", 127<<23)
	c32One = f32("one32", 1)
	c32Two = f32("two32", 2)
	c32Exp = []Mem{c32One}
	fact := float32(1)
	for i := 1; i <= 7; i++ {
		fact *= float32(i)
		c32Exp = append(c32Exp, f32(fmt.Sprintf("exp32c%d", i), 1/fact))
	}
	cZero = GLOBL("zero", RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(0))
	}
	cTwo = vec("two", 2)
	cSign = vecBits("signmask", 1<<63)
	cAbs = vecBits("absmask", 1<<63-1)
	cStride8 = GLOBL("stride8", RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(64*i))
	}
	cStride8Half = vecBits("stride8half", 4*64)
	cIota = GLOBL("iota", RODATA|NOPTR)
	for i := 0; i < 4; i++ {
		DATA(8*i, U64(i))
	}
	cMask = GLOBL("lanemask", RODATA|NOPTR)
	for r := 0; r < 4; r++ {
		for i := 0; i < 4; i++ {
			var v uint64
			if i < r {
				v = math.MaxUint64
			}
			DATA(32*r+8*i, U64(v))
		}
	}

	// tanh as m/(m+2), m = expm1(2|x|); see tanhVec.
	cTanhMax = vec("tanhmax", 20) // tanh(x) rounds to 1 beyond 19.07
	// expm1 of 2^n·e^r: n, r = x − n·ln2 with ln2 in two parts, and the
	// Taylor coefficients 1/i! of e^r for i = 1..13 in cExp[i] (cExp[0]
	// = 1 is not used).
	cLog2e = vec("log2e", math.Log2E)
	cMagic = vec("magic", 0x1.8p52)
	cLn2Hi = vec("ln2hi", 6.93147180369123816490e-01)
	cLn2Lo = vec("ln2lo", 1.90821492927058770002e-10)
	cBias = vecBits("expbias", 1023<<52)
	cExp = []Mem{cOne}
	f := 1.0
	for i := 1; i <= 13; i++ {
		f *= float64(i)
		cExp = append(cExp, vec(fmt.Sprintf("exp%d", i), 1/f))
	}
}

// Registers of the product kernels. The tile of up to 6 rows × 8
// columns of the result lives in Y0–Y11 (row i, half v in Y[2i+v]), the
// two halves of a row of b in Y12 and Y13, the broadcast element of a in
// Y14; Y15 holds the lane mask of a partial column block.
var (
	rsa  = R8  // bytes between rows of a
	csa  = R9  // bytes between columns of a
	ldb  = R10 // bytes between rows of b
	ldc  = R11 // bytes between rows of dst
	jb   = R12 // first column of the block
	ib   = R13 // first row of the tile
	mlim = R14 // rows of this column block
	mptr = R15 // address of the lane mask of a partial block
	pa   = RSI // a at row ib, column l
	pa3  = RDI // a at row ib+3, column l
	pb   = RBX // b at row l, column jb
	cnt  = RCX // inner loop counter
)

const mr = 6 // rows of a full tile

// Locals of momentsAVX2: the running count of small entries per lane
// and the threshold small in each lane.
var count, small Mem

// block describes the columns of one column block: nv vectors of 4, the
// last one partial when masked.
type block struct {
	nv     int
	masked bool
}

var blocks = []block{{2, false}, {2, true}, {1, false}, {1, true}}

func acc(i, v, nv int) VecPhysical {
	return []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11}[i*nv+v]
}

// rowAddr is the address of row i of the tile whose first row is at
// base and the fourth at base3, rows ld bytes apart.
func rowAddr(base, base3, ld Register, i, disp int) Mem {
	if i >= 3 {
		base, i = base3, i-3
	}
	m := Mem{Base: base, Disp: disp}
	if i > 0 {
		m.Index, m.Scale = ld, uint8(i)
	}
	return m
}

// Epilogues of the product tile.
const (
	modeAcc   = 1 // start from dst instead of zero
	modeSign  = 2 // store sign(result) instead of result
	modeUpper = 8 // skip the tiles below the diagonal
)

type kind int

const (
	kindGemm kind = iota
	kindMoments
)

func gemm() {
	TEXT("gemmAVX2", NOSPLIT, "func(dst, a, b *float64, m, p, q, rsa, csa, ldb, ldc, mode int)")
	Pragma("noescape")
	Doc(
		"gemmAVX2 sets the m×q matrix dst (row stride ldc) to a·b, where",
		"element (i, l) of the m×p matrix a is a[i*rsa+l*csa] and b is p×q",
		"with row stride ldb. It replaces",
		"",
		"\tfor i := 0; i < m; i++ {",
		"\t\tfor j := 0; j < q; j++ {",
		"\t\t\tvar s float64 // dst[i*ldc+j] if mode&modeAcc != 0",
		"\t\t\tfor l := 0; l < p; l++ {",
		"\t\t\t\ts += a[i*rsa+l*csa] * b[l*ldb+j]",
		"\t\t\t}",
		"\t\t\tdst[i*ldc+j] = s // sign(s) if mode&modeSign != 0",
		"\t\t}",
		"\t}",
		"",
		"summing in the same order with fused multiply-adds. With",
		"mode&modeUpper, tiles wholly below the diagonal (j < i) are skipped.",
	)
	products(kindGemm)
}

func moments() {
	TEXT("momentsAVX2", NOSPLIT, "func(sums, z, wt *float64, n, k int, small float64) int64")
	Pragma("noescape")
	Doc(
		"momentsAVX2 adds the power sums of the columns of H = z·wt",
		"(z n×k, wt k×k) to sums (5×k) and returns the count of |h| < small.",
		"It replaces",
		"",
		"\tfor r := 0; r < n; r++ {",
		"\t\tfor i := 0; i < k; i++ {",
		"\t\t\tvar h float64",
		"\t\t\tfor j := 0; j < k; j++ {",
		"\t\t\t\th += z[r*k+j] * wt[j*k+i]",
		"\t\t\t}",
		"\t\t\th2 := h * h",
		"\t\t\tsums[i] += h",
		"\t\t\tsums[k+i] += h2",
		"\t\t\tsums[2*k+i] += h2 * h",
		"\t\t\tsums[3*k+i] += h2 * h2",
		"\t\t\tsums[4*k+i] += math.Abs(h)",
		"\t\t\tif math.Abs(h) < small {",
		"\t\t\t\tcount++",
		"\t\t\t}",
		"\t\t}",
		"\t}",
		"",
		"computing h with fused multiply-adds in the same order.",
	)
	products(kindMoments)
}

// products emits the column-block and row-tile loops shared by gemmAVX2
// and momentsAVX2.
func products(kd kind) {
	if kd == kindGemm {
		Load(Param("rsa"), rsa)
		Load(Param("csa"), csa)
		Load(Param("ldb"), ldb)
		Load(Param("ldc"), ldc)
		for _, r := range []Register{rsa, csa, ldb, ldc} {
			SHLQ(U8(3), r)
		}
	} else {
		local := AllocLocal(64)
		count, small = local, local.Offset(32)
		VPXOR(Y0, Y0, Y0)
		VMOVDQU(Y0, count)
		VBROADCASTSD(paramAddr("small"), Y0)
		VMOVUPD(Y0, small)
		Load(Param("k"), rsa)
		SHLQ(U8(3), rsa)
		MOVQ(U32(8), csa)
		MOVQ(rsa, ldb)
		MOVQ(rsa, ldc)
	}
	XORQ(jb, jb)

	Label("col")
	q := RAX
	if kd == kindGemm {
		Load(Param("q"), q)
		Load(Param("m"), mlim)
	} else {
		Load(Param("k"), q)
		Load(Param("n"), mlim)
	}
	CMPQ(jb, q)
	JGE(LabelRef("done"))
	if kd == kindGemm {
		// Under modeUpper the block of columns jb..jb+7 needs rows up to
		// min(m, jb+8, q) only.
		Load(Param("mode"), RDX)
		TESTQ(U32(modeUpper), RDX)
		JZ(LabelRef("full"))
		LEAQ(Mem{Base: jb, Disp: 8}, RDX)
		CMPQ(RDX, q)
		CMOVQGT(q, RDX)
		CMPQ(RDX, mlim)
		CMOVQLT(RDX, mlim)
		Label("full")
	}
	XORQ(ib, ib)
	SUBQ(jb, q) // columns left
	MOVQ(q, RDX)
	ANDQ(U8(3), RDX)
	SHLQ(U8(5), RDX)
	LEAQ(cMask, mptr)
	ADDQ(RDX, mptr)
	VMOVUPD(Mem{Base: mptr}, Y15)
	CMPQ(q, U8(8))
	JGE(LabelRef("b0"))
	CMPQ(q, U8(4))
	JG(LabelRef("b1"))
	JE(LabelRef("b2"))
	JMP(LabelRef("b3"))

	for bi, blk := range blocks {
		name := fmt.Sprintf("b%d", bi)
		// Tiles of 6 rows, except that 8 rows left make two tiles of 4
		// (8 accumulators cover the FMA latency, 2 do not), then one
		// tile of the 1–5 rows left.
		Label(name)
		Label(name + "loop")
		MOVQ(mlim, RAX)
		SUBQ(ib, RAX)
		CMPQ(RAX, U8(8))
		JE(LabelRef(name + "r4"))
		CMPQ(RAX, U8(mr))
		JL(LabelRef(name + "rem"))
		tile(kd, blk, mr, name+"r6")
		ADDQ(U8(mr), ib)
		JMP(LabelRef(name + "loop"))

		Label(name + "rem")
		for r := 1; r < mr; r++ {
			CMPQ(RAX, U8(r))
			JE(LabelRef(fmt.Sprintf("%sr%d", name, r)))
		}
		JMP(LabelRef("next"))
		for r := 1; r < mr; r++ {
			tile(kd, blk, r, fmt.Sprintf("%sr%d", name, r))
			ADDQ(U8(r), ib)
			JMP(LabelRef(name + "loop"))
		}
	}

	Label("next")
	ADDQ(U8(8), jb)
	JMP(LabelRef("col"))

	Label("done")
	if kd == kindMoments {
		// The count is the sum of the four lanes.
		XORQ(RAX, RAX)
		for i := 0; i < 4; i++ {
			ADDQ(count.Offset(8*i), RAX)
		}
		Store(RAX, ReturnIndex(0))
	}
	VZEROUPPER()
	RET()
}

// tile emits the product of one tile of rows rows and blk's columns,
// starting at row ib and column jb, and its epilogue.
func tile(kd kind, blk block, rows int, name string) {
	nv := blk.nv
	Label(name)
	Commentf("Tile of %d rows × %d vectors%s.", rows, nv, map[bool]string{true: ", last partial"}[blk.masked])

	// pa = a + ib*rsa, pa3 = pa + 3*rsa, pb = b + jb*8.
	if kd == kindGemm {
		Load(Param("a"), pa)
		Load(Param("b"), pb)
	} else {
		Load(Param("z"), pa)
		Load(Param("wt"), pb)
	}
	MOVQ(ib, RAX)
	IMULQ(rsa, RAX)
	ADDQ(RAX, pa)
	LEAQ(Mem{Base: pa, Index: rsa, Scale: 2}, pa3)
	ADDQ(rsa, pa3)
	LEAQ(Mem{Base: pb, Index: jb, Scale: 8}, pb)

	// The destination rows: RAX at row ib, RDX at row ib+3.
	dst := func() {
		if kd == kindGemm {
			Load(Param("dst"), RAX)
			MOVQ(ib, RDX)
			IMULQ(ldc, RDX)
			ADDQ(RDX, RAX)
		} else {
			Load(Param("sums"), RAX)
		}
		LEAQ(Mem{Base: RAX, Index: jb, Scale: 8}, RAX)
		LEAQ(Mem{Base: RAX, Index: ldc, Scale: 2}, RDX)
		ADDQ(ldc, RDX)
	}
	loadVec := func(m Mem, masked bool, y VecPhysical) {
		if masked {
			VMASKMOVPD(m, Y15, y)
		} else {
			VMOVUPD(m, y)
		}
	}
	storeVec := func(y VecPhysical, masked bool, m Mem) {
		if masked {
			VMASKMOVPD(y, Y15, m)
		} else {
			VMOVUPD(y, m)
		}
	}
	// Start from zero, or from dst under modeAcc.
	for i := 0; i < rows; i++ {
		for v := 0; v < nv; v++ {
			VXORPD(acc(i, v, nv), acc(i, v, nv), acc(i, v, nv))
		}
	}
	if kd == kindGemm {
		Load(Param("mode"), RDX)
		TESTQ(U32(modeAcc), RDX)
		JZ(LabelRef(name + "zero"))
		dst()
		for i := 0; i < rows; i++ {
			for v := 0; v < nv; v++ {
				masked := blk.masked && v == nv-1
				m := rowAddr(RAX, RDX, ldc, i, 32*v)
				if masked {
					VMASKMOVPD(m, Y15, acc(i, v, nv))
				} else {
					VMOVUPD(m, acc(i, v, nv))
				}
			}
		}
		Label(name + "zero")
	}

	// Inner loop over l, one row of b and one column of a per pass.
	if kd == kindGemm {
		Load(Param("p"), cnt)
	} else {
		Load(Param("k"), cnt)
	}
	TESTQ(cnt, cnt)
	JZ(LabelRef(name + "epi"))
	Label(name + "inner")
	bv := []VecPhysical{Y12, Y13}
	for v := 0; v < nv; v++ {
		loadVec(Mem{Base: pb, Disp: 32 * v}, blk.masked && v == nv-1, bv[v])
	}
	for i := 0; i < rows; i++ {
		VBROADCASTSD(rowAddr(pa, pa3, rsa, i, 0), Y14)
		for v := 0; v < nv; v++ {
			// A fused multiply-add: on this Zen 3 a VMULPD and a VADDPD
			// instead, which would round as the Go loop does, measured
			// 0.65 of the FMA rate.
			VFMADD231PD(bv[v], Y14, acc(i, v, nv))
		}
	}
	ADDQ(csa, pa)
	ADDQ(csa, pa3)
	ADDQ(ldb, pb)
	DECQ(cnt)
	JNZ(LabelRef(name + "inner"))

	Label(name + "epi")
	dst()
	if kd == kindMoments {
		momentsEpilogue(blk, rows)
		return
	}
	Load(Param("mode"), cnt)
	TESTQ(U32(modeSign), cnt)
	JZ(LabelRef(name + "store"))

	// sign(x) = (x > 0) − (x < 0) as 1.0 or 0.0 each; NaN gives 0.
	VXORPD(Y14, Y14, Y14)
	VMOVUPD(cOne, Y13)
	for i := 0; i < rows; i++ {
		for v := 0; v < nv; v++ {
			x := acc(i, v, nv)
			VCMPPD(U8(0x1e), Y14, x, Y12) // x > 0, ordered
			VANDPD(Y13, Y12, Y12)
			VCMPPD(U8(0x11), Y14, x, x) // x < 0, ordered
			VANDPD(Y13, x, x)
			VSUBPD(x, Y12, x)
		}
	}

	Label(name + "store")
	for i := 0; i < rows; i++ {
		for v := 0; v < nv; v++ {
			storeVec(acc(i, v, nv), blk.masked && v == nv-1, rowAddr(RAX, RDX, ldc, i, 32*v))
		}
	}
}

// momentsEpilogue adds the tile's rows to the five power sums at RAX
// (rows of sums ldc bytes apart; RDX is the fourth) and the count of
// small entries to the vector count.
func momentsEpilogue(blk block, rows int) {
	nv := blk.nv
	for v := 0; v < nv; v++ {
		masked := blk.masked && v == nv-1
		load, store := maskedMoves(masked)
		off := 32 * v
		s1 := Mem{Base: RAX, Disp: off}
		s2 := Mem{Base: RAX, Index: ldc, Scale: 1, Disp: off}
		s3 := Mem{Base: RAX, Index: ldc, Scale: 2, Disp: off}
		s4 := Mem{Base: RDX, Disp: off}
		sa := Mem{Base: RAX, Index: ldc, Scale: 4, Disp: off}

		// Σh and Σh².
		load(s1, Y12)
		load(s2, Y13)
		for i := 0; i < rows; i++ {
			h := acc(i, v, nv)
			VADDPD(h, Y12, Y12)
			VFMADD231PD(h, h, Y13)
		}
		store(Y12, s1)
		store(Y13, s2)

		// Σ|h| and the count of |h| < small, as −1 per lane in Y14.
		load(sa, Y12)
		VXORPD(Y14, Y14, Y14)
		for i := 0; i < rows; i++ {
			VANDPD(cAbs, acc(i, v, nv), Y13)
			VADDPD(Y13, Y12, Y12)
			VCMPPD(U8(0x11), small, Y13, Y13) // |h| < small, ordered
			VPADDQ(Y13, Y14, Y14)
		}
		store(Y12, sa)
		if masked {
			VANDPD(Y15, Y14, Y14)
		}
		VMOVDQU(count, Y13)
		VPSUBQ(Y14, Y13, Y13)
		VMOVDQU(Y13, count)

		// Σh³ and Σh⁴; h is overwritten by h².
		load(s3, Y12)
		load(s4, Y14)
		for i := 0; i < rows; i++ {
			h := acc(i, v, nv)
			VMULPD(h, h, Y13)
			VFMADD231PD(Y13, h, Y12)
			VFMADD231PD(Y13, Y13, Y14)
		}
		store(Y12, s3)
		store(Y14, s4)
	}
}

func tanhRows() {
	TEXT("tanhAVX2", NOSPLIT, "func(y, h *float64, n int)")
	Pragma("noescape")
	Doc(
		"tanhAVX2 replaces each of the n entries of y by its tanh and sets",
		"h to 1 − tanh². It replaces",
		"",
		"\tfor i := 0; i < n; i++ {",
		"\t\tg := math.Tanh(y[i])",
		"\t\ty[i], h[i] = g, 1-g*g",
		"\t}",
		"",
		"with tanh accurate to a few ulp (see TanhContrastAVX2).",
	)
	py, ph, n := RSI, RDI, RCX

	// Three vectors at a time, interleaved instruction by instruction,
	// then one at a time, then the last 1–3 entries under a lane mask.
	regs := [][]VecPhysical{
		{Y0, Y1, Y2, Y3, Y4},
		{Y5, Y6, Y7, Y8, Y9},
		{Y10, Y11, Y12, Y13, Y14},
	}
	var xs, hs []Mem
	for v := range regs {
		xs = append(xs, Mem{Base: py, Disp: 32 * v})
		hs = append(hs, Mem{Base: ph, Disp: 32 * v})
	}
	Load(Param("y"), py)
	Load(Param("h"), ph)
	Load(Param("n"), n)
	Label("loop3")
	CMPQ(n, U8(12))
	JL(LabelRef("loop1"))
	tanhVec(xs, hs, regs, false)
	ADDQ(U8(96), py)
	ADDQ(U8(96), ph)
	SUBQ(U8(12), n)
	JMP(LabelRef("loop3"))

	Label("loop1")
	CMPQ(n, U8(4))
	JL(LabelRef("tail"))
	tanhVec(xs[:1], hs[:1], regs[:1], false)
	ADDQ(U8(32), py)
	ADDQ(U8(32), ph)
	SUBQ(U8(4), n)
	JMP(LabelRef("loop1"))

	Label("tail")
	TESTQ(n, n)
	JZ(LabelRef("done"))
	SHLQ(U8(5), n)
	LEAQ(cMask, RAX)
	VMOVUPD(Mem{Base: RAX, Index: n, Scale: 1}, Y15)
	tanhVec(xs[:1], hs[:1], regs[:1], true)

	Label("done")
	VZEROUPPER()
	RET()

	colSums()
}

// tanhVec sets the vectors at xs to their tanh and those at hs to
// 1 − tanh², interleaving the vectors instruction by instruction; each
// uses the five registers of its entry of regs, constants go through
// Y15 when there are several vectors, and masked loads and stores use
// the lane mask in Y15.
//
// With a = |x| and m = e^{2a} − 1,
//
//	tanh a = m / (m + 2),
//
// m computed as expm1: 2a = n·ln2 + r with |r| ≤ ln2/2, e^r − 1 = r·P(r)
// with P the Taylor polynomial of (e^r − 1)/r to r¹² (next term below
// 2e-17), and m = 2^n·(e^r − 1) + (2^n − 1), which keeps full relative
// accuracy for small a where e^{2a} − 1 would cancel. 2a is clipped at
// 40, where tanh rounds to 1 (beyond 19.07). The sign of x is put back
// at the end, so tanh(±0) = ±0 and ±Inf gives ±1; NaN propagates
// through min(20, a).
func tanhVec(xs, hs []Mem, regs [][]VecPhysical, masked bool) {
	each := func(f func(m, h Mem, r []VecPhysical)) {
		for v := range regs {
			f(xs[v], hs[v], regs[v])
		}
	}
	// eachC passes the constant c to f for each vector: from Y15, loaded
	// once, when there are several (a memory operand per instruction
	// made the loop bound by loads), else as a memory operand.
	eachC := func(c Mem, f func(c Op, r []VecPhysical)) {
		var op Op = c
		if len(regs) > 1 {
			VMOVUPD(c, Y15)
			op = Y15
		}
		for v := range regs {
			f(op, regs[v])
		}
	}
	load, store := maskedMoves(masked)

	// R0 = |x|; R1 = 2·min(20, a), NaN if a is; R2 = t = R1·log2e +
	// 1.5·2⁵², whose low bits hold n; R3 = n.
	each(func(m, _ Mem, r []VecPhysical) { load(m, r[0]) })
	eachC(cAbs, func(c Op, r []VecPhysical) { VANDPD(c, r[0], r[0]) })
	eachC(cTanhMax, func(c Op, r []VecPhysical) { VMOVUPD(c, r[1]) })
	each(func(_, _ Mem, r []VecPhysical) { VMINPD(r[0], r[1], r[1]) })
	each(func(_, _ Mem, r []VecPhysical) { VADDPD(r[1], r[1], r[1]) })
	eachC(cMagic, func(c Op, r []VecPhysical) { VMOVUPD(c, r[2]) })
	eachC(cLog2e, func(c Op, r []VecPhysical) { VFMADD231PD(c, r[1], r[2]) })
	eachC(cMagic, func(c Op, r []VecPhysical) { VSUBPD(c, r[2], r[3]) })

	// R1 = r = 2a − n·ln2 in two parts; R0 = r²; R3 = P(r) as
	// E(r²) + r·O(r²), two Horner chains (R3, R4) of half the latency;
	// R3 = e^r − 1 = r·P(r).
	eachC(cLn2Hi, func(c Op, r []VecPhysical) { VFNMADD231PD(c, r[3], r[1]) })
	eachC(cLn2Lo, func(c Op, r []VecPhysical) { VFNMADD231PD(c, r[3], r[1]) })
	each(func(_, _ Mem, r []VecPhysical) { VMULPD(r[1], r[1], r[0]) })
	eachC(cExp[13], func(c Op, r []VecPhysical) { VMOVUPD(c, r[3]) })
	eachC(cExp[12], func(c Op, r []VecPhysical) { VMOVUPD(c, r[4]) })
	for i := 11; i >= 1; i -= 2 {
		eachC(cExp[i], func(c Op, r []VecPhysical) { VFMADD213PD(c, r[0], r[3]) })
		if i > 1 {
			eachC(cExp[i-1], func(c Op, r []VecPhysical) { VFMADD213PD(c, r[0], r[4]) })
		}
	}
	each(func(_, _ Mem, r []VecPhysical) { VFMADD231PD(r[4], r[1], r[3]) })
	each(func(_, _ Mem, r []VecPhysical) { VMULPD(r[1], r[3], r[3]) })

	// R2 = 2^n; R0 = 2^n − 1; R3 = m = 2^n·(e^r − 1) + (2^n − 1).
	each(func(_, _ Mem, r []VecPhysical) { VPSLLQ(U8(52), r[2], r[2]) })
	eachC(cBias, func(c Op, r []VecPhysical) { VPADDQ(c, r[2], r[2]) })
	eachC(cOne, func(c Op, r []VecPhysical) { VSUBPD(c, r[2], r[0]) })
	each(func(_, _ Mem, r []VecPhysical) { VFMADD213PD(r[0], r[2], r[3]) })

	// R1 = m / (m + 2), with the sign of x.
	eachC(cTwo, func(c Op, r []VecPhysical) { VADDPD(c, r[3], r[1]) })
	each(func(_, _ Mem, r []VecPhysical) { VDIVPD(r[1], r[3], r[1]) })
	each(func(m, _ Mem, r []VecPhysical) { load(m, r[0]) })
	eachC(cSign, func(c Op, r []VecPhysical) { VANDPD(c, r[0], r[0]) })
	each(func(_, _ Mem, r []VecPhysical) { VORPD(r[0], r[1], r[1]) })
	each(func(m, _ Mem, r []VecPhysical) { store(r[1], m) })

	// h = 1 − g², one rounding.
	eachC(cOne, func(c Op, r []VecPhysical) { VMOVUPD(c, r[0]) })
	each(func(_, _ Mem, r []VecPhysical) { VFNMADD231PD(r[1], r[1], r[0]) })
	each(func(_, h Mem, r []VecPhysical) { store(r[0], h) })
}

func colSums() {
	TEXT("colSumsAVX2", NOSPLIT, "func(dst, h *float64, n, k int)")
	Pragma("noescape")
	Doc(
		"colSumsAVX2 adds the column sums of the n×k matrix h to dst (k). It",
		"replaces",
		"",
		"\tfor r := 0; r < n; r++ {",
		"\t\tfor j := 0; j < k; j++ {",
		"\t\t\tdst[j] += h[r*k+j]",
		"\t\t}",
		"\t}",
		"",
		"summing rows r ≡ 0, 1, 2, 3 (mod 4) apart and then together.",
	)
	pd := Load(Param("dst"), RDI)
	k := Load(Param("k"), RDX)
	ld := RBX
	MOVQ(k, ld)
	SHLQ(U8(3), ld)
	Load(Param("h"), RSI)
	XORQ(RAX, RAX) // column

	Label("col")
	MOVQ(k, R8)
	SUBQ(RAX, R8)
	JLE(LabelRef("done"))
	// Y15 = lanes of this block of 4 columns that exist.
	CMPQ(R8, U8(4))
	JL(LabelRef("part"))
	VPCMPEQQ(Y15, Y15, Y15)
	JMP(LabelRef("sum"))
	Label("part")
	SHLQ(U8(5), R8)
	LEAQ(cMask, R9)
	VMOVUPD(Mem{Base: R9, Index: R8, Scale: 1}, Y15)

	Label("sum")
	Load(Param("h"), R10)
	LEAQ(Mem{Base: R10, Index: RAX, Scale: 8}, R10)
	Load(Param("n"), RCX)
	acc := []VecPhysical{Y0, Y1, Y2, Y3}
	for _, a := range acc {
		VXORPD(a, a, a)
	}
	Label("rows4")
	CMPQ(RCX, U8(4))
	JL(LabelRef("rows1"))
	for _, a := range acc {
		VMASKMOVPD(Mem{Base: R10}, Y15, Y4)
		VADDPD(Y4, a, a)
		ADDQ(ld, R10)
	}
	SUBQ(U8(4), RCX)
	JMP(LabelRef("rows4"))
	Label("rows1")
	TESTQ(RCX, RCX)
	JZ(LabelRef("add"))
	VMASKMOVPD(Mem{Base: R10}, Y15, Y4)
	VADDPD(Y4, Y0, Y0)
	ADDQ(ld, R10)
	DECQ(RCX)
	JMP(LabelRef("rows1"))

	Label("add")
	VADDPD(Y1, Y0, Y0)
	VADDPD(Y3, Y2, Y2)
	VADDPD(Y2, Y0, Y0)
	m := Mem{Base: pd, Index: RAX, Scale: 8}
	VMASKMOVPD(m, Y15, Y4)
	VADDPD(Y4, Y0, Y0)
	VMASKMOVPD(Y0, Y15, m)
	ADDQ(U8(4), RAX)
	JMP(LabelRef("col"))

	Label("done")
	VZEROUPPER()
	RET()
}

func fmaPeak() {
	TEXT("fmaPeakAVX2", NOSPLIT, "func(n int)")
	Doc(
		"fmaPeakAVX2 runs n passes of 12 independent VFMADD231PD on YMM",
		"registers, 96n double-precision flops, to measure the core's peak.",
	)
	fmaPeakBody(VFMADD231PD)
	TEXT("fmaPeak32AVX2", NOSPLIT, "func(n int)")
	Doc(
		"fmaPeak32AVX2 is fmaPeakAVX2 with VFMADD231PS: 192n single-precision",
		"flops.",
	)
	fmaPeakBody(VFMADD231PS)
}

// fmaPeakBody emits the loop of the peak functions with the FMA fma.
func fmaPeakBody(fma func(ops ...Op)) {
	Load(Param("n"), RCX)
	for i := 0; i < 12; i++ {
		r := acc(i, 0, 1)
		VXORPD(r, r, r)
	}
	VMOVUPD(cOne, Y12)
	VMOVUPD(cOne, Y13)
	TESTQ(RCX, RCX)
	JZ(LabelRef("done"))
	Label("loop")
	for i := 0; i < 12; i++ {
		fma(Y12, Y13, acc(i, 0, 1))
	}
	DECQ(RCX)
	JNZ(LabelRef("loop"))
	Label("done")
	VZEROUPPER()
	RET()
}

// paramAddr is the address of the named parameter of the function.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}

// batchMoments8 emits BatchMoments for k = 8, the headline size, as one
// function: W transposed and the signs of a chunk of up to 64 rows live
// in its frame, the inner loops over the 8 columns are unrolled, and C
// takes one tile of 12 accumulators for its upper triangle (rows 0–3
// whole, rows 4–7 right half), the lower left block mirrored at the end.
func batchMoments8() {
	TEXT("batchMoments8AVX2", 0, "func(c, s, w, z *float64, rows *int, b, n int, "+
		"j *int, top int, hi, lo uint64) (ok bool, next int, nhi, nlo uint64)")
	Pragma("noescape")
	Doc(
		"batchMoments8AVX2 is BatchMoments for k = 8 on the batch whose row r",
		"is z[8*r:8*r+8], or z[8*rows[r]:8*rows[r]+8] when rows is not nil.",
		"It replaces",
		"",
		"\tfor r := 0; r < b; r++ {",
		"\t\tzr := z[8*r : 8*r+8] // or z[8*rows[r] : 8*rows[r]+8]",
		"\t\tfor i := 0; i < 8; i++ {",
		"\t\t\tvar h float64",
		"\t\t\tfor j := 0; j < 8; j++ {",
		"\t\t\t\th = math.FMA(w[8*i+j], zr[j], h)",
		"\t\t\t}",
		"\t\t\tfor j := 0; j < 8; j++ {",
		"\t\t\t\ts[8*i+j] = math.FMA(sign(h), zr[j], s[8*i+j])",
		"\t\t\t\tc[8*i+j] = math.FMA(zr[i], zr[j], c[8*i+j])",
		"\t\t\t}",
		"\t\t}",
		"\t}",
		"",
		"with c and s first cleared, the same to the bit. Gathered rows are",
		"copied 64 at a time into the frame, two vector moves a row, and",
		"each index is checked against n as it is read: the kernel returns",
		"ok = false, with c and s undefined, at the first one not below n.",
		"",
		"Alongside, one per row in its pass for C, it makes the draws of",
		"kernel.Shuffle for i = top, top−1, …, 1 from the PCG state (hi, lo),",
		"storing draw i at j[i], and returns the state (nhi, nlo) and next,",
		"the i of the next draw; it stops early, with that draw not taken,",
		"when it would need Lemire's rejection step. With top ≤ 0 it makes",
		"no draw.",
	)
	const chunk = 64
	local := AllocLocal(8*64 + 8*8*chunk + 8*8*chunk + 64 + 12*8)
	wt := local
	// Twelve words after the rows: the draw state between chunks, the
	// limit of the draws, and the registers they borrow in the pass for C.
	words := local.Offset(8*64 + 8*8*chunk + 8*8*chunk + 64)
	drawI, drawHi, drawLo, drawLim := words, words.Offset(8), words.Offset(16), words.Offset(24)
	// sg and zl start at the first 64-byte boundary past wt, so that no
	// vector load of a row splits a cache line.
	aligned := R14
	sg, zl := Mem{Base: aligned}, Mem{Base: aligned, Disp: 8 * 8 * chunk}
	LEAQ(local.Offset(8*64+63), aligned)
	ANDQ(I32(-64), aligned)
	pc, ps, pz, left, first := R8, R9, RSI, RCX, R10
	rows, pr, pg := RDX, RDI, RBX
	zbase, prow := R12, R13
	Load(Param("c"), pc)
	Load(Param("s"), ps)

	// wt = Wᵀ.
	Load(Param("w"), RAX)
	for i := 0; i < 8; i++ {
		for j := 0; j < 8; j++ {
			MOVQ(Mem{Base: RAX, Disp: 8 * (8*i + j)}, R11)
			MOVQ(R11, wt.Offset(8*(8*j+i)))
		}
	}

	for _, v := range []struct {
		param string
		slot  Mem
	}{{"top", drawI}, {"hi", drawHi}, {"lo", drawLo}} {
		Load(Param(v.param), RAX)
		MOVQ(RAX, v.slot)
	}
	MOVQ(U32(0), drawLim)

	Load(Param("z"), zbase)
	MOVQ(zbase, pz)
	Load(Param("rows"), prow)
	Load(Param("b"), left)
	XORQ(first, first)
	TESTQ(left, left)
	JNZ(LabelRef("chunk"))
	clear8x8(pc, ps)
	JMP(LabelRef("ret"))

	Label("chunk")
	MOVQ(left, rows)
	MOVQ(U32(chunk), R11)
	CMPQ(rows, R11)
	CMOVQGT(R11, rows)

	// A gathered chunk is copied to zl and read from there.
	Comment("Gather the chunk's rows, if rows is not nil.")
	TESTQ(prow, prow)
	JZ(LabelRef("signs"))
	LEAQ(zl, pz)
	MOVQ(pz, pg)
	XORQ(RAX, RAX)
	Label("gather")
	MOVQ(Mem{Base: prow, Index: RAX, Scale: 8}, R11)
	CMPQ(R11, paramAddr("n"))
	JCC(LabelRef("badrow")) // unsigned ≥: also a negative index
	SHLQ(U8(6), R11)
	VMOVUPD(Mem{Base: zbase, Index: R11, Scale: 1}, Y12)
	VMOVUPD(Mem{Base: zbase, Index: R11, Scale: 1, Disp: 32}, Y13)
	VMOVUPD(Y12, Mem{Base: pg})
	VMOVUPD(Y13, Mem{Base: pg, Disp: 32})
	ADDQ(U8(64), pg)
	INCQ(RAX)
	CMPQ(RAX, rows)
	JL(LabelRef("gather"))

	Label("signs")
	// Signs of H = Zb·Wᵀ for the rows of the chunk, 6 at a time.
	Comment("Signs of the chunk's rows of H.")
	MOVQ(pz, pr)
	LEAQ(sg, pg)
	MOVQ(rows, R11)
	Label("sign6")
	CMPQ(R11, U8(6))
	JL(LabelRef("signrem"))
	signTile8(6, wt, pr, pg)
	ADDQ(U32(6*64), pr)
	ADDQ(U32(6*64), pg)
	SUBQ(U8(6), R11)
	JMP(LabelRef("sign6"))
	Label("signrem")
	for r := 1; r < 6; r++ {
		CMPQ(R11, U8(r))
		JE(LabelRef(fmt.Sprintf("sign%d", r)))
	}
	JMP(LabelRef("cpass"))
	for r := 1; r < 6; r++ {
		Label(fmt.Sprintf("sign%d", r))
		signTile8(r, wt, pr, pg)
		JMP(LabelRef("cpass"))
	}

	// C: Y0–Y7 rows 0–3, Y8–Y11 the right halves of rows 4–7.
	Label("cpass")
	Comment("Upper triangle of C.")
	cregs := func(f func(y VecPhysical, m Mem)) {
		for i := 0; i < 4; i++ {
			f(acc(i, 0, 2), Mem{Base: pc, Disp: 64 * i})
			f(acc(i, 1, 2), Mem{Base: pc, Disp: 64*i + 32})
		}
		for i := 4; i < 8; i++ {
			f(acc(i+4, 0, 1), Mem{Base: pc, Disp: 64*i + 32})
		}
	}
	startAcc(first, cregs, "c")
	MOVQ(pz, pr)
	MOVQ(rows, R11)
	// The draws borrow every other general register: j's base, i, the
	// state and three temporaries, with RAX and RDX.
	spilled := []Register{pc, ps, pz, left, first, rows, zbase, prow}
	for i, r := range spilled {
		MOVQ(r, words.Offset(32+8*i))
	}
	dj, di, dh, dl, t1, t2, t3 := R12, R13, R8, R9, RCX, RSI, R10
	Load(Param("j"), dj)
	MOVQ(drawI, di)
	MOVQ(drawHi, dh)
	MOVQ(drawLo, dl)
	Label("cloop")
	VMOVUPD(Mem{Base: pr}, Y12)
	VMOVUPD(Mem{Base: pr, Disp: 32}, Y13)
	for i := 0; i < 8; i++ {
		VBROADCASTSD(Mem{Base: pr, Disp: 8 * i}, Y14)
		if i < 4 {
			VFMADD231PD(Y12, Y14, acc(i, 0, 2))
			VFMADD231PD(Y13, Y14, acc(i, 1, 2))
		} else {
			VFMADD231PD(Y13, Y14, acc(i+4, 0, 1))
		}
	}
	shuffleDraw(dj, di, dh, dl, t1, t2, t3, drawLim, "nodraw", "reject")
	Label("nodraw")
	ADDQ(U8(64), pr)
	DECQ(R11)
	JNZ(LabelRef("cloop"))
	MOVQ(di, drawI)
	MOVQ(dh, drawHi)
	MOVQ(dl, drawLo)
	for i, r := range spilled {
		MOVQ(words.Offset(32+8*i), r)
	}
	cregs(func(y VecPhysical, m Mem) { VMOVUPD(y, m) })

	// S in two tiles of 4 rows.
	for t := 0; t < 2; t++ {
		Commentf("Rows %d–%d of S.", 4*t, 4*t+3)
		sregs := func(f func(y VecPhysical, m Mem)) {
			for i := 0; i < 4; i++ {
				f(acc(i, 0, 2), Mem{Base: ps, Disp: 64 * (4*t + i)})
				f(acc(i, 1, 2), Mem{Base: ps, Disp: 64*(4*t+i) + 32})
			}
		}
		startAcc(first, sregs, fmt.Sprintf("s%d", t))
		MOVQ(pz, pr)
		LEAQ(sg, pg)
		MOVQ(rows, R11)
		outerTile4(t, pr, pg, fmt.Sprintf("sloop%d", t))
		sregs(func(y VecPhysical, m Mem) { VMOVUPD(y, m) })
	}

	// Next chunk: advance rows, or z when rows is nil.
	MOVQ(U32(1), first)
	SUBQ(rows, left)
	JZ(LabelRef("mirror"))
	TESTQ(prow, prow)
	JZ(LabelRef("nextz"))
	LEAQ(Mem{Base: prow, Index: rows, Scale: 8}, prow)
	JMP(LabelRef("chunk"))
	Label("nextz")
	MOVQ(rows, R11)
	SHLQ(U8(6), R11)
	ADDQ(R11, pz)
	JMP(LabelRef("chunk"))

	// The lower left block of C from the upper right.
	Label("mirror")
	for i := 4; i < 8; i++ {
		for j := 0; j < 4; j++ {
			MOVQ(Mem{Base: pc, Disp: 8 * (8*j + i)}, R11)
			MOVQ(R11, Mem{Base: pc, Disp: 8 * (8*i + j)})
		}
	}
	Label("ret")
	for i, m := range []Mem{drawI, drawHi, drawLo} {
		MOVQ(m, RAX)
		Store(RAX, ReturnIndex(1+i))
	}
	returnBool(1)
	Label("badrow")
	returnBool(0)
	// A draw that needs the rejection step: draw no more.
	Label("reject")
	MOVQ(di, drawLim)
	JMP(LabelRef("nodraw"))
}

// startAcc zeroes the accumulators that regs lists, or loads them from
// memory unless first is zero.
func startAcc(first Register, regs func(f func(y VecPhysical, m Mem)), name string) {
	regs(func(y VecPhysical, _ Mem) { VXORPD(y, y, y) })
	TESTQ(first, first)
	JZ(LabelRef(name + "zero"))
	regs(func(y VecPhysical, m Mem) { VMOVUPD(m, y) })
	Label(name + "zero")
}

// signTile8 stores at pg the signs of rows rows of H = Z·Wᵀ for the rows
// of Z at pr (8 columns, rows 64 bytes apart) and wt = Wᵀ.
func signTile8(rows int, wt Mem, pr, pg Register) {
	hTile8(rows, wt, pr)
	// sign(x) = (x > 0) − (x < 0) as 1.0 or 0.0 each; NaN gives 0.
	VXORPD(Y14, Y14, Y14)
	VMOVUPD(cOne, Y13)
	for i := 0; i < rows; i++ {
		for v := 0; v < 2; v++ {
			x := acc(i, v, 2)
			VCMPPD(U8(0x1e), Y14, x, Y12)
			VANDPD(Y13, Y12, Y12)
			VCMPPD(U8(0x11), Y14, x, x)
			VANDPD(Y13, x, x)
			VSUBPD(x, Y12, x)
			VMOVUPD(x, Mem{Base: pg, Disp: 64*i + 32*v})
		}
	}
}

func stepUpdate() {
	TEXT("stepUpdateAVX2", NOSPLIT, "func(w, q, s *float64, k int, rec, act, decay, lr float64)")
	Pragma("noescape")
	Doc(
		"stepUpdateAVX2 makes the update of kernel.Step. It replaces",
		"",
		"\tfor i := 0; i < k; i++ {",
		"\t\tfor j := 0; j < k; j++ {",
		"\t\t\tg := math.FMA(act, s[i*k+j], decay*w[i*k+j])",
		"\t\t\tg = math.FMA(rec, q[i*k+j]+q[j*k+i], g)",
		"\t\t\tw[i*k+j] = math.FMA(-lr, g, w[i*k+j])",
		"\t\t}",
		"\t}",
		"",
		"with the same roundings, taking q[j*k+i] for four j at a time with",
		"VGATHERQPD.",
	)
	pw, pq, ps, k := RDI, RSI, RBX, RDX
	Load(Param("w"), pw)
	Load(Param("q"), pq)
	MOVQ(pq, R12) // row i of q
	Load(Param("s"), ps)
	Load(Param("k"), k)
	VBROADCASTSD(paramAddr("rec"), Y8)
	VBROADCASTSD(paramAddr("act"), Y9)
	VBROADCASTSD(paramAddr("decay"), Y10)
	VBROADCASTSD(paramAddr("lr"), Y11)
	VXORPD(Y12, Y12, Y12)
	VSUBPD(Y11, Y12, Y11) // −lr

	// Y13 = byte offsets of q[j*k] for j = 0..3; Y14 = 4k·8 in each lane.
	ld := R8
	MOVQ(k, ld)
	SHLQ(U8(3), ld)
	VMOVQ(ld, X14)
	VPBROADCASTQ(X14, Y14)
	VPMULUDQ(cIota, Y14, Y13) // k·8·(0, 1, 2, 3); k·8 < 2³²
	VPSLLQ(U8(2), Y14, Y14)

	// R9 = columns in whole vectors; R10 = lane mask of the rest.
	MOVQ(k, R9)
	ANDQ(I32(-4), R9)
	MOVQ(k, R10)
	ANDQ(U8(3), R10)
	SHLQ(U8(5), R10)
	LEAQ(cMask, R11)
	ADDQ(R11, R10)

	XORQ(RCX, RCX) // row i
	Label("row")
	CMPQ(RCX, k)
	JGE(LabelRef("done"))
	VMOVDQU(Y13, Y7) // offsets of q[j*k] for this row's j
	XORQ(RAX, RAX)   // column j
	Label("vec")
	CMPQ(RAX, R9)
	JGE(LabelRef("tail"))
	update(pw, pq, ps, false)
	ADDQ(U8(4), RAX)
	VPADDQ(Y14, Y7, Y7)
	JMP(LabelRef("vec"))
	Label("tail")
	CMPQ(RAX, k)
	JGE(LabelRef("next"))
	update(pw, pq, ps, true)
	Label("next")
	LEAQ(Mem{Base: pw, Index: ld, Scale: 1}, pw)
	LEAQ(Mem{Base: ps, Index: ld, Scale: 1}, ps)
	LEAQ(Mem{Base: R12, Index: ld, Scale: 1}, R12)
	ADDQ(U8(8), pq) // q + i*8: the gather's base for column i of q
	INCQ(RCX)
	JMP(LabelRef("row"))

	Label("done")
	VZEROUPPER()
	RET()
}

// update emits one vector of stepUpdateAVX2: pw, ps and R12 at row i of
// w, s and q, pq at q + 8i, column RAX, Y7 the byte offsets of rows j
// of q.
func update(pw, pq, ps Register, masked bool) {
	m := func(base Register) Mem { return Mem{Base: base, Index: RAX, Scale: 8} }
	load := func(mm Mem, y VecPhysical) {
		if masked {
			VMOVUPD(Mem{Base: R10}, Y15)
			VMASKMOVPD(mm, Y15, y)
		} else {
			VMOVUPD(mm, y)
		}
	}
	// Y0 = q[j*k+i] for the four j.
	if masked {
		VMOVUPD(Mem{Base: R10}, Y15)
	} else {
		VPCMPEQQ(Y15, Y15, Y15)
	}
	VXORPD(Y0, Y0, Y0)
	VGATHERQPD(Y15, Mem{Base: pq, Index: Y7, Scale: 1}, Y0)
	// Y1 = q[i*k+j]: row i of q is at qrow, kept in R12.
	load(m(R12), Y1)
	VADDPD(Y0, Y1, Y1)
	load(m(pw), Y2)          // w
	load(m(ps), Y3)          // s
	VMULPD(Y10, Y2, Y4)      // decay·w
	VFMADD231PD(Y9, Y3, Y4)  // g = act·s + decay·w
	VFMADD231PD(Y8, Y1, Y4)  // g += rec·(q_ij + q_ji)
	VFMADD231PD(Y11, Y4, Y2) // w −= lr·g
	if masked {
		VMOVUPD(Mem{Base: R10}, Y15)
		VMASKMOVPD(Y2, Y15, m(pw))
	} else {
		VMOVUPD(Y2, m(pw))
	}
}

// hTile8 sets the accumulators of rows rows to those rows of H = Z·Wᵀ
// for the rows of Z at pr (8 columns, 64 bytes apart) and wt = Wᵀ.
func hTile8(rows int, wt Mem, pr Register) {
	for i := 0; i < rows; i++ {
		VXORPD(acc(i, 0, 2), acc(i, 0, 2), acc(i, 0, 2))
		VXORPD(acc(i, 1, 2), acc(i, 1, 2), acc(i, 1, 2))
	}
	for l := 0; l < 8; l++ {
		VMOVUPD(wt.Offset(64*l), Y12)
		VMOVUPD(wt.Offset(64*l+32), Y13)
		for i := 0; i < rows; i++ {
			VBROADCASTSD(Mem{Base: pr, Disp: 64*i + 8*l}, Y14)
			VFMADD231PD(Y12, Y14, acc(i, 0, 2))
			VFMADD231PD(Y13, Y14, acc(i, 1, 2))
		}
	}
}

// forwardMoments8 emits momentsAVX2 for k = 8 with W transposed in the
// frame and the loop over the 8 columns unrolled.
func forwardMoments8() {
	TEXT("forwardMoments8AVX2", 0, "func(sums, z, w *float64, n int, small float64, "+
		"perm, j *int, top int) (count int64, next int)")
	Pragma("noescape")
	Doc(
		"forwardMoments8AVX2 is momentsAVX2 for k = 8 with w itself, not",
		"its transpose: it adds the power sums of the columns of H = z·wᵀ",
		"to sums (5×8) and returns the count of |h| < small.",
		"",
		"Alongside, one per row, it exchanges perm[i] and perm[j[i]] for",
		"i = top, top−1, …, 1 (the swaps of kernel.Shuffle, drawn before),",
		"and returns next, the i of the first swap it did not make (0 when",
		"it made them all).",
	)
	local := AllocLocal(8*64 + 64)
	wt := local
	count, small = local.Offset(8*64), local.Offset(8*64+32)
	VPXOR(Y0, Y0, Y0)
	VMOVDQU(Y0, count)
	VBROADCASTSD(paramAddr("small"), Y0)
	VMOVUPD(Y0, small)
	Load(Param("w"), RAX)
	for i := 0; i < 8; i++ {
		for j := 0; j < 8; j++ {
			MOVQ(Mem{Base: RAX, Disp: 8 * (8*i + j)}, R12)
			MOVQ(R12, wt.Offset(8*(8*j+i)))
		}
	}

	// The epilogue takes the five sums at RAX, RAX+ldc, RAX+2ldc, RDX
	// and RAX+4ldc, and the lane mask in Y15 (unused: no partial block).
	Load(Param("sums"), RAX)
	MOVQ(U32(64), ldc)
	LEAQ(Mem{Base: RAX, Disp: 3 * 64}, RDX)
	pr, left := RSI, RBX
	Load(Param("z"), pr)
	Load(Param("n"), left)
	pp, pj, ii := R12, R13, R8
	Load(Param("perm"), pp)
	Load(Param("j"), pj)
	Load(Param("top"), ii)
	// swaps emits the tile's swaps, one per row: its code runs beside
	// the tile's vector arithmetic.
	swaps := func(rows int, label string) {
		for r := 0; r < rows; r++ {
			skip := fmt.Sprintf("%s_%d", label, r)
			TESTQ(ii, ii)
			JLE(LabelRef(skip))
			MOVQ(Mem{Base: pj, Index: ii, Scale: 8}, R9)
			MOVQ(Mem{Base: pp, Index: ii, Scale: 8}, RCX)
			MOVQ(Mem{Base: pp, Index: R9, Scale: 8}, RDI)
			MOVQ(RDI, Mem{Base: pp, Index: ii, Scale: 8})
			MOVQ(RCX, Mem{Base: pp, Index: R9, Scale: 8})
			DECQ(ii)
			Label(skip)
		}
	}
	Label("tile6")
	CMPQ(left, U8(6))
	JL(LabelRef("rem"))
	hTile8(6, wt, pr)
	swaps(6, "swap6")
	momentsEpilogue(block{2, false}, 6)
	ADDQ(U32(6*64), pr)
	SUBQ(U8(6), left)
	JMP(LabelRef("tile6"))
	Label("rem")
	for r := 1; r < 6; r++ {
		CMPQ(left, U8(r))
		JE(LabelRef(fmt.Sprintf("tile%d", r)))
	}
	JMP(LabelRef("done"))
	for r := 1; r < 6; r++ {
		Label(fmt.Sprintf("tile%d", r))
		hTile8(r, wt, pr)
		swaps(r, fmt.Sprintf("swap%d", r))
		momentsEpilogue(block{2, false}, r)
		JMP(LabelRef("done"))
	}

	Label("done")
	XORQ(RAX, RAX)
	for i := 0; i < 4; i++ {
		ADDQ(count.Offset(8*i), RAX)
	}
	Store(RAX, ReturnIndex(0))
	XORQ(RAX, RAX)
	TESTQ(ii, ii)
	CMOVQGT(ii, RAX)
	Store(RAX, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// stepTail8 emits the k×k part of kernel.Step for k = 8 as one
// function: the three products unrolled, each in two tiles of 4 rows,
// then the update.
func stepTail8() {
	TEXT("stepTail8AVX2", 0, "func(w, c, s, m, t, q *float64, rec, act, decay, lr float64)")
	Pragma("noescape")
	Doc(
		"stepTail8AVX2 is the k×k part of kernel.Step for k = 8. With C and",
		"S from BatchMoments it sets m = WᵀW − I, t = W·C and q = t·m as",
		"Gram and MatMul do, then updates w as stepUpdateAVX2, all with the",
		"roundings of the generic code.",
	)
	stepTail8Body()
	VZEROUPPER()
	RET()
}

// stepRows8F32 emits StepRows32 for k = 8 as one function: the body of
// batchMoments8F32AVX2 and then that of stepTail8AVX2.
func stepRows8F32() {
	TEXT("stepRows8F32AVX2", 0, "func(w, c, s, m, t, q *float64, z *float32, rows *int, b, n int, "+
		"rec, act, decay, lr float64, j *int, top int, hi, lo uint64) (ok bool, next int, nhi, nlo uint64)")
	Pragma("noescape")
	Doc(
		"stepRows8F32AVX2 is kernel.StepRows32 for k = 8: batchMoments8F32AVX2",
		"into c and s, then stepTail8AVX2, in one call. It returns false,",
		"before w changes, if an index is not below n. Alongside, it makes",
		"the draws of kernel.Shuffle for i = top, top−1, … with the PCG state",
		"(hi, lo), one per row, storing draw i at j[i], and returns the state",
		"(nhi, nlo) and next, the i of the next draw; it stops early, with",
		"that draw not taken, when it would need Lemire's rejection step.",
	)
	drawI, drawHi, drawLo := batchMoments8F32Body("tail", true)
	Label("tail")
	stepTail8Body()
	for i, m := range []Mem{drawI, drawHi, drawLo} {
		MOVQ(m, RAX)
		Store(RAX, ReturnIndex(1+i))
	}
	returnBool(1)
	Label("badrow")
	returnBool(0)
}

// stepTail8Body emits the body of stepTail8AVX2 from its parameters w,
// c, s, m, t, q, rec, act, decay and lr (also those of
// stepRows8F32AVX2).
func stepTail8Body() {
	pw, pc, pm, pt, pq := RDI, RSI, R8, R9, R10
	Load(Param("w"), pw)
	Load(Param("c"), pc)
	Load(Param("m"), pm)
	Load(Param("t"), pt)
	Load(Param("q"), pq)

	// M = WᵀW: a(i, l) = w[l][i]; the diagonal minus 1 in registers.
	Comment("M = WᵀW − I.")
	mm8(pm, func(i, l int) Mem { return Mem{Base: pw, Disp: 8 * (8*l + i)} }, pw, true)
	Comment("T = W·C.")
	mm8(pt, func(i, l int) Mem { return Mem{Base: pw, Disp: 8 * (8*i + l)} }, pc, false)
	Comment("Q = T·M.")
	mm8(pq, func(i, l int) Mem { return Mem{Base: pt, Disp: 8 * (8*i + l)} }, pm, false)

	// Qᵀ into t (T is no longer needed), by 4×4 block transposes in
	// registers: the update then reads q_ji along rows, with no gather.
	Comment("Qᵀ into t.")
	for bi := 0; bi < 2; bi++ {
		for bj := 0; bj < 2; bj++ {
			r := []VecPhysical{Y0, Y1, Y2, Y3}
			tt := []VecPhysical{Y4, Y5, Y6, Y7}
			for i := 0; i < 4; i++ {
				VMOVUPD(Mem{Base: pq, Disp: 64*(4*bi+i) + 32*bj}, r[i])
			}
			VUNPCKLPD(r[1], r[0], tt[0])
			VUNPCKHPD(r[1], r[0], tt[1])
			VUNPCKLPD(r[3], r[2], tt[2])
			VUNPCKHPD(r[3], r[2], tt[3])
			VPERM2F128(U8(0x20), tt[2], tt[0], r[0])
			VPERM2F128(U8(0x20), tt[3], tt[1], r[1])
			VPERM2F128(U8(0x31), tt[2], tt[0], r[2])
			VPERM2F128(U8(0x31), tt[3], tt[1], r[3])
			for c := 0; c < 4; c++ {
				VMOVUPD(r[c], Mem{Base: pt, Disp: 64*(4*bj+c) + 32*bi})
			}
		}
	}

	// The update, entry by entry as stepUpdateAVX2: g = act·s + decay·w,
	// g += rec·(q_ij + q_ji), w −= lr·g.
	Comment("W ← W − lr·G.")
	Load(Param("s"), RBX)
	VBROADCASTSD(paramAddr("rec"), Y8)
	VBROADCASTSD(paramAddr("act"), Y9)
	VBROADCASTSD(paramAddr("decay"), Y10)
	VBROADCASTSD(paramAddr("lr"), Y11)
	VXORPD(Y12, Y12, Y12)
	VSUBPD(Y11, Y12, Y11)
	for i := 0; i < 16; i++ {
		at := func(base Register) Mem { return Mem{Base: base, Disp: 32 * i} }
		VMOVUPD(at(pt), Y0)
		VADDPD(at(pq), Y0, Y1)
		VMOVUPD(at(pw), Y2)
		VMULPD(Y10, Y2, Y4)
		VFMADD231PD(at(RBX), Y9, Y4)
		VFMADD231PD(Y8, Y1, Y4)
		VFMADD231PD(Y11, Y4, Y2)
		VMOVUPD(Y2, at(pw))
	}
}

// mm8 sets the 8×8 matrix at dst to a·b, where a(i, l) is at the given
// address and the rows of b are 64 bytes apart at pb: two tiles of 4
// rows, the sums over l in order. With minusI it stores a·b − I: the
// diagonal entries less 1 (the others less +0, which leaves every value
// as it is), so that the matrix is written by whole-vector stores only.
func mm8(dst Register, a func(i, l int) Mem, pb Register, minusI bool) {
	for t := 0; t < 2; t++ {
		for i := 0; i < 4; i++ {
			VXORPD(acc(i, 0, 2), acc(i, 0, 2), acc(i, 0, 2))
			VXORPD(acc(i, 1, 2), acc(i, 1, 2), acc(i, 1, 2))
		}
		for l := 0; l < 8; l++ {
			VMOVUPD(Mem{Base: pb, Disp: 64 * l}, Y12)
			VMOVUPD(Mem{Base: pb, Disp: 64*l + 32}, Y13)
			for i := 0; i < 4; i++ {
				VBROADCASTSD(a(4*t+i, l), Y14)
				VFMADD231PD(Y12, Y14, acc(i, 0, 2))
				VFMADD231PD(Y13, Y14, acc(i, 1, 2))
			}
		}
		for i := 0; i < 4; i++ {
			if minusI {
				VSUBPD(cUnit.Offset(32*i), acc(i, t, 2), acc(i, t, 2))
			}
			VMOVUPD(acc(i, 0, 2), Mem{Base: dst, Disp: 64 * (4*t + i)})
			VMOVUPD(acc(i, 1, 2), Mem{Base: dst, Disp: 64*(4*t+i) + 32})
		}
	}
}

// tanhContrast8 emits TanhContrast for k = 8 as one function: W
// transposed and a chunk of up to 64 rows of tanh(Y) and 1 − tanh²(Y)
// in its frame, H tiles unrolled as in BatchMoments.
func tanhContrast8() {
	TEXT("tanhContrast8AVX2", 0, "func(gz, gd, w, z *float64, n int)")
	Pragma("noescape")
	Doc(
		"tanhContrast8AVX2 is TanhContrast for k = 8: it sets gz = Σ g(Wz)zᵀ",
		"and gd = Σ (1 − g(Wz)²) over the n rows z of z, g = tanh, with the",
		"tanh of tanhAVX2 and the sums of each entry in row order.",
	)
	contrast8(tanhPass64)
}

// tanhContrast8F32 emits TanhContrast32 for k = 8: tanhContrast8 with
// the tanh taken in float32, 8 lanes at a time (tanh32Vec).
func tanhContrast8F32() {
	TEXT("tanhContrast8F32AVX2", 0, "func(gz, gd, w, z *float64, n int)")
	Pragma("noescape")
	Doc(
		"tanhContrast8F32AVX2 is TanhContrast32 for k = 8: tanhContrast8AVX2",
		"with g = float64(tanh32(float32(y))), tanh32 evaluated on 8 lanes with",
		"the roundings of the generic tanh32, to the bit.",
	)
	contrast8(tanhPass32)
}

// tanhPass64 replaces the entries (a multiple of 4) at pr by their tanh
// and sets those at pg to 1 − tanh², 12 at a time, then 4 at a time;
// R11 holds the count and is consumed.
func tanhPass64(pr, pg Register) {
	regs := [][]VecPhysical{
		{Y0, Y1, Y2, Y3, Y4},
		{Y5, Y6, Y7, Y8, Y9},
		{Y10, Y11, Y12, Y13, Y14},
	}
	var xs, hs []Mem
	for v := range regs {
		xs = append(xs, Mem{Base: pr, Disp: 32 * v})
		hs = append(hs, Mem{Base: pg, Disp: 32 * v})
	}
	Label("tanh3")
	CMPQ(R11, U8(12))
	JL(LabelRef("tanh1"))
	tanhVec(xs, hs, regs, false)
	ADDQ(U8(96), pr)
	ADDQ(U8(96), pg)
	SUBQ(U8(12), R11)
	JMP(LabelRef("tanh3"))
	Label("tanh1")
	TESTQ(R11, R11)
	JZ(LabelRef("tanhdone"))
	tanhVec(xs[:1], hs[:1], regs[:1], false)
	ADDQ(U8(32), pr)
	ADDQ(U8(32), pg)
	SUBQ(U8(4), R11)
	JMP(LabelRef("tanh1"))
	Label("tanhdone")
}

// tanhPass32 is tanhPass64 with tanh32 (the count is a multiple of 8):
// 24 entries at a time, then 8.
func tanhPass32(pr, pg Register) {
	regs := [][]VecPhysical{
		{Y0, Y1, Y2, Y3, Y4},
		{Y5, Y6, Y7, Y8, Y9},
		{Y10, Y11, Y12, Y13, Y14},
	}
	Label("tanh3")
	CMPQ(R11, U8(24))
	JL(LabelRef("tanh1"))
	tanh32Vec(regs, pr, pg)
	ADDQ(U8(192), pr)
	ADDQ(U8(192), pg)
	SUBQ(U8(24), R11)
	JMP(LabelRef("tanh3"))
	Label("tanh1")
	TESTQ(R11, R11)
	JZ(LabelRef("tanhdone"))
	tanh32Vec(regs[:1], pr, pg)
	ADDQ(U8(64), pr)
	ADDQ(U8(64), pg)
	SUBQ(U8(8), R11)
	JMP(LabelRef("tanh1"))
	Label("tanhdone")
}

// tanh32Vec replaces 8·len(regs) float64 entries at pr by
// float64(tanh32(float32(y))) and sets those at pg to 1 − g², one
// rounding, each group of 8 in its five registers of regs, the groups'
// instructions interleaved. The steps are those of the generic tanh32.
func tanh32Vec(regs [][]VecPhysical, pr, pg Register) {
	each := func(f func(v int, r []VecPhysical)) {
		for v, r := range regs {
			f(v, r)
		}
	}
	at := func(base Register, v, half int) Mem { return Mem{Base: base, Disp: 64*v + 32*half} }
	// y in float32 goes to the first half of the group's h slot (for its
	// sign at the end), so that five registers carry the rest.
	// R1 = a = |y|; R1 = t2 = 2·min(10, a) (NaN if a is).
	each(func(v int, r []VecPhysical) { VCVTPD2PSY(at(pr, v, 0), r[0].AsX()) })
	each(func(v int, r []VecPhysical) { VCVTPD2PSY(at(pr, v, 1), r[1].AsX()) })
	each(func(_ int, r []VecPhysical) { VINSERTF128(U8(1), r[1].AsX(), r[0], r[0]) })
	each(func(v int, r []VecPhysical) { VMOVUPS(r[0], at(pg, v, 0)) })
	each(func(_ int, r []VecPhysical) { VANDPS(c32Abs, r[0], r[1]) })
	each(func(_ int, r []VecPhysical) { VMOVUPS(c32Clip, r[2]) })
	each(func(_ int, r []VecPhysical) { VMINPS(r[1], r[2], r[1]) })
	each(func(_ int, r []VecPhysical) { VADDPS(r[1], r[1], r[1]) })
	// R2 = t = t2·log2e + magic; R3 = n = t − magic; R1 = r, fused
	// in two steps; R4 = 2ⁿ from t's low bits.
	each(func(_ int, r []VecPhysical) { VMULPS(c32Log2e, r[1], r[2]) })
	each(func(_ int, r []VecPhysical) { VADDPS(c32Magic, r[2], r[2]) })
	each(func(_ int, r []VecPhysical) { VSUBPS(c32Magic, r[2], r[3]) })
	each(func(_ int, r []VecPhysical) { VFNMADD231PS(c32Ln2Hi, r[3], r[1]) })
	each(func(_ int, r []VecPhysical) { VFNMADD231PS(c32Ln2Lo, r[3], r[1]) })
	each(func(_ int, r []VecPhysical) { VPSLLD(U8(23), r[2], r[4]) })
	each(func(_ int, r []VecPhysical) { VPADDD(c32Bias, r[4], r[4]) })
	// R2 = P(r) by Horner's rule in fused steps (R1 = r); R2 = e^r − 1
	// = r·P.
	each(func(_ int, r []VecPhysical) { VMOVUPS(c32Exp[7], r[2]) })
	for i := 6; i >= 1; i-- {
		each(func(_ int, r []VecPhysical) { VFMADD213PS(c32Exp[i], r[1], r[2]) })
	}
	each(func(_ int, r []VecPhysical) { VMULPS(r[1], r[2], r[2]) })
	// R3 = 2ⁿ − 1; R2 = m = 2ⁿ·(e^r − 1) + (2ⁿ − 1), fused.
	each(func(_ int, r []VecPhysical) { VSUBPS(c32One, r[4], r[3]) })
	each(func(_ int, r []VecPhysical) { VFMADD213PS(r[3], r[4], r[2]) })
	// R2 = m/(m + 2) with the sign of y.
	each(func(_ int, r []VecPhysical) { VADDPS(c32Two, r[2], r[3]) })
	each(func(_ int, r []VecPhysical) { VDIVPS(r[3], r[2], r[2]) })
	each(func(v int, r []VecPhysical) { VMOVUPS(at(pg, v, 0), r[0]) })
	each(func(_ int, r []VecPhysical) { VANDPS(c32Sign, r[0], r[0]) })
	each(func(_ int, r []VecPhysical) { VORPS(r[0], r[2], r[3]) })
	// Back to float64: R0 and R1 the two halves; then 1 − g².
	each(func(_ int, r []VecPhysical) { VCVTPS2PD(r[3].AsX(), r[0]) })
	each(func(_ int, r []VecPhysical) { VEXTRACTF128(U8(1), r[3], r[1].AsX()) })
	each(func(_ int, r []VecPhysical) { VCVTPS2PD(r[1].AsX(), r[1]) })
	each(func(v int, r []VecPhysical) { VMOVUPD(r[0], at(pr, v, 0)) })
	each(func(v int, r []VecPhysical) { VMOVUPD(r[1], at(pr, v, 1)) })
	each(func(_ int, r []VecPhysical) { VMOVUPD(cOne, r[2]) })
	each(func(_ int, r []VecPhysical) { VMOVUPD(cOne, r[3]) })
	each(func(_ int, r []VecPhysical) { VFNMADD231PD(r[0], r[0], r[2]) })
	each(func(_ int, r []VecPhysical) { VFNMADD231PD(r[1], r[1], r[3]) })
	each(func(v int, r []VecPhysical) { VMOVUPD(r[2], at(pg, v, 0)) })
	each(func(v int, r []VecPhysical) { VMOVUPD(r[3], at(pg, v, 1)) })
}

// contrast8 emits the body of tanhContrast8AVX2 and its float32 twin,
// with tanhPass for the tanh of a chunk.
func contrast8(tanhPass func(pr, pg Register)) {
	const chunk = 64
	local := AllocLocal(8*64 + 2*8*8*chunk)
	wt, yl, hl := local, local.Offset(8*64), local.Offset(8*64+8*8*chunk)
	pz, left, rows, pr, pg := RSI, RCX, RDX, RDI, RBX

	Load(Param("w"), RAX)
	for i := 0; i < 8; i++ {
		for j := 0; j < 8; j++ {
			MOVQ(Mem{Base: RAX, Disp: 8 * (8*i + j)}, R11)
			MOVQ(R11, wt.Offset(8*(8*j+i)))
		}
	}
	// gz and gd start at zero and accumulate chunk by chunk.
	Load(Param("gz"), RAX)
	Load(Param("gd"), R8)
	VXORPD(Y0, Y0, Y0)
	for i := 0; i < 16; i++ {
		VMOVUPD(Y0, Mem{Base: RAX, Disp: 32 * i})
	}
	VMOVUPD(Y0, Mem{Base: R8})
	VMOVUPD(Y0, Mem{Base: R8, Disp: 32})

	Load(Param("z"), pz)
	Load(Param("n"), left)
	TESTQ(left, left)
	JZ(LabelRef("ret"))

	Label("chunk")
	MOVQ(left, rows)
	MOVQ(U32(chunk), R11)
	CMPQ(rows, R11)
	CMOVQGT(R11, rows)

	// Y = Z·Wᵀ for the chunk, 6 rows at a time.
	Comment("Y of the chunk's rows.")
	MOVQ(pz, pr)
	LEAQ(yl, pg)
	MOVQ(rows, R11)
	Label("y6")
	CMPQ(R11, U8(6))
	JL(LabelRef("yrem"))
	hTile8(6, wt, pr)
	storeTile8(6, pg)
	ADDQ(U32(6*64), pr)
	ADDQ(U32(6*64), pg)
	SUBQ(U8(6), R11)
	JMP(LabelRef("y6"))
	Label("yrem")
	for r := 1; r < 6; r++ {
		CMPQ(R11, U8(r))
		JE(LabelRef(fmt.Sprintf("y%d", r)))
	}
	JMP(LabelRef("tanh"))
	for r := 1; r < 6; r++ {
		Label(fmt.Sprintf("y%d", r))
		hTile8(r, wt, pr)
		storeTile8(r, pg)
		JMP(LabelRef("tanh"))
	}

	// tanh in place and 1 − tanh² beside it; a chunk has a multiple of 8
	// entries.
	Label("tanh")
	LEAQ(yl, pr)
	LEAQ(hl, pg)
	MOVQ(rows, R11)
	SHLQ(U8(3), R11) // entries
	tanhPass(pr, pg)

	// gd += column sums of 1 − tanh², rows in order.
	Label("gd")
	Load(Param("gd"), R8)
	VMOVUPD(Mem{Base: R8}, Y0)
	VMOVUPD(Mem{Base: R8, Disp: 32}, Y1)
	LEAQ(hl, pg)
	MOVQ(rows, R11)
	Label("gdloop")
	VADDPD(Mem{Base: pg}, Y0, Y0)
	VADDPD(Mem{Base: pg, Disp: 32}, Y1, Y1)
	ADDQ(U8(64), pg)
	DECQ(R11)
	JNZ(LabelRef("gdloop"))
	VMOVUPD(Y0, Mem{Base: R8})
	VMOVUPD(Y1, Mem{Base: R8, Disp: 32})

	// gz += tanh(Y)ᵀ·Z in two tiles of 4 rows.
	Load(Param("gz"), R8)
	for t := 0; t < 2; t++ {
		Commentf("Rows %d–%d of gz.", 4*t, 4*t+3)
		for i := 0; i < 4; i++ {
			VMOVUPD(Mem{Base: R8, Disp: 64 * (4*t + i)}, acc(i, 0, 2))
			VMOVUPD(Mem{Base: R8, Disp: 64*(4*t+i) + 32}, acc(i, 1, 2))
		}
		MOVQ(pz, pr)
		LEAQ(yl, pg)
		MOVQ(rows, R11)
		outerTile4(t, pr, pg, fmt.Sprintf("gz%d", t))
		for i := 0; i < 4; i++ {
			VMOVUPD(acc(i, 0, 2), Mem{Base: R8, Disp: 64 * (4*t + i)})
			VMOVUPD(acc(i, 1, 2), Mem{Base: R8, Disp: 64*(4*t+i) + 32})
		}
	}

	// Next chunk.
	MOVQ(rows, R11)
	SHLQ(U8(6), R11)
	ADDQ(R11, pz)
	SUBQ(rows, left)
	JNZ(LabelRef("chunk"))

	Label("ret")
	VZEROUPPER()
	RET()
}

// storeTile8 stores the accumulators of rows rows of an 8-column tile
// at pg, rows 64 bytes apart.
func storeTile8(rows int, pg Register) {
	for i := 0; i < rows; i++ {
		VMOVUPD(acc(i, 0, 2), Mem{Base: pg, Disp: 64 * i})
		VMOVUPD(acc(i, 1, 2), Mem{Base: pg, Disp: 64*i + 32})
	}
}

// batchMoments8F32 emits the float32 BatchMomentsRows32 for k = 8. A
// row z of the batch is one vector of 8 lanes, and everything is done
// along the diagonals of the 8×8 matrices, so that no element needs a
// broadcast: each gathered row is stored twice in a row (16 floats), and
// the vector at float offset d is z rotated by d, rot_d(z)[i] = z[(i+d)%8].
// Then, with lane i of each vector,
//
//	h[i]      sums W[i][(i+d)%8]·rot_d(z)[i] over d (W's diagonals),
//	C_d[i]   += z[i]·rot_d(z)[i]   for d = 0…4 (C is symmetric),
//	S_d[i]   += sign(h)[i]·rot_d(z)[i] for d = 0…7,
//
// and C[i][(i+d)%8] = C_d[i], S[i][(i+d)%8] = S_d[i] at the end.
// The products of h and C are fused into their sums (VFMADD231PS), as
// the generic float32 code writes them with fma32; the terms of S are
// ±z or 0, exact products, so a fused multiply-add is an exact add there.
func batchMoments8F32() {
	TEXT("batchMoments8F32AVX2", 0, "func(c, s, w *float64, z *float32, rows *int, b, n int) bool")
	Pragma("noescape")
	Doc(
		"batchMoments8F32AVX2 is BatchMomentsRows32 for k = 8 on the batch",
		"whose row r is zr = z[8*rows[r]:8*rows[r]+8]. With w32 = float32(w),",
		"c32 and s32 cleared, it replaces",
		"",
		"\tfor r := 0; r < b; r++ {",
		"\t\tfor i := 0; i < 8; i++ {",
		"\t\t\th := h32(w32[8*i:8*i+8], zr, i) // two fused chains",
		"\t\t\tfor j := 0; j < 8; j++ {",
		"\t\t\t\ts32[8*i+j] += sign(h) * zr[j]",
		"\t\t\t\tc32[8*i+j] = fma32(zr[i], zr[j], c32[8*i+j])",
		"\t\t\t}",
		"\t\t}",
		"\t}",
		"",
		"and then sets c and s to float64(c32) and float64(s32), the same to",
		"the bit. It returns false, and leaves c and s undefined, if an index",
		"is not below n.",
	)
	_, _, _ = batchMoments8F32Body("ret", false)
	Label("ret")
	returnBool(1)
	Label("badrow")
	returnBool(0)
}

// returnBool sets the bool result to v and returns.
func returnBool(v uint8) {
	ret, err := ReturnIndex(0).Resolve()
	if err != nil {
		panic(err)
	}
	MOVB(U8(v), ret.Addr)
	VZEROUPPER()
	RET()
}

// batchMoments8F32Body emits the body of batchMoments8F32AVX2 (and of
// stepRows8F32AVX2), from its parameters c, s, w, z, rows, b and n to c
// and s written; it jumps to done when b = 0 (c and s zeroed) and to
// badrow on an index not below n, and otherwise falls through. With
// draws, the loop over the rows for C and S also makes one draw of a
// shuffle per row (shuffleDraw) from the parameters j, top, hi and lo,
// and the body returns where it leaves the draw state: the next i and
// the generator's state.
func batchMoments8F32Body(done string, draws bool) (drawI, drawHi, drawLo Mem) {
	const chunk = 64
	local := AllocLocal(4*8*chunk + 4*16*chunk + 256 + 5*32 + 8*32 + 64 + 11*8)
	// sg and zl start at the first 64-byte boundary of the frame, so that
	// the rotated loads of a stored row never split a cache line.
	aligned := R14
	sg, zl := Mem{Base: aligned}, Mem{Base: aligned, Disp: 4 * 8 * chunk}
	LEAQ(local.Offset(63), aligned)
	ANDQ(I32(-64), aligned)
	wdl := local.Offset(4*8*chunk + 4*16*chunk + 64)
	cdl, sdl := wdl.Offset(256), wdl.Offset(256+5*32)
	// Eleven words after the diagonals of S: the draw state between
	// chunks, and the registers the draws borrow during the C and S loop.
	words := sdl.Offset(8 * 32)
	drawI, drawHi, drawLo = words, words.Offset(8), words.Offset(16)
	drawLim := words.Offset(24)
	nz, pz, left, first := R8, RSI, RCX, R10
	rows, pr, pg := RDX, RDI, RBX
	zbase, prow := R12, R13
	spilled := []Register{nz, pz, left, first, rows, zbase, prow}
	if draws {
		Load(Param("top"), RAX)
		MOVQ(RAX, drawI)
		Load(Param("hi"), RAX)
		MOVQ(RAX, drawHi)
		Load(Param("lo"), RAX)
		MOVQ(RAX, drawLo)
		MOVQ(U32(0), drawLim)
	}
	Load(Param("z"), zbase)
	Load(Param("rows"), prow)
	Load(Param("n"), nz)
	Load(Param("b"), left)
	XORQ(first, first)
	TESTQ(left, left)
	JNZ(LabelRef("convw"))
	Load(Param("c"), RAX)
	Load(Param("s"), R11)
	clear8x8(RAX, R11)
	JMP(LabelRef(done))

	Label("convw")
	diagW32(wdl)

	Label("chunk")
	MOVQ(left, rows)
	MOVQ(U32(chunk), R11)
	CMPQ(rows, R11)
	CMOVQGT(R11, rows)

	Comment("Gather the chunk's rows, each stored twice over.")
	LEAQ(zl, pz)
	MOVQ(pz, pg)
	XORQ(RAX, RAX)
	Label("gather")
	MOVQ(Mem{Base: prow, Index: RAX, Scale: 8}, R11)
	CMPQ(R11, nz)
	JCC(LabelRef("badrow")) // unsigned ≥: also a negative index
	SHLQ(U8(5), R11)
	VMOVUPS(Mem{Base: zbase, Index: R11, Scale: 1}, Y8)
	VMOVUPS(Y8, Mem{Base: pg})
	VMOVUPS(Y8, Mem{Base: pg, Disp: 32})
	ADDQ(U8(64), pg)
	INCQ(RAX)
	CMPQ(RAX, rows)
	JL(LabelRef("gather"))

	// Signs of H, two rows at a time (Y8–Y11 and Y12–Y15), with the
	// diagonals of W in Y0–Y7.
	Comment("Signs of the chunk's rows of H.")
	for d := 0; d < 8; d++ {
		VMOVUPS(wdl.Offset(32*d), yregs[d])
	}
	MOVQ(pz, pr)
	LEAQ(sg, pg)
	MOVQ(rows, R11)
	Label("h2")
	CMPQ(R11, U8(2))
	JL(LabelRef("h1"))
	signRows8F32([][]VecPhysical{{Y8, Y9, Y10, Y11}, {Y12, Y13, Y14, Y15}}, pr, pg)
	ADDQ(U8(128), pr)
	ADDQ(U8(64), pg)
	SUBQ(U8(2), R11)
	JMP(LabelRef("h2"))
	Label("h1")
	TESTQ(R11, R11)
	JZ(LabelRef("cs"))
	signRows8F32([][]VecPhysical{{Y8, Y9, Y10, Y11}}, pr, pg)

	// C and S in one pass: C_0…C_4 in Y0–Y4, S_0…S_7 in Y5–Y12, the
	// signs in Y13, z in Y14, a product in Y15; the diagonals are kept
	// at cdl and sdl between chunks.
	Label("cs")
	Comment("The diagonals of C and S, row by row.")
	cs := append(append([]VecPhysical{}, yregs[:5]...), Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12)
	keep := func(i int) Mem {
		if i < 5 {
			return cdl.Offset(32 * i)
		}
		return sdl.Offset(32 * (i - 5))
	}
	for _, y := range cs {
		VXORPS(y, y, y)
	}
	TESTQ(first, first)
	JZ(LabelRef("cszero"))
	for i, y := range cs {
		VMOVUPS(keep(i), y)
	}
	Label("cszero")
	MOVQ(pz, pr)
	LEAQ(sg, pg)
	MOVQ(rows, R11)
	// The draws' registers: j's base, i, the state and three temporaries.
	dj, di, dh, dl, t1, t2, t3 := R12, R13, R8, R9, RCX, RSI, R10
	if draws {
		for i, r := range spilled {
			MOVQ(r, words.Offset(32+8*i))
		}
		Load(Param("j"), dj)
		MOVQ(drawI, di)
		MOVQ(drawHi, dh)
		MOVQ(drawLo, dl)
	}
	Label("csloop")
	VMOVUPS(Mem{Base: pg}, Y13)
	VMOVUPS(Mem{Base: pr}, Y14)
	for d := 0; d < 5; d++ {
		VFMADD231PS(Mem{Base: pr, Disp: 4 * d}, Y14, cs[d])
	}
	for d := 0; d < 8; d++ {
		VFMADD231PS(Mem{Base: pr, Disp: 4 * d}, Y13, cs[5+d])
	}
	if draws {
		shuffleDraw(dj, di, dh, dl, t1, t2, t3, drawLim, "nodraw", "reject")
		Label("nodraw")
	}
	ADDQ(U8(64), pr)
	ADDQ(U8(32), pg)
	DECQ(R11)
	JNZ(LabelRef("csloop"))
	for i, y := range cs {
		VMOVUPS(y, keep(i))
	}
	if draws {
		MOVQ(di, drawI)
		MOVQ(dh, drawHi)
		MOVQ(dl, drawLo)
		for i, r := range spilled {
			MOVQ(words.Offset(32+8*i), r)
		}
	}

	// Next chunk.
	MOVQ(U32(1), first)
	LEAQ(Mem{Base: prow, Index: rows, Scale: 8}, prow)
	SUBQ(rows, left)
	JNZ(LabelRef("chunk"))

	Comment("c and s, widened to float64, from the diagonals.")
	diagRows8F32(sdl, R11, "s", nil)
	diagRows8F32(cdl, R11, "c", []int{0, 1, 2, 3, 4, -3, -2, -1})
	if draws {
		// A draw that needs the rejection step: draw no more.
		JMP(LabelRef("drawend"))
		Label("reject")
		MOVQ(di, drawLim)
		JMP(LabelRef("nodraw"))
		Label("drawend")
	}
	return drawI, drawHi, drawLo
}

// diagRows8F32 writes the float64 8×8 matrix X of parameter name from
// its diagonals in float32 at dl: lane i of diagonal d is
// X[i][(i+d)%8]. With from nil, diagonal d is at dl + 32d; otherwise
// from[d] ≥ 0 names the stored diagonal to use and −e stands for
// diagonal d = 8 − e of a symmetric X, which is stored diagonal e
// rotated by d (X[i][i+d] = X[i+d][i]). The diagonals, as the rows of a
// matrix D, are transposed (row i of Dᵀ is row i of X rotated left by
// i), each row rotated back with VPERMPS and widened, and X stored a
// vector at a time, so that a later 32-byte load of X is forwarded from
// one store. It uses Y0–Y15 and the register p.
func diagRows8F32(dl Mem, p Register, name string, from []int) {
	Load(Param(name), p)
	for d := 0; d < 8; d++ {
		switch {
		case from == nil:
			VMOVUPS(dl.Offset(32*d), yregs[d])
		case from[d] >= 0:
			VMOVUPS(dl.Offset(32*from[d]), yregs[d])
		default:
			VMOVDQU(cRot32.Offset(32*d), Y8)
			VPERMPS(dl.Offset(32*(-from[d])), Y8, yregs[d])
		}
	}
	t := transpose8x8PS()
	// Row i of X is row i of Dᵀ rotated right by i, then widened.
	for i := 0; i < 8; i++ {
		if i > 0 {
			VMOVDQU(cRot32.Offset(32*(8-i)), Y0)
			VPERMPS(t[i], Y0, t[i])
		}
		VCVTPS2PD(t[i].AsX(), Y1)
		VEXTRACTF128(U8(1), t[i], X2)
		VCVTPS2PD(X2, Y2)
		VMOVUPD(Y1, Mem{Base: p, Disp: 64 * i})
		VMOVUPD(Y2, Mem{Base: p, Disp: 64*i + 32})
	}
}

// transpose8x8PS transposes the 8×8 float32 matrix whose rows are in
// Y0–Y7 and returns the registers that hold the rows of its transpose,
// Y8–Y15 (Y0–Y7 are overwritten): pairs of rows interleaved into
// Y8–Y15, 4-column blocks into Y0–Y7, then the 128-bit halves joined.
func transpose8x8PS() []VecPhysical {
	lo := []VecPhysical{Y8, Y9, Y10, Y11}
	hi := []VecPhysical{Y12, Y13, Y14, Y15}
	for k := 0; k < 4; k++ {
		VUNPCKLPS(yregs[2*k+1], yregs[2*k], lo[k])
		VUNPCKHPS(yregs[2*k+1], yregs[2*k], hi[k])
	}
	for h := 0; h < 2; h++ { // rows 0–3, then 4–7
		u := yregs[4*h : 4*h+4]
		VSHUFPS(U8(0x44), lo[2*h+1], lo[2*h], u[0])
		VSHUFPS(U8(0xee), lo[2*h+1], lo[2*h], u[1])
		VSHUFPS(U8(0x44), hi[2*h+1], hi[2*h], u[2])
		VSHUFPS(U8(0xee), hi[2*h+1], hi[2*h], u[3])
	}
	t := []VecPhysical{Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}
	for c := 0; c < 4; c++ {
		VPERM2F128(U8(0x20), yregs[4+c], yregs[c], t[c])
		VPERM2F128(U8(0x31), yregs[4+c], yregs[c], t[4+c])
	}
	return t
}

// diagW32 sets the diagonals of float32(w), for the float64 8×8
// parameter w, at wdl: lane i of diagonal d (at wdl + 32d) is
// w[i][(i+d)%8]. Row i of w, rounded to float32 and rotated left by i
// (VPERMPS), holds w[i][(i+d)%8] in lane d, so the diagonals are the
// rows of the transpose of those rows. It uses RAX and Y0–Y15.
func diagW32(wdl Mem) {
	Comment("The diagonals of W in float32.")
	Load(Param("w"), RAX)
	for i := 0; i < 8; i++ {
		VCVTPD2PSY(Mem{Base: RAX, Disp: 64 * i}, yregs[i].AsX())
		VCVTPD2PSY(Mem{Base: RAX, Disp: 64*i + 32}, X8)
		VINSERTF128(U8(1), X8, yregs[i], yregs[i])
		if i > 0 {
			VMOVDQU(cRot32.Offset(32*i), Y8)
			VPERMPS(yregs[i], Y8, yregs[i])
		}
	}
	for d, y := range transpose8x8PS() {
		VMOVUPS(y, wdl.Offset(32*d))
	}
}

// signRows8F32 stores at pg the signs of the rows of H that hRows8F32
// forms, each row using its four registers of regs.
func signRows8F32(regs [][]VecPhysical, pr, pg Register) {
	hRows8F32(regs, pr)
	each := func(f func(v int, r []VecPhysical)) {
		for v, r := range regs {
			f(v, r)
		}
	}
	// sign(h) = (h > 0) − (h < 0) as 1.0 or 0.0 each; NaN gives 0.
	each(func(_ int, r []VecPhysical) { VCMPPS(U8(0x1e), cZero, r[0], r[1]) })
	each(func(_ int, r []VecPhysical) { VANDPS(cOneF32, r[1], r[1]) })
	each(func(_ int, r []VecPhysical) { VCMPPS(U8(0x11), cZero, r[0], r[0]) })
	each(func(_ int, r []VecPhysical) { VANDPS(cOneF32, r[0], r[0]) })
	each(func(_ int, r []VecPhysical) { VSUBPS(r[0], r[1], r[0]) })
	each(func(v int, r []VecPhysical) { VMOVUPS(r[0], Mem{Base: pg, Disp: 32 * v}) })
}

// hRows8F32 leaves in the first register of each entry of regs the row
// of H = Z·Wᵀ for len(regs) gathered rows at pr (each stored twice, 64
// bytes apart), with the diagonals of W in Y0–Y7; the rows' instructions
// are interleaved. With q_d the product of diagonal d and z rotated by
// d, h = a + b for the fused chains a = q0 ⊕ q1 ⊕ q2 ⊕ q3 and
// b = q4 ⊕ q5 ⊕ q6 ⊕ q7 (each ⊕ q_d a VFMADD231PS), as h32 writes it.
func hRows8F32(regs [][]VecPhysical, pr Register) {
	each := func(f func(v int, r []VecPhysical)) {
		for v, r := range regs {
			f(v, r)
		}
	}
	at := func(v, d int) Mem { return Mem{Base: pr, Disp: 64*v + 4*d} }
	each(func(v int, r []VecPhysical) { VMULPS(at(v, 0), yregs[0], r[0]) })
	each(func(v int, r []VecPhysical) { VMULPS(at(v, 4), yregs[4], r[1]) })
	for d := 1; d < 4; d++ {
		each(func(v int, r []VecPhysical) { VFMADD231PS(at(v, d), yregs[d], r[0]) })
		each(func(v int, r []VecPhysical) { VFMADD231PS(at(v, 4+d), yregs[4+d], r[1]) })
	}
	each(func(_ int, r []VecPhysical) { VADDPS(r[1], r[0], r[0]) })
}

// yregs are Y0–Y7 by index.
var yregs = []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}

// forwardMoments8F32 emits the float32 ForwardMoments32 for k = 8, with
// the swaps of a Fisher–Yates shuffle whose draws are made run inside
// it. Per chunk of 64 rows the rows are copied twice over into the
// frame; then one loop forms each row of H (hRows8F32's chains), adds
// its powers to the chunk's float32 sums, one lane per unit, and makes
// one swap; the chunk's sums are then added to the float64 sums.
func forwardMoments8F32() {
	TEXT("forwardMoments8F32AVX2", 0, "func(sums, w *float64, z *float32, n int, thr float32, "+
		"perm *int, j *int, top int) (count int64, next int)")
	Pragma("noescape")
	Doc(
		"forwardMoments8F32AVX2 is ForwardMoments32 for k = 8: with the rows h",
		"of H formed as in batchMoments8F32AVX2, it sets sums (5×8) to the",
		"power sums of H's columns, each a float64 sum over chunks of 64 rows",
		"of float32 sums in row order (t1 += h, and with h² rounded, t2, t3",
		"and t4 fused: t2 = fma(h, h, t2), t3 = fma(h², h, t3),",
		"t4 = fma(h², h², t4); ta += |h|), and returns the count of |h| < thr.",
		"",
		"Alongside, one per row, it exchanges perm[i] and perm[j[i]] for",
		"i = top, top−1, …, 1 (the swaps of kernel.Shuffle, drawn before),",
		"and returns next, the i of the first swap it did not make (0 when",
		"it made them all).",
	)
	const chunk = 64
	local := AllocLocal(4*16*chunk + 64 + 256 + 32 + 32 + 4*8)
	aligned := R14
	zl := Mem{Base: aligned}
	LEAQ(local.Offset(63), aligned)
	ANDQ(I32(-64), aligned)
	// After the rows: W's diagonals, the counts, thr and four words.
	wdl := local.Offset(4*16*chunk + 64)
	cnt, thrv := wdl.Offset(256), wdl.Offset(288)
	pzSlot, leftSlot, rowsSlot, totalSlot := wdl.Offset(320), wdl.Offset(328), wdl.Offset(336), wdl.Offset(344)
	pp, pj, ii, t1, t2 := R12, R13, R8, RCX, RSI
	pr, rows := RDI, R11

	Load(Param("sums"), RAX)
	VXORPD(Y0, Y0, Y0)
	for i := 0; i < 5*2; i++ {
		VMOVUPD(Y0, Mem{Base: RAX, Disp: 32 * i})
	}
	MOVQ(U32(0), totalSlot)
	Load(Param("perm"), pp)
	Load(Param("j"), pj)
	Load(Param("top"), ii)
	Load(Param("z"), RAX)
	MOVQ(RAX, pzSlot)
	VBROADCASTSS(paramAddr("thr"), Y0)
	VMOVUPS(Y0, thrv)
	Load(Param("n"), RAX)
	MOVQ(RAX, leftSlot)
	TESTQ(RAX, RAX)
	JZ(LabelRef("finish"))
	diagW32(wdl)

	Label("chunk")
	MOVQ(leftSlot, RAX)
	MOVQ(U32(chunk), rows)
	CMPQ(RAX, rows)
	CMOVQGT(rows, RAX)
	MOVQ(RAX, rowsSlot)

	Comment("The chunk's rows, each stored twice over.")
	MOVQ(pzSlot, pr)
	LEAQ(zl, RDX)
	MOVQ(RAX, rows)
	Label("copy")
	VMOVUPS(Mem{Base: pr}, Y8)
	VMOVUPS(Y8, Mem{Base: RDX})
	VMOVUPS(Y8, Mem{Base: RDX, Disp: 32})
	ADDQ(U8(32), pr)
	ADDQ(U8(64), RDX)
	DECQ(rows)
	JNZ(LabelRef("copy"))
	MOVQ(pr, pzSlot)

	// The diagonals of W in Y0–Y7; t1, t2, t3, t4, ta in Y8–Y12 and the
	// count per lane in Y13 (as int32, minus the compare masks); h and
	// h² in Y14 and Y15.
	Comment("Rows of H, their power sums, and a swap per row.")
	for d := 0; d < 8; d++ {
		VMOVUPS(wdl.Offset(32*d), yregs[d])
	}
	for _, y := range []VecPhysical{Y8, Y9, Y10, Y11, Y12, Y13} {
		VXORPS(y, y, y)
	}
	LEAQ(zl, pr)
	MOVQ(rowsSlot, rows)
	Label("row")
	hRows8F32([][]VecPhysical{{Y14, Y15}}, pr)
	VADDPS(Y14, Y8, Y8)
	VMULPS(Y14, Y14, Y15)
	VFMADD231PS(Y14, Y14, Y9)
	VFMADD231PS(Y15, Y14, Y10)
	VFMADD231PS(Y15, Y15, Y11)
	VANDPS(c32Abs, Y14, Y14)
	VADDPS(Y14, Y12, Y12)
	VCMPPS(U8(0x11), thrv, Y14, Y14) // |h| < thr, ordered
	VPSUBD(Y14, Y13, Y13)
	TESTQ(ii, ii)
	JLE(LabelRef("noswap"))
	MOVQ(Mem{Base: pj, Index: ii, Scale: 8}, RDX)
	MOVQ(Mem{Base: pp, Index: ii, Scale: 8}, t1)
	MOVQ(Mem{Base: pp, Index: RDX, Scale: 8}, t2)
	MOVQ(t2, Mem{Base: pp, Index: ii, Scale: 8})
	MOVQ(t1, Mem{Base: pp, Index: RDX, Scale: 8})
	DECQ(ii)
	Label("noswap")
	ADDQ(U8(64), pr)
	DECQ(rows)
	JNZ(LabelRef("row"))

	Comment("Into the float64 sums, and the count into the total.")
	Load(Param("sums"), RAX)
	for t := 0; t < 5; t++ {
		y := []VecPhysical{Y8, Y9, Y10, Y11, Y12}[t]
		VCVTPS2PD(y.AsX(), Y14)
		VEXTRACTF128(U8(1), y, X15)
		VCVTPS2PD(X15, Y15)
		VADDPD(Mem{Base: RAX, Disp: 64 * t}, Y14, Y14)
		VADDPD(Mem{Base: RAX, Disp: 64*t + 32}, Y15, Y15)
		VMOVUPD(Y14, Mem{Base: RAX, Disp: 64 * t})
		VMOVUPD(Y15, Mem{Base: RAX, Disp: 64*t + 32})
	}
	VMOVDQU(Y13, cnt)
	MOVQ(totalSlot, RDX)
	for i := 0; i < 8; i++ {
		MOVL(cnt.Offset(4*i), EAX)
		ADDQ(RAX, RDX)
	}
	MOVQ(RDX, totalSlot)

	MOVQ(rowsSlot, RAX)
	SUBQ(RAX, leftSlot)
	JNZ(LabelRef("chunk"))

	Label("finish")
	MOVQ(totalSlot, RAX)
	Store(RAX, ReturnIndex(0))
	XORQ(RAX, RAX)
	TESTQ(ii, ii)
	CMOVQGT(ii, RAX)
	Store(RAX, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// shuffleDraw emits the draw of one swap of kernel.Shuffle when
// i > lim: the state (sh, sl) ← state·mul + inc, x = pcgOut(state),
// j = ⌊x·(i+1)/2⁶⁴⌋ stored at pj[i], i decremented.
// When the low word of x·(i+1) is below i+1 (Lemire's rejection step may
// be needed) it jumps to reject before changing the state. Otherwise,
// or with i ≤ lim, it ends at done's code (the caller places done right
// after it). It uses RAX, RDX and t1–t3.
func shuffleDraw(pj, ii, sh, sl, t1, t2, t3 Register, lim Mem, done, reject string) {
	CMPQ(ii, lim)
	JLE(LabelRef(done))
	MOVQ(sl, RAX)
	MULQ(cPCG.Offset(0)) // lo·mulLo, 128 bits in RDX:RAX
	MOVQ(sh, t1)
	IMULQ(cPCG.Offset(0), t1) // hi·mulLo
	MOVQ(sl, t2)
	IMULQ(cPCG.Offset(8), t2) // lo·mulHi
	ADDQ(t2, t1)
	ADDQ(RDX, t1)
	ADDQ(cPCG.Offset(16), RAX) // + incLo
	ADCQ(cPCG.Offset(24), t1)  // + incHi and the carry
	MOVQ(RAX, t2)              // the new state is (t1, t2)
	MOVQ(t1, t3)
	SHRQ(U8(32), t3)
	XORQ(t1, t3)
	IMULQ(cPCG.Offset(32), t3) // · the DXSM multiplier
	MOVQ(t3, RAX)
	SHRQ(U8(48), RAX)
	XORQ(RAX, t3)
	MOVQ(t2, RAX)
	ORQ(U8(1), RAX)
	IMULQ(RAX, t3) // x
	MOVQ(t3, RAX)
	LEAQ(Mem{Base: ii, Disp: 1}, RDX)
	MULQ(RDX) // x·(i+1): j in RDX, the low word in RAX
	CMPQ(RAX, ii)
	JLS(LabelRef(reject)) // low word ≤ i
	MOVQ(t1, sh)
	MOVQ(t2, sl)
	MOVQ(RDX, Mem{Base: pj, Index: ii, Scale: 8})
	DECQ(ii)
}

// clear8x8 zeroes the two 8×8 float64 matrices at pc and ps: the
// moments of an empty batch.
func clear8x8(pc, ps Register) {
	VXORPD(Y0, Y0, Y0)
	for i := 0; i < 16; i++ {
		VMOVUPD(Y0, Mem{Base: pc, Disp: 32 * i})
		VMOVUPD(Y0, Mem{Base: ps, Disp: 32 * i})
	}
}

// outerTile4 adds to the accumulators of rows 4t…4t+3 of an 8×8 sum
// (acc(i, v, 2)) the products a[4t+i]·z over R11 rows: z at pr and a at
// pg, both 64 bytes a row; the loop is labelled label.
func outerTile4(t int, pr, pg Register, label string) {
	Label(label)
	VMOVUPD(Mem{Base: pr}, Y12)
	VMOVUPD(Mem{Base: pr, Disp: 32}, Y13)
	for i := 0; i < 4; i++ {
		VBROADCASTSD(Mem{Base: pg, Disp: 8 * (4*t + i)}, Y14)
		VFMADD231PD(Y12, Y14, acc(i, 0, 2))
		VFMADD231PD(Y13, Y14, acc(i, 1, 2))
	}
	ADDQ(U8(64), pr)
	ADDQ(U8(64), pg)
	DECQ(R11)
	JNZ(LabelRef(label))
}

// maskedMoves returns the vector load and store of a block: VMOVUPD, or
// with masked VMASKMOVPD under the lane mask in Y15.
func maskedMoves(masked bool) (load func(m Mem, y VecPhysical), store func(y VecPhysical, m Mem)) {
	if masked {
		return func(m Mem, y VecPhysical) { VMASKMOVPD(m, Y15, y) },
			func(y VecPhysical, m Mem) { VMASKMOVPD(y, Y15, m) }
	}
	return func(m Mem, y VecPhysical) { VMOVUPD(m, y) },
		func(y VecPhysical, m Mem) { VMOVUPD(y, m) }
}
