package loss

import (
	"errors"
	"fmt"
	"math"
)

// CrossEntropy is −z[label] + ln Σ exp(z_k), computed stably (log-sum-exp
// with max shift): the per-image term of BiRefNet's ClsLoss
// (nn.CrossEntropyLoss), before the λ = lambdas_cls["ce"] factor
// (DefaultClsWeight). An empty slice, a non-finite logit or a label outside
// [0, len(logits)) is an error.
func CrossEntropy(logits []float64, label int) (float64, error) {
	if len(logits) == 0 {
		return 0, errors.New("cross-entropy: no class logits")
	}
	if label < 0 || label >= len(logits) {
		return 0, fmt.Errorf("cross-entropy: label %d out of range [0, %d)", label, len(logits))
	}
	zmax := math.Inf(-1)
	for k, z := range logits {
		if math.IsNaN(z) || math.IsInf(z, 0) {
			return 0, fmt.Errorf("cross-entropy: logit %d is %v, want a finite number", k, z)
		}
		zmax = max(zmax, z)
	}
	var sum float64
	for _, z := range logits {
		sum += math.Exp(z - zmax)
	}
	return zmax + math.Log(sum) - logits[label], nil
}
