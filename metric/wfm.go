package metric

import "math"

// gaussianRadius and gaussianSigma define MATLAB's fspecial('gaussian', 7, 5),
// the kernel of the weighted F-measure.
const (
	gaussianRadius = 3
	gaussianSigma  = 5
)

// gaussian1D is the normalised 1-D factor of the 7×7 kernel: the 2-D kernel
// exp(−(u² + v²)/(2σ²))/Σ equals the outer product of this vector with itself.
// No entry is below ε·max, so fspecial's truncation removes nothing.
var gaussian1D = func() [2*gaussianRadius + 1]float64 {
	var k [2*gaussianRadius + 1]float64
	var sum float64
	for u := -gaussianRadius; u <= gaussianRadius; u++ {
		k[u+gaussianRadius] = math.Exp(-float64(u*u) / (2 * gaussianSigma * gaussianSigma))
		sum += k[u+gaussianRadius]
	}
	for i := range k {
		k[i] /= sum
	}
	return k
}()

// weightTableSize bounds the squared distances whose background weight is
// cached. Farther pixels compute it directly.
const weightTableSize = 1 << 16

// wfmBuffers are the reusable buffers of the weighted F-measure.
type wfmBuffers struct {
	up      []int32     // per pixel: row of the nearest GT pixel at or above in its column, -1 if none
	down    []int32     // per column: row of the nearest GT pixel at or below the current row, -1 if none
	nearest []int32     // per column: the nearer of up and down for the current row, -1 if none
	hull    []int32     // columns of the lower envelope
	hullKey []int64     // F + c² of each envelope column
	start   []int32     // first column each envelope entry wins
	errRow  []float64   // Et of the current row
	ring    []float64   // horizontally filtered Et of the last 7 rows, row r in slot r mod 7
	zeroRow []float64   // read in place of the rows outside the image
	box     boundingBox // of the GT, set by scanColumns
	weights []float64   // background weight by squared distance, 0 when not yet computed
}

func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// measure returns the weighted F-measure as PySODMetrics 1.6.2's
// WeightedFmeasure computes it, with β = 1:
//
//	E = |p − g|; Et = E on the GT, E at the nearest GT pixel elsewhere
//	EA = K ⊛ Et (K the 7×7 Gaussian, σ = 5, zero padding)
//	Ew = min(E, EA) on the GT, E·(2 − exp(ln(0.5)/5·Dst)) elsewhere (Dst the distance to the GT)
//	R = 1 − mean_GT(Ew), P = TPw/(TPw + FPw + ε) with TPw = |g| − Σ_GT Ew, FPw = Σ_bg Ew
//	wFm = 2·R·P/(R + P + ε)
//
// An empty GT gives 0, as in PySODMetrics. Among several nearest GT pixels the
// one with the smallest column, then the smallest row, is taken. That is the
// pixel scipy 1.10's distance_transform_edt returns, and the choice moves wFm
// by up to 1e-3, so the reference tests on real masks check it.
func (b *wfmBuffers) measure(gt []uint8, pred []float64, norm normalizer, width, height, fg int) float64 {
	if fg == 0 {
		return 0
	}
	b.prepare(width, height)

	b.scanColumns(gt, width, height)

	// Bottom-up pass: nearest GT pixel, Et, the background sum and the
	// horizontal filter row by row. The vertical filter runs 3 rows behind.
	var sumFG, sumBG float64
	box := b.box
	for i := height - 1; i >= 0; i-- {
		sumBG += b.errorRow(gt, pred, norm, width, i)
		if i >= box.top-gaussianRadius && i <= box.bottom+gaussianRadius {
			b.filterRow(i, width)
		}
		if out := i + gaussianRadius; out >= box.top && out <= box.bottom {
			sumFG += b.foregroundRow(gt, pred, norm, width, height, out)
		}
	}
	for out := min(gaussianRadius-1, box.bottom); out >= box.top; out-- {
		sumFG += b.foregroundRow(gt, pred, norm, width, height, out)
	}

	fgCount := float64(fg)
	tpw := fgCount - sumFG
	recall := 1 - sumFG/fgCount
	precision := tpw / (tpw + sumBG + eps)
	return 2 * recall * precision / (recall + precision + eps)
}

func (b *wfmBuffers) prepare(width, height int) {
	b.up = grow(b.up, width*height)
	b.down = grow(b.down, width)
	b.nearest = grow(b.nearest, width)
	b.hull = grow(b.hull, width)
	b.hullKey = grow(b.hullKey, width)
	b.start = grow(b.start, width)
	b.errRow = grow(b.errRow, width)
	b.ring = grow(b.ring, (2*gaussianRadius+1)*width)
	b.zeroRow = grow(b.zeroRow, width)
	clear(b.zeroRow)
	if b.weights == nil {
		b.weights = make([]float64, weightTableSize)
	}
}

// scanColumns stores in up the nearest GT row at or above each pixel, within
// its column, finds the GT's bounding box, and resets down for the bottom-up
// pass.
func (b *wfmBuffers) scanColumns(gt []uint8, width, height int) {
	for j := range b.down {
		b.down[j] = -1
	}
	b.box = boundingBox{top: height, bottom: -1, left: width, right: -1}
	for i := range height {
		row := i * width
		for j := range width {
			if gt[row+j] > gtThreshold {
				b.down[j] = int32(i)
				b.box.left = min(b.box.left, j)
				b.box.right = max(b.box.right, j)
				b.box.bottom = i
				b.box.top = min(b.box.top, i)
			}
			b.up[row+j] = b.down[j]
		}
	}
	for j := range b.down {
		b.down[j] = -1
	}
}

// boundingBox is the inclusive row and column range of the GT pixels.
type boundingBox struct {
	top, bottom, left, right int
}

// advanceRow moves the per-column state to row i, which must be the row
// below the previous call's: rows run bottom-up after scanColumns.
func (b *wfmBuffers) advanceRow(gt []uint8, width, i int) {
	row := gt[i*width : (i+1)*width]
	for j, v := range row {
		if v > gtThreshold {
			b.down[j] = int32(i)
		}
	}
}

// rowEnvelope builds the lower envelope of row i from the column state and
// returns the number of envelope entries.
func (b *wfmBuffers) rowEnvelope(width, i int) int {
	up := b.up[i*width : (i+1)*width]
	for j := range width {
		u, d := up[j], b.down[j]
		switch {
		case u >= 0 && (d < 0 || int32(i)-u <= d-int32(i)):
			b.nearest[j] = u // ties go to the smaller row
		default:
			b.nearest[j] = d
		}
	}
	return b.lowerEnvelope(i, width)
}

// errorRow returns row i's background sum Σ p·(2 − exp(ln(0.5)/5·Dst)) and,
// when the row is within 3 rows of the GT's bounding box, fills errRow with
// Et where the filter reads it: the box's columns widened by 3.
func (b *wfmBuffers) errorRow(gt []uint8, pred []float64, norm normalizer, width, i int) float64 {
	b.advanceRow(gt, width, i)
	gtRow := gt[i*width : (i+1)*width]
	predRow := pred[i*width : (i+1)*width]
	inBand := i >= b.box.top-gaussianRadius && i <= b.box.bottom+gaussianRadius
	if !inBand && !hasBackgroundError(gtRow, predRow, norm) {
		return 0
	}
	hull := b.rowEnvelope(width, i)

	left, right := width, -1
	if inBand {
		left = max(b.box.left-gaussianRadius, 0)
		right = min(b.box.right+gaussianRadius, width-1)
	}
	var sum float64
	k := 0
	for j, v := range gtRow {
		p := norm.apply(predRow[j])
		inFilter := j >= left && j <= right
		if v > gtThreshold {
			if inFilter {
				b.errRow[j] = math.Abs(p - 1)
			}
			continue
		}
		if !inFilter && p == 0 {
			continue
		}
		for k+1 < hull && int(b.start[k+1]) <= j {
			k++
		}
		col := int(b.hull[k])
		r := int(b.nearest[col])
		if inFilter {
			b.errRow[j] = math.Abs(norm.apply(pred[r*width+col]) - 1)
		}
		if p != 0 {
			dx, dy := j-col, i-r
			sum += math.Abs(p) * b.weight(dx*dx+dy*dy)
		}
	}
	return sum
}

// hasBackgroundError reports whether a background pixel of the row has a
// nonzero prediction, that is a nonzero error E.
func hasBackgroundError(gt []uint8, pred []float64, norm normalizer) bool {
	pred = pred[:len(gt)]
	for j, v := range gt {
		if v <= gtThreshold && norm.apply(pred[j]) != 0 {
			return true
		}
	}
	return false
}

// lowerEnvelope finds, for every column x of row i, the GT column c that
// minimises (x − c)² + (i − nearest[c])², preferring the smaller c on ties. It
// stores the winning columns in hull and the first x each one wins in start,
// and returns the number of entries. Each pair of candidates a < c splits the
// row at s = (F_c − F_a + c² − a²)/(2(c − a)), F being the squared vertical
// distance: a wins x ≤ s and c wins x > s, so integer arithmetic on
// ⌊s⌋ + 1 keeps the tie rule exact.
func (b *wfmBuffers) lowerEnvelope(i, width int) int {
	top := -1
	for c := range width {
		r := b.nearest[c]
		if r < 0 {
			continue
		}
		dy := int64(i) - int64(r)
		fc := dy*dy + int64(c)*int64(c) // F_c + c²
		// Pop while c wins the whole range of the top entry a, that is while
		// ⌊s⌋ + 1 ≤ start(a), or s < start(a), or num < start(a)·den.
		for top >= 0 {
			num := fc - b.hullKey[top]
			den := 2 * (int64(c) - int64(b.hull[top]))
			if num >= int64(b.start[top])*den {
				break
			}
			top--
		}
		first := int64(0)
		if top >= 0 {
			first = floorDiv(fc-b.hullKey[top], 2*(int64(c)-int64(b.hull[top]))) + 1
			if first >= int64(width) {
				continue
			}
		}
		top++
		b.hull[top] = int32(c)
		b.hullKey[top] = fc
		b.start[top] = int32(first)
	}
	return top + 1
}

// floorDiv returns ⌊num/den⌋ for den > 0. The float64 quotient is within one
// of the result for the magnitudes of an image (|num| < 2⁶²), and the integer
// checks correct it, which is cheaper than a 64-bit integer division.
func floorDiv(num, den int64) int64 {
	q := int64(math.Floor(float64(num) / float64(den)))
	if q*den > num {
		q--
	} else if (q+1)*den <= num {
		q++
	}
	return q
}

// weight returns 2 − exp(ln(0.5)/5·√d2), the background importance of a pixel
// at squared distance d2 from the GT.
func (b *wfmBuffers) weight(d2 int) float64 {
	if d2 < len(b.weights) {
		if w := b.weights[d2]; w != 0 {
			return w
		}
		w := 2 - math.Exp(math.Log(0.5)/5*math.Sqrt(float64(d2)))
		b.weights[d2] = w
		return w
	}
	return 2 - math.Exp(math.Log(0.5)/5*math.Sqrt(float64(d2)))
}

// filterRow convolves errRow horizontally with the Gaussian, zero padded, into
// the ring slot of row i, over the columns of the GT's bounding box.
func (b *wfmBuffers) filterRow(i, width int) {
	slot := i % (2*gaussianRadius + 1)
	out := b.ring[slot*width : (slot+1)*width]
	src := b.errRow
	k := &gaussian1D
	for j := b.box.left; j <= b.box.right; j++ {
		if j >= gaussianRadius && j+gaussianRadius < width {
			s := src[j-3 : j+4]
			out[j] = k[0]*s[0] + k[1]*s[1] + k[2]*s[2] + k[3]*s[3] + k[4]*s[4] + k[5]*s[5] + k[6]*s[6]
			continue
		}
		var v float64
		for u := -gaussianRadius; u <= gaussianRadius; u++ {
			if x := j + u; x >= 0 && x < width {
				v += k[u+gaussianRadius] * src[x]
			}
		}
		out[j] = v
	}
}

// foregroundRow returns Σ min(E, EA) over the GT pixels of row out, EA being
// the vertical filter of the ring rows out−3 … out+3 (rows outside the image
// are zero).
func (b *wfmBuffers) foregroundRow(gt []uint8, pred []float64, norm normalizer, width, height, out int) float64 {
	var rows [2*gaussianRadius + 1][]float64
	for u := range rows {
		r := out + u - gaussianRadius
		if r < 0 || r >= height {
			rows[u] = b.zeroRow
			continue
		}
		slot := r % (2*gaussianRadius + 1)
		rows[u] = b.ring[slot*width : (slot+1)*width]
	}
	k := &gaussian1D
	r0, r1, r2, r3, r4, r5, r6 := rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6]
	row := out * width
	gtRow := gt[row : row+width]
	predRow := pred[row : row+width]
	var sum float64
	for j := b.box.left; j <= b.box.right; j++ {
		if gtRow[j] <= gtThreshold {
			continue
		}
		ea := k[0]*r0[j] + k[1]*r1[j] + k[2]*r2[j] + k[3]*r3[j] + k[4]*r4[j] + k[5]*r5[j] + k[6]*r6[j]
		e := math.Abs(norm.apply(predRow[j]) - 1)
		if ea < e {
			e = ea
		}
		sum += e
	}
	return sum
}
