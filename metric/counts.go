package metric

// fmBeta2 is β² of the F-measure family. PySODMetrics names this value beta.
const fmBeta2 = 0.3

// confusionCounts are the selected pixels of one binary map: tp inside the
// GT, fp outside it. The other two counts follow from the image size and the
// GT area.
type confusionCounts struct {
	tp, fp int64
}

// confusion is a full confusion matrix in float64, the type PySODMetrics'
// handlers compute with.
type confusion struct {
	tp, fp, tn, fn float64
}

func newConfusion(c confusionCounts, fg, n int64) confusion {
	return confusion{
		tp: float64(c.tp),
		fp: float64(c.fp),
		tn: float64(n - fg - c.fp),
		fn: float64(fg - c.tp),
	}
}

// divide returns a/b, or 0 when b is 0, as PySODMetrics' handlers do.
func divide(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// fmeasure returns (1 + β²)·P·R/(β²·P + R), or 0 when the denominator is 0,
// with P = TP/(TP + FP) and R = TP/(TP + FN), each 0 when its denominator is 0.
func fmeasure(c confusion, beta2 float64) float64 {
	precision := divide(c.tp, c.tp+c.fp)
	recall := divide(c.tp, c.tp+c.fn)
	return divide((1+beta2)*precision*recall, beta2*precision+recall)
}

// handlerValue returns the value of an FmeasureV2 handler on a confusion
// matrix. Every ratio is 0 where its denominator is 0, as in PySODMetrics.
//
//	iou   TP/(TP + FP + FN)
//	dice  2TP/(2TP + FP + FN)
//	pre   TP/(TP + FP)
//	rec   TP/(TP + FN)
//	spec  TN/(TN + FP)
//	ber   1 − (TP/(TP + FN) + TN/(TN + FP))/2
//	fpr   FP/(TN + FP)
//	oa    (TP + TN)/N
//	kappa (oa − pₑ)/(1 − pₑ), pₑ = [(TP + FP)(TP + FN) + (TN + FN)(TN + FP)]/N²
//	f1    F-measure with β² = 1
//
// Kappa deviates from PySODMetrics 1.6.2 on purpose: its KappaHandler uses
// (TN + FN)(TN + TP) as the second product of pₑ, which is not Cohen's chance
// agreement. For TP = 10, FP = 5, TN = 80, FN = 5 the library gives
// 0.5294117647058825 and Cohen's kappa is 0.6078431372549019.
func handlerValue(g group, c confusion) float64 {
	switch g {
	case groupIoU:
		return divide(c.tp, c.tp+c.fp+c.fn)
	case groupDice:
		return divide(2*c.tp, c.tp+c.fn+c.tp+c.fp)
	case groupPre:
		return divide(c.tp, c.tp+c.fp)
	case groupRec:
		return divide(c.tp, c.tp+c.fn)
	case groupSpec:
		return divide(c.tn, c.tn+c.fp)
	case groupBER:
		return 1 - 0.5*(divide(c.tp, c.tp+c.fn)+divide(c.tn, c.tn+c.fp))
	case groupFPR:
		return divide(c.fp, c.tn+c.fp)
	case groupOA:
		return divide(c.tp+c.tn, c.tp+c.fp+c.tn+c.fn)
	case groupKappa:
		return cohenKappa(c)
	case groupF1:
		return fmeasure(c, 1)
	}
	panic("metric: not a handler group")
}

// cohenKappa returns Cohen's kappa (OA − pₑ)/(1 − pₑ), 0 when pₑ = 1.
func cohenKappa(c confusion) float64 {
	n := c.tp + c.fp + c.tn + c.fn
	agreement := divide(c.tp+c.tn, n)
	chance := divide((c.tp+c.fp)*(c.tp+c.fn)+(c.tn+c.fn)*(c.tn+c.fp), n*n)
	return divide(agreement-chance, 1-chance)
}

// emeasure returns the enhanced-alignment measure of a binary map with the
// given counts, as PySODMetrics 1.6.2's Emeasure computes it from counts
// alone. With μ_B and μ_g the selected and GT fractions, each of
// the four regions TP, FP, FN, TN has constant demeaned values (u, v), and
//
//	align = 2uv/(u² + v² + ε), enhanced = (align + 1)²/4
//	Em = Σ_regions enhanced·count/(N − 1 + ε)
//
// An empty GT sums to the unselected count and a full GT to the selected
// count. Em exceeds 1 for a perfect map (N/(N − 1)) and a 1×1 image divides
// by ε.
func emeasure(c confusionCounts, fg, n int64) float64 {
	selected := c.tp + c.fp
	var sum float64
	switch fg {
	case 0:
		sum = float64(n - selected)
	case n:
		sum = float64(selected)
	default:
		fnCount := fg - c.tp
		tnCount := (n - selected) - fnCount
		meanPred := float64(selected) / float64(n)
		meanGT := float64(fg) / float64(n)
		predFG, predBG := 1-meanPred, 0-meanPred
		gtFG, gtBG := 1-meanGT, 0-meanGT
		sum = enhanced(predFG, gtFG)*float64(c.tp) +
			enhanced(predFG, gtBG)*float64(c.fp) +
			enhanced(predBG, gtFG)*float64(fnCount) +
			enhanced(predBG, gtBG)*float64(tnCount)
	}
	return sum / (float64(n) - 1 + eps)
}

func enhanced(u, v float64) float64 {
	align := 2 * (u * v) / (u*u + v*v + eps)
	return (align + 1) * (align + 1) / 4
}

// curveKind names a 256-point curve computed from the threshold counts.
type curveKind int

const (
	curvePrecision curveKind = iota
	curveRecall
	curveFm
	curveEm
	curveHandler // the handler's group is passed alongside
)

// curve fills out[t] for thresholds t = 0…255 (pixels with q ≥ t selected).
func curve(kind curveKind, g group, tp, fp *[256]int64, fg, n int64, out *[256]float64) {
	for t := range out {
		counts := confusionCounts{tp: tp[t], fp: fp[t]}
		switch kind {
		case curvePrecision:
			out[t] = handlerValue(groupPre, newConfusion(counts, fg, n))
		case curveRecall:
			out[t] = handlerValue(groupRec, newConfusion(counts, fg, n))
		case curveFm:
			out[t] = fmeasure(newConfusion(counts, fg, n), fmBeta2)
		case curveEm:
			out[t] = emeasure(counts, fg, n)
		case curveHandler:
			out[t] = handlerValue(g, newConfusion(counts, fg, n))
		}
	}
}
