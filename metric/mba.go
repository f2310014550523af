package metric

import "math"

// mBA, the mean boundary accuracy of BiRefNet's evaluator (MBAMeasure),
// which comes from CascadePSP (hkchengrex/CascadePSP,
// util/compute_boundary_acc.py). Both maps are binarised without min-max
// stretching: g = GT > 128 and b = P > 128. For five radii
// r_i = 1 + trunc(((W + H)/300 − 1)/5 · i), i = 0…4, the boundary region
// R_i contains the pixels where the morphological gradient of g with the
// elliptic kernel of radius r_i is positive, that is pixels whose kernel
// neighbourhood inside the image holds both classes (as in cv2, pixels
// outside the image take part in neither the dilation nor the erosion).
// acc_i is the fraction of R_i where b = g, and mBA is the mean of the five.
// An empty or all-foreground GT has empty regions, and its mBA is NaN
// (0/0), as in the original.

const mbaSteps = 5

// ellipseHalfWidths returns, for each row offset dy = −r…r, the half width
// of cv2.getStructuringElement(MORPH_ELLIPSE, (2r+1, 2r+1)): row dy covers
// columns −w…w with w = round(r·√((r² − dy²)/r²)), rounded half to even as
// cvRound does.
func ellipseHalfWidths(r int) []int {
	widths := make([]int, 2*r+1)
	inv := 1 / (float64(r) * float64(r))
	for i := range widths {
		dy := i - r
		widths[i] = int(math.RoundToEven(float64(r) * math.Sqrt(float64(r*r-dy*dy)*inv)))
	}
	return widths
}

// mbaRadii returns the five radii for a width·height image.
func mbaRadii(width, height int) [mbaSteps]int {
	maxRadius := float64(width+height) / 300
	var radii [mbaSteps]int
	for i := range radii {
		radii[i] = 1 + int((maxRadius-1)/mbaSteps*float64(i))
	}
	return radii
}

// mbaBuffers contains the scratch memory of mba.
type mbaBuffers struct {
	prefix   []int32 // per row, prefix counts of GT foreground, width+1 entries a row
	integral []int32 // (width+1)·(height+1) summed-area table of the GT foreground
}

// mba returns the mean boundary accuracy of one pair. pred holds P/255, and
// P > 128 is tested as pred > 128.5/255.
//
// A pixel is in R_i when its kernel neighbourhood holds both classes. Every
// kernel fits in the square of the largest radius. A pixel whose square
// contains one class only is therefore in no region, and the summed-area
// table finds such pixels in O(1). Only pixels near the GT's edges are
// tested row by row.
func (mb *mbaBuffers) mba(gt []uint8, pred []float64, width, height int) float64 {
	stride := width + 1
	mb.prefix = resize(mb.prefix, stride*height)
	mb.integral = resize(mb.integral, stride*(height+1))
	clear(mb.integral[:stride])
	for y := range height {
		row := mb.prefix[y*stride : (y+1)*stride]
		above := mb.integral[y*stride : (y+1)*stride]
		below := mb.integral[(y+1)*stride : (y+2)*stride]
		row[0], below[0] = 0, 0
		for x, v := range gt[y*width : (y+1)*width] {
			row[x+1] = row[x] + int32(b2i(v > gtThreshold))
			below[x+1] = above[x+1] + row[x+1]
		}
	}

	radii := mbaRadii(width, height)
	var kernels [mbaSteps][]int
	for i, r := range radii {
		kernels[i] = ellipseHalfWidths(r)
	}
	reach := radii[mbaSteps-1]

	var boundary, correct [mbaSteps]int
	for y := range height {
		top, bottom := max(y-reach, 0), min(y+reach+1, height)
		for x := range width {
			left, right := max(x-reach, 0), min(x+reach+1, width)
			fg := mb.integral[bottom*stride+right] - mb.integral[top*stride+right] -
				mb.integral[bottom*stride+left] + mb.integral[top*stride+left]
			if fg == 0 || int(fg) == (bottom-top)*(right-left) {
				continue
			}
			i := y*width + x
			agrees := (gt[i] > gtThreshold) == (pred[i] > disThreshold)
			for k, halfWidths := range kernels {
				if !mb.mixed(x, y, width, height, halfWidths) {
					continue
				}
				boundary[k]++
				if agrees {
					correct[k]++
				}
			}
		}
	}

	sum := 0.0
	for k := range boundary {
		sum += float64(correct[k]) / float64(boundary[k])
	}
	return sum / mbaSteps
}

// mixed reports whether the kernel with the given row half widths, centred
// on (x, y) and clipped to the image, covers both GT classes.
func (mb *mbaBuffers) mixed(x, y, width, height int, halfWidths []int) bool {
	stride := width + 1
	r := len(halfWidths) / 2
	fg, area := int32(0), int32(0)
	for k, w := range halfWidths {
		yy := y + k - r
		if yy < 0 || yy >= height {
			continue
		}
		lo, hi := max(x-w, 0), min(x+w+1, width)
		row := mb.prefix[yy*stride:]
		fg += row[hi] - row[lo]
		area += int32(hi - lo)
	}
	return fg != 0 && fg != area
}
