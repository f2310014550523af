package loss

import "math"

// ssimTaps are the 1-D SSIM window weights w_0 … w_5 (w_{10−k} = w_k) used
// as a separable filter: BiRefNet's float32 weights, exp(−(k−5)²/4.5)
// rounded to float32 and divided by the float32 sum of the eleven values,
// times one common factor.
//
// BiRefNet's 2-D window rounds each product w_a·w_b to float32, so its sum is
// 0.99999993055735 where (Σ w)² is 0.99999993760139. The gap matters: in a
// flat window where p ≠ g, the sum decides the artificial variance
// a²·ΣK·(1 − ΣK) that the window reports, and so S. The factor makes the
// separable window sum to the original's, which brings SSIM within 2.7e-9
// relative of BiRefNet's float64 values on the reference masks (3.4e-6
// without it).
var ssimTaps = scaledSSIMTaps()

// ssimTapsFloat32 are the unscaled float32 weights.
var ssimTapsFloat32 = [6]float64{
	0x1.0d956cp-10, // 0.001028380123898387
	0x1.f1fe02p-8,  // 0.0075987582094967365
	0x1.26eb18p-5,  // 0.036000773310661316
	0x1.bff0fep-4,  // 0.10936068743467331
	0x1.b43c3ep-3,  // 0.21300552785396576
	0x1.10656p-2,   // 0.26601171493530273
}

// ssimTapSum is Σ w over the eleven scaled taps.
var ssimTapSum = tapSum(ssimTaps)

func tapSum(t [6]float64) float64 {
	return 2*(t[0]+t[1]+t[2]+t[3]+t[4]) + t[5]
}

func scaledSSIMTaps() [6]float64 {
	taps := ssimTapsFloat32
	var w [2*ssimRadius + 1]float64
	for k := range w {
		w[k] = taps[min(k, 2*ssimRadius-k)]
	}
	var kernelSum float64
	for _, wa := range w {
		for _, wb := range w {
			kernelSum += float64(float32(wa * wb))
		}
	}
	scale := math.Sqrt(kernelSum) / tapSum(taps)
	for k := range taps {
		taps[k] *= scale
	}
	return taps
}

const (
	ssimC1     = 0.01 * 0.01
	ssimC2     = 0.03 * 0.03
	ssimRadius = 5
	ssimRows   = 2*ssimRadius + 1
)

// ssimMaps is the number of filtered maps: p, g, p², g² and p·g.
const ssimMaps = 5

// ssimBuffers contains one padded input row per map, a ring of the last 11
// horizontally filtered rows per map, one vertically filtered row per map,
// and a row of zeros for the padding rows.
//
// Flat windows take a shortcut. flat marks the columns of the current row
// whose 11-wide horizontal window contains a single (p, g) pair. runLen
// counts, per column, how many of the latest filtered rows were flat with
// the same pair (runP, runG), up to 11. An output pixel whose 11 rows all
// qualify has a constant 11×11 window, so its S depends only on that pair.
type ssimBuffers struct {
	padded [ssimMaps][]float64
	ring   [ssimRows][ssimMaps][]float64
	out    [ssimMaps][]float64
	zero   []float64

	flat       []bool
	runLen     []int32
	runP, runG []float64
}

func (b *ssimBuffers) reset(w int) {
	for m := range ssimMaps {
		b.padded[m] = grow(b.padded[m], w+2*ssimRadius)
		clear(b.padded[m])
		b.out[m] = grow(b.out[m], w)
		for r := range ssimRows {
			b.ring[r][m] = grow(b.ring[r][m], w)
		}
	}
	b.zero = grow(b.zero, w)
	clear(b.zero)

	// The five padding rows above row 0 are flat zeros.
	b.flat = grow(b.flat, w)
	b.runLen = grow(b.runLen, w)
	b.runP = grow(b.runP, w)
	b.runG = grow(b.runG, w)
	for j := range w {
		b.runLen[j] = ssimRadius
	}
	clear(b.runP)
	clear(b.runG)
}

// ssimLoss returns 1 − (1 + ⟨S⟩)/2. The 2-D Gaussian filter is applied as a
// horizontal pass into a ring of 11 rows, then a vertical pass per output
// row, so memory stays at 11 rows per map whatever the image height.
func (ws *Workspace) ssimLoss(in Input) float64 {
	w, h := in.Width, in.Height
	b := &ws.ssim
	b.reset(w)

	var sum float64
	for r := range h + ssimRadius {
		if r < h {
			b.filterRow(in.P[r*w:(r+1)*w], in.G[r*w:(r+1)*w], b.ring[r%ssimRows])
		} else {
			b.countZeroRow()
		}
		if i := r - ssimRadius; i >= 0 {
			sum += b.rowSum(i, h)
		}
	}
	return 1 - (1+sum/float64(w*h))/2
}

// filterRow filters the five maps of one input row horizontally, with zero
// padding, into dst, and updates the flat-run counters.
func (b *ssimBuffers) filterRow(p, g []float64, dst [ssimMaps][]float64) {
	w := len(p)
	copy(b.padded[0][ssimRadius:], p)
	copy(b.padded[1][ssimRadius:], g[:w])
	b.markFlat(w)

	for lo := 0; lo < w; {
		flat := b.flat[lo]
		hi := lo + 1
		for hi < w && b.flat[hi] == flat {
			hi++
		}
		if flat {
			b.filterFlat(lo, hi, dst)
		} else {
			b.filterSegment(lo, hi, dst)
		}
		lo = hi
	}
}

// filterFlat fills columns lo … hi−1, whose windows contain a single (p, g)
// pair: a window of equal values filters to value·Σw.
func (b *ssimBuffers) filterFlat(lo, hi int, dst [ssimMaps][]float64) {
	mp := b.padded[0][ssimRadius+lo : ssimRadius+hi]
	mg := b.padded[1][ssimRadius+lo : ssimRadius+hi][:len(mp)]
	d0, d1, d2, d3, d4 := dst[0][lo:hi][:len(mp)], dst[1][lo:hi][:len(mp)], dst[2][lo:hi][:len(mp)], dst[3][lo:hi][:len(mp)], dst[4][lo:hi][:len(mp)]
	runLen, runP, runG := b.runLen[lo:hi][:len(mp)], b.runP[lo:hi][:len(mp)], b.runG[lo:hi][:len(mp)]
	for j, x := range mp {
		y := mg[j]
		d0[j] = x * ssimTapSum
		d1[j] = y * ssimTapSum
		d2[j] = x * x * ssimTapSum
		d3[j] = y * y * ssimTapSum
		d4[j] = x * y * ssimTapSum
		if runLen[j] > 0 && runP[j] == x && runG[j] == y {
			runLen[j] = min(runLen[j]+1, ssimRows)
		} else {
			runLen[j], runP[j], runG[j] = 1, x, y
		}
	}
}

// filterSegment filters columns lo … hi−1 with the full 11-tap window.
func (b *ssimBuffers) filterSegment(lo, hi int, dst [ssimMaps][]float64) {
	// Products over the padded span that the window reaches; the padding
	// is zero in p and g, so it is zero in the products too.
	mp := b.padded[0][lo : hi+2*ssimRadius]
	mg := b.padded[1][lo : hi+2*ssimRadius][:len(mp)]
	mpp := b.padded[2][lo : hi+2*ssimRadius][:len(mp)]
	mgg := b.padded[3][lo : hi+2*ssimRadius][:len(mp)]
	mpg := b.padded[4][lo : hi+2*ssimRadius][:len(mp)]
	for t, x := range mp {
		y := mg[t]
		mpp[t] = x * x
		mgg[t] = y * y
		mpg[t] = x * y
	}
	for m := range ssimMaps {
		filterHorizontal(b.padded[m][lo:hi+2*ssimRadius], dst[m][lo:hi])
	}
	clear(b.runLen[lo:hi])
}

// markFlat sets flat[j] when the padded window of column j, padded indices
// j … j+10, contains a single (p, g) pair. Values are compared bit for bit,
// which keeps the loop free of branches. So −0 differs from +0, which only
// costs a shortcut, and a window of one NaN counts as flat, which still
// yields NaN because filterFlat never counts a NaN pair as a run.
func (b *ssimBuffers) markFlat(w int) {
	pp := b.padded[0][:w+2*ssimRadius]
	pg := b.padded[1][:len(pp)]
	flat := b.flat[:w]
	lastChange := 0
	for t := 1; t < len(pp); t++ {
		changed := (math.Float64bits(pp[t]) ^ math.Float64bits(pp[t-1])) | (math.Float64bits(pg[t]) ^ math.Float64bits(pg[t-1]))
		if changed != 0 {
			lastChange = t
		}
		if j := t - 2*ssimRadius; j >= 0 {
			flat[j] = lastChange <= j
		}
	}
}

// countZeroRow records a padding row below the image: flat zeros.
func (b *ssimBuffers) countZeroRow() {
	for j := range b.runLen {
		if b.runLen[j] > 0 && b.runP[j] == 0 && b.runG[j] == 0 {
			b.runLen[j] = min(b.runLen[j]+1, ssimRows)
		} else {
			b.runLen[j] = 1
			b.runP[j] = 0
			b.runG[j] = 0
		}
	}
}

// filterHorizontal correlates the padded row src (len(dst) + 10 values) with
// the 11-tap window, using its symmetry to halve the multiplications.
func filterHorizontal(src, dst []float64) {
	w0, w1, w2, w3, w4, w5 := ssimTaps[0], ssimTaps[1], ssimTaps[2], ssimTaps[3], ssimTaps[4], ssimTaps[5]
	src = src[:len(dst)+2*ssimRadius]
	for j := range dst {
		s := src[j : j+2*ssimRadius+1 : j+2*ssimRadius+1]
		dst[j] = w5*s[5] + w4*(s[4]+s[6]) + w3*(s[3]+s[7]) + w2*(s[2]+s[8]) + w1*(s[1]+s[9]) + w0*(s[0]+s[10])
	}
}

// rowSum filters output row i vertically and returns Σ S over the row.
// Columns whose 11×11 window is flat get S from their (p, g) pair alone.
func (b *ssimBuffers) rowSum(i, h int) float64 {
	var src [ssimMaps][ssimRows][]float64
	for k := range ssimRows {
		r := i - ssimRadius + k
		for m := range ssimMaps {
			if r < 0 || r >= h {
				src[m][k] = b.zero
			} else {
				src[m][k] = b.ring[r%ssimRows][m]
			}
		}
	}

	w := len(b.zero)
	var sum float64
	for lo := 0; lo < w; {
		flat := b.runLen[lo] == ssimRows
		hi := lo + 1
		for hi < w && (b.runLen[hi] == ssimRows) == flat {
			hi++
		}
		if flat {
			sum += b.flatSum(lo, hi)
		} else {
			for m := range ssimMaps {
				filterVertical(&src[m], lo, hi, b.out[m])
			}
			sum += ssimRowSum(b.out[0][lo:hi], b.out[1][lo:hi], b.out[2][lo:hi], b.out[3][lo:hi], b.out[4][lo:hi])
		}
		lo = hi
	}
	return sum
}

// flatSum returns Σ S over columns lo … hi−1 of flat 11×11 windows. The
// moments are those the two passes give a constant window, value·(Σw)².
func (b *ssimBuffers) flatSum(lo, hi int) float64 {
	var sum float64
	lastP, lastG, lastS := math.NaN(), math.NaN(), 0.0
	for j := lo; j < hi; j++ {
		p, g := b.runP[j], b.runG[j]
		if p != lastP || g != lastG {
			lastP, lastG = p, g
			lastS = ssimPixel(p*ssimTapSum*ssimTapSum, g*ssimTapSum*ssimTapSum,
				p*p*ssimTapSum*ssimTapSum, g*g*ssimTapSum*ssimTapSum, p*g*ssimTapSum*ssimTapSum)
		}
		sum += lastS
	}
	return sum
}

// filterVertical combines 11 horizontally filtered rows into dst[lo:hi].
func filterVertical(src *[ssimRows][]float64, lo, hi int, dst []float64) {
	w0, w1, w2, w3, w4, w5 := ssimTaps[0], ssimTaps[1], ssimTaps[2], ssimTaps[3], ssimTaps[4], ssimTaps[5]
	dst = dst[lo:hi]
	n := len(dst)
	r0, r1, r2, r3, r4, r5 := src[0][lo:][:n], src[1][lo:][:n], src[2][lo:][:n], src[3][lo:][:n], src[4][lo:][:n], src[5][lo:][:n]
	r6, r7, r8, r9, r10 := src[6][lo:][:n], src[7][lo:][:n], src[8][lo:][:n], src[9][lo:][:n], src[10][lo:][:n]
	for j := range dst {
		dst[j] = w5*r5[j] + w4*(r4[j]+r6[j]) + w3*(r3[j]+r7[j]) + w2*(r2[j]+r8[j]) + w1*(r1[j]+r9[j]) + w0*(r0[j]+r10[j])
	}
}

// ssimRowSum returns Σ S over filtered maps: the means μp, μg and the
// filtered p², g², p·g.
func ssimRowSum(mp, mg, mpp, mgg, mpg []float64) float64 {
	n := len(mp)
	mg, mpp, mgg, mpg = mg[:n], mpp[:n], mgg[:n], mpg[:n]
	var sum float64
	for j, mup := range mp {
		sum += ssimPixel(mup, mg[j], mpp[j], mgg[j], mpg[j])
	}
	return sum
}

// ssimPixel returns S from the local means and the filtered squares and
// product. The explicit float64 conversions keep each product rounded on
// its own, so that no fused multiply-add changes σ² = K⋆x² − μ², which
// cancels heavily in flat regions.
func ssimPixel(mup, mug, kpp, kgg, kpg float64) float64 {
	mupp := float64(mup * mup)
	mugg := float64(mug * mug)
	mupg := float64(mup * mug)
	varP := kpp - mupp
	varG := kgg - mugg
	cov := kpg - mupg
	return (2*mupg + ssimC1) * (2*cov + ssimC2) / ((mupp + mugg + ssimC1) * (varP + varG + ssimC2))
}
