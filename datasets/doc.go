// Package datasets generates the data of the LOCOCODE paper's own
// experiments: Földiák's bars on a 5×5 grid, noiseless and noisy
// (docs/FMS.md §5), and random patches cut from a greyscale photograph; and
// it scores what a code learned from them: which hidden units code one
// bar (BarUnits) and how localised and oriented a filter is
// (FilterShape).
//
// Data sets are linalg.Dense with one example per row; a 5×5 image or a
// s×s patch is stored row by row, pixel (r, c) at column r·side + c.
//
// References
//
//	P. Földiák. Forming sparse representations by local anti-Hebbian
//	learning. Biological Cybernetics 64:165–170, 1990.
//	S. Hochreiter, J. Schmidhuber. Feature extraction through LOCOCODE.
//	Neural Computation 11(3):679–714, 1999.
package datasets
