package lococode

// TrainFlops returns the floating-point operations Train performs for
// cfg, counting an FMA as two, the sign accumulation as one per entry,
// and only the work a minimal implementation cannot avoid:
//
//	per sample and epoch  2k² (h = W·z) + k(k+1) (upper ZbᵀZb) + k² (sign(H)ᵀZb)
//	per batch             k³ + 2·2k³ (WᵀW, W·C, (W·C)·M) + 4k² (update)
//	per history row       n·(2k² + 7k) (forward pass with power sums)
//
// For the headline (k = 8, n = 2000, 200 epochs, batches of 64) this is
// about 0.19 GFLOP; the speed anchors we measure against call it 0.18.
func TrainFlops(cfg Config) float64 {
	k, n := float64(cfg.K), float64(cfg.N)
	epochs := float64(cfg.Epochs)
	batches := float64((cfg.N + cfg.BatchSize - 1) / cfg.BatchSize)
	perSample := 2*k*k + k*(k+1) + k*k
	perBatch := 5*k*k*k + 4*k*k
	history := n * (2*k*k + 7*k)
	return epochs*(n*perSample+batches*perBatch) + (epochs+1)*history
}

// FastICAFlops returns the floating-point operations of one FastICA
// iteration on n samples of k sources, counting the data pass only:
// 2k² for y = W·z, 2k² for g(y)·zᵀ and 2k for g′ per sample. Each tanh
// is counted as one operation, which understates its cost.
func FastICAFlops(n, k int) float64 {
	return float64(n) * (4*float64(k*k) + 3*float64(k))
}
