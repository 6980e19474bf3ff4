//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// The tanh below rests on expm1: for a = min(|x|, 22) and e = expm1(−2a),
//
//	tanh(a) = −e / (e + 2),
//
// with no cancellation anywhere, so the result is accurate relative to
// tanh(x) for small x as for large. expm1(y), y = −2a in [−44, 0], is
// reduced as y = n·ln2 + r, |r| ≤ ln2/2, n an integer, and rebuilt as
// 2ⁿ·expm1(r) + (2ⁿ − 1); expm1(r) is its Taylor polynomial of degree
// 13, whose remainder is below 1.5e-17 relative. The sign of x is put back
// last. tanh(±Inf) = ±1, tanh(NaN) = NaN, tanh(±0) = ±0.

// Constants, loaded once into V12-V30: V12 22, V13 −2, V14 log2(e),
// V15 and V16 ln2 in two parts, V17 1, V18 the sign bit, V19-V30 the
// Taylor coefficients 1/13! down to 1/2!.
DATA tanhConst<>+0(SB)/8, $0x4036000000000000 // 22, the clamp on |x|
DATA tanhConst<>+8(SB)/8, $0xc000000000000000 // −2
DATA tanhConst<>+16(SB)/8, $0x3ff71547652b82fe // log2(e)
DATA tanhConst<>+24(SB)/8, $0x3fe62e42fee00000 // ln2 high part
DATA tanhConst<>+32(SB)/8, $0x3dea39ef35793c76 // ln2 low part
DATA tanhConst<>+40(SB)/8, $0x3ff0000000000000 // 1
DATA tanhConst<>+48(SB)/8, $0x8000000000000000 // sign bit
DATA tanhConst<>+56(SB)/8, $0x3de6124613a86d09 // 1/13!
DATA tanhConst<>+64(SB)/8, $0x3e21eed8eff8d898 // 1/12!
DATA tanhConst<>+72(SB)/8, $0x3e5ae64567f544e4 // 1/11!
DATA tanhConst<>+80(SB)/8, $0x3e927e4fb7789f5c // 1/10!
DATA tanhConst<>+88(SB)/8, $0x3ec71de3a556c734 // 1/9!
DATA tanhConst<>+96(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA tanhConst<>+104(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA tanhConst<>+112(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA tanhConst<>+120(SB)/8, $0x3f81111111111111 // 1/5!
DATA tanhConst<>+128(SB)/8, $0x3fa5555555555555 // 1/4!
DATA tanhConst<>+136(SB)/8, $0x3fc5555555555555 // 1/3!
DATA tanhConst<>+144(SB)/8, $0x3fe0000000000000 // 1/2!
GLOBL tanhConst<>(SB), RODATA|NOPTR, $152

// TANH replaces each lane of V0 by its tanh, using V1-V8 as scratch.
#define TANH \
	VFABS(0, 1)                    \
	VFMIN(12, 1, 1)                \
	VFMUL(13, 1, 1)                \
	VFMUL(14, 1, 2)                \
	VFRINTN(2, 2)                  \
	VORR  V1.B16, V1.B16, V3.B16   \
	VFMLS V15.D2, V2.D2, V3.D2     \
	VFMLS V16.D2, V2.D2, V3.D2     \
	VORR  V20.B16, V20.B16, V4.B16 \
	VFMLA V19.D2, V3.D2, V4.D2     \
	VORR  V21.B16, V21.B16, V5.B16 \
	VFMLA V4.D2, V3.D2, V5.D2      \
	VORR  V22.B16, V22.B16, V4.B16 \
	VFMLA V5.D2, V3.D2, V4.D2      \
	VORR  V23.B16, V23.B16, V5.B16 \
	VFMLA V4.D2, V3.D2, V5.D2      \
	VORR  V24.B16, V24.B16, V4.B16 \
	VFMLA V5.D2, V3.D2, V4.D2      \
	VORR  V25.B16, V25.B16, V5.B16 \
	VFMLA V4.D2, V3.D2, V5.D2      \
	VORR  V26.B16, V26.B16, V4.B16 \
	VFMLA V5.D2, V3.D2, V4.D2      \
	VORR  V27.B16, V27.B16, V5.B16 \
	VFMLA V4.D2, V3.D2, V5.D2      \
	VORR  V28.B16, V28.B16, V4.B16 \
	VFMLA V5.D2, V3.D2, V4.D2      \
	VORR  V29.B16, V29.B16, V5.B16 \
	VFMLA V4.D2, V3.D2, V5.D2      \
	VORR  V30.B16, V30.B16, V4.B16 \
	VFMLA V5.D2, V3.D2, V4.D2      \
	VFMUL(3, 3, 6)                 \
	VORR  V3.B16, V3.B16, V5.B16   \
	VFMLA V4.D2, V6.D2, V5.D2      \
	VFCVTZS(2, 8)                  \
	VSHL  $52, V8.D2, V8.D2        \
	VADD  V17.D2, V8.D2, V7.D2     \
	VFSUB(17, 7, 1)                \
	VFMLA V5.D2, V7.D2, V1.D2      \
	VFSUB(13, 1, 2)                \
	VFDIV(2, 1, 1)                 \
	VFABS(1, 1)                    \
	VAND  V18.B16, V0.B16, V0.B16  \
	VORR  V1.B16, V0.B16, V0.B16

// GPRIME adds 1 − g² for each lane g of V0 to V31.
#define GPRIME \
	VORR  V17.B16, V17.B16, V2.B16 \
	VFMLS V0.D2, V0.D2, V2.D2      \
	VFADD(2, 31, 31)

// LOADCONST loads the constants into V12-V30, using R8.
#define LOADCONST \
	MOVD    $tanhConst<>(SB), R8 \
	VLD1R.P 8(R8), [V12.D2] \
	VLD1R.P 8(R8), [V13.D2] \
	VLD1R.P 8(R8), [V14.D2] \
	VLD1R.P 8(R8), [V15.D2] \
	VLD1R.P 8(R8), [V16.D2] \
	VLD1R.P 8(R8), [V17.D2] \
	VLD1R.P 8(R8), [V18.D2] \
	VLD1R.P 8(R8), [V19.D2] \
	VLD1R.P 8(R8), [V20.D2] \
	VLD1R.P 8(R8), [V21.D2] \
	VLD1R.P 8(R8), [V22.D2] \
	VLD1R.P 8(R8), [V23.D2] \
	VLD1R.P 8(R8), [V24.D2] \
	VLD1R.P 8(R8), [V25.D2] \
	VLD1R.P 8(R8), [V26.D2] \
	VLD1R.P 8(R8), [V27.D2] \
	VLD1R.P 8(R8), [V28.D2] \
	VLD1R.P 8(R8), [V29.D2] \
	VLD1R.P 8(R8), [V30.D2] 

// func TanhNEON(x []float64)
TEXT ·TanhNEON(SB), NOSPLIT, $0-24
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R1
	LOADCONST

pairs:
	CMP  $2, R1
	BLT  tail
	VLD1 (R0), [V0.D2]
	TANH
	VST1.P [V0.D2], 16(R0)
	SUB  $2, R1
	B    pairs

tail:
	CBZ  R1, done
	VLD1 (R0), V0.D[0]
	TANH
	VST1 V0.D[0], (R0)

done:
	RET

// func tanhColsNEON(h []float64, ld int, gd []float64, rows, cols int)
//
// Registers: R0 h column, R1 ld in bytes, R2 gd, R4 rows, R5 columns
// left, R15 walks h, R16 counts rows; V31 accumulates gd.
TEXT ·tanhColsNEON(SB), NOSPLIT, $0-72
	MOVD h_base+0(FP), R0
	MOVD ld+24(FP), R1
	MOVD gd_base+32(FP), R2
	MOVD rows+56(FP), R4
	MOVD cols+64(FP), R5
	LSL  $3, R1
	LOADCONST

pair:
	CMP  $2, R5
	BLT  tail
	VLD1 (R2), [V31.D2]
	MOVD R0, R15
	MOVD R4, R16
	CBZ  R16, pairstore

pairloop:
	VLD1 (R15), [V0.D2]
	TANH
	VST1 [V0.D2], (R15)
	ADD  R1, R15
	GPRIME
	SUBS $1, R16
	BNE  pairloop

pairstore:
	VST1.P [V31.D2], 16(R2)
	ADD    $16, R0
	SUB    $2, R5
	B      pair

	// An odd last column runs the same code on lane 0 alone.
tail:
	CBZ   R5, done
	FMOVD (R2), F31
	MOVD  R0, R15
	MOVD  R4, R16
	CBZ   R16, tailstore

tailloop:
	VLD1 (R15), V0.D[0]
	TANH
	VST1 V0.D[0], (R15)
	ADD  R1, R15
	GPRIME
	SUBS $1, R16
	BNE  tailloop

tailstore:
	FMOVD F31, (R2)

done:
	RET
