package metric

import "math"

// Dataset contains the aggregated values of a set of images.
type Dataset struct {
	Scalars []Named // in the order of the per-image keys, with h_bin_pooled after each h_bin
	Curves  []Curve
}

// Named is one dataset value.
type Named struct {
	Key   string
	Value float64
}

// Curve is a dataset curve: 256 values for thresholds t = 0…255 in ascending
// order, a pixel being selected when trunc(255·p) ≥ t.
type Curve struct {
	Key    string
	Values []float64
}

// curveSpec is one dataset curve and how to compute an image's version.
type curveSpec struct {
	key   string
	kind  curveKind
	group group
}

// Accumulator aggregates images into dataset values:
//   - mae, mse, sm, wfm, em_adp, fm_adp, h_adp and h_bin are means over images.
//   - Every curve is the element-wise mean of the images' curves, and
//     em_mean, em_max, fm_mean, fm_max, h_mean, h_max are the mean and the
//     maximum of that mean curve (not means of per-image maxima).
//   - h_bin_pooled applies the handler once to TP, FP, TN and FN summed over
//     the images.
//   - auc_pr and auc_roc are the areas under the mean curves (mean precision
//     against mean recall, mean recall against mean FPR), so they match the
//     plotted dataset curves.
//   - hce, mba and biou_bin are means over images. biou_mean and biou_max
//     are the mean and the maximum of the mean boundary IoU curve "biou", as
//     BiRefNet's evaluator reports them.
//
// A NaN in one image makes the dataset value NaN. With no image every value
// is NaN.
type Accumulator struct {
	set       Set
	images    int
	sums      []float64 // per-image values summed by key index, read only for the means
	curves    []curveSpec
	curveSums [][256]float64
	pooled    confusion
	biouSum   *[256]float64 // nil unless s contains biou
}

// NewAccumulator returns an empty accumulator for the groups in s. Images
// added to it must have been computed with a set that contains s.
func NewAccumulator(s Set) *Accumulator {
	a := &Accumulator{set: s, sums: make([]float64, len(s.Keys()))}
	if s.has(groupFm) || s.has(groupAUC) {
		a.curves = append(a.curves,
			curveSpec{key: "precision", kind: curvePrecision},
			curveSpec{key: "recall", kind: curveRecall})
	}
	if s.has(groupFm) {
		a.curves = append(a.curves, curveSpec{key: "fm", kind: curveFm})
	}
	if s.has(groupEm) {
		a.curves = append(a.curves, curveSpec{key: "em", kind: curveEm})
	}
	for g := firstHandler; g <= lastHandler; g++ {
		if s.has(g) {
			a.curves = append(a.curves, curveSpec{key: groupNames[g], kind: curveHandler, group: g})
		}
	}
	if s.has(groupAUC) && !s.has(groupFPR) {
		a.curves = append(a.curves, curveSpec{key: "fpr", kind: curveHandler, group: groupFPR})
	}
	a.curveSums = make([][256]float64, len(a.curves))
	if s.has(groupBIoU) {
		a.biouSum = new([256]float64)
	}
	return a
}

// Add adds one image. Images are summed in the order they are added, so the
// same order gives bit-identical results.
func (a *Accumulator) Add(img *Image) {
	a.images++
	for i, v := range img.Values(a.set) {
		a.sums[i] += v
	}
	var c [256]float64
	for k, spec := range a.curves {
		curve(spec.kind, spec.group, &img.tp, &img.fp, img.fg, img.n, &c)
		for t, v := range c {
			a.curveSums[k][t] += v
		}
	}
	if a.biouSum != nil {
		if img.biou != nil {
			img.biou.curve(&c)
		} else {
			for t := range c {
				c[t] = math.NaN()
			}
		}
		for t, v := range c {
			a.biouSum[t] += v
		}
	}
	bin := newConfusion(img.binary, img.fg, img.n)
	a.pooled.tp += bin.tp
	a.pooled.fp += bin.fp
	a.pooled.tn += bin.tn
	a.pooled.fn += bin.fn
}

// Result returns the dataset values of the images added so far.
func (a *Accumulator) Result() Dataset {
	count := float64(a.images)
	mean := make(map[string]*[256]float64, len(a.curves))
	var d Dataset
	for k, spec := range a.curves {
		values := make([]float64, 256)
		var c [256]float64
		for t := range values {
			values[t] = a.curveSums[k][t] / count
			c[t] = values[t]
		}
		mean[spec.key] = &c
		d.Curves = append(d.Curves, Curve{Key: spec.key, Values: values})
	}
	var biou [256]float64
	if a.biouSum != nil {
		values := make([]float64, 256)
		for t := range values {
			values[t] = a.biouSum[t] / count
			biou[t] = values[t]
		}
		d.Curves = append(d.Curves, Curve{Key: "biou", Values: values})
	}

	add := func(key string, v float64) {
		d.Scalars = append(d.Scalars, Named{Key: key, Value: v})
	}
	for i, key := range a.set.Keys() {
		switch {
		case key == "em_mean" || key == "fm_mean":
			add(key, curveMean(mean[key[:2]]))
		case key == "em_max" || key == "fm_max":
			add(key, curveMax(mean[key[:2]]))
		case key == "auc_pr":
			add(key, aucPR(mean["precision"], mean["recall"]))
		case key == "auc_roc":
			add(key, aucROC(mean["fpr"], mean["recall"]))
		case key == "biou_mean":
			add(key, curveMean(&biou))
		case key == "biou_max":
			add(key, curveMax(&biou))
		default:
			g, suffix := splitHandlerKey(key)
			switch suffix {
			case "_mean":
				add(key, curveMean(mean[groupNames[g]]))
			case "_max":
				add(key, curveMax(mean[groupNames[g]]))
			case "_bin":
				add(key, a.sums[i]/count)
				pooled := math.NaN()
				if a.images > 0 {
					pooled = handlerValue(g, a.pooled)
				}
				add(groupNames[g]+"_bin_pooled", pooled)
			default:
				add(key, a.sums[i]/count)
			}
		}
	}
	return d
}

// splitHandlerKey splits a handler key such as "iou_mean" into its group and
// suffix. Other keys give an empty suffix.
func splitHandlerKey(key string) (group, string) {
	for g := firstHandler; g <= lastHandler; g++ {
		name := groupNames[g]
		if len(key) > len(name) && key[:len(name)] == name && key[len(name)] == '_' {
			return g, key[len(name):]
		}
	}
	return 0, ""
}
