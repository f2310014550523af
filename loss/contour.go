package loss

import "math"

// contourLength returns the length term of the contour loss,
// ⟨√(r² + c² + 1e-8)⟩ over 0 ≤ a ≤ H−3, 0 ≤ b ≤ W−3 with
// r = p(a+2, b) − p(a+1, b) and c = p(a, b+2) − p(a, b+1), or NaN when H < 3
// or W < 3 (a mean over no positions, as in BiRefNet).
func contourLength(in Input) float64 {
	w, h := in.Width, in.Height
	if w < 3 || h < 3 {
		return math.NaN()
	}
	if in.P8 != nil {
		return contourLength8(in.P8, w, h)
	}

	var sum float64
	for a := range h - 2 {
		up := in.P[(a+1)*w : (a+2)*w]
		down := in.P[(a+2)*w : (a+3)*w]
		row := in.P[a*w : (a+1)*w]
		var s float64
		for b := range w - 2 {
			r := down[b] - up[b]
			c := row[b+2] - row[b+1]
			s += math.Sqrt(r*r + c*c + 1e-8)
		}
		sum += s
	}
	return sum / float64((h-2)*(w-2))
}

// contourLength8 is contourLength on 8-bit levels. Positions where both
// differences are 0 all contribute √1e-8 = 1e-4; they are counted and added
// once, which skips the square root for the flat regions that make up most
// of a mask.
func contourLength8(p8 []uint8, w, h int) float64 {
	var sum float64
	var flat int
	for a := range h - 2 {
		up := p8[(a+1)*w : (a+2)*w]
		down := p8[(a+2)*w : (a+3)*w]
		row := p8[a*w : (a+1)*w]
		var s float64
		for b := range w - 2 {
			dr := int(down[b]) - int(up[b])
			dc := int(row[b+2]) - int(row[b+1])
			if dr|dc == 0 {
				flat++
				continue
			}
			r := tables.p[down[b]] - tables.p[up[b]]
			c := tables.p[row[b+2]] - tables.p[row[b+1]]
			s += math.Sqrt(r*r + c*c + 1e-8)
		}
		sum += s
	}
	sum += float64(flat) * math.Sqrt(1e-8)
	return sum / float64((h-2)*(w-2))
}
