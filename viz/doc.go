// Package viz draws the figures of README.md ("Figures") and the write-up's
// "Visualizations" section from one lococode.SeedResult: the training
// curves, the Amari and kurtosis bars of the three methods, the
// histogram of each method's most kurtotic unit, the |B·A| demixer heat
// maps, the |corr(S, H)| heat maps, and an animated GIF of training
// built from Training.Snapshots. Nothing here trains: every picture is
// drawn from the run it is given.
//
// # The numbers
//
// The numbers behind the pictures are plain functions, tested as
// numbers. For a demixer B (k×k, observation space) and the true mixing
// A, the demixer map is P = |B·A| elementwise; RowNormalize divides each
// row by its largest entry, and GreedyPermutation orders the rows so
// that a perfect demixer shows the identity: for source j = 0, 1, …,
// k−1 in turn it takes the not yet assigned row with the largest entry
// in column j. The recovery map AbsCorr holds |corr(h_i, s_j)| for the
// codes H = X·Bᵀ (n×k) and the sources S (n×k). Histograms are
// densities (count / (n·width)), drawn against the unit-variance Laplace
// density exp(−√2|x|)/√2 and the standard normal density.
//
// # Drawing
//
// Drawing uses github.com/fogleman/gg: a small pure-Go 2-D context
// (anti-aliased paths, dashes, clipping, anchored and rotated text) on
// an image.RGBA, whose only dependencies are github.com/golang/freetype
// and golang.org/x/image. It brings no cgo and no gonum (gonum/plot
// would bring both gonum and a larger API than five figures need), and
// v1.3.0 has had a frozen, widely used API for years. Its maintained
// fork git.sr.ht/~sbinet/gg is not served by the module proxy this
// project builds from. Text uses the Go fonts embedded in
// golang.org/x/image/font/gofont, so no font file is needed at run time.
// The animation is encoded by the standard library's image/gif with one
// fixed palette (greys, the line colours with their blends toward white,
// and 96 steps of viridis) and nearest-colour mapping without
// dithering, which keeps flat areas flat; frames after the first keep
// only the pixels that changed, so the 41 frames of the headline run
// take under 300 KB.
//
// The project's own drawing code is the few pieces every figure shares
// (draw.go): a canvas with the fonts, axes with "nice" ticks, a legend,
// a heat map and a colour bar. Heat maps use viridis, perceptually
// uniform and readable with colour-blindness (its published anchor
// colours, interpolated); lines and bars use the Okabe–Ito palette.
package viz
