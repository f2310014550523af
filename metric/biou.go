package metric

import "math"

// Boundary IoU (Cheng et al., "Boundary IoU: Improving object-centric image
// segmentation evaluation", CVPR 2021; bowenc0221/boundary-iou-api). The
// boundary of a mask M is M minus M eroded d times by the 3×3 square, with
// d = max(1, round(0.02·√(H² + W²))) and the mask padded with one
// background pixel on each side before eroding, so the image border counts
// as boundary. d erosions by the 3×3 square equal one minimum filter over
// the (2d+1)×(2d+1) square, and the padding makes that minimum 0 wherever
// the square leaves the image.
//
// biou_bin is the standard measure on binary masks: |G_b ∧ P_b|/|G_b ∨ P_b|
// with the GT > 128 and the prediction binarised as p > 0.5 on the min-max
// stretched map, the package's binary mode, so that it is comparable with
// iou_bin. Two empty boundaries give 0, the package's rule for a zero
// denominator.
//
// biou_mean and biou_max follow BiRefNet's evaluator (BIoUMeasure): the
// operator is applied to the grey map q = trunc(255·p), giving
// q_b = q − min-filter(q), and for t = 0…255
// IoU_t = TP_t/(max(|G_b|, 1) + FP_t), where TP_t and FP_t count the pixels
// with q_b ≥ t inside and outside G_b. Because q_b is a grey boundary, it
// equals the standard measure only for binary predictions.

// biouRatio is the boundary width as a fraction of the image diagonal.
const biouRatio = 0.02

// biouWidth returns d for a width·height image. Python's round, which the
// original uses, rounds half to even.
func biouWidth(width, height int) int {
	d := int(math.RoundToEven(biouRatio * math.Sqrt(float64(height*height+width*width))))
	return max(d, 1)
}

// biouCounts contains one image's boundary IoU counts.
type biouCounts struct {
	tp, fp     [256]int64 // pixels with q_b ≥ t inside and outside G_b
	gtBoundary int64
	binary     float64 // biou_bin
}

// curve writes IoU_t for t = 0…255 into c.
func (bc *biouCounts) curve(c *[256]float64) {
	denominator := float64(max(bc.gtBoundary, 1))
	for t := range c {
		c[t] = float64(bc.tp[t]) / (denominator + float64(bc.fp[t]))
	}
}

// biouBuffers contains the scratch memory of biou.
type biouBuffers struct {
	g, gMin, b, bMin, q, qMin []uint8
	prefix, suffix            []uint8
}

// biou computes the boundary IoU counts of one pair.
func (bb *biouBuffers) biou(gt []uint8, pred []float64, norm normalizer, width, height int) *biouCounts {
	n := width * height
	for _, buf := range []*[]uint8{&bb.g, &bb.gMin, &bb.b, &bb.bMin, &bb.q, &bb.qMin} {
		*buf = resize(*buf, n)
	}
	for i, v := range gt {
		bb.g[i] = b2u(v > gtThreshold)
	}
	for i, v := range pred {
		p := norm.apply(v)
		bb.q[i] = uint8(quantize(p))
		bb.b[i] = b2u(p > 0.5)
	}
	d := biouWidth(width, height)
	for _, pair := range [][2][]uint8{{bb.g, bb.gMin}, {bb.b, bb.bMin}, {bb.q, bb.qMin}} {
		copy(pair[1], pair[0])
		bb.minFilter(pair[1], width, height, d)
	}

	bc := &biouCounts{}
	var hist [512]int64 // index gb<<8 | q_b
	var inter, union int64
	for i := range n {
		gb := bb.g[i] &^ bb.gMin[i]
		pb := bb.b[i] &^ bb.bMin[i]
		inter += int64(gb & pb)
		union += int64(gb | pb)
		hist[int(gb)<<8|int(bb.q[i]-bb.qMin[i])]++
	}
	var tp, fp int64
	for t := 255; t >= 0; t-- {
		tp += hist[256|t]
		fp += hist[t]
		bc.tp[t] = tp
		bc.fp[t] = fp
	}
	bc.gtBoundary = tp
	if union > 0 {
		bc.binary = float64(inter) / float64(union)
	}
	return bc
}

// minFilter replaces img by its minimum over the (2d+1)×(2d+1) square, 0
// where the square leaves the image. Both passes use the van Herk–Gil-Werman
// scheme: with blocks of k = 2d+1 samples, prefix minima from each block's
// start and suffix minima to its end give any window of k samples as the
// minimum of one suffix and one prefix. The column pass works on whole rows
// so that it reads memory in order.
func (bb *biouBuffers) minFilter(img []uint8, width, height, d int) {
	n := width * height
	bb.prefix = resize(bb.prefix, n)
	bb.suffix = resize(bb.suffix, n)
	k := 2*d + 1

	// Row pass.
	for y := range height {
		row := img[y*width : (y+1)*width]
		windowMin(row, bb.prefix[y*width:(y+1)*width], bb.suffix[y*width:(y+1)*width], d)
	}

	// Column pass, on whole rows.
	if k > height {
		clear(img)
		return
	}
	for y := range height {
		row := img[y*width : (y+1)*width]
		pre := bb.prefix[y*width : (y+1)*width]
		if y%k == 0 {
			copy(pre, row)
			continue
		}
		prev := bb.prefix[(y-1)*width : y*width]
		for x, v := range row {
			pre[x] = min(prev[x], v)
		}
	}
	for y := height - 1; y >= 0; y-- {
		row := img[y*width : (y+1)*width]
		suf := bb.suffix[y*width : (y+1)*width]
		if y%k == k-1 || y == height-1 {
			copy(suf, row)
			continue
		}
		next := bb.suffix[(y+1)*width : (y+2)*width]
		for x, v := range row {
			suf[x] = min(next[x], v)
		}
	}
	for y := range height {
		row := img[y*width : (y+1)*width]
		if y < d || y+d >= height {
			clear(row)
			continue
		}
		suf := bb.suffix[(y-d)*width : (y-d+1)*width]
		pre := bb.prefix[(y+d)*width : (y+d+1)*width]
		for x := range row {
			row[x] = min(suf[x], pre[x])
		}
	}
}

// windowMin replaces line by its minimum over [i−d, i+d], 0 where that
// window leaves line, using prefix and suffix (each len(line)) as scratch.
func windowMin(line, prefix, suffix []uint8, d int) {
	n := len(line)
	k := 2*d + 1
	if k > n {
		clear(line)
		return
	}
	for start := 0; start < n; start += k {
		end := min(start+k, n)
		prefix[start] = line[start]
		for i := start + 1; i < end; i++ {
			prefix[i] = min(prefix[i-1], line[i])
		}
		suffix[end-1] = line[end-1]
		for i := end - 2; i >= start; i-- {
			suffix[i] = min(suffix[i+1], line[i])
		}
	}
	clear(line[:d])
	clear(line[n-d:])
	suffix, prefix = suffix[:n-2*d], prefix[2*d:n]
	out := line[d : n-d]
	for i := range out {
		out[i] = min(suffix[i], prefix[i])
	}
}
