//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// The float32 kernels for k = 8. A row z of the data is eight float32
// lanes in two registers, lanes 0–3 ("lo") and 4–7 ("hi"). The codes
// h = W z are formed along the diagonals of W, as the generic h32 orders
// their terms: lane i of diagonal d is W[i][(i+d)%8], and lane i of z
// rotated by d is z[(i+d)%8], so that
//
//	a = W_0·z ⊕ W_1·rot_1(z) ⊕ W_2·rot_2(z) ⊕ W_3·rot_3(z)
//	b = W_4·rot_4(z) ⊕ W_5·rot_5(z) ⊕ W_6·rot_6(z) ⊕ W_7·rot_7(z)
//	h = a + b
//
// lane by lane, each ⊕ a fused FMLA, is h32 for all eight i at once. The
// rotations are EXTs of z's two halves: rot_d(z) for d = 1…3 has halves
// EXT(lo, hi, d) and EXT(hi, lo, d), and rot_{d+4}(z) the same two
// swapped.

// W32ROW loads the next row of the float64 w at R2 (advancing R2) and
// rounds it to float32 in V4 (lanes 0–3) and V5 (4–7), using V0–V3.
#define W32ROW \
	VLD1.P 64(R2), [V0.D2, V1.D2, V2.D2, V3.D2] \
	VFCVTN(0, 4)                                \
	VFCVTN2(1, 4)                               \
	VFCVTN(2, 5)                                \
	VFCVTN2(3, 5)

// W32ROT is W32ROW followed by the row rotated left by d = e/4 (e the
// byte count) in V6 and rotated by d + 4 in V7, stored at a6(R9) and
// a7(R9).
#define W32ROT(e, a6, a7) \
	W32ROW                          \
	VEXT  $e, V5.B16, V4.B16, V6.B16 \
	VEXT  $e, V4.B16, V5.B16, V7.B16 \
	FMOVQ F6, a6(R9)                 \
	FMOVQ F7, a7(R9)

// W32DIAG stores at R9 (256 bytes) the rows of W = float32(w), for the
// float64 8×8 w at R2, each row i rotated left by i, so that entry d of
// row i is lane i of diagonal d. Lanes 0–3 of the rows 0–3 go to
// R9 + 16i, their lanes 4–7 to R9 + 64 + 16i, and those of the rows 4–7
// to R9 + 128 + 16(i−4) and R9 + 192 + 16(i−4): four blocks that one
// VLD4 each transposes into diagonals (LOADW). It uses V0–V7 and
// advances R2.
#define W32DIAG \
	W32ROW                \
	FMOVQ F4, 0(R9)       \
	FMOVQ F5, 64(R9)      \
	W32ROT(4, 16, 80)     \
	W32ROT(8, 32, 96)     \
	W32ROT(12, 48, 112)   \
	W32ROW                \
	FMOVQ F5, 128(R9)     \
	FMOVQ F4, 192(R9)     \
	W32ROT(4, 208, 144)   \
	W32ROT(8, 224, 160)   \
	W32ROT(12, 240, 176)

// LOADW loads the diagonals of W from the rotated rows at R9: lanes 0–3
// of diagonal d into V16+d and lanes 4–7 into V24+d. It uses R15.
#define LOADW \
	MOVD   R9, R15                                   \
	VLD4.P 64(R15), [V16.S4, V17.S4, V18.S4, V19.S4] \
	VLD4.P 64(R15), [V20.S4, V21.S4, V22.S4, V23.S4] \
	VLD4.P 64(R15), [V24.S4, V25.S4, V26.S4, V27.S4] \
	VLD4   (R15), [V28.S4, V29.S4, V30.S4, V31.S4]

// HROW sets V8 (lanes 0–3) and V9 (4–7) to the codes h of the row z in
// V0 and V1, with the diagonals of W as LOADW leaves them: the rotations
// of z in V2–V7 (rot_1 in V2 and V3, rot_2 in V4 and V5, rot_3 in V6
// and V7, lo then hi), the chains a in V8 and V9 and b in V10 and V11,
// the four chains' steps interleaved.
#define HROW \
	VEXT  $4, V1.B16, V0.B16, V2.B16  \
	VEXT  $4, V0.B16, V1.B16, V3.B16  \
	VEXT  $8, V1.B16, V0.B16, V4.B16  \
	VEXT  $8, V0.B16, V1.B16, V5.B16  \
	VEXT  $12, V1.B16, V0.B16, V6.B16 \
	VEXT  $12, V0.B16, V1.B16, V7.B16 \
	VFMUL4S(16, 0, 8)                 \
	VFMUL4S(20, 1, 10)                \
	VFMUL4S(24, 1, 9)                 \
	VFMUL4S(28, 0, 11)                \
	VFMLA V2.S4, V17.S4, V8.S4        \
	VFMLA V3.S4, V21.S4, V10.S4       \
	VFMLA V3.S4, V25.S4, V9.S4        \
	VFMLA V2.S4, V29.S4, V11.S4       \
	VFMLA V4.S4, V18.S4, V8.S4        \
	VFMLA V5.S4, V22.S4, V10.S4       \
	VFMLA V5.S4, V26.S4, V9.S4        \
	VFMLA V4.S4, V30.S4, V11.S4       \
	VFMLA V6.S4, V19.S4, V8.S4        \
	VFMLA V7.S4, V23.S4, V10.S4       \
	VFMLA V7.S4, V27.S4, V9.S4        \
	VFMLA V6.S4, V31.S4, V11.S4       \
	VFADD4S(10, 8, 8)                 \
	VFADD4S(11, 9, 9)

// WIDEN stores the float32 lanes of Vlo and Vhi, widened to float64, at
// R (eight float64s) and advances R past them, using V0–V3.
#define WIDEN(lo, hi, R) \
	VFCVTL(lo, 0)                                   \
	VFCVTL2(lo, 1)                                  \
	VFCVTL(hi, 2)                                   \
	VFCVTL2(hi, 3)                                  \
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R)

// ADDSUMS adds the float32 lanes of Vlo and Vhi, widened to float64, to
// the eight float64s at R15 and advances R15 past them, using V0–V7.
#define ADDSUMS(lo, hi) \
	VLD1   (R15), [V0.D2, V1.D2, V2.D2, V3.D2]     \
	VFCVTL(lo, 4)                                 \
	VFCVTL2(lo, 5)                                \
	VFCVTL(hi, 6)                                 \
	VFCVTL2(hi, 7)                                \
	VFADD(4, 0, 0)                                \
	VFADD(5, 1, 1)                                \
	VFADD(6, 2, 2)                                \
	VFADD(7, 3, 3)                                \
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R15)

// func batchMoments8F32NEON(c, s, w []float64, z []float32, rows []int) bool
//
// Each chunk of up to 64 rows of the batch takes two passes. The first
// checks each index, forms h (HROW) and stores sign(h) as float32 ±1 or
// 0 in the frame; the second reads the rows again with their signs and
// adds, for each i, the row z times sign(h_i) to row i of S and z times
// z_i to row i of C (FMLA by element: row-major rows, no rotation).
// Only C's upper triangle is summed, and its rows 4–7 only in lanes
// 4–7; their lanes 0–3 are the transpose of lanes 4–7 of rows 0–3,
// formed at the end (z_i·z_j = z_j·z_i, so the two triangles agree to
// the bit in the generic code too). The sign terms are exact (±z or
// ±0), so their fusing changes nothing; only a z of ±Inf or NaN with a
// sign of 0 (a NaN code) gives NaN where the generic code adds nothing.
//
// Frame: the signs of the chunk (64 × 32 bytes) at R8, the rotated rows
// of W (256 bytes) at R9, C and S between chunks (28 vectors) at R10.
// Registers: R0 c, R1 s, R3 z, R4 the number of rows of z, R5 walks
// rows, R6 rows left, R7 rows in the chunk, R11 counts rows, R12 walks
// rows in the first pass, R13 walks the signs, R14 an index, R15 an
// address. In the second pass: z in V0 and V1, its signs in V2 and V3,
// C's rows 0–3 in V4–V11 (lo, hi), the hi halves of its rows 4–7 in
// V12–V15, S's rows in V16–V31 (lo, hi).
TEXT ·batchMoments8F32NEON(SB), $2752-121
	MOVD c_base+0(FP), R0
	MOVD s_base+24(FP), R1
	MOVD w_base+48(FP), R2
	MOVD z_base+72(FP), R3
	MOVD z_len+80(FP), R4
	LSR  $3, R4
	MOVD rows_base+96(FP), R5
	MOVD rows_len+104(FP), R6
	MOVD $sg-2752(SP), R8
	ADD  $2048, R8, R9
	ADD  $256, R9, R10
	W32DIAG

	// C and S start at zero.
	VEOR   V0.B16, V0.B16, V0.B16
	VEOR   V1.B16, V1.B16, V1.B16
	VEOR   V2.B16, V2.B16, V2.B16
	VEOR   V3.B16, V3.B16, V3.B16
	MOVD   R10, R15
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R15)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R15)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R15)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R15)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R15)
	VST1.P [V0.S4, V1.S4, V2.S4, V3.S4], 64(R15)
	VST1   [V0.S4, V1.S4, V2.S4, V3.S4], (R15)
	CBZ    R6, reload

chunk:
	MOVD $64, R7
	CMP  R7, R6
	CSEL LT, R6, R7, R7

	// The signs of the chunk's codes: with the compare masks as int32
	// (−1 where true), sign(h) = mask(h < 0) − mask(h > 0), converted to
	// float32; ±0 and NaN give 0.
	LOADW
	MOVD R5, R12
	MOVD R8, R13
	MOVD R7, R11

signs:
	MOVD.P 8(R12), R14
	CMP    R4, R14
	BHS    badrow
	ADD    R14<<5, R3, R15
	VLD1   (R15), [V0.S4, V1.S4]
	HROW
	VFCMGTZ4S(8, 12)
	VFCMGTZ4S(9, 13)
	VFCMLTZ4S(8, 14)
	VFCMLTZ4S(9, 15)
	VSUB   V12.S4, V14.S4, V12.S4
	VSUB   V13.S4, V15.S4, V13.S4
	VSCVTF4S(12, 12)
	VSCVTF4S(13, 13)
	VST1.P [V12.S4, V13.S4], 32(R13)
	SUBS   $1, R11
	BNE    signs

	// C and S over the chunk's rows, in order.
reload:
	MOVD   R10, R15
	VLD1.P 64(R15), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1.P 64(R15), [V8.S4, V9.S4, V10.S4, V11.S4]
	VLD1.P 64(R15), [V12.S4, V13.S4, V14.S4, V15.S4]
	VLD1.P 64(R15), [V16.S4, V17.S4, V18.S4, V19.S4]
	VLD1.P 64(R15), [V20.S4, V21.S4, V22.S4, V23.S4]
	VLD1.P 64(R15), [V24.S4, V25.S4, V26.S4, V27.S4]
	VLD1   (R15), [V28.S4, V29.S4, V30.S4, V31.S4]
	CBZ    R6, widen
	MOVD   R8, R13
	MOVD   R7, R11

cs:
	MOVD.P 8(R5), R14
	ADD    R14<<5, R3, R15
	VLD1   (R15), [V0.S4, V1.S4]
	VLD1.P 32(R13), [V2.S4, V3.S4]
	VFMLAE4S(2, 0, 0, 16)
	VFMLAE4S(2, 0, 1, 17)
	VFMLAE4S(2, 1, 0, 18)
	VFMLAE4S(2, 1, 1, 19)
	VFMLAE4S(2, 2, 0, 20)
	VFMLAE4S(2, 2, 1, 21)
	VFMLAE4S(2, 3, 0, 22)
	VFMLAE4S(2, 3, 1, 23)
	VFMLAE4S(3, 0, 0, 24)
	VFMLAE4S(3, 0, 1, 25)
	VFMLAE4S(3, 1, 0, 26)
	VFMLAE4S(3, 1, 1, 27)
	VFMLAE4S(3, 2, 0, 28)
	VFMLAE4S(3, 2, 1, 29)
	VFMLAE4S(3, 3, 0, 30)
	VFMLAE4S(3, 3, 1, 31)
	VFMLAE4S(0, 0, 0, 4)
	VFMLAE4S(0, 0, 1, 5)
	VFMLAE4S(0, 1, 0, 6)
	VFMLAE4S(0, 1, 1, 7)
	VFMLAE4S(0, 2, 0, 8)
	VFMLAE4S(0, 2, 1, 9)
	VFMLAE4S(0, 3, 0, 10)
	VFMLAE4S(0, 3, 1, 11)
	VFMLAE4S(1, 0, 1, 12)
	VFMLAE4S(1, 1, 1, 13)
	VFMLAE4S(1, 2, 1, 14)
	VFMLAE4S(1, 3, 1, 15)
	SUBS   $1, R11
	BNE    cs

	SUBS   R7, R6
	BEQ    widen
	MOVD   R10, R15
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R15)
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R15)
	VST1.P [V12.S4, V13.S4, V14.S4, V15.S4], 64(R15)
	VST1.P [V16.S4, V17.S4, V18.S4, V19.S4], 64(R15)
	VST1.P [V20.S4, V21.S4, V22.S4, V23.S4], 64(R15)
	VST1.P [V24.S4, V25.S4, V26.S4, V27.S4], 64(R15)
	VST1   [V28.S4, V29.S4, V30.S4, V31.S4], (R15)
	B      chunk

	// s and c in float64, row by row; lanes 0–3 of C's rows 4–7 (in
	// V20–V23) are the 4×4 transpose of lanes 4–7 of its rows 0–3.
widen:
	WIDEN(16, 17, R1)
	WIDEN(18, 19, R1)
	WIDEN(20, 21, R1)
	WIDEN(22, 23, R1)
	WIDEN(24, 25, R1)
	WIDEN(26, 27, R1)
	WIDEN(28, 29, R1)
	WIDEN(30, 31, R1)
	WIDEN(4, 5, R0)
	WIDEN(6, 7, R0)
	WIDEN(8, 9, R0)
	WIDEN(10, 11, R0)
	VTRN1 V7.S4, V5.S4, V16.S4
	VTRN2 V7.S4, V5.S4, V17.S4
	VTRN1 V11.S4, V9.S4, V18.S4
	VTRN2 V11.S4, V9.S4, V19.S4
	VTRN1 V18.D2, V16.D2, V20.D2
	VTRN1 V19.D2, V17.D2, V21.D2
	VTRN2 V18.D2, V16.D2, V22.D2
	VTRN2 V19.D2, V17.D2, V23.D2
	WIDEN(20, 12, R0)
	WIDEN(21, 13, R0)
	WIDEN(22, 14, R0)
	WIDEN(23, 15, R0)
	MOVD  $1, R14
	MOVB  R14, ret+120(FP)
	RET

badrow:
	MOVB ZR, ret+120(FP)
	RET

// func forwardMoments8F32NEON(sums, w []float64, z []float32, thr float32) int64
//
// Each chunk of up to 64 rows takes two passes: the first forms the
// codes of its rows (HROW) and stores them in the frame, the second
// takes their power sums in float32, which are then widened and added to
// the float64 sums.
//
// Frame: the chunk's codes (64 × 32 bytes) at R8, the rotated rows of W
// (256 bytes) at R9. Registers: R0 sums, R3 walks z, R6 rows left, R7
// the count, R10 rows in the chunk, R11 counts rows, R13 walks the codes,
// R14 a partial count, R15 an address. In the second pass: h in V0 and
// V1 (lo, hi), h² in V2 and V3, |h| in V4 and V5, the compare masks in V6
// and V7; the sums t1, t2, t3, t4, ta in V16–V25 (lo, hi), the count
// per lane (as int32, minus the masks) in V26, thr in V27.
TEXT ·forwardMoments8F32NEON(SB), $2304-88
	MOVD   sums_base+0(FP), R0
	MOVD   w_base+24(FP), R2
	MOVD   z_base+48(FP), R3
	MOVD   z_len+56(FP), R6
	LSR    $3, R6
	MOVD   ZR, R7
	VEOR   V0.B16, V0.B16, V0.B16
	VEOR   V1.B16, V1.B16, V1.B16
	VEOR   V2.B16, V2.B16, V2.B16
	VEOR   V3.B16, V3.B16, V3.B16
	MOVD   R0, R15
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R15)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R15)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R15)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R15)
	VST1   [V0.D2, V1.D2, V2.D2, V3.D2], (R15)
	CBZ    R6, done
	MOVD   $h-2304(SP), R8
	ADD    $2048, R8, R9
	W32DIAG

chunk:
	MOVD $64, R10
	CMP  R10, R6
	CSEL LT, R6, R10, R10

	LOADW
	MOVD R8, R13
	MOVD R10, R11

codes:
	VLD1.P 32(R3), [V0.S4, V1.S4]
	HROW
	VST1.P [V8.S4, V9.S4], 32(R13)
	SUBS   $1, R11
	BNE    codes

	// t1 += h, t2 = fma(h, h, t2), t3 = fma(h², h, t3),
	// t4 = fma(h², h², t4), ta += |h|, count += (thr > |h|).
	VEOR  V16.B16, V16.B16, V16.B16
	VEOR  V17.B16, V17.B16, V17.B16
	VEOR  V18.B16, V18.B16, V18.B16
	VEOR  V19.B16, V19.B16, V19.B16
	VEOR  V20.B16, V20.B16, V20.B16
	VEOR  V21.B16, V21.B16, V21.B16
	VEOR  V22.B16, V22.B16, V22.B16
	VEOR  V23.B16, V23.B16, V23.B16
	VEOR  V24.B16, V24.B16, V24.B16
	VEOR  V25.B16, V25.B16, V25.B16
	VEOR  V26.B16, V26.B16, V26.B16
	FMOVS thr+72(FP), F27
	VDUP  V27.S[0], V27.S4
	MOVD  R8, R13
	MOVD  R10, R11

powers:
	VLD1.P 32(R13), [V0.S4, V1.S4]
	VFADD4S(0, 16, 16)
	VFADD4S(1, 17, 17)
	VFMUL4S(0, 0, 2)
	VFMUL4S(1, 1, 3)
	VFMLA  V0.S4, V0.S4, V18.S4
	VFMLA  V1.S4, V1.S4, V19.S4
	VFMLA  V2.S4, V0.S4, V20.S4
	VFMLA  V3.S4, V1.S4, V21.S4
	VFMLA  V2.S4, V2.S4, V22.S4
	VFMLA  V3.S4, V3.S4, V23.S4
	VFABS4S(0, 4)
	VFABS4S(1, 5)
	VFADD4S(4, 24, 24)
	VFADD4S(5, 25, 25)
	VFCMGT4S(4, 27, 6)
	VFCMGT4S(5, 27, 7)
	VSUB   V6.S4, V26.S4, V26.S4
	VSUB   V7.S4, V26.S4, V26.S4
	SUBS   $1, R11
	BNE    powers

	// The chunk's count into R7, its sums widened into sums.
	VADDV V26.S4, V26
	VMOV  V26.S[0], R14
	ADD   R14, R7
	MOVD  R0, R15
	ADDSUMS(16, 17)
	ADDSUMS(18, 19)
	ADDSUMS(20, 21)
	ADDSUMS(22, 23)
	ADDSUMS(24, 25)
	SUBS  R10, R6
	BNE   chunk

done:
	MOVD R7, ret+80(FP)
	RET

// Constants of tanh32, loaded once into V16–V30: V16 the clip 10, V17
// log2(e), V18 the rounding constant 1.5·2²³, V19 and V20 ln 2 in two
// parts, V21–V27 the Taylor coefficients 1/7! down to 1/1!, V28 2, V29
// the sign bit, V30 float64 1. V27 (1) serves also as the integer
// 127<<23, the exponent bias of 2ⁿ, which has the same bits.
DATA tanh32Const<>+0(SB)/4, $0x41200000  // 10
DATA tanh32Const<>+4(SB)/4, $0x3fb8aa3b  // float32(log2(e))
DATA tanh32Const<>+8(SB)/4, $0x4b400000  // 1.5·2²³
DATA tanh32Const<>+12(SB)/4, $0x3f317200 // ln 2, high part (0.693145751953125)
DATA tanh32Const<>+16(SB)/4, $0x35bfbe8e // ln 2, low part (1.4286068e-06)
DATA tanh32Const<>+20(SB)/4, $0x39500d01 // 1/7!
DATA tanh32Const<>+24(SB)/4, $0x3ab60b61 // 1/6!
DATA tanh32Const<>+28(SB)/4, $0x3c088889 // 1/5!
DATA tanh32Const<>+32(SB)/4, $0x3d2aaaab // 1/4!
DATA tanh32Const<>+36(SB)/4, $0x3e2aaaab // 1/3!
DATA tanh32Const<>+40(SB)/4, $0x3f000000 // 1/2!
DATA tanh32Const<>+44(SB)/4, $0x3f800000 // 1/1!, and 127<<23
DATA tanh32Const<>+48(SB)/4, $0x40000000 // 2
DATA tanh32Const<>+52(SB)/4, $0x80000000 // the sign bit
DATA tanh32Const<>+56(SB)/8, $0x3ff0000000000000 // float64 1
GLOBL tanh32Const<>(SB), RODATA|NOPTR, $64

// TANH32 replaces the float32 lanes x of V4 and of V5 by tanh32(x) in V9
// and V3, with the steps and roundings of the generic tanh32: FMLS and
// FMLA (one rounding) where it fuses a product into a sum (fma32), FMUL
// then FADD where it rounds the product first; the constants are in
// V16–V29. For V4 it uses a (|x|, then t2, then r) in V6, t (then
// 2ⁿ − 1, then m) in V7, n (then 2ⁿ) in V8, and p in V9 and V10 by
// turns; for V5 the same in V0–V3 and V11. The two evaluations are
// interleaved, and V4 and V5 are left with their sign bits.
#define TANH32 \
	VFABS4S(4, 6)                 \
	VFABS4S(5, 0)                 \
	VFMIN4S(16, 6, 6)             \
	VFMIN4S(16, 0, 0)             \
	VFADD4S(6, 6, 6)              \
	VFADD4S(0, 0, 0)              \
	VFMUL4S(17, 6, 7)             \
	VFMUL4S(17, 0, 1)             \
	VFADD4S(18, 7, 7)             \
	VFADD4S(18, 1, 1)             \
	VFSUB4S(18, 7, 8)             \
	VFSUB4S(18, 1, 2)             \
	VFMLS V19.S4, V8.S4, V6.S4    \
	VFMLS V19.S4, V2.S4, V0.S4    \
	VFMLS V20.S4, V8.S4, V6.S4    \
	VFMLS V20.S4, V2.S4, V0.S4    \
	VORR  V22.B16, V22.B16, V9.B16  \
	VORR  V22.B16, V22.B16, V3.B16  \
	VFMLA V21.S4, V6.S4, V9.S4    \
	VFMLA V21.S4, V0.S4, V3.S4    \
	VORR  V23.B16, V23.B16, V10.B16 \
	VORR  V23.B16, V23.B16, V11.B16 \
	VFMLA V9.S4, V6.S4, V10.S4    \
	VFMLA V3.S4, V0.S4, V11.S4    \
	VORR  V24.B16, V24.B16, V9.B16  \
	VORR  V24.B16, V24.B16, V3.B16  \
	VFMLA V10.S4, V6.S4, V9.S4    \
	VFMLA V11.S4, V0.S4, V3.S4    \
	VORR  V25.B16, V25.B16, V10.B16 \
	VORR  V25.B16, V25.B16, V11.B16 \
	VFMLA V9.S4, V6.S4, V10.S4    \
	VFMLA V3.S4, V0.S4, V11.S4    \
	VORR  V26.B16, V26.B16, V9.B16  \
	VORR  V26.B16, V26.B16, V3.B16  \
	VFMLA V10.S4, V6.S4, V9.S4    \
	VFMLA V11.S4, V0.S4, V3.S4    \
	VORR  V27.B16, V27.B16, V10.B16 \
	VORR  V27.B16, V27.B16, V11.B16 \
	VFMLA V9.S4, V6.S4, V10.S4    \
	VFMLA V3.S4, V0.S4, V11.S4    \
	VFMUL4S(10, 6, 9)             \
	VFMUL4S(11, 0, 3)             \
	VSHL  $23, V7.S4, V8.S4       \
	VSHL  $23, V1.S4, V2.S4       \
	VADD  V27.S4, V8.S4, V8.S4    \
	VADD  V27.S4, V2.S4, V2.S4    \
	VFSUB4S(27, 8, 7)             \
	VFSUB4S(27, 2, 1)             \
	VFMLA V9.S4, V8.S4, V7.S4     \
	VFMLA V3.S4, V2.S4, V1.S4     \
	VFADD4S(28, 7, 9)             \
	VFADD4S(28, 1, 3)             \
	VFDIV4S(9, 7, 9)              \
	VFDIV4S(3, 1, 3)              \
	VAND  V29.B16, V4.B16, V4.B16 \
	VAND  V29.B16, V5.B16, V5.B16 \
	VORR  V4.B16, V9.B16, V9.B16  \
	VORR  V5.B16, V3.B16, V3.B16

// func tanh32Rows8NEON(h, gd []float64)
//
// Registers: R0 walks h, R1 counts rows, R2 gd; a row of h in V0–V3
// (float64), then in V4 and V5 (float32); gd in V12–V15.
TEXT ·tanh32Rows8NEON(SB), NOSPLIT, $0-48
	MOVD    h_base+0(FP), R0
	MOVD    h_len+8(FP), R1
	MOVD    gd_base+24(FP), R2
	LSR     $3, R1
	CBZ     R1, done
	MOVD    $tanh32Const<>(SB), R8
	VLD1R.P 4(R8), [V16.S4]
	VLD1R.P 4(R8), [V17.S4]
	VLD1R.P 4(R8), [V18.S4]
	VLD1R.P 4(R8), [V19.S4]
	VLD1R.P 4(R8), [V20.S4]
	VLD1R.P 4(R8), [V21.S4]
	VLD1R.P 4(R8), [V22.S4]
	VLD1R.P 4(R8), [V23.S4]
	VLD1R.P 4(R8), [V24.S4]
	VLD1R.P 4(R8), [V25.S4]
	VLD1R.P 4(R8), [V26.S4]
	VLD1R.P 4(R8), [V27.S4]
	VLD1R.P 4(R8), [V28.S4]
	VLD1R.P 4(R8), [V29.S4]
	VLD1R   (R8), [V30.D2]
	VLD1    (R2), [V12.D2, V13.D2, V14.D2, V15.D2]

row:
	VLD1   (R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	VFCVTN(0, 4)
	VFCVTN(2, 5)
	VFCVTN2(1, 4)
	VFCVTN2(3, 5)
	TANH32
	VFCVTL(9, 0)
	VFCVTL2(9, 1)
	VFCVTL(3, 2)
	VFCVTL2(3, 3)
	VST1.P [V0.D2, V1.D2, V2.D2, V3.D2], 64(R0)

	// gd += 1 − g², fused (math.FMA(−g, g, 1)), then added.
	VORR  V30.B16, V30.B16, V4.B16
	VORR  V30.B16, V30.B16, V5.B16
	VORR  V30.B16, V30.B16, V6.B16
	VORR  V30.B16, V30.B16, V7.B16
	VFMLS V0.D2, V0.D2, V4.D2
	VFMLS V1.D2, V1.D2, V5.D2
	VFMLS V2.D2, V2.D2, V6.D2
	VFMLS V3.D2, V3.D2, V7.D2
	VFADD(4, 12, 12)
	VFADD(5, 13, 13)
	VFADD(6, 14, 14)
	VFADD(7, 15, 15)
	SUBS  $1, R1
	BNE   row
	VST1  [V12.D2, V13.D2, V14.D2, V15.D2], (R2)

done:
	RET
