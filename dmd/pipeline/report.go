package pipeline

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/lococode/lococode/lococode"
)

// ReportConfig sets what Report traces.
type ReportConfig struct {
	Seed     uint64
	Headline lococode.Config // k, n and epochs of the headline table

	// The grid: every k in GridK with every n in GridN, LOCOCODE traced
	// at both epoch counts of GridEpochs (the difference gives the cost
	// of one epoch), PCA and FastICA once.
	GridK, GridN []int
	GridEpochs   [2]int

	BytesPerElement int // 0 means 1
	Workers         int // traces run at once; 0 means GOMAXPROCS

	// Progress, if not nil, is called from one goroutine at a time with
	// the traces finished, the traces there are, and the progress of a
	// running trace.
	Progress func(done, total int, p Progress)
}

// DefaultReportConfig is the headline (k = 8, n = 2000, 200 epochs,
// seed 0) and the grid k ∈ {4, 8, 16} × n ∈ {250, 500, 1000, 2000} at 5
// and 10 epochs.
func DefaultReportConfig() ReportConfig {
	return ReportConfig{
		Headline: lococode.DefaultConfig(),
		GridK:    []int{4, 8, 16}, GridN: []int{250, 500, 1000, 2000},
		GridEpochs: [2]int{5, 10},
	}
}

// Row is one traced pipeline in the report.
type Row struct {
	Method        string  `json:"method"`
	K             int     `json:"k"`
	N             int     `json:"n"`
	Epochs        int     `json:"epochs,omitempty"`
	Cost          int64   `json:"cost"`
	Reads         int64   `json:"reads"`
	Instructions  int64   `json:"instructions"`
	Branches      int64   `json:"branches"`
	CostPerSample float64 `json:"cost_per_sample"`
	CostPerRead   float64 `json:"cost_per_read"` // mean ceil(sqrt(depth))
	WhitenCost    int64   `json:"whiten_cost"`   // centring, covariance, eigendecomposition, Z
	FitCost       int64   `json:"fit_cost"`      // training or iterations (0 for PCA)
	ScoreCost     int64   `json:"score_cost"`    // demixer and scores
	Amari         float64 `json:"amari"`
	Iterations    int     `json:"iterations,omitempty"` // FastICA
	Seconds       float64 `json:"seconds"`
	Phases        []Phase `json:"phases"`

	// LOCOCODE: the Amari distance and the cumulative cost after each
	// epoch (from epoch 0), and the first epoch whose Amari distance is
	// within 10% of the final one, with the cost up to it.
	AmariByEpoch []float64 `json:"amari_by_epoch,omitempty"`
	CostByEpoch  []int64   `json:"cost_by_epoch,omitempty"`
	NearEpoch    int       `json:"near_final_epoch,omitempty"`
	NearCost     int64     `json:"near_final_cost,omitempty"`
}

// GridCell is one (method, k, n) of the grid. For LOCOCODE it holds both
// epoch counts and the cost of one epoch, (C(e₂) − C(e₁))/(e₂ − e₁),
// and of everything else, C(e₁) − e₁·per epoch.
type GridCell struct {
	Method       string  `json:"method"`
	K            int     `json:"k"`
	N            int     `json:"n"`
	Rows         []Row   `json:"rows"`
	CostPerEpoch float64 `json:"cost_per_epoch,omitempty"`
	FixedCost    float64 `json:"fixed_cost,omitempty"`

	// EpochCost is the cost of the last epoch of the longer LOCOCODE
	// trace, measured inside it (training and history). Unlike
	// CostPerEpoch it leaves out the final scores, whose reads of X at
	// the bottom of the stack grow with everything done before them.
	EpochCost int64 `json:"epoch_cost,omitempty"`

	// CostPerIteration is FastICA's fit cost over its iterations: the
	// iteration count varies with the data, the cost of one does not.
	CostPerIteration float64 `json:"cost_per_iteration,omitempty"`
}

// Exponents are the least-squares fit log C = c + a·log k + b·log n
// over the grid.
type Exponents struct {
	Method string  `json:"method"`
	Of     string  `json:"of"` // "total" (at the first grid epoch count), "per_epoch" or "per_iteration"
	K      float64 `json:"k"`
	N      float64 `json:"n"`
	R2     float64 `json:"r2"`
}

// Report is what `lococode dmd` prints.
type Report struct {
	Schema          string      `json:"schema"`
	Seed            uint64      `json:"seed"`
	BytesPerElement int         `json:"bytes_per_element"`
	Headline        []Row       `json:"headline"`
	GridEpochs      [2]int      `json:"grid_epochs"`
	Grid            []GridCell  `json:"grid"`
	Exponents       []Exponents `json:"exponents"`
	// EpochScaling compares the headline LOCOCODE cost with the grid's
	// linear model fixed + epochs·per epoch at the same k and n, when
	// the grid has them.
	EpochScaling *EpochScaling `json:"epoch_scaling,omitempty"`
}

// EpochScaling is the headline's LOCOCODE cost against two linear
// predictions from the grid at the same k and n: the line through the
// totals at the two grid epoch counts, and the longer grid trace plus
// its last epoch's in-trace cost for every further epoch.
type EpochScaling struct {
	Method        string  `json:"method"`
	Epochs        int     `json:"epochs"`
	Measured      int64   `json:"measured"`
	FromTotals    float64 `json:"from_totals"`
	FromEpochCost float64 `json:"from_epoch_cost"`
}

// job is one trace of the report.
type job struct {
	method string
	cfg    lococode.Config
	row    *Row
}

// BuildReport traces the headline methods and the grid and fits the growth
// exponents. Traces run in parallel, the largest first; each is
// deterministic, so the numbers do not depend on Workers.
func BuildReport(rc ReportConfig) (*Report, error) {
	rep := &Report{Schema: "lococode.dmd/v1", Seed: rc.Seed,
		BytesPerElement: max(rc.BytesPerElement, 1), GridEpochs: rc.GridEpochs}
	var jobs []*job
	add := func(m string, cfg lococode.Config) *Row {
		j := &job{m, cfg, &Row{}}
		jobs = append(jobs, j)
		return j.row
	}
	headline := make([]*Row, len(Methods))
	for i, m := range Methods {
		headline[i] = add(m, rc.Headline)
	}
	type cellRows struct {
		cell *GridCell
		rows []*Row
	}
	var cells []cellRows
	for _, m := range Methods {
		for _, k := range rc.GridK {
			for _, n := range rc.GridN {
				cfg := rc.Headline
				cfg.K, cfg.N = k, n
				cr := cellRows{cell: &GridCell{Method: m, K: k, N: n}}
				switch m {
				case LOCOCODE, LOCOCODEDirect:
					for _, e := range rc.GridEpochs {
						cfg.Epochs = e
						cr.rows = append(cr.rows, add(m, cfg))
					}
				default:
					cfg.Epochs = rc.GridEpochs[0]
					cr.rows = append(cr.rows, add(m, cfg))
				}
				cells = append(cells, cr)
			}
		}
	}
	if err := runJobs(jobs, rc); err != nil {
		return nil, err
	}

	for _, r := range headline {
		rep.Headline = append(rep.Headline, *r)
	}
	for _, cr := range cells {
		c := cr.cell
		for _, r := range cr.rows {
			rr := *r
			rr.AmariByEpoch, rr.CostByEpoch = nil, nil
			c.Rows = append(c.Rows, rr)
		}
		if len(c.Rows) == 2 && rc.GridEpochs[1] != rc.GridEpochs[0] {
			e1, e2 := float64(rc.GridEpochs[0]), float64(rc.GridEpochs[1])
			c.CostPerEpoch = float64(c.Rows[1].Cost-c.Rows[0].Cost) / (e2 - e1)
			c.FixedCost = float64(c.Rows[0].Cost) - e1*c.CostPerEpoch
			if ce := cr.rows[1].CostByEpoch; len(ce) > 1 {
				c.EpochCost = ce[len(ce)-1] - ce[len(ce)-2]
			}
		}
		if r := c.Rows[0]; c.Method == FastICA && r.Iterations > 0 {
			c.CostPerIteration = float64(r.FitCost) / float64(r.Iterations)
		}
		rep.Grid = append(rep.Grid, *c)
	}
	rep.Exponents = fitExponents(rep.Grid)
	for _, c := range rep.Grid {
		if c.Method == LOCOCODE && c.K == rc.Headline.K && c.N == rc.Headline.N && c.CostPerEpoch != 0 {
			e := rc.Headline.Epochs
			rep.EpochScaling = &EpochScaling{Method: LOCOCODE, Epochs: e,
				Measured:      rep.Headline[0].Cost,
				FromTotals:    c.FixedCost + float64(e)*c.CostPerEpoch,
				FromEpochCost: float64(c.Rows[1].Cost) + float64(e-c.Rows[1].Epochs)*float64(c.EpochCost)}
		}
	}
	return rep, nil
}

// runJobs runs the traces on rc.Workers goroutines, largest first.
func runJobs(jobs []*job, rc ReportConfig) error {
	if len(jobs) == 0 {
		return nil
	}
	order := append([]*job(nil), jobs...)
	size := func(j *job) float64 {
		c := j.cfg
		s := float64(c.N) * float64(c.K*c.K)
		if j.method == LOCOCODE || j.method == LOCOCODEDirect {
			s *= float64(c.Epochs + 1)
		} else if j.method == FastICA {
			s *= 10
		}
		return s
	}
	sort.SliceStable(order, func(a, b int) bool { return size(order[a]) > size(order[b]) })

	// Traces above a quarter of the largest take turns, so that memory
	// (about 5 bytes per slot) holds one large trace at a time.
	var big sync.Mutex
	bigSize := size(order[0]) / 4
	workers := rc.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		mu   sync.Mutex
		done int
		errs []error
		wg   sync.WaitGroup
	)
	next := make(chan *job)
	for range min(workers, len(order)) {
		wg.Go(func() {
			for j := range next {
				opt := Options{BytesPerElement: rc.BytesPerElement}
				if rc.Progress != nil {
					opt.Progress = func(p Progress) {
						mu.Lock()
						rc.Progress(done, len(order), p)
						mu.Unlock()
					}
				}
				if size(j) > bigSize {
					big.Lock()
				}
				res, err := Trace(j.method, j.cfg, rc.Seed, opt)
				if size(j) > bigSize {
					big.Unlock()
				}
				mu.Lock()
				if err != nil {
					errs = append(errs, fmt.Errorf("%s k=%d n=%d: %w", j.method, j.cfg.K, j.cfg.N, err))
				} else {
					*j.row = rowOf(res)
				}
				done++
				if rc.Progress != nil {
					rc.Progress(done, len(order), Progress{Method: j.method, K: j.cfg.K, N: j.cfg.N})
				}
				mu.Unlock()
			}
		})
	}
	for _, j := range order {
		next <- j
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

func rowOf(r *Result) Row {
	st := r.Stats
	row := Row{Method: r.Method, K: r.K, N: r.N, Epochs: r.Epochs,
		Cost: st.Cost, Reads: st.Reads, Instructions: st.Instructions, Branches: st.Branches,
		CostPerSample: float64(st.Cost) / float64(r.N),
		Amari:         r.Amari, Iterations: r.Iterations, Seconds: r.Seconds, Phases: r.Phases}
	if st.Reads > 0 {
		row.CostPerRead = float64(st.Cost) / float64(st.Reads)
	}
	if len(r.History) > 0 && len(r.History) == len(r.EpochCosts) {
		row.CostByEpoch = r.EpochCosts
		for _, h := range r.History {
			row.AmariByEpoch = append(row.AmariByEpoch, h.Amari)
		}
		final := r.History[len(r.History)-1].Amari
		for i, h := range r.History {
			if h.Amari <= 1.1*final {
				row.NearEpoch, row.NearCost = i, r.EpochCosts[i]
				break
			}
		}
	}
	var prev int64
	for _, p := range r.Phases {
		switch p.Name {
		case "whiten":
			row.WhitenCost = p.Cost - prev
		case "fit":
			row.FitCost = p.Cost - prev
		default:
			row.ScoreCost += p.Cost - prev
		}
		prev = p.Cost
	}
	return row
}

// fitExponents fits log C = c + a·log k + b·log n for each method, on
// the total cost at the first grid epoch count, for the LOCOCODE methods
// on the cost per epoch, and for FastICA on the cost per iteration.
func fitExponents(grid []GridCell) []Exponents {
	var out []Exponents
	for _, m := range Methods {
		var lk, ln, lt, le []float64
		for _, c := range grid {
			if c.Method != m || len(c.Rows) == 0 {
				continue
			}
			lk = append(lk, math.Log(float64(c.K)))
			ln = append(ln, math.Log(float64(c.N)))
			lt = append(lt, math.Log(float64(c.Rows[0].Cost)))
			le = append(le, math.Log(math.Max(float64(c.EpochCost)+c.CostPerIteration, 1)))
		}
		if len(lk) < 3 {
			continue
		}
		a, b, r2 := fit2(lk, ln, lt)
		out = append(out, Exponents{m, "total", a, b, r2})
		switch m {
		case LOCOCODE, LOCOCODEDirect:
			a, b, r2 = fit2(lk, ln, le)
			out = append(out, Exponents{m, "per_epoch", a, b, r2})
		case FastICA:
			a, b, r2 = fit2(lk, ln, le)
			out = append(out, Exponents{m, "per_iteration", a, b, r2})
		}
	}
	return out
}

// fit2 returns the least-squares a, b of y = c + a·x1 + b·x2 and R².
// A regressor that does not vary gets a NaN coefficient.
func fit2(x1, x2, y []float64) (a, b, r2 float64) {
	n := float64(len(y))
	mean := func(v []float64) float64 {
		var s float64
		for _, x := range v {
			s += x
		}
		return s / n
	}
	m1, m2, my := mean(x1), mean(x2), mean(y)
	var s11, s22, s12, s1y, s2y, syy float64
	for i := range y {
		d1, d2, dy := x1[i]-m1, x2[i]-m2, y[i]-my
		s11 += d1 * d1
		s22 += d2 * d2
		s12 += d1 * d2
		s1y += d1 * dy
		s2y += d2 * dy
		syy += dy * dy
	}
	switch det := s11*s22 - s12*s12; {
	case det > 1e-12:
		a = (s22*s1y - s12*s2y) / det
		b = (s11*s2y - s12*s1y) / det
	case s11 > 0:
		a, b = s1y/s11, math.NaN()
	case s22 > 0:
		a, b = math.NaN(), s2y/s22
	default:
		return math.NaN(), math.NaN(), math.NaN()
	}
	var sse float64
	for i := range y {
		p := my
		if !math.IsNaN(a) {
			p += a * (x1[i] - m1)
		}
		if !math.IsNaN(b) {
			p += b * (x2[i] - m2)
		}
		sse += (y[i] - p) * (y[i] - p)
	}
	r2 = 1
	if syy > 0 {
		r2 = 1 - sse/syy
	}
	return a, b, r2
}
