//go:build !purego

#include "textflag.h"

// func gemmAccNEON(dst []float64, ldd int, u []float64, ur, ui int, v []float64, ldv, n, mi, nj int)
//
// Registers: R0 dst row block, R1 ldd, R2 u row block, R3 ur, R4 ui (all
// strides in bytes), R5 v, R6 ldv, R7 n, R8 rows left, R9 nj, R21 the u
// step from one r to the next after four post-incremented loads. In a
// block, R10 R17 R19 R20 point into the dst rows, R12 at the v column,
// R13 counts the columns left, R14 R15 walk u and v, R16 counts r.
// Accumulators V16-V31, v in V0-V3, broadcast u in V4-V7.
TEXT ·gemmAccNEON(SB), NOSPLIT, $0-128
	MOVD dst_base+0(FP), R0
	MOVD ldd+24(FP), R1
	MOVD u_base+32(FP), R2
	MOVD ur+56(FP), R3
	MOVD ui+64(FP), R4
	MOVD v_base+72(FP), R5
	MOVD ldv+96(FP), R6
	MOVD n+104(FP), R7
	MOVD mi+112(FP), R8
	MOVD nj+120(FP), R9
	LSL  $3, R1
	LSL  $3, R3
	LSL  $3, R4
	LSL  $3, R6
	SUB  R4<<2, R3, R21

rows4:
	CMP  $4, R8
	BLT  rows1
	MOVD R0, R10
	ADD  R1, R10, R17
	ADD  R1, R17, R19
	ADD  R1, R19, R20
	MOVD R5, R12
	MOVD R9, R13

r4c8:
	CMP  $8, R13
	BLT  r4c2
	VLD1 (R10), [V16.D2, V17.D2, V18.D2, V19.D2]
	VLD1 (R17), [V20.D2, V21.D2, V22.D2, V23.D2]
	VLD1 (R19), [V24.D2, V25.D2, V26.D2, V27.D2]
	VLD1 (R20), [V28.D2, V29.D2, V30.D2, V31.D2]
	MOVD R2, R14
	MOVD R12, R15
	MOVD R7, R16
	CBZ  R16, r4c8store

r4c8loop:
	VLD1    (R15), [V0.D2, V1.D2, V2.D2, V3.D2]
	ADD     R6, R15
	VLD1R.P (R14)(R4), [V4.D2]
	VLD1R.P (R14)(R4), [V5.D2]
	VLD1R.P (R14)(R4), [V6.D2]
	VLD1R.P (R14)(R4), [V7.D2]
	ADD     R21, R14
	VFMLA   V4.D2, V0.D2, V16.D2
	VFMLA   V4.D2, V1.D2, V17.D2
	VFMLA   V4.D2, V2.D2, V18.D2
	VFMLA   V4.D2, V3.D2, V19.D2
	VFMLA   V5.D2, V0.D2, V20.D2
	VFMLA   V5.D2, V1.D2, V21.D2
	VFMLA   V5.D2, V2.D2, V22.D2
	VFMLA   V5.D2, V3.D2, V23.D2
	VFMLA   V6.D2, V0.D2, V24.D2
	VFMLA   V6.D2, V1.D2, V25.D2
	VFMLA   V6.D2, V2.D2, V26.D2
	VFMLA   V6.D2, V3.D2, V27.D2
	VFMLA   V7.D2, V0.D2, V28.D2
	VFMLA   V7.D2, V1.D2, V29.D2
	VFMLA   V7.D2, V2.D2, V30.D2
	VFMLA   V7.D2, V3.D2, V31.D2
	SUBS    $1, R16
	BNE     r4c8loop

r4c8store:
	VST1 [V16.D2, V17.D2, V18.D2, V19.D2], (R10)
	VST1 [V20.D2, V21.D2, V22.D2, V23.D2], (R17)
	VST1 [V24.D2, V25.D2, V26.D2, V27.D2], (R19)
	VST1 [V28.D2, V29.D2, V30.D2, V31.D2], (R20)
	ADD  $64, R10
	ADD  $64, R17
	ADD  $64, R19
	ADD  $64, R20
	ADD  $64, R12
	SUB  $8, R13
	B    r4c8

r4c2:
	CMP  $2, R13
	BLT  r4c1
	VLD1 (R10), [V16.D2]
	VLD1 (R17), [V17.D2]
	VLD1 (R19), [V18.D2]
	VLD1 (R20), [V19.D2]
	MOVD R2, R14
	MOVD R12, R15
	MOVD R7, R16
	CBZ  R16, r4c2store

r4c2loop:
	VLD1    (R15), [V0.D2]
	ADD     R6, R15
	VLD1R.P (R14)(R4), [V4.D2]
	VLD1R.P (R14)(R4), [V5.D2]
	VLD1R.P (R14)(R4), [V6.D2]
	VLD1R.P (R14)(R4), [V7.D2]
	ADD     R21, R14
	VFMLA   V4.D2, V0.D2, V16.D2
	VFMLA   V5.D2, V0.D2, V17.D2
	VFMLA   V6.D2, V0.D2, V18.D2
	VFMLA   V7.D2, V0.D2, V19.D2
	SUBS    $1, R16
	BNE     r4c2loop

r4c2store:
	VST1 [V16.D2], (R10)
	VST1 [V17.D2], (R17)
	VST1 [V18.D2], (R19)
	VST1 [V19.D2], (R20)
	ADD  $16, R10
	ADD  $16, R17
	ADD  $16, R19
	ADD  $16, R20
	ADD  $16, R12
	SUB  $2, R13
	B    r4c2

r4c1:
	CBZ   R13, rows4next
	FMOVD (R10), F16
	FMOVD (R17), F17
	FMOVD (R19), F18
	FMOVD (R20), F19
	MOVD  R2, R14
	MOVD  R12, R15
	MOVD  R7, R16
	CBZ   R16, r4c1store

r4c1loop:
	FMOVD   (R15), F0
	ADD     R6, R15
	VLD1R.P (R14)(R4), [V4.D2]
	VLD1R.P (R14)(R4), [V5.D2]
	VLD1R.P (R14)(R4), [V6.D2]
	VLD1R.P (R14)(R4), [V7.D2]
	ADD     R21, R14
	FMADDD  F0, F16, F4, F16
	FMADDD  F0, F17, F5, F17
	FMADDD  F0, F18, F6, F18
	FMADDD  F0, F19, F7, F19
	SUBS    $1, R16
	BNE     r4c1loop

r4c1store:
	FMOVD F16, (R10)
	FMOVD F17, (R17)
	FMOVD F18, (R19)
	FMOVD F19, (R20)

rows4next:
	ADD R1<<2, R0
	ADD R4<<2, R2
	SUB $4, R8
	B   rows4

rows1:
	CBZ  R8, done
	MOVD R0, R10
	MOVD R5, R12
	MOVD R9, R13

r1c8:
	CMP  $8, R13
	BLT  r1c2
	VLD1 (R10), [V16.D2, V17.D2, V18.D2, V19.D2]
	MOVD R2, R14
	MOVD R12, R15
	MOVD R7, R16
	CBZ  R16, r1c8store

r1c8loop:
	VLD1  (R15), [V0.D2, V1.D2, V2.D2, V3.D2]
	ADD   R6, R15
	VLD1R (R14), [V4.D2]
	ADD   R3, R14
	VFMLA V4.D2, V0.D2, V16.D2
	VFMLA V4.D2, V1.D2, V17.D2
	VFMLA V4.D2, V2.D2, V18.D2
	VFMLA V4.D2, V3.D2, V19.D2
	SUBS  $1, R16
	BNE   r1c8loop

r1c8store:
	VST1 [V16.D2, V17.D2, V18.D2, V19.D2], (R10)
	ADD  $64, R10
	ADD  $64, R12
	SUB  $8, R13
	B    r1c8

r1c2:
	CMP  $2, R13
	BLT  r1c1
	VLD1 (R10), [V16.D2]
	MOVD R2, R14
	MOVD R12, R15
	MOVD R7, R16
	CBZ  R16, r1c2store

r1c2loop:
	VLD1  (R15), [V0.D2]
	ADD   R6, R15
	VLD1R (R14), [V4.D2]
	ADD   R3, R14
	VFMLA V4.D2, V0.D2, V16.D2
	SUBS  $1, R16
	BNE   r1c2loop

r1c2store:
	VST1 [V16.D2], (R10)
	ADD  $16, R10
	ADD  $16, R12
	SUB  $2, R13
	B    r1c2

r1c1:
	CBZ   R13, rows1next
	FMOVD (R10), F16
	MOVD  R2, R14
	MOVD  R12, R15
	MOVD  R7, R16
	CBZ   R16, r1c1store

r1c1loop:
	FMOVD  (R15), F0
	ADD    R6, R15
	FMOVD  (R14), F4
	ADD    R3, R14
	FMADDD F0, F16, F4, F16
	SUBS   $1, R16
	BNE    r1c1loop

r1c1store:
	FMOVD F16, (R10)

rows1next:
	ADD R1, R0
	ADD R4, R2
	SUB $1, R8
	B   rows1

done:
	RET
