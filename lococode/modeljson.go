package lococode

import (
	"fmt"
	"math"

	"github.com/lococode/lococode/linalg"
)

// ModelJSON is the JSON form of a Model: matrices as arrays of rows.
type ModelJSON struct {
	Method        FitMethod   `json:"method"`
	Features      int         `json:"features"`
	Components    int         `json:"components"`
	Samples       int64       `json:"samples"`
	FitSamples    int64       `json:"fit_samples"`
	Whiten        string      `json:"whiten"`
	Seed          uint64      `json:"seed"`
	Rank          int         `json:"rank"`
	RankTolerance float64     `json:"rank_tolerance"`
	Eigenvalues   []float64   `json:"eigenvalues"`
	Iterations    int         `json:"iterations"`
	Converged     bool        `json:"converged"`
	Mean          []float64   `json:"mean"`
	Whitening     [][]float64 `json:"whitening"`
	Unmixing      [][]float64 `json:"unmixing"`
	Mixing        [][]float64 `json:"mixing"`
}

// JSON returns md in its JSON form.
func (md *Model) JSON() ModelJSON {
	rows := func(m *linalg.Dense) [][]float64 {
		out := make([][]float64, m.Rows)
		for i := range out {
			out[i] = append([]float64(nil), m.Row(i)...)
		}
		return out
	}
	return ModelJSON{Method: md.Method, Features: md.Features, Components: md.Components,
		Samples: md.Samples, FitSamples: md.FitSamples, Whiten: md.Whiten.String(), Seed: md.Seed,
		Rank: md.Rank, RankTolerance: md.RankTolerance, Eigenvalues: md.Eigenvalues,
		Iterations: md.Iterations, Converged: md.Converged, Mean: md.Mean,
		Whitening: rows(md.Whitening), Unmixing: rows(md.Unmixing), Mixing: rows(md.Mixing)}
}

// Model returns the model j describes, checking that its shapes agree
// and its values are finite; the error wraps ErrData. Eigenvalues and
// the fit's counts are kept as they are.
func (j ModelJSON) Model() (*Model, error) {
	p, m := j.Features, j.Components
	bad := func(format string, a ...any) (*Model, error) {
		return nil, fmt.Errorf("%w: model: %s", ErrData, fmt.Sprintf(format, a...))
	}
	if p < 1 || p > MaxFeatures || m < 1 || m > p {
		return bad("%d components of %d features", m, p)
	}
	if len(j.Mean) != p {
		return bad("mean has %d entries, want %d", len(j.Mean), p)
	}
	dense := func(name string, rows [][]float64, r, c int) (*linalg.Dense, error) {
		if len(rows) != r {
			return nil, fmt.Errorf("%w: model: %s has %d rows, want %d", ErrData, name, len(rows), r)
		}
		d := linalg.New(r, c)
		for i, row := range rows {
			if len(row) != c {
				return nil, fmt.Errorf("%w: model: %s row %d has %d entries, want %d",
					ErrData, name, i+1, len(row), c)
			}
			copy(d.Row(i), row)
		}
		if ok, _, _ := d.AllFinite(); !ok {
			return nil, fmt.Errorf("%w: model: %s has a NaN or infinite entry", ErrData, name)
		}
		return d, nil
	}
	md := &Model{Method: j.Method, Features: p, Components: m, Mean: j.Mean,
		Eigenvalues: j.Eigenvalues, Rank: j.Rank, RankTolerance: j.RankTolerance,
		Samples: j.Samples, FitSamples: j.FitSamples, Iterations: j.Iterations,
		Converged: j.Converged, Seed: j.Seed}
	if j.Whiten == "zca" {
		md.Whiten = linalg.ZCAWhiten
	}
	for _, v := range j.Mean {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("mean has a NaN or infinite entry")
		}
	}
	var err error
	if md.Whitening, err = dense("whitening", j.Whitening, m, p); err != nil {
		return nil, err
	}
	if md.Unmixing, err = dense("unmixing", j.Unmixing, m, p); err != nil {
		return nil, err
	}
	if md.Mixing, err = dense("mixing", j.Mixing, p, m); err != nil {
		return nil, err
	}
	return md, nil
}
