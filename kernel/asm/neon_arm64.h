// NEON instructions on the 2D arrangement that the Go assembler does not
// know, as WORD encodings. Operands follow Go's order, sources first and
// destination last, and are register numbers: VFMUL(1, 2, 3) is
// FMUL V3.2D, V2.2D, V1.2D.

// FMUL Vd.2D, Vn.2D, Vm.2D: d = n·m.
#define VFMUL(m, n, d) WORD $(0x6e60dc00 | (m)<<16 | (n)<<5 | (d))

// FADD Vd.2D, Vn.2D, Vm.2D: d = n + m.
#define VFADD(m, n, d) WORD $(0x4e60d400 | (m)<<16 | (n)<<5 | (d))

// FSUB Vd.2D, Vn.2D, Vm.2D: d = n − m.
#define VFSUB(m, n, d) WORD $(0x4ee0d400 | (m)<<16 | (n)<<5 | (d))

// FDIV Vd.2D, Vn.2D, Vm.2D: d = n / m.
#define VFDIV(m, n, d) WORD $(0x6e60fc00 | (m)<<16 | (n)<<5 | (d))

// FMIN Vd.2D, Vn.2D, Vm.2D: d = min(n, m), NaN if either is NaN.
#define VFMIN(m, n, d) WORD $(0x4ee0f400 | (m)<<16 | (n)<<5 | (d))

// FCMGT Vd.2D, Vn.2D, Vm.2D: d = all ones where n > m, else zero.
#define VFCMGT(m, n, d) WORD $(0x6ee0e400 | (m)<<16 | (n)<<5 | (d))

// FCMGT Vd.2D, Vn.2D, #0.0: d = all ones where n > 0.
#define VFCMGTZ(n, d) WORD $(0x4ee0c800 | (n)<<5 | (d))

// FCMLT Vd.2D, Vn.2D, #0.0: d = all ones where n < 0.
#define VFCMLTZ(n, d) WORD $(0x4ee0e800 | (n)<<5 | (d))

// FABS Vd.2D, Vn.2D: d = |n|.
#define VFABS(n, d) WORD $(0x4ee0f800 | (n)<<5 | (d))

// FRINTN Vd.2D, Vn.2D: d = n rounded to the nearest integer, ties even.
#define VFRINTN(n, d) WORD $(0x4e618800 | (n)<<5 | (d))

// FCVTZS Vd.2D, Vn.2D: d = int64(n), rounding toward zero.
#define VFCVTZS(n, d) WORD $(0x4ee1b800 | (n)<<5 | (d))

// SCVTF Vd.2D, Vn.2D: d = float64(n) for int64 lanes n.
#define VSCVTF(n, d) WORD $(0x4e61d800 | (n)<<5 | (d))

// The same and a few more on the 4S arrangement (four float32 lanes),
// for the float32 kernels, and the conversions between the two.

// FMUL Vd.4S, Vn.4S, Vm.4S: d = n·m.
#define VFMUL4S(m, n, d) WORD $(0x6e20dc00 | (m)<<16 | (n)<<5 | (d))

// FADD Vd.4S, Vn.4S, Vm.4S: d = n + m.
#define VFADD4S(m, n, d) WORD $(0x4e20d400 | (m)<<16 | (n)<<5 | (d))

// FSUB Vd.4S, Vn.4S, Vm.4S: d = n − m.
#define VFSUB4S(m, n, d) WORD $(0x4ea0d400 | (m)<<16 | (n)<<5 | (d))

// FDIV Vd.4S, Vn.4S, Vm.4S: d = n / m.
#define VFDIV4S(m, n, d) WORD $(0x6e20fc00 | (m)<<16 | (n)<<5 | (d))

// FMIN Vd.4S, Vn.4S, Vm.4S: d = min(n, m), NaN if either is NaN.
#define VFMIN4S(m, n, d) WORD $(0x4ea0f400 | (m)<<16 | (n)<<5 | (d))

// FCMGT Vd.4S, Vn.4S, Vm.4S: d = all ones where n > m, else zero.
#define VFCMGT4S(m, n, d) WORD $(0x6ea0e400 | (m)<<16 | (n)<<5 | (d))

// FCMGT Vd.4S, Vn.4S, #0.0: d = all ones where n > 0.
#define VFCMGTZ4S(n, d) WORD $(0x4ea0c800 | (n)<<5 | (d))

// FCMLT Vd.4S, Vn.4S, #0.0: d = all ones where n < 0.
#define VFCMLTZ4S(n, d) WORD $(0x4ea0e800 | (n)<<5 | (d))

// FABS Vd.4S, Vn.4S: d = |n|.
#define VFABS4S(n, d) WORD $(0x4ea0f800 | (n)<<5 | (d))

// SCVTF Vd.4S, Vn.4S: d = float32(n) for int32 lanes n.
#define VSCVTF4S(n, d) WORD $(0x4e21d800 | (n)<<5 | (d))

// FMLA Vd.4S, Vn.4S, Vm.S[i]: d += n·m[i], each lane rounded once. The
// lane index i (0…3) is split over the H (bit 11) and L (bit 21) bits.
#define VFMLAE4S(m, i, n, d) WORD $(0x4f801000 | ((i)&1)<<21 | ((i)>>1)<<11 | (m)<<16 | (n)<<5 | (d))

// FCVTN Vd.2S, Vn.2D: the low half of d = float32(n), rounded to nearest
// even; the high half is cleared.
#define VFCVTN(n, d) WORD $(0x0e616800 | (n)<<5 | (d))

// FCVTN2 Vd.4S, Vn.2D: the high half of d = float32(n); the low half is
// kept.
#define VFCVTN2(n, d) WORD $(0x4e616800 | (n)<<5 | (d))

// FCVTL Vd.2D, Vn.2S: d = float64 of the low half of n (exact).
#define VFCVTL(n, d) WORD $(0x0e617800 | (n)<<5 | (d))

// FCVTL2 Vd.2D, Vn.4S: d = float64 of the high half of n (exact).
#define VFCVTL2(n, d) WORD $(0x4e617800 | (n)<<5 | (d))
