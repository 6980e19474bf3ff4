#!/bin/bash
# The sweep that chose the log-cosh penalty's settings (README, "Past the
# write-up"): seeds 100-109, which are not the reported seeds 0-19.
# Each line: penalty, α, λ_act, lr, then over the 10 seeds LOCOCODE's mean
# Amari distance, FastICA's, LOCOCODE's mean kurtosis and the largest final
# whitened reconstruction MSE.
#   bash docs/experiments/logcosh_tuning.sh > docs/experiments/logcosh_tuning.txt
cd "$(dirname "$0")/../.."
go build -o /tmp/lococode-tune ./cmd/lococode
for pen in "l1 0.1" "logcosh 0.03" "logcosh 0.1" "logcosh 0.3" "logcosh 1"; do
	set -- $pen
	for lam in 0.25 0.5 1; do
		for lr in 0.02 0.05; do
			/tmp/lococode-tune --seed 100 --n-seeds 10 --penalty "$1" --penalty-alpha "$2" \
				--lambda-act "$lam" --lr "$lr" --quiet |
				awk -v p="$1" -v a="$2" -v l="$lam" -v r="$lr" '
					$1 == "LOCOCODE" { la = $2; lk = $6 }
					$1 == "FastICA" { fa = $2 }
					/reconstruction MSE/ { gsub(/[,;]/, ""); mse = $7 }
					END { printf "%-8s alpha=%-5s lambda=%-5s lr=%-5s  LOCOCODE %s  FastICA %s  kurtosis %s  max MSE %s\n", p, a, l, r, la, fa, lk, mse }'
		done
	done
done
