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
