//go:build !purego

#include "textflag.h"
#include "neon_arm64.h"

// func signNEON(x []float64)
//
// V4 = x > 0 and V8 = x < 0 (V1 and V2 in the loop over pairs) as
// all-ones masks, that is −1 as integers; V8 − V4 is then 1, −1 or 0,
// converted back to float64.
TEXT ·signNEON(SB), NOSPLIT, $0-24
	MOVD x_base+0(FP), R0
	MOVD x_len+8(FP), R1

eights:
	CMP  $8, R1
	BLT  pairs
	VLD1 (R0), [V0.D2, V1.D2, V2.D2, V3.D2]
	VFCMGTZ(0, 4)
	VFCMLTZ(0, 8)
	VFCMGTZ(1, 5)
	VFCMLTZ(1, 9)
	VFCMGTZ(2, 6)
	VFCMLTZ(2, 10)
	VFCMGTZ(3, 7)
	VFCMLTZ(3, 11)
	VSUB V4.D2, V8.D2, V4.D2
	VSUB V5.D2, V9.D2, V5.D2
	VSUB V6.D2, V10.D2, V6.D2
	VSUB V7.D2, V11.D2, V7.D2
	VSCVTF(4, 4)
	VSCVTF(5, 5)
	VSCVTF(6, 6)
	VSCVTF(7, 7)
	VST1.P [V4.D2, V5.D2, V6.D2, V7.D2], 64(R0)
	SUB  $8, R1
	B    eights

pairs:
	CMP  $2, R1
	BLT  tail
	VLD1 (R0), [V0.D2]
	VFCMGTZ(0, 1)
	VFCMLTZ(0, 2)
	VSUB V1.D2, V2.D2, V3.D2
	VSCVTF(3, 3)
	VST1.P [V3.D2], 16(R0)
	SUB  $2, R1
	B    pairs

tail:
	CBZ  R1, done
	VLD1 (R0), V0.D[0]
	VFCMGTZ(0, 1)
	VFCMLTZ(0, 2)
	VSUB V1.D2, V2.D2, V3.D2
	VSCVTF(3, 3)
	VST1 V3.D[0], (R0)

done:
	RET

// MOMENTS adds the powers of h (V0) to the sums in V16-V20 and counts
// |h| < small (V6) in V21: s1 += h, s2 += h·h, s3 += h²·h, s4 += h²·h²,
// sa += |h|, count −= (small > |h| ? −1 : 0).
#define MOMENTS \
	VFADD(0, 16, 16)           \
	VFMUL(0, 0, 1)             \
	VFMLA V0.D2, V0.D2, V17.D2 \
	VFMLA V1.D2, V0.D2, V18.D2 \
	VFMLA V1.D2, V1.D2, V19.D2 \
	VFABS(0, 2)                \
	VFADD(2, 20, 20)           \
	VFCMGT(2, 6, 3)            \
	VSUB  V3.D2, V21.D2, V21.D2

// func momentsColsNEON(sums []float64, ks int, h []float64, ld, rows, cols int, small float64) int64
//
// Registers: R0 sums of the column pair, R1 ks in bytes, R2 h column,
// R3 ld in bytes, R4 rows, R5 columns left, R9 the count, R10-R14 the
// five sums, R15 walks h, R16 counts rows.
TEXT ·momentsColsNEON(SB), NOSPLIT, $0-96
	MOVD  sums_base+0(FP), R0
	MOVD  ks+24(FP), R1
	MOVD  h_base+32(FP), R2
	MOVD  ld+56(FP), R3
	MOVD  rows+64(FP), R4
	MOVD  cols+72(FP), R5
	FMOVD small+80(FP), F6
	VDUP  V6.D[0], V6.D2
	LSL   $3, R1
	LSL   $3, R3
	MOVD  ZR, R9

pair:
	CMP  $2, R5
	BLT  tail
	MOVD R0, R10
	ADD  R1, R10, R11
	ADD  R1, R11, R12
	ADD  R1, R12, R13
	ADD  R1, R13, R14
	VLD1 (R10), [V16.D2]
	VLD1 (R11), [V17.D2]
	VLD1 (R12), [V18.D2]
	VLD1 (R13), [V19.D2]
	VLD1 (R14), [V20.D2]
	VEOR V21.B16, V21.B16, V21.B16
	MOVD R2, R15
	MOVD R4, R16
	CBZ  R16, pairstore

pairloop:
	VLD1 (R15), [V0.D2]
	ADD  R3, R15
	MOMENTS
	SUBS $1, R16
	BNE  pairloop

pairstore:
	VST1 [V16.D2], (R10)
	VST1 [V17.D2], (R11)
	VST1 [V18.D2], (R12)
	VST1 [V19.D2], (R13)
	VST1 [V20.D2], (R14)
	VMOV V21.D[0], R6
	VMOV V21.D[1], R7
	ADD  R6, R9
	ADD  R7, R9
	ADD  $16, R0
	ADD  $16, R2
	SUB  $2, R5
	B    pair

	// An odd last column runs the same code on lane 0 alone; lane 1
	// holds leftovers that are neither stored nor counted.
tail:
	CBZ  R5, done
	MOVD R0, R10
	ADD  R1, R10, R11
	ADD  R1, R11, R12
	ADD  R1, R12, R13
	ADD  R1, R13, R14
	VLD1 (R10), V16.D[0]
	VLD1 (R11), V17.D[0]
	VLD1 (R12), V18.D[0]
	VLD1 (R13), V19.D[0]
	VLD1 (R14), V20.D[0]
	VEOR V21.B16, V21.B16, V21.B16
	MOVD R2, R15
	MOVD R4, R16
	CBZ  R16, tailstore

tailloop:
	VLD1 (R15), V0.D[0]
	ADD  R3, R15
	MOMENTS
	SUBS $1, R16
	BNE  tailloop

tailstore:
	VST1 V16.D[0], (R10)
	VST1 V17.D[0], (R11)
	VST1 V18.D[0], (R12)
	VST1 V19.D[0], (R13)
	VST1 V20.D[0], (R14)
	VMOV V21.D[0], R6
	ADD  R6, R9

done:
	MOVD R9, ret+88(FP)
	RET
