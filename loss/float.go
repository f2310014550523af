package loss

import "math"

// floatPass evaluates the pixel-wise components in float64, pixel by pixel,
// with the per-pixel formulas of BiRefNet. It serves inputs without 8-bit
// levels, such as a prediction resized in float. Each row is summed on its
// own before the row sums are added, which keeps the rounding error of
// multi-megapixel sums low.
func (ws *Workspace) floatPass(in Input, patch bool) pixelResults {
	w, h := in.Width, in.Height
	if patch {
		ws.resetTiles(w, h)
	}

	var bce, inter, sumP, sumG, absDiff, sqDiff, reg, region float64
	for i := range h {
		p := in.P[i*w : (i+1)*w]
		g := in.G[i*w : (i+1)*w]
		var rb, ri, rp, rg, ra, rs, rr, rc float64
		for j, pj := range p {
			gj := g[j]
			rb -= bceTerm(pj, gj)
			ri += pj * gj
			rp += pj
			rg += gj
			d := pj - gj
			ra += math.Abs(d)
			rs += d * d
			rr += 1 - pj*pj - (pj-1)*(pj-1)
			rc += pj*(gj-1)*(gj-1) + (1-pj)*gj*gj
		}
		bce += rb
		inter += ri
		sumP += rp
		sumG += rg
		absDiff += ra
		sqDiff += rs
		reg += rr
		region += rc
		if patch {
			ws.addTileRowFloat(i, p, g)
		}
	}

	nf := float64(w * h)
	return pixelResults{
		bce:    bce / nf,
		iou:    iouLoss(inter, sumG+sumP-inter),
		mae:    absDiff / nf,
		mse:    sqDiff / nf,
		reg:    reg / nf,
		region: region / nf,
	}
}

// bceTerm returns g·max(ln p, −100) + (1 − g)·max(ln(1 − p), −100). On a
// binary GT one of the two products is 0 times a finite number, so that log
// is skipped, which leaves the sum unchanged bit for bit.
func bceTerm(p, g float64) float64 {
	switch g {
	case 0:
		return max(math.Log(1-p), -100)
	case 1:
		return max(math.Log(p), -100)
	}
	return g*max(math.Log(p), -100) + (1-g)*max(math.Log(1-p), -100)
}
