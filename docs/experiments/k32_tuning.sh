#!/bin/bash
# Does LOCOCODE need other hyper-parameters at k = 32 (n = 8000)? Seeds
# 100-104, not the reported seeds. Each line: λ_act, lr, then LOCOCODE's
# mean Amari distance, FastICA's, LOCOCODE's mean kurtosis, largest MSE.
#   bash docs/experiments/k32_tuning.sh > docs/experiments/k32_tuning.txt
cd "$(dirname "$0")/../.."
go build -o /tmp/lococode-tune ./cmd/lococode
for lam in 0.5 1 2; do
	for lr in 0.02 0.05; do
		/tmp/lococode-tune --k 32 --n-samples 8000 --seed 100 --n-seeds 5 \
			--lambda-act "$lam" --lr "$lr" --quiet |
			awk -v l="$lam" -v r="$lr" '
				$1 == "LOCOCODE" { la = $2; lk = $6 }
				$1 == "FastICA" { fa = $2 }
				/reconstruction MSE/ { gsub(/[,;]/, ""); mse = $7 }
				END { printf "k=32 lambda=%-4s lr=%-5s  LOCOCODE %s  FastICA %s  kurtosis %s  max MSE %s\n", l, r, la, fa, lk, mse }'
	done
done
