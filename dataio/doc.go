// Package dataio reads and writes the n×p matrices that lococode fits:
// CSV text, NumPy .npy files and WAV audio. Every reader returns one
// clear error for malformed input (wrapping ErrFormat, or ErrUnsupported
// for a valid file in a variant it does not read) and never panics; it
// allocates no more than the input's actual size justifies, whatever its
// header claims.
//
// Matrices are row-major float64: row i, column j is Data[i*Cols+j].
// Rows are samples and columns features:
//
//   - CSV: one row per line, comma-separated (Options.Delimiter), with an
//     optional header row, recognised when none of its cells is a number.
//   - NPY: format versions 1.0, 2.0 and 3.0; dtype '<f4' or '<f8'
//     (little-endian float32 or float64), C order; shape (n,) is read as
//     n×1 and (n, p) as n×p.
//   - WAV: RIFF/WAVE with PCM 8 (unsigned), 16, 24 or 32-bit integers or
//     IEEE float 32 or 64-bit, plain or WAVE_FORMAT_EXTENSIBLE. Frames are
//     rows and channels columns; integers are scaled to [−1, 1) (a 16-bit
//     sample v reads as v/32768). Several mono or multichannel files with
//     the same sample rate and length read as one matrix, their channels
//     side by side in argument order.
//
// Source reads a file (or a set of WAV files) a chunk of rows at a
// time, as many times as a fit needs, so that data larger than memory
// can be fitted; the Read* functions return a whole Table.
package dataio
