package metric

import "math"

// quadrantSums are the sums of one S-measure quadrant. Values are shifted by
// the quadrant's first pixel before squaring, so that a nearly constant
// quadrant keeps an accurate variance instead of a difference of two large,
// almost equal sums.
type quadrantSums struct {
	pixels, fg int64
	shift      float64
	sum        float64 // Σ(x − shift)
	sumSq      float64 // Σ(x − shift)²
	sumFG      float64 // Σ(x − shift) over foreground pixels
}

// smeasureSums are the sums the S-measure needs, collected in the counting
// pass: four quadrant accumulators (LT, RT, LB, RB) split at the GT centroid,
// and the shifted first and second moments of p on the foreground and of
// 1 − p on the background for the object term.
type smeasureSums struct {
	splitRow, splitCol int
	quad               [4]quadrantSums
	fgShift, bgShift   float64
	fgSum, fgSumSq     float64
	bgSum, bgSumSq     float64
}

// newSmeasureSums places the split at the centroid of a GT that is neither
// empty nor full. PySODMetrics rounds the 0-based mean foreground row and
// column half to even (numpy's round) and adds 1. The top-left quadrant is
// rows [0, splitRow) × columns [0, splitCol).
func newSmeasureSums(pred []float64, norm normalizer, st gtStats, width, height int) *smeasureSums {
	fg := float64(st.fg)
	splitRow := int(math.RoundToEven(float64(st.rowSum)/fg)) + 1
	splitCol := int(math.RoundToEven(float64(st.colSum)/fg)) + 1
	sm := &smeasureSums{
		splitRow: splitRow,
		splitCol: splitCol,
		fgShift:  norm.apply(pred[st.firstFG]),
		bgShift:  1 - norm.apply(pred[st.firstBG]),
	}
	// Each quadrant's shift is its top-left pixel, when the quadrant is not
	// empty.
	corners := [4][2]int{{0, 0}, {0, splitCol}, {splitRow, 0}, {splitRow, splitCol}}
	for k, c := range corners {
		if c[0] < height && c[1] < width {
			sm.quad[k].shift = norm.apply(pred[c[0]*width+c[1]])
		}
	}
	return sm
}

func (sm *smeasureSums) split() (row, col int) {
	return sm.splitRow, sm.splitCol
}

// scanSegment is the package-level scanSegment plus the S-measure sums of one
// row segment that lies inside quadrant q.
func (sm *smeasureSums) scanSegment(q *quadrantSums, gt []uint8, pred []float64, norm normalizer, threshold float64,
	hist *[512]int64, adaptive, binary *[2]int64) {
	pred = pred[:len(gt)]
	var sum, sumSq, sumFG float64
	var fgSum, fgSumSq, bgSum, bgSumSq float64
	var fgCount int64
	for j, v := range gt {
		p := norm.apply(pred[j])
		fg := 0
		if v > gtThreshold {
			fg = 1
		}
		hist[(fg<<8|quantize(p))&511]++
		if p >= threshold {
			adaptive[fg]++
		}
		if p > 0.5 {
			binary[fg]++
		}

		d := p - q.shift
		sum += d
		sumSq += d * d
		if fg == 1 {
			sumFG += d
			fgCount++
			o := p - sm.fgShift
			fgSum += o
			fgSumSq += o * o
		} else {
			o := (1 - p) - sm.bgShift
			bgSum += o
			bgSumSq += o * o
		}
	}
	q.pixels += int64(len(gt))
	q.fg += fgCount
	q.sum += sum
	q.sumSq += sumSq
	q.sumFG += sumFG
	sm.fgSum += fgSum
	sm.fgSumSq += fgSumSq
	sm.bgSum += bgSum
	sm.bgSumSq += bgSumSq
}

// measure returns the S-measure of PySODMetrics 1.6.2 with α = 0.5:
//
//	Sm = max(0, α·So + (1 − α)·Sr)
//
// So = y·s(p on the foreground) + (1 − y)·s(1 − p on the background), with y
// the foreground fraction and s(x) = 2·x̄/(x̄² + 1 + σ_x + ε), σ_x the sample
// standard deviation (ddof 1, zero for one pixel). Sr = Σ w_Q·ssim_Q over the
// four quadrants, w_Q the quadrant's share of the image.
//
// Deviation from PySODMetrics 1.6.2: when the rounded centroid lies on the
// last row or column, the right or bottom quadrants are empty. PySODMetrics
// then takes the mean of an empty array and returns NaN, but birefloss gives an
// empty quadrant no contribution, which is what its zero weight means.
func (sm *smeasureSums) measure(st gtStats, width, height int) float64 {
	n := float64(width * height)
	y := float64(st.fg) / n
	fgPixels := float64(st.fg)
	bgPixels := n - fgPixels
	object := objectScore(sm.fgShift, sm.fgSum, sm.fgSumSq, fgPixels)*y +
		objectScore(sm.bgShift, sm.bgSum, sm.bgSumSq, bgPixels)*(1-y)

	weights := [4]float64{
		float64(sm.splitCol*sm.splitRow) / n,
		float64(sm.splitRow*(width-sm.splitCol)) / n,
		float64((height-sm.splitRow)*sm.splitCol) / n,
	}
	weights[3] = 1 - weights[0] - weights[1] - weights[2]
	var region float64
	for k := range sm.quad {
		q := &sm.quad[k]
		if q.pixels == 0 {
			continue
		}
		region += weights[k] * q.ssim()
	}

	score := 0.5*object + 0.5*region
	if score < 0 {
		return 0
	}
	return score
}

// objectScore returns s(x) = 2·x̄/(x̄² + 1 + σ + ε) from shifted sums over count
// values, σ being the sample standard deviation.
func objectScore(shift, sum, sumSq, count float64) float64 {
	mean := shift + sum/count
	std := 0.0
	if count > 1 {
		std = math.Sqrt(math.Max(sumSq-sum*sum/count, 0) / (count - 1))
	}
	return 2 * mean / (mean*mean + 1 + std + eps)
}

// ssim returns PySODMetrics' quadrant similarity of the prediction x and the
// GT y over the quadrant's n pixels:
//
//	α = 4·x̄·ȳ·σ_xy, β = (x̄² + ȳ²)(σ_x² + σ_y²), ssim = α/(β + ε) if α ≠ 0, 1 if α = β = 0, else 0
//
// where every (co)variance divides by n − 1 + ε (PySODMetrics ≥ 1.6.1), so a
// one-pixel quadrant scores 1.
func (q *quadrantSums) ssim() float64 {
	n := float64(q.pixels)
	d := n - 1 + eps
	x := q.shift + q.sum/n
	y := float64(q.fg) / n
	varX := math.Max(q.sumSq-q.sum*q.sum/n, 0) / d

	var alpha, varY float64
	if q.fg == 0 || q.fg == q.pixels {
		// The GT is constant here, so numpy's y − ȳ is exactly zero and so are
		// σ_y and α. The score is then 1 or 0 depending on whether σ_x is exactly
		// zero, which for a constant prediction depends on numpy's rounding of
		// its mean.
		if q.sumSq == 0 {
			x = q.numpyConstantMean()
			if x == q.shift {
				varX = 0
			} else {
				varX = float64(q.pixels) * (q.shift - x) * (q.shift - x) / d
			}
		}
	} else {
		varY = float64(q.fg) * (n - float64(q.fg)) / n / d
		covXY := (q.sumFG - y*q.sum) / d
		alpha = 4 * x * y * covXY
	}

	beta := (x*x + y*y) * (varX + varY)
	switch {
	case alpha != 0:
		return alpha / (beta + eps)
	case beta == 0:
		return 1
	default:
		return 0
	}
}

// numpyConstantMean returns np.mean of the quadrant view when every value
// equals q.shift. numpy buffers a strided view in C order, so the view is
// summed as if it were contiguous.
func (q *quadrantSums) numpyConstantMean() float64 {
	return numpyConstantSum(q.shift, int(q.pixels)) / float64(q.pixels)
}
