package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/lococode/lococode/linalg"
	"github.com/lococode/lococode/lococode"
)

// exportDataset writes the seed's observations, sources and mixing as
// X.csv (n×k), S.csv (n×k) and A.csv (k×k) in dir, or in dir/seed<N>
// when perSeed is set. Each file has a header row (x1…xk, s1…sk,
// a1…ak) and then one row per matrix row, every value in the shortest
// form that reads back to the same float64.
func exportDataset(dir string, r *lococode.SeedResult, perSeed bool) error {
	if perSeed {
		dir = filepath.Join(dir, fmt.Sprintf("seed%d", r.Seed))
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, f := range []struct {
		name, col string
		m         *linalg.Dense
	}{{"X.csv", "x", r.Data.X}, {"S.csv", "s", r.Data.S}, {"A.csv", "a", r.Data.A}} {
		if err := writeCSV(filepath.Join(dir, f.name), f.col, f.m); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	return nil
}

func writeCSV(path, col string, m *linalg.Dense) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for j := 0; j < m.Cols; j++ {
		if j > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, "%s%d", col, j+1)
	}
	w.WriteByte('\n')
	buf := make([]byte, 0, 32)
	for i := 0; i < m.Rows; i++ {
		for j, v := range m.Row(i) {
			if j > 0 {
				w.WriteByte(',')
			}
			w.Write(strconv.AppendFloat(buf[:0], v, 'g', -1, 64))
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
