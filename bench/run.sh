#!/usr/bin/env bash
# bench/run.sh: the benchmark suite of lococode, as results files.
#
#   bash bench/run.sh [count]        (count defaults to 10)
#
# Writes into bench/results/:
#   env.txt          the machine, Go version and kernel path (lococode env)
#   asm.txt          go test -bench of kernel, linalg, lococode, assembly enabled
#   purego.txt       the same built with -tags purego (no assembly)
#   kernels.txt      benchstat of the kernel benchmarks, impl=generic vs asm, one run
#   asm-vs-purego.txt  benchstat purego.txt asm.txt for the whole-program benchmarks
#   cli.txt          wall time of the whole CLI run for seed 0 (mean of 20 runs)
# Run it on an otherwise idle machine; it takes about 20 minutes at count 10.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10}
out=bench/results
mkdir -p "$out"

go run ./cmd/lococode env | tee "$out/env.txt"

echo "== benchmarks with assembly (count $count)"
go test -run '^$' -bench . -count "$count" ./kernel ./linalg ./lococode | tee "$out/asm.txt"

echo "== benchmarks with -tags purego (count $count)"
go test -tags purego -run '^$' -bench . -count "$count" ./lococode ./linalg | tee "$out/purego.txt"

echo "== kernel paths compared in one run"
grep -E '^(goos|goarch|pkg|cpu|Benchmark)' "$out/asm.txt" | awk '/^pkg:/{keep=($2 ~ /\/kernel$/)} keep||/^(goos|goarch|cpu)/' \
	> "$out/kernels.raw"
go tool benchstat -col /impl "$out/kernels.raw" | tee "$out/kernels.txt"
rm -f "$out/kernels.raw"

echo "== whole-program benchmarks, purego vs assembly"
# The kernel package's configuration lines (cpu-features, cache) would
# put the two files in different tables; drop them with its benchmarks.
grep -vE '^(Benchmark(BatchMoments|ForwardMoments|TanhContrast|MatMul|MatMulTB|MulTA|Gram|Step|TrainKernels|FMAPeak)|cpu-features:|cache:)' \
	"$out/asm.txt" > "$out/asm-whole.raw"
go tool benchstat purego="$out/purego.txt" asm="$out/asm-whole.raw" | tee "$out/asm-vs-purego.txt"
rm -f "$out/asm-whole.raw"

echo "== the CLI, seed 0, wall time"
bin=$(mktemp -d)/lococode
go build -o "$bin" ./cmd/lococode
: > "$out/cli.txt"
for flags in "" "--float32"; do
	"$bin" --quiet $flags >/dev/null
	start=$(date +%s%N)
	for _ in $(seq 20); do "$bin" --quiet $flags >/dev/null; done
	end=$(date +%s%N)
	echo "lococode --quiet $flags (seed 0, headline flags): $(( (end - start) / 20000000 )) ms per run, mean of 20" |
		tee -a "$out/cli.txt"
done

echo "== numpy and scikit-learn on this machine, for scale (skipped without python3-numpy and python3-sklearn)"
if /usr/bin/python3 -c 'import numpy, sklearn' 2>/dev/null; then
	/usr/bin/python3 bench/numpy_reference.py 5 | tee "$out/numpy.txt"
else
	echo "skipped: python3-numpy and python3-sklearn are not installed" | tee "$out/numpy.txt"
fi
