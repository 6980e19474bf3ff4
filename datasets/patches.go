package datasets

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/png" // the photographs are PNG
	"io"
	"math"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// ErrImage reports an image that cannot give patches.
var ErrImage = errors.New("unusable image")

// Gray is a greyscale image with values in [0, 1], row-major.
type Gray struct {
	W, H int
	Pix  []float64 // pixel (x, y) at Pix[y·W + x]
}

// DecodeGray reads a PNG and returns its luminance in [0, 1]
// (color.GrayModel, the ITU-R BT.601 weights 0.299, 0.587, 0.114 on
// the 16-bit channels).
func DecodeGray(r io.Reader) (*Gray, error) {
	img, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("decode image: %w", err)
	}
	b := img.Bounds()
	g := &Gray{W: b.Dx(), H: b.Dy(), Pix: make([]float64, b.Dx()*b.Dy())}
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			c := color.Gray16Model.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray16)
			g.Pix[y*g.W+x] = float64(c.Y) / 0xffff
		}
	}
	return g, nil
}

// Patches cuts n random side×side patches from g, the top-left corner
// uniform over all positions (from s), each patch a row of the n×side²
// result, pixel (r, c) of the patch at column r·side + c, and subtracts
// each patch's own mean (its DC component).
func Patches(g *Gray, side, n int, s *lococode.Stream) (*linalg.Dense, error) {
	if side < 2 || side > g.W || side > g.H {
		return nil, fmt.Errorf("patches of side %d from a %d×%d image: %w", side, g.W, g.H, ErrImage)
	}
	x := linalg.New(n, side*side)
	for i := 0; i < n; i++ {
		x0, y0 := s.IntN(g.W-side+1), s.IntN(g.H-side+1)
		row := x.Row(i)
		mean := 0.0
		for r := 0; r < side; r++ {
			copy(row[r*side:(r+1)*side], g.Pix[(y0+r)*g.W+x0:])
			for _, v := range row[r*side : (r+1)*side] {
				mean += v
			}
		}
		mean /= float64(side * side)
		for j := range row {
			row[j] -= mean
		}
	}
	return x, nil
}

// SubspaceWhitener whitens data inside its leading principal subspace.
type SubspaceWhitener struct {
	Mean []float64     // column means (d)
	Vals []float64     // the m leading eigenvalues of the covariance
	PCA  *linalg.Dense // m×d: Λ_m^(−½)·E_mᵀ, rows the PCA filters
	ZCA  *linalg.Dense // d×d: E_m·Λ_m^(−½)·E_mᵀ, rank m
}

// FitSubspace centres x (n×d) and whitens it in the subspace of its m
// leading principal components: Z = Xc·PCAᵀ (n×m, identity covariance)
// or, keeping the pixel coordinates, Xc·ZCAᵀ (n×d, covariance the
// projector E_m·E_mᵀ). Dropping the trailing directions removes the
// zero-variance DC direction of mean-subtracted patches and the noisiest
// high frequencies. The error wraps linalg.ErrRankDeficient if the m-th
// eigenvalue is not positive.
func FitSubspace(x *linalg.Dense, m int) (*SubspaceWhitener, error) {
	d := x.Cols
	if m < 1 || m > d {
		return nil, fmt.Errorf("whiten: %d components of %d-dimensional data", m, d)
	}
	mean := linalg.ColumnMeans(x)
	xc := linalg.Center(x, mean)
	cov := linalg.Gram(xc)
	cov.Scale(1 / float64(x.Rows))
	vals, vecs, err := linalg.EigSym(cov)
	if err != nil {
		return nil, fmt.Errorf("whiten: %w", err)
	}
	// EigSym sorts ascending: the leading m are the last m.
	w := &SubspaceWhitener{Mean: mean, Vals: make([]float64, m), PCA: linalg.New(m, d)}
	for i := 0; i < m; i++ {
		col := d - 1 - i
		lam := vals[col]
		if !(lam > 1e-12*vals[d-1]) {
			return nil, fmt.Errorf("whiten: eigenvalue %d of %d is %.3g: %w", i+1, m, lam, linalg.ErrRankDeficient)
		}
		w.Vals[i] = lam
		sc := 1 / math.Sqrt(lam)
		for j := 0; j < d; j++ {
			w.PCA.Set(i, j, sc*vecs.At(j, col))
		}
	}
	e := linalg.New(d, m) // E_m
	for i := 0; i < m; i++ {
		for j := 0; j < d; j++ {
			e.Set(j, i, vecs.At(j, d-1-i))
		}
	}
	w.ZCA = linalg.Mul(e, w.PCA)
	return w, nil
}

// Apply returns (x − 1·Meanᵀ)·Kᵀ for K = w.PCA or w.ZCA.
func (w *SubspaceWhitener) Apply(x, k *linalg.Dense) *linalg.Dense {
	return linalg.MulTB(linalg.Center(x, w.Mean), k)
}
