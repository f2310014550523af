package metric

import (
	"fmt"
	"math"
)

// gtThreshold binarises the GT: a pixel is foreground when its 8-bit value is
// greater than 128, as PySODMetrics does (128 is background).
const gtThreshold = 128

// eps is numpy's np.spacing(1) = 2⁻⁵², the _EPS constant of PySODMetrics.
const eps = 0x1p-52

// normalizer maps a prediction value in [0, 1] to PySODMetrics' p: the min-max
// stretch (v − lo)/(hi − lo) when the map is not constant, else v unchanged.
type normalizer struct {
	lo, span float64
	stretch  bool
}

func newNormalizer(lo, hi float64) normalizer {
	// (v − 0)/1 is v exactly, so the common full-range case skips the division.
	stretch := hi != lo && !(lo == 0 && hi == 1)
	return normalizer{lo: lo, span: hi - lo, stretch: stretch}
}

func (n normalizer) apply(v float64) float64 {
	if n.stretch {
		return (v - n.lo) / n.span
	}
	return v
}

// quantize returns numpy's uint8(255·p) for p in [0, 1]. Values outside
// [0, 1] and NaN, which a stretched map never contains, are clamped to 0…255
// instead of wrapping.
func quantize(p float64) int {
	v := p * 255
	switch {
	case v >= 255:
		return 255
	case v >= 1:
		return int(v)
	default:
		return 0
	}
}

// Workspace contains the scratch buffers of Compute, so that a worker can
// reuse them from image to image. For the default set they take about 4
// bytes per pixel of the largest image seen plus a few rows, and about 40
// more per pixel when hce, mba and biou are on. The zero value is ready to
// use. A Workspace must not be used by two goroutines at once.
type Workspace struct {
	wfm  wfmBuffers
	hce  hceBuffers
	mba  mbaBuffers
	biou biouBuffers
}

// gtStats are the GT facts every metric group starts from.
type gtStats struct {
	fg             int   // foreground pixel count
	rowSum, colSum int64 // sums of the 0-based row and column indices of the foreground
	firstFG        int   // index of the first foreground pixel, -1 if none
	firstBG        int   // index of the first background pixel, -1 if none
}

// Compute evaluates one prediction against its GT and returns the values of
// the groups in s.
//
// gt contains 8-bit GT values, binarised as value > 128. pred contains the
// prediction in [0, 1], normally P/255 computed as float64(P)/255, a division
// as in numpy: multiplying by 1/255 instead moves 24 of the 256 grey levels
// one threshold down. Both are row-major with width·height elements.
// Compute panics if the lengths do not match width·height or if the size is
// not positive, because callers check image sizes before computing.
func (ws *Workspace) Compute(gt []uint8, pred []float64, width, height int, s Set) *Image {
	if width <= 0 || height <= 0 {
		panic(fmt.Sprintf("metric: invalid image size %d×%d", width, height))
	}
	n := width * height
	if len(gt) != n || len(pred) != n {
		panic(fmt.Sprintf("metric: %d×%d image needs %d pixels, got %d GT and %d prediction values",
			width, height, n, len(gt), len(pred)))
	}

	img := &Image{set: s, n: int64(n)}
	for i := range img.scalars {
		img.scalars[i] = math.NaN()
	}

	// Pass 1: the prediction's range and the GT statistics.
	lo, hi := predictionRange(pred)
	norm := newNormalizer(lo, hi)
	st := scanGT(gt, width)
	img.fg = int64(st.fg)

	// Pass 2: numpy-ordered sums, which give MAE, MSE and the exact mean of p
	// that the adaptive threshold is derived from.
	var meanP, threshold float64
	if s.has(groupMAE) || s.has(groupMSE) || s.has(groupSm) || s.needsCounts() {
		sums := sumPixels(pred, gt, norm)
		if math.IsNaN(sums.p) && !math.IsNaN(norm.lo) {
			// numpy's min and max of a map with NaN are NaN, which makes every
			// stretched value NaN.
			norm = normalizer{lo: math.NaN(), span: math.NaN(), stretch: true}
			sums = sumPixels(pred, gt, norm)
		}
		meanP = sums.p / float64(n)
		img.scalars[scalarMAE] = sums.absErr / float64(n)
		img.scalars[scalarMSE] = sums.sqErr / float64(n)
		threshold = math.Min(2*meanP, 1)
	}

	// Pass 3: threshold counts, binary counts and the S-measure sums. The
	// S-measure of an empty GT is 1 − mean(p), of a full GT mean(p).
	var sm *smeasureSums
	if s.has(groupSm) {
		switch st.fg {
		case 0:
			img.scalars[scalarSm] = 1 - meanP
		case n:
			img.scalars[scalarSm] = meanP
		default:
			sm = newSmeasureSums(pred, norm, st, width, height)
		}
	}
	if s.needsCounts() || sm != nil {
		scanCounts(img, gt, pred, norm, width, threshold, sm)
	}
	if sm != nil {
		img.scalars[scalarSm] = sm.measure(st, width, height)
	}

	// Pass 4 and 5: the weighted F-measure.
	if s.has(groupWFm) {
		img.scalars[scalarWFm] = ws.wfm.measure(gt, pred, norm, width, height, st.fg)
	}

	// The opt-in groups, each with passes of its own.
	if s.has(groupHCE) {
		img.scalars[scalarHCE] = float64(ws.hce.hce(gt, pred, norm, width, height, s.hceMode))
	}
	if s.has(groupMBA) {
		img.scalars[scalarMBA] = ws.mba.mba(gt, pred, width, height)
	}
	if s.has(groupBIoU) {
		img.biou = ws.biou.biou(gt, pred, norm, width, height)
	}
	return img
}

// predictionRange returns the minimum and maximum of pred. A NaN after the
// first element is skipped here, and Compute detects it from the sums. Two
// independent pairs of running values halve the loop's dependency chain.
func predictionRange(pred []float64) (lo, hi float64) {
	lo0, hi0, lo1, hi1 := pred[0], pred[0], pred[0], pred[0]
	i := 0
	for ; i+2 <= len(pred); i += 2 {
		a, b := pred[i], pred[i+1]
		if a < lo0 {
			lo0 = a
		}
		if a > hi0 {
			hi0 = a
		}
		if b < lo1 {
			lo1 = b
		}
		if b > hi1 {
			hi1 = b
		}
	}
	if i < len(pred) {
		lo0, hi0 = min(lo0, pred[i]), max(hi0, pred[i])
	}
	return min(lo0, lo1), max(hi0, hi1)
}

// scanGT counts the foreground and sums its coordinates for the centroid.
func scanGT(gt []uint8, width int) gtStats {
	st := gtStats{firstFG: -1, firstBG: -1}
	for i := 0; i < len(gt); i += width {
		row := gt[i : i+width]
		count := 0
		var colSum int64
		for j, v := range row {
			if v > gtThreshold {
				count++
				colSum += int64(j)
			}
		}
		if count > 0 && st.firstFG < 0 {
			for j, v := range row {
				if v > gtThreshold {
					st.firstFG = i + j
					break
				}
			}
		}
		if count < width && st.firstBG < 0 {
			for j, v := range row {
				if v <= gtThreshold {
					st.firstBG = i + j
					break
				}
			}
		}
		st.fg += count
		st.colSum += colSum
		st.rowSum += int64(count) * int64(i/width)
	}
	return st
}

// scanCounts fills the threshold histogram, the adaptive and binary counts,
// and the S-measure sums when sm is not nil, in one pass over the rows.
func scanCounts(img *Image, gt []uint8, pred []float64, norm normalizer, width int, threshold float64, sm *smeasureSums) {
	var hist [512]int64 // index fg<<8 | q
	var adaptive, binary [2]int64
	for row := 0; row*width < len(pred); row++ {
		i := row * width
		if sm == nil {
			scanSegment(gt[i:i+width], pred[i:i+width], norm, threshold, &hist, &adaptive, &binary)
			continue
		}
		cy, cx := sm.split()
		top := 0
		if row >= cy {
			top = 2
		}
		sm.scanSegment(&sm.quad[top], gt[i:i+cx], pred[i:i+cx], norm, threshold, &hist, &adaptive, &binary)
		if cx < width {
			sm.scanSegment(&sm.quad[top+1], gt[i+cx:i+width], pred[i+cx:i+width], norm, threshold, &hist, &adaptive, &binary)
		}
	}

	// Reversed cumulative sums: tp[t] and fp[t] count pixels with q ≥ t.
	var tp, fp int64
	for t := 255; t >= 0; t-- {
		tp += hist[256|t]
		fp += hist[t]
		img.tp[t] = tp
		img.fp[t] = fp
	}
	img.adaptive = confusionCounts{tp: adaptive[1], fp: adaptive[0]}
	img.binary = confusionCounts{tp: binary[1], fp: binary[0]}
}

func scanSegment(gt []uint8, pred []float64, norm normalizer, threshold float64, hist *[512]int64, adaptive, binary *[2]int64) {
	pred = pred[:len(gt)]
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
	}
}
