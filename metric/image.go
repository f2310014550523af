package metric

import "math"

// Indices into Image.scalars.
const (
	scalarMAE = iota
	scalarMSE
	scalarSm
	scalarWFm
	scalarHCE
	scalarMBA
	numScalars
)

// Image contains the metric values of one GT/prediction pair and the 256-point
// threshold counts that dataset aggregation needs. It retains no pixel data.
type Image struct {
	set      Set
	n, fg    int64 // pixel count and GT foreground count
	scalars  [numScalars]float64
	tp, fp   [256]int64 // pixels with q ≥ t inside and outside the GT
	adaptive confusionCounts
	binary   confusionCounts
	biou     *biouCounts // nil unless the biou group was computed
}

// Values returns the image's values in the order of s.Keys(). A key whose
// group was not in the set passed to Compute gets NaN.
func (img *Image) Values(s Set) []float64 {
	values := make([]float64, 0, 4*numGroups)
	var c [256]float64
	for g := group(0); g < numGroups; g++ {
		if !s.has(g) {
			continue
		}
		computed := img.set.has(g)
		switch {
		case g == groupMAE:
			values = append(values, img.scalar(computed, scalarMAE))
		case g == groupMSE:
			values = append(values, img.scalar(computed, scalarMSE))
		case g == groupSm:
			values = append(values, img.scalar(computed, scalarSm))
		case g == groupWFm:
			values = append(values, img.scalar(computed, scalarWFm))
		case g == groupHCE:
			values = append(values, img.scalar(computed, scalarHCE))
		case g == groupMBA:
			values = append(values, img.scalar(computed, scalarMBA))
		case g == groupBIoU:
			if !computed || img.biou == nil {
				values = append(values, math.NaN(), math.NaN(), math.NaN())
				continue
			}
			img.biou.curve(&c)
			values = append(values, img.biou.binary, curveMean(&c), curveMax(&c))
		case !computed && g == groupAUC:
			values = append(values, math.NaN(), math.NaN())
		case !computed && g >= firstHandler && g <= lastHandler:
			values = append(values, math.NaN(), math.NaN(), math.NaN(), math.NaN())
		case !computed:
			values = append(values, math.NaN(), math.NaN(), math.NaN())
		case g == groupEm:
			curve(curveEm, 0, &img.tp, &img.fp, img.fg, img.n, &c)
			values = append(values, emeasure(img.adaptive, img.fg, img.n), curveMean(&c), curveMax(&c))
		case g == groupFm:
			curve(curveFm, 0, &img.tp, &img.fp, img.fg, img.n, &c)
			adaptive := fmeasure(newConfusion(img.adaptive, img.fg, img.n), fmBeta2)
			values = append(values, adaptive, curveMean(&c), curveMax(&c))
		case g >= firstHandler && g <= lastHandler:
			curve(curveHandler, g, &img.tp, &img.fp, img.fg, img.n, &c)
			values = append(values,
				handlerValue(g, newConfusion(img.adaptive, img.fg, img.n)),
				curveMean(&c), curveMax(&c),
				handlerValue(g, newConfusion(img.binary, img.fg, img.n)))
		case g == groupAUC:
			var precision, recall, fpr [256]float64
			curve(curvePrecision, 0, &img.tp, &img.fp, img.fg, img.n, &precision)
			curve(curveRecall, 0, &img.tp, &img.fp, img.fg, img.n, &recall)
			curve(curveHandler, groupFPR, &img.tp, &img.fp, img.fg, img.n, &fpr)
			values = append(values, aucPR(&precision, &recall), aucROC(&fpr, &recall))
		}
	}
	return values
}

func (img *Image) scalar(computed bool, index int) float64 {
	if !computed {
		return math.NaN()
	}
	return img.scalars[index]
}

// curveMean returns numpy's mean of a 256-point curve.
func curveMean(c *[256]float64) float64 {
	return numpySum(c[:]) / float64(len(c))
}

// curveMax returns the maximum of a curve, NaN if any point is NaN (as
// numpy's max does).
func curveMax(c *[256]float64) float64 {
	m := c[0]
	for _, v := range c {
		if v > m || math.IsNaN(v) {
			m = v
		}
		if math.IsNaN(m) {
			return m
		}
	}
	return m
}
