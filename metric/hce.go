package metric

import "fmt"

// HCEMode selects how HCE binarises the prediction and counts a region that
// covers the whole image. The zero value is HCEDIS.
type HCEMode uint8

const (
	// HCEDIS follows the DIS benchmark script (xuebinqin/DIS
	// IS-Net/hce_metric_main.py) and BiRefNet's evaluator, which copies it:
	// the prediction is binarised as raw 8-bit value > 128, without min-max
	// stretching, and an error region that covers the whole image counts 0
	// independent regions.
	HCEDIS HCEMode = iota
	// HCEPySOD follows PySODMetrics 1.6.2 (HCEMeasure): the min-max
	// stretched prediction is binarised as p > 0.5, and an error region that
	// covers the whole image counts 1 independent region.
	HCEPySOD
)

// String returns the name that ParseHCEMode accepts.
func (m HCEMode) String() string {
	switch m {
	case HCEDIS:
		return "dis"
	case HCEPySOD:
		return "pysodmetrics"
	}
	return fmt.Sprintf("HCEMode(%d)", uint8(m))
}

// ParseHCEMode parses "dis" or "pysodmetrics".
func ParseHCEMode(s string) (HCEMode, error) {
	switch s {
	case "dis":
		return HCEDIS, nil
	case "pysodmetrics":
		return HCEPySOD, nil
	}
	return 0, fmt.Errorf("invalid HCE mode %q: valid modes are dis and pysodmetrics", s)
}

// HCE parameters of Qin et al., "Highly Accurate Dichotomous Image
// Segmentation", ECCV 2022, as both scripts use them.
const (
	hceRelax   = 5   // erosion and dilation steps that relax the error regions
	hceEpsilon = 2.0 // Douglas–Peucker tolerance in pixels
)

// disThreshold binarises a prediction value P/255 as P > 128. 128.5/255 lies
// strictly between 128/255 and 129/255, so the test is exact for values k/255,
// and a resized float prediction is compared with the same boundary.
const disThreshold = 128.5 / 255

// hceBuffers contains the scratch memory of HCE, about 22 bytes per pixel.
type hceBuffers struct {
	gt, pred, skeleton   []uint8
	union, scratch       []uint8
	fpRelaxed, fnRelaxed []uint8
	condition            []uint8
	visited              []uint8
	labels               []int32
	dependent            []bool
	stack                []int32
	run                  []point
	runs                 []point
	runStart             []int
	skel                 skeletonBuffers
	contours             contourSet
	rdp                  rdpBuffers
	diamond              diamondBuffers
}

// hce returns the human correction efforts of one pair: the number of polygon
// vertices and independent regions a human needs to fix the false positives
// and the false negatives.
//
//  1. g = GT > 128 and b = the binarised prediction (see HCEMode);
//     TP = g∧b, FP = b∧¬g, FN = g∧¬b, and the GT skeleton S.
//  2. U = g∨b eroded 5 times with the 3×3 cross. As in cv2.erode, pixels
//     outside the image count as foreground, so the border does not erode.
//  3. FP′ = FP∧U, dilated 5 times with the cross, each time ∧¬g, then ∧FP.
//     FN′ likewise with ∧¬b, then FN′ ∨ (S∧¬TP).
//  4. For the FP′ regions with the condition TP∨FN′, and for the FN′ regions
//     with the condition ¬(TP∨FP′∨FN′), count splits the contours into runs
//     along the condition and finds the regions that touch it.
//  5. HCE = Σ Douglas–Peucker vertices of the runs (ε = 2) + regions that
//     touch no condition pixel.
func (hb *hceBuffers) hce(gt []uint8, pred []float64, norm normalizer, width, height int, mode HCEMode) int {
	n := width * height
	for _, buf := range []*[]uint8{&hb.gt, &hb.pred, &hb.skeleton,
		&hb.union, &hb.scratch, &hb.fpRelaxed, &hb.fnRelaxed, &hb.condition} {
		*buf = resize(*buf, n)
	}

	g, b := hb.gt, hb.pred
	for i, v := range gt {
		g[i] = b2u(v > gtThreshold)
	}
	if mode == HCEPySOD {
		for i, v := range pred {
			b[i] = b2u(norm.apply(v) > 0.5)
		}
	} else {
		for i, v := range pred {
			b[i] = b2u(v > disThreshold)
		}
	}
	hb.skel.skeletonize(hb.skeleton, g, width, height)

	// Every mask is 0 or 1 per byte, so the steps below combine 8 pixels at
	// a time (see combine): TP = g∧b, FP = b∧¬g, FN = g∧¬b.
	combine(hb.union, g, b, nil, func(g, b, _ uint64) uint64 { return g | b })
	hb.diamond.erodeDiamond(hb.union, width, height, hceRelax)

	// FP′ grows outside the GT.
	fpr := hb.fpRelaxed
	combine(fpr, g, b, hb.union, func(g, b, u uint64) uint64 { return b &^ g & u })
	hb.diamond.growGeodesic(fpr, g, width, height, hceRelax)
	combine(fpr, g, b, fpr, func(g, b, r uint64) uint64 { return b &^ g & r })

	// FN′ grows outside the prediction, then takes the skeleton's missed
	// pixels: S∧¬TP = S∧¬b because S lies in the GT.
	fnr := hb.fnRelaxed
	combine(fnr, g, b, hb.union, func(g, b, u uint64) uint64 { return g &^ b & u })
	hb.diamond.growGeodesic(fnr, b, width, height, hceRelax)
	combine(fnr, g, b, fnr, func(g, b, r uint64) uint64 { return g &^ b & r })
	combine(fnr, b, hb.skeleton, fnr, func(b, s, r uint64) uint64 { return r | s&^b })

	// The conditions: TP∨FN′ for FP′, then ¬(TP∨FP′∨FN′) for FN′.
	combine(hb.scratch, g, b, hb.fnRelaxed, func(g, b, fn uint64) uint64 { return g&b | fn })
	total := hb.count(hb.fpRelaxed, hb.scratch, width, height, mode)
	combine(hb.scratch, g, b, hb.fpRelaxed, func(g, b, fp uint64) uint64 { return g&b | fp })
	combine(hb.scratch, hb.scratch, hb.fnRelaxed, nil, func(x, fn, _ uint64) uint64 { return ones &^ (x | fn) })
	total += hb.count(hb.fnRelaxed, hb.scratch, width, height, mode)
	return total
}

// count returns the vertices of the runs of mask's contours along cond plus
// the regions of mask that no run touches.
//
// The condition is dilated once with the cross. Each contour is walked in
// findContours order from its start point. A point on the dilated condition
// that no earlier run took extends the current run and makes its region
// dependent, and any other point ends the run. When a contour yields more
// than one run and the first point of its first run is 8-adjacent to the
// last point of its last run, the two are one run that crosses the contour's
// start: the first run is appended to the last in reverse order.
func (hb *hceBuffers) count(mask, cond []uint8, width, height int, mode HCEMode) int {
	n := width * height
	crossFilter(hb.condition, cond, nil, width, height, false)
	regions, whole := hb.label(mask, width, height)
	hb.visited = resize(hb.visited, n)
	clear(hb.visited)
	hb.contours.find(mask, width, height)

	vertices := 0
	for _, k := range hb.contours.order {
		hb.runs = hb.runs[:0]
		hb.runStart = append(hb.runStart[:0], 0)
		for _, p := range hb.contours.contour(k) {
			i := int(p.y)*width + int(p.x)
			if hb.condition[i] != 0 && hb.visited[i] == 0 {
				hb.dependent[hb.labels[i]] = true
				hb.visited[i] = 1
				hb.runs = append(hb.runs, p)
				continue
			}
			if len(hb.runs) > hb.runStart[len(hb.runStart)-1] {
				hb.runStart = append(hb.runStart, len(hb.runs))
			}
		}
		if len(hb.runs) > hb.runStart[len(hb.runStart)-1] {
			hb.runStart = append(hb.runStart, len(hb.runs))
		}
		numRuns := len(hb.runStart) - 1
		if numRuns == 0 {
			continue
		}
		first := hb.runs[hb.runStart[0]:hb.runStart[1]]
		if numRuns > 1 {
			last := hb.runs[hb.runStart[numRuns-1]:hb.runStart[numRuns]]
			if adjacent8(first[0], last[len(last)-1]) {
				hb.run = append(hb.run[:0], last...)
				for j := len(first) - 1; j >= 0; j-- {
					hb.run = append(hb.run, first[j])
				}
				vertices += hb.rdp.approxPolyCount(hb.run, hceEpsilon)
				for r := 1; r < numRuns-1; r++ {
					vertices += hb.rdp.approxPolyCount(hb.runs[hb.runStart[r]:hb.runStart[r+1]], hceEpsilon)
				}
				continue
			}
		}
		for r := range numRuns {
			vertices += hb.rdp.approxPolyCount(hb.runs[hb.runStart[r]:hb.runStart[r+1]], hceEpsilon)
		}
	}

	independent := 0
	for r := 1; r <= regions; r++ {
		if !hb.dependent[r] {
			independent++
		}
	}
	if whole && mode == HCEDIS {
		// The DIS script sizes its region flags by the labels present, so
		// without background label 0 the one region takes the slot of
		// label 0 and is never counted.
		independent = 0
	}
	return vertices + independent
}

// adjacent8 reports whether a and b are distinct 8-neighbours.
func adjacent8(a, b point) bool {
	dx, dy := abs32(a.x-b.x), abs32(a.y-b.y)
	return dx <= 1 && dy <= 1 && dx+dy > 0
}

// label fills hb.labels with the 8-connected regions of mask, numbered from 1
// in raster order of their first pixel (0 is background), resets
// hb.dependent, and returns the number of regions and whether mask covers
// the whole image.
func (hb *hceBuffers) label(mask []uint8, width, height int) (regions int, whole bool) {
	n := width * height
	hb.labels = resize(hb.labels, n)
	clear(hb.labels)
	whole = true
	for i := range n {
		if mask[i] == 0 {
			whole = false
			continue
		}
		if hb.labels[i] != 0 {
			continue
		}
		regions++
		hb.labels[i] = int32(regions)
		hb.stack = append(hb.stack[:0], int32(i))
		for len(hb.stack) > 0 {
			j := int(hb.stack[len(hb.stack)-1])
			hb.stack = hb.stack[:len(hb.stack)-1]
			x, y := j%width, j/width
			for dy := -1; dy <= 1; dy++ {
				yy := y + dy
				if yy < 0 || yy >= height {
					continue
				}
				for dx := -1; dx <= 1; dx++ {
					xx := x + dx
					if xx < 0 || xx >= width {
						continue
					}
					k := yy*width + xx
					if mask[k] != 0 && hb.labels[k] == 0 {
						hb.labels[k] = int32(regions)
						hb.stack = append(hb.stack, int32(k))
					}
				}
			}
		}
	}
	hb.dependent = resize(hb.dependent, regions+1)
	clear(hb.dependent)
	return regions, whole
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
