#!/bin/sh
# The noisy-bars experiment on seeds 1-4 (seed 0 is in bars_noisy.txt):
# LOCOCODE with each penalty, PCA and FastICA, default settings.
# Output: docs/experiments/bars_seeds.txt.
set -e
for s in 1 2 3 4; do
	go run ./cmd/lococode bars --seed "$s" --quiet | sed -n '1p;3,8p'
	echo
done
