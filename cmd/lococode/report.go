package main

import (
	"encoding/json"
	"io"
	"time"

	"github.com/lococode/lococode/lococode"
)

// Schema names the layout of the --json document; README.md documents it.
const Schema = "lococode.run/v1"

// report is the --json document.
type report struct {
	Schema      string      `json:"schema"`
	Config      jsonConfig  `json:"config"`
	Environment env         `json:"environment"`
	Seeds       []jsonSeed  `json:"seeds"`
	Summary     jsonSummary `json:"summary"`
	WallSeconds float64     `json:"wall_seconds"`
}

type jsonConfig struct {
	Seed           uint64  `json:"seed"`
	NSeeds         int     `json:"n_seeds"`
	K              int     `json:"k"`
	NSamples       int     `json:"n_samples"`
	Epochs         int     `json:"epochs"`
	BatchSize      int     `json:"batch_size"`
	LR             float64 `json:"lr"`
	LambdaAct      float64 `json:"lambda_act"`
	LambdaW        float64 `json:"lambda_w"`
	Penalty        string  `json:"penalty"`
	PenaltyAlpha   float64 `json:"penalty_alpha,omitempty"`
	Float32        bool    `json:"float32"`
	Whiten         string  `json:"whiten"`
	FastICAMaxIter int     `json:"fastica_max_iter"`
	FastICATol     float64 `json:"fastica_tol"`
	FastICAFun     string  `json:"fastica_fun"`
	FastICAAlpha   float64 `json:"fastica_alpha"`
	FastICAAlg     string  `json:"fastica_algorithm"`
}

type jsonMethod struct {
	Method     string  `json:"method"`
	Amari      float64 `json:"amari"`
	Kurtosis   float64 `json:"kurtosis"`
	Sparsity   float64 `json:"sparsity"`
	Seconds    float64 `json:"seconds"`
	Iterations int     `json:"iterations,omitempty"` // FastICA only
	Converged  *bool   `json:"converged,omitempty"`  // FastICA only
}

type jsonSeed struct {
	Seed    uint64             `json:"seed"`
	Methods []jsonMethod       `json:"methods"`
	MSE     float64            `json:"mse"`
	Timings map[string]float64 `json:"timings_seconds"`
	History []lococode.Epoch   `json:"history,omitempty"`
}

// jsonSummary holds the statistics over seeds.
type jsonSummary struct {
	Methods           map[string]methodStats `json:"methods"`
	MSE               lococode.Stats         `json:"mse"`
	FastICAIterations lococode.Stats         `json:"fastica_iterations"`
	TrainSeconds      lococode.Stats         `json:"train_seconds"`
}

type methodStats struct {
	Amari    lococode.Stats `json:"amari"`
	Kurtosis lococode.Stats `json:"kurtosis"`
	Sparsity lococode.Stats `json:"sparsity"`
	Seconds  lococode.Stats `json:"seconds"`
}

// summarize computes the statistics over the seeds of a sweep.
func summarize(rs []*lococode.SeedResult) jsonSummary {
	col := func(f func(*lococode.SeedResult) float64) lococode.Stats {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		return lococode.Summarize(v)
	}
	s := jsonSummary{Methods: map[string]methodStats{}}
	for _, m := range lococode.Methods {
		s.Methods[m] = methodStats{
			Amari:    col(func(r *lococode.SeedResult) float64 { return r.Result(m).Amari }),
			Kurtosis: col(func(r *lococode.SeedResult) float64 { return r.Result(m).Kurtosis }),
			Sparsity: col(func(r *lococode.SeedResult) float64 { return r.Result(m).Sparsity }),
			Seconds:  col(func(r *lococode.SeedResult) float64 { return r.Result(m).Duration.Seconds() }),
		}
	}
	s.MSE = col(func(r *lococode.SeedResult) float64 { return r.MSE })
	s.FastICAIterations = col(func(r *lococode.SeedResult) float64 {
		return float64(r.Result(lococode.MethodFastICA).Iterations)
	})
	s.TrainSeconds = col(func(r *lococode.SeedResult) float64 { return r.Training.Duration.Seconds() })
	return s
}

func writeJSON(w io.Writer, o *options, e env, rs []*lococode.SeedResult, wall time.Duration) error {
	c := o.cfg
	rep := report{
		Schema:      Schema,
		Config:      configJSON(o.seed, o.nSeeds, c),
		Environment: e,
		Summary:     summarize(rs),
		WallSeconds: wall.Seconds(),
	}
	for _, r := range rs {
		js := jsonSeed{Seed: r.Seed, MSE: r.MSE, Timings: map[string]float64{
			"data": r.Timings.Data.Seconds(), "whiten": r.Timings.Whiten.Seconds(),
			"train": r.Timings.Train.Seconds(), "pca": r.Timings.PCA.Seconds(),
			"fastica": r.Timings.FastICA.Seconds(), "metrics": r.Timings.Metrics.Seconds(),
			"total": r.Timings.Total.Seconds(),
		}}
		for _, m := range r.Results {
			js.Methods = append(js.Methods, jsonMethod{Method: m.Method, Amari: m.Amari,
				Kurtosis: m.Kurtosis, Sparsity: m.Sparsity, Seconds: m.Duration.Seconds(),
				Iterations: m.Iterations})
			if m.Method == lococode.MethodFastICA {
				conv := m.Converged
				js.Methods[len(js.Methods)-1].Converged = &conv
			}
		}
		if o.history {
			js.History = r.Training.History
		}
		rep.Seeds = append(rep.Seeds, js)
	}
	return writeIndentedJSON(w, rep)
}

// configJSON is the config block of the JSON documents.
func configJSON(seed uint64, nSeeds int, c lococode.Config) jsonConfig {
	var alpha float64
	if c.Penalty == lococode.PenaltyLogCosh {
		alpha = c.PenaltyAlpha
	}
	return jsonConfig{Seed: seed, NSeeds: nSeeds, K: c.K, NSamples: c.N, Epochs: c.Epochs,
		BatchSize: c.BatchSize, LR: c.LR, LambdaAct: c.LambdaAct, LambdaW: c.LambdaW,
		Penalty: string(c.Penalty), PenaltyAlpha: alpha, Float32: c.Float32,
		Whiten: c.Whiten.String(), FastICAMaxIter: c.FastICAMaxIter, FastICATol: c.FastICATol,
		FastICAFun: string(c.FastICAFun), FastICAAlpha: c.FastICAAlpha,
		FastICAAlg: string(c.FastICAAlgorithm)}
}

// writeIndentedJSON writes v as indented JSON.
func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
