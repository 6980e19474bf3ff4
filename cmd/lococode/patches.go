package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/lococode/lococode/datasets"
	"github.com/lococode/lococode/fms"
	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
	"github.com/lococode/lococode/viz"
)

// patchesUsage is the help text of the patches subcommand.
const patchesUsage = `usage: lococode patches --image PATH [flags]

Natural image patches: --n-patches random side×side patches of a
greyscale PNG (luminance in [0, 1]), each patch's mean removed. PCA and
FastICA work on the patches whitened in the subspace of the --components
leading principal components (dropping the DC direction and the
noisiest high frequencies). LOCOCODE (fms, l1) works, like the paper's
image experiments, on the unwhitened patches scaled to unit mean pixel
variance (--input raw), or on the ZCA-whitened patches in pixel
coordinates (--input zca). Every method's filters are
mapped to pixel space (W·K) and measured: orientation concentration of
the power spectrum, spatial spread, and the fraction of filters that are
edge-like (orientation ≥ 0.5 and spread ≤ 0.7 of an even filter's),
against white-noise filters as a baseline.

Flags:
`

func runPatches(stdout, stderr io.Writer, args []string) error {
	o := &paperOptions{cfg: fms.DefaultConfig(), components: 32}
	o.cfg.Hidden, o.cfg.Epochs, o.cfg.LR, o.cfg.DeltaLambda = 32, 60, 0.01, 0.01
	fs := flag.NewFlagSet("lococode patches", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var image string
	var side, nPatches int
	var etolFrac float64
	var input string
	fs.StringVar(&image, "image", "", "greyscale (or colour) PNG photograph (required)")
	fs.StringVar(&input, "input", "raw", "LOCOCODE's input: zca (whitened in the subspace) or raw "+
		"(mean-free patches scaled to unit mean pixel variance)")
	fs.IntVar(&side, "side", 8, "patch side in pixels")
	fs.IntVar(&nPatches, "n-patches", 5000, "training patches (and as many test patches)")
	fs.Float64Var(&etolFrac, "etol-frac", 0.3,
		"E_tol as a fraction of the total variance of LOCOCODE's input, unless --etol is given")
	paperFlags(fs, o)
	et := fs.Lookup("etol")
	et.Usage, et.DefValue = "tolerable error E_tol, absolute; overrides --etol-frac", "0"
	if err := parseFlags(fs, "patches", args); errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, patchesUsage, fs)
		return nil
	} else if err != nil {
		return err
	}
	switch {
	case image == "":
		return usagef("patches: --image is required (a PNG photograph)")
	case side < 2 || side > 32:
		return usagef("patches: --side %d: want 2 to 32", side)
	case nPatches < 2 || nPatches > 1e6:
		return usagef("patches: --n-patches %d: want 2 to 10⁶", nPatches)
	case !(etolFrac > 0 && etolFrac < 1):
		return usagef("patches: --etol-frac %v: want a value in (0, 1)", etolFrac)
	case input != "zca" && input != "raw":
		return usagef("patches: --input %q: want zca or raw", input)
	}
	// --etol, if given, wins over --etol-frac; either is set once the
	// input's variance is known.
	etol, etolSet := o.cfg.ETol, false
	fs.Visit(func(f *flag.Flag) { etolSet = etolSet || f.Name == "etol" })
	if !(etol > 0) {
		return usagef("patches: --etol %v: need a positive value", etol)
	}
	if err := checkPaper("patches", o, side*side-1); err != nil {
		return err
	}
	f, err := os.Open(image)
	if err != nil {
		return usagef("patches: --image: %v", err)
	}
	g, err := datasets.DecodeGray(f)
	f.Close()
	if err != nil {
		return usagef("patches: --image %s: %v", image, err)
	}

	s := lococode.NewStream(o.seed, paperDataStream)
	xtr, err := datasets.Patches(g, side, nPatches, s)
	if err != nil {
		return usageError{fmt.Errorf("patches: %w", err)}
	}
	xte, _ := datasets.Patches(g, side, nPatches, s)
	w, err := datasets.FitSubspace(xtr, o.components)
	if err != nil {
		return fmt.Errorf("patches: %w", err)
	}
	// LOCOCODE's input: ZCA-whitened patches (total variance m), or the
	// patches scaled by 1/σ, σ² their mean pixel variance (total variance
	// side²). PCA and FastICA fit the whitening on the raw patches.
	in := linalg.Identity(side * side)
	totalVar := float64(side * side)
	if input == "zca" {
		in, totalVar = w.ZCA, float64(o.components)
	} else {
		v := 0.0
		for _, x := range xtr.Data {
			v += x * x
		}
		in.Scale(1 / math.Sqrt(v/float64(len(xtr.Data))))
	}
	o.cfg.ETol = etolFrac * totalVar
	if etolSet {
		o.cfg.ETol = etol
	}
	ms, err := runMethods(stderr, "patches", o, w.Apply(xtr, in), w.Apply(xte, in), xtr, xte)
	if err != nil {
		return err
	}

	// LOCOCODE's pixel-space filters are W1·K for its input map K. The
	// filters of PCA and FastICA are already W·K in pixel space; their
	// test error is on the raw patches, not comparable, and not shown.
	for i := range ms {
		if ms[i].train != nil {
			ms[i].filters = linalg.Mul(ms[i].filters, in)
		} else {
			ms[i].testErr = math.NaN()
		}
	}
	noise := linalg.New(o.components, side*side)
	ns := lococode.NewStream(o.seed, paperDataStream+1)
	for i := range noise.Data {
		noise.Data[i] = ns.Normal()
	}

	fmt.Fprintf(stdout, "patches: %s (%d×%d), %d %d×%d training and test patches, %d components, seed %d; "+
		"LOCOCODE %d-%d-%d on %s input, %d epochs, η %g, batch %d, E_tol %.3g, Δλ %g\n\n", image, g.W, g.H,
		nPatches, side, side, o.components, o.seed, side*side, o.cfg.Hidden, side*side, input,
		o.cfg.Epochs, o.cfg.LR,
		o.cfg.BatchSize, o.cfg.ETol, o.cfg.DeltaLambda)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "method\tfilters\tpruned\torientation\tspread\tedge-like\t"+
		"test error\ttrain E\tλ (phase)\ttime\t\n")
	var panels []viz.FilterPanel
	row := func(name string, filters *linalg.Dense, live []bool, m *method) {
		var or, sp float64
		n, edge, pruned := 0, 0, 0
		var labels []string
		var faded []bool
		for i := 0; i < filters.Rows; i++ {
			sh := datasets.FilterShape(filters.Row(i), side)
			if live != nil && !live[i] {
				pruned++
				labels, faded = append(labels, "pruned"), append(faded, true)
				continue
			}
			n++
			or += sh.Orientation
			sp += sh.Spread
			lab := fmt.Sprintf("%.2f", sh.Orientation)
			if sh.EdgeLike(side) {
				edge++
				lab += " e"
			}
			labels, faded = append(labels, lab), append(faded, false)
		}
		if n == 0 {
			n = 1
		}
		e, lam, te, dur := "-", "-", "-", "-"
		if m != nil {
			e, lam = lococodeSummary(*m)
			dur = fmt.Sprintf("%.1f s", m.dur.Seconds())
			if !math.IsNaN(m.testErr) {
				te = fmt.Sprintf("%.3f", m.testErr)
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\t%.2f\t%d/%d = %.2f\t%s\t%s\t%s\t%s\t\n", name, filters.Rows, pruned,
			or/float64(n), sp/float64(n), edge, filters.Rows-pruned, float64(edge)/float64(n), te, e, lam, dur)
		panels = append(panels, viz.FilterPanel{Title: name, Note: fmt.Sprintf("%d of %d edge-like (e), "+
			"%d pruned; captions: orientation", edge, filters.Rows-pruned, pruned),
			Filters: filters, Labels: labels, Faded: faded})
	}
	for i := range ms {
		var live []bool
		if ms[i].train != nil {
			live = liveUnits(ms[i])
		}
		row(ms[i].name, ms[i].filters, live, &ms[i])
	}
	row("white noise", noise, nil, nil)
	tw.Flush()
	fmt.Fprintf(stdout, "\nOrientation: |Σ P(k)e^(2iθ)|/Σ P(k) of the filter's power spectrum (0 isotropic, "+
		"1 one orientation);\nspread: RMS distance of the filter's energy from its centroid, in pixels "+
		"(even filter %.2f);\nedge-like: orientation ≥ %g and spread ≤ %.2f. Pruned LOCOCODE units "+
		"(std(code)·|decoder| < %g of the\nlargest) are left out of the means. Test error: mean Σ (z − ẑ)² "+
		"on LOCOCODE's test input\n(total variance %g).\n", datasets.EvenSpread(side),
		datasets.EdgeOrientation, datasets.EdgeSpread*datasets.EvenSpread(side), datasets.PrunedShare, totalVar)

	if o.figure != "" {
		heading := fmt.Sprintf("Filters W·K, %d×%d patches of %s (white +, black −)",
			side, side, baseName(image))
		cols := 8
		if err := writePNG(o.figure, viz.FilterGrid(heading, side, cols, panels)); err != nil {
			return fmt.Errorf("patches: %w", err)
		}
	}
	return nil
}

// liveUnits marks the units of a LOCOCODE run that are not pruned, by
// the rule of datasets.BarUnits.
func liveUnits(m method) []bool {
	share := make([]float64, len(m.out))
	top := 0.0
	for j := range share {
		mean, sd := 0.0, 0.0
		for i := 0; i < m.codes.Rows; i++ {
			mean += m.codes.At(i, j)
		}
		mean /= float64(m.codes.Rows)
		for i := 0; i < m.codes.Rows; i++ {
			d := m.codes.At(i, j) - mean
			sd += d * d
		}
		share[j] = math.Sqrt(sd/float64(m.codes.Rows)) * m.out[j]
		top = max(top, share[j])
	}
	live := make([]bool, len(share))
	for j, s := range share {
		live[j] = top > 0 && s >= datasets.PrunedShare*top
	}
	return live
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
