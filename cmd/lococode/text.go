package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/lococode/lococode/lococode"
)

// writeText prints the human-readable report: a header, then one seed's
// table or a sweep's statistics.
func writeText(w io.Writer, o *options, e env, rs []*lococode.SeedResult, wall time.Duration) {
	c := o.cfg
	if !o.quiet {
		seeds := fmt.Sprintf("seed %d", o.seed)
		if o.nSeeds > 1 {
			last, _ := lococode.LastSeed(o.seed, o.nSeeds)
			seeds = fmt.Sprintf("seeds %d–%d", o.seed, last)
		}
		fmt.Fprintf(w, "lococode: LOCOCODE vs PCA vs FastICA on Laplace mixtures\n")
		fmt.Fprintf(w, "%s  k %d  n %d  epochs %d  batch %d  lr %g  λ_act %g  λ_w %g  whiten %v\n",
			seeds, c.K, c.N, c.Epochs, c.BatchSize, c.LR, c.LambdaAct, c.LambdaW, c.Whiten)
		prec := ""
		if c.Float32 {
			prec = "  training: float32"
		}
		fmt.Fprintf(w, "%s %s/%s  cpu: %s  kernel: %s%s\n\n", e.GoVersion, e.OS, e.Arch, e.CPU, e.Kernel, prec)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(rs) == 1 {
		r := rs[0]
		fmt.Fprintln(tw, "method\tAmari\tkurtosis\tsparsity\t")
		for _, m := range r.Results {
			fmt.Fprintf(tw, "%s\t%.3f\t%.2f\t%.3f\t\n", m.Method, m.Amari, m.Kurtosis, m.Sparsity)
		}
		tw.Flush()
		ica := r.Result(lococode.MethodFastICA)
		fmt.Fprintf(w, "\nLOCOCODE training: %s for %d epochs; whitened reconstruction MSE %.4f\n",
			ms(r.Training.Duration), c.Epochs, r.MSE)
		fmt.Fprintf(w, "FastICA: %s, %s, %s\n",
			plural(ica.Iterations, "iteration"), convergedWord(ica.Converged), ms(ica.Duration))
		if !o.quiet {
			fmt.Fprintf(w, "total: %s\n", ms(wall))
		}
		return
	}

	if !o.quiet {
		fmt.Fprintln(tw, "seed\tLOCOCODE\tPCA\tFastICA\tMSE\tICA iters\t")
		for _, r := range rs {
			ica := r.Result(lococode.MethodFastICA)
			iters := fmt.Sprint(ica.Iterations)
			if !ica.Converged {
				iters += " (not converged)"
			}
			fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t%.4f\t%s\t\n", r.Seed,
				r.Result(lococode.MethodLOCOCODE).Amari, r.Result(lococode.MethodPCA).Amari,
				ica.Amari, r.MSE, iters)
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	sum := summarize(rs)
	fmt.Fprintln(tw, "method\tAmari mean\tstd\tmin\tmax\tkurtosis\tsparsity\t")
	for _, m := range lococode.Methods {
		s := sum.Methods[m]
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.2f\t%.3f\t\n", m,
			s.Amari.Mean, s.Amari.Std, s.Amari.Min, s.Amari.Max, s.Kurtosis.Mean, s.Sparsity.Mean)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nwhitened reconstruction MSE: mean %.4f, max %.4f; "+
		"FastICA iterations: mean %.1f, max %.0f\n",
		sum.MSE.Mean, sum.MSE.Max, sum.FastICAIterations.Mean, sum.FastICAIterations.Max)
	if !o.quiet {
		fmt.Fprintf(w, "LOCOCODE training: mean %s per seed; total %s on %s\n",
			ms(time.Duration(sum.TrainSeconds.Mean*1e9)), ms(wall), plural(e.Workers, "worker"))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", d.Seconds()*1e3) }

func convergedWord(ok bool) string {
	if ok {
		return "converged"
	}
	return "NOT converged"
}

// plural returns "1 thing" or "n things".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
