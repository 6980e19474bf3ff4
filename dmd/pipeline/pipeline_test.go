package pipeline

import (
	"errors"
	"math"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/lococode/lococode/dmd"
	"github.com/lococode/lococode/kernel"
	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// equivalenceConfigs are small runs of the headline pipeline: a short
// last batch, several epochs, FastICA to convergence.
func equivalenceConfigs() []lococode.Config {
	a := lococode.DefaultConfig()
	a.K, a.N, a.Epochs = 4, 250, 3
	b := lococode.DefaultConfig()
	b.K, b.N, b.Epochs, b.BatchSize = 7, 200, 2, 32
	return []lococode.Config{a, b}
}

// same compares got with want exactly when exact, else to a relative
// 1e-9 (or absolute tol where want is near 0).
func same(t *testing.T, what string, got, want float64, exact bool, tol float64) {
	t.Helper()
	if got == want || !exact && math.Abs(got-want) <= tol*math.Max(1, math.Abs(want)) {
		return
	}
	t.Errorf("%s: trace %v, RunSeed %v (Δ %.3g)", what, got, want, got-want)
}

func sameDense(t *testing.T, what string, got, want *linalg.Dense, exact bool, tol float64) {
	t.Helper()
	if got.Rows != want.Rows || got.Cols != want.Cols {
		t.Fatalf("%s: %d×%d, want %d×%d", what, got.Rows, got.Cols, want.Rows, want.Cols)
	}
	for i := range want.Data {
		same(t, what, got.Data[i], want.Data[i], exact, tol)
	}
}

// TestTraceMatchesRunSeed runs every traced pipeline and
// lococode.RunSeed on the same seeds and requires the same numbers: the
// whitener, LOCOCODE's whole history (MSE, mean |H|, kurtosis, sparsity,
// Amari after every epoch), every demixer, FastICA's iteration count and
// convergence, and each method's Amari distance, kurtosis and sparsity.
//
// They must be equal bit for bit where RunSeed runs the generic kernels
// and plain Go does not fuse x*y + z (exactGo). On another kernel path
// the training is still bit for bit (the assembly reproduces the generic
// accumulation order with FMA) but FastICA's vectorised tanh differs from
// math.Tanh by a few ulps, so this test then checks FastICA to 1e-9 and
// runs itself again with LOCOCODE_KERNEL=generic for the exact check
// (or, where it cannot start itself, leaves that to -tags purego).
func TestTraceMatchesRunSeed(t *testing.T) {
	generic := kernel.Impl() == "generic"
	if !generic && os.Getenv("LOCOCODE_KERNEL") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTraceMatchesRunSeed$")
		cmd.Env = append(os.Environ(), "LOCOCODE_KERNEL=generic")
		switch out, err := cmd.CombinedOutput(); {
		case errors.Is(err, syscall.ENOEXEC):
			// Under qemu-user the binary cannot start itself; the
			// purego build checks FastICA exactly instead.
			t.Logf("generic run: %v: FastICA compared to 1e-9 only", err)
		case err != nil:
			t.Errorf("generic run: %v\n%s", err, out)
		}
	}
	for ci, cfg := range equivalenceConfigs() {
		seed := uint64(ci + 1)
		real, err := lococode.RunSeed(cfg, seed)
		if err != nil {
			t.Fatal(err)
		}
		for mi, m := range []string{LOCOCODE, PCA, FastICA} {
			res, err := Trace(m, cfg, seed, Options{})
			if err != nil {
				t.Fatal(err)
			}
			exact := exactGo && (generic || m != FastICA)
			want := real.Results[mi]
			sameDense(t, m+" whitener", res.Whitener, real.Whitener.K, exactGo, 1e-9)
			sameDense(t, m+" demixer", res.Demixer, want.Demixer, exact, 1e-9)
			same(t, m+" amari", res.Amari, want.Amari, exact, 1e-9)
			same(t, m+" kurtosis", res.Kurtosis, want.Kurtosis, exact, 1e-9)
			same(t, m+" sparsity", res.Sparsity, want.Sparsity, exact, 1e-9)
			if res.Stats.Reads == 0 || res.Stats.Cost < res.Stats.Reads {
				t.Errorf("%s: stats %+v", m, res.Stats)
			}
			switch m {
			case LOCOCODE:
				same(t, "mse", res.MSE, real.MSE, exact, 1e-9)
				if len(res.History) != len(real.Training.History) {
					t.Fatalf("history has %d rows, want %d", len(res.History), len(real.Training.History))
				}
				for i, h := range real.Training.History {
					g := res.History[i]
					if g.Epoch != h.Epoch {
						t.Errorf("history row %d: epoch %d, want %d", i, g.Epoch, h.Epoch)
					}
					same(t, "history mse", g.MSE, h.MSE, exact, 1e-9)
					same(t, "history mean |H|", g.MeanAbsH, h.MeanAbsH, exact, 1e-9)
					same(t, "history kurtosis", g.Kurtosis, h.Kurtosis, exact, 1e-9)
					same(t, "history sparsity", g.Sparsity, h.Sparsity, exact, 1e-9)
					same(t, "history amari", g.Amari, h.Amari, exact, 1e-9)
				}
			case FastICA:
				if res.Iterations != want.Iterations || res.Converged != want.Converged {
					t.Errorf("FastICA: %d iterations (converged %v), RunSeed %d (%v)",
						res.Iterations, res.Converged, want.Iterations, want.Converged)
				}
			}
		}

		// The write-up's step computes the same update up to rounding.
		res, err := Trace(LOCOCODEDirect, cfg, seed, Options{})
		if err != nil {
			t.Fatal(err)
		}
		sameDense(t, "write-up step demixer", res.Demixer, real.Results[0].Demixer, false, 1e-9)
	}
}

// TestTraceCosts pins the counters of small traces, so that any change
// in what the traced code reads shows up here (update them on purpose).
func TestTraceCosts(t *testing.T) {
	cfg := lococode.DefaultConfig()
	cfg.K, cfg.N, cfg.Epochs = 4, 100, 2
	want := map[string]dmd.Stats{
		LOCOCODE:       {Cost: 915892, Reads: 111060, Instructions: 58503, Branches: 2897, Slots: 58935},
		LOCOCODEDirect: {Cost: 1351824, Reads: 142836, Instructions: 76343, Branches: 2897, Slots: 76775},
		PCA:            {Cost: 184900, Reads: 20177, Instructions: 10656, Branches: 451, Slots: 11072},
		FastICA:        {Cost: 3126667, Reads: 428176, Instructions: 235946, Branches: 1652, Slots: 236378},
	}
	for _, m := range Methods {
		res, err := Trace(m, cfg, 0, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats != want[m] {
			t.Errorf("%s: %+v, want %+v", m, res.Stats, want[m])
		}
		ph := res.Phases
		if len(ph) != 4 || ph[3].Cost != res.Stats.Cost {
			t.Errorf("%s: phases %+v", m, ph)
		}
	}
}

func TestFit2(t *testing.T) {
	var lk, ln, ly []float64
	for _, k := range []float64{4, 8, 16} {
		for _, n := range []float64{250, 500, 1000, 2000} {
			lk, ln = append(lk, math.Log(k)), append(ln, math.Log(n))
			ly = append(ly, math.Log(7*math.Pow(k, 2.5)*math.Pow(n, 1.25)))
		}
	}
	a, b, r2 := fit2(lk, ln, ly)
	if math.Abs(a-2.5) > 1e-9 || math.Abs(b-1.25) > 1e-9 || math.Abs(r2-1) > 1e-9 {
		t.Errorf("fit2: a %v b %v R² %v, want 2.5 1.25 1", a, b, r2)
	}
}
