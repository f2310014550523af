package loss

import "math"

// boxRadius is the half-width of the 31×31 box mean of the structure loss
// weights.
const boxRadius = 15

// boxBuffers contains the running column sums of the 31×31 box filter. The
// column sum of column j is at index j+boxRadius+1, with zeros on both
// sides, so that the horizontal running sum needs no edge cases.
type boxBuffers struct {
	colInt  []int32
	sumsInt []int32
	colF    []float64
	sumsF   []float64
}

// startInt loads the column sums for row −1: rows 0 … min(14, h−1).
func (b *boxBuffers) startInt(g8 []uint8, w, h int) {
	b.colInt = grow(b.colInt, w+2*boxRadius+2)
	clear(b.colInt)
	b.sumsInt = grow(b.sumsInt, w)
	for r := range min(boxRadius, h) {
		col := b.colInt[boxRadius+1 : boxRadius+1+w]
		for j, g := range g8[r*w : (r+1)*w] {
			col[j] += int32(g)
		}
	}
}

// nextInt moves the column sums to row i (rows i−15 … i+15, clipped) and
// returns the 31×31 box sums of row i, zero padding included.
func (b *boxBuffers) nextInt(g8 []uint8, w, h, i int) []int32 {
	col := b.colInt[boxRadius+1 : boxRadius+1+w]
	if r := i + boxRadius; r < h {
		for j, g := range g8[r*w : (r+1)*w] {
			col[j] += int32(g)
		}
	}
	if r := i - boxRadius - 1; r >= 0 {
		for j, g := range g8[r*w : (r+1)*w] {
			col[j] -= int32(g)
		}
	}

	// sums[j] = Σ colInt[j+1 … j+31], which is the column sums of
	// columns j−15 … j+15.
	padded := b.colInt
	var s int32
	for _, c := range padded[1 : 2*boxRadius+1] {
		s += c
	}
	sums := b.sumsInt[:w]
	for j := range sums {
		s += padded[j+2*boxRadius+1]
		sums[j] = s
		s -= padded[j+1]
	}
	return sums
}

// start prepares the box filter of G for row −1: from exact integer sums of
// G8 when the levels are given, from float sums of G otherwise.
func (b *boxBuffers) start(in Input) {
	w, h := in.Width, in.Height
	b.sumsF = grow(b.sumsF, w)
	if in.G8 != nil {
		b.startInt(in.G8, w, h)
		return
	}
	b.colF = grow(b.colF, w+2*boxRadius+2)
	clear(b.colF)
	for r := range min(boxRadius, h) {
		col := b.colF[boxRadius+1 : boxRadius+1+w]
		for j, v := range in.G[r*w : (r+1)*w] {
			col[j] += v
		}
	}
}

// next returns the 31×31 box sums of G (values in [0, 31²]) for row i. Float
// running sums, used only without G8, gain at most about 1e-13 of rounding
// per update, which stays far below what changes the loss.
func (b *boxBuffers) next(in Input, i int) []float64 {
	w, h := in.Width, in.Height
	sums := b.sumsF[:w]
	if in.G8 != nil {
		for j, s := range b.nextInt(in.G8, w, h, i) {
			sums[j] = float64(s) / 255
		}
		return sums
	}

	col := b.colF[boxRadius+1 : boxRadius+1+w]
	if r := i + boxRadius; r < h {
		for j, v := range in.G[r*w : (r+1)*w] {
			col[j] += v
		}
	}
	if r := i - boxRadius - 1; r >= 0 {
		for j, v := range in.G[r*w : (r+1)*w] {
			col[j] -= v
		}
	}
	padded := b.colF
	var s float64
	for _, c := range padded[1 : 2*boxRadius+1] {
		s += c
	}
	for j := range sums {
		s += padded[j+2*boxRadius+1]
		sums[j] = s
		s -= padded[j+1]
	}
	return sums
}

// structureSums accumulates the four sums of one structure-loss variant.
type structureSums struct {
	omega, bce, inter, union float64
}

func (s *structureSums) add(r structureSums) {
	s.omega += r.omega
	s.bce += r.bce
	s.inter += r.inter
	s.union += r.union
}

func (s structureSums) loss() float64 {
	return s.bce/s.omega + weightedIoU(s.inter, s.union)
}

// structureFloat evaluates Structure (when onP is set) and StructureLogit
// (when onLogit is set) pixel by pixel in float64, for inputs without both
// 8-bit levels. A variant not requested is NaN.
func (ws *Workspace) structureFloat(in Input, onP, onLogit bool) (structure, structureLogit float64) {
	w, h := in.Width, in.Height
	ws.box.start(in)
	var sumP, sumLogit structureSums
	for i := range h {
		box := ws.box.next(in, i)
		p := in.P[i*w : (i+1)*w]
		g := in.G[i*w : (i+1)*w][:len(p)]
		box = box[:len(p)]
		var rowP, rowLogit structureSums
		for j, pj := range p {
			gj := g[j]
			omega := 1 + 5*math.Abs(box[j]/961-gj)
			if onP {
				rowP.addPixel(pj, gj, omega)
			}
			if onLogit {
				rowLogit.addPixel(logitClamped(pj), gj, omega)
			}
		}
		sumP.add(rowP)
		sumLogit.add(rowLogit)
	}

	structure, structureLogit = math.NaN(), math.NaN()
	if onP {
		structure = sumP.loss()
	}
	if onLogit {
		structureLogit = sumLogit.loss()
	}
	return structure, structureLogit
}

// addPixel adds one pixel with logit x, GT g and weight ω. The BCE term is
// BCE-with-logits in its stable form max(x, 0) − x·g + ln(1 + e^(−|x|)), and
// e^(−|x|) also gives σ(x).
func (s *structureSums) addPixel(x, g, omega float64) {
	e := math.Exp(-math.Abs(x))
	sig := 1 / (1 + e)
	if x < 0 {
		sig = e / (1 + e)
	}
	s.omega += omega
	s.bce += omega * (max(x, 0) - x*g + math.Log1p(e))
	s.inter += sig * g * omega
	s.union += (sig + g) * omega
}
