package loss

import "math"

// levelSums contains exact integer sums over the 8-bit levels, indexed by the
// prediction level k = P8[i]. Every pixel-wise component is a sum of terms
// that depend on the pixel's prediction level and on integer functions of
// its GT level, so one float64 step per level finishes the job. The largest
// term, G8·D, is below 2^26, so no sum overflows for images under 2^38
// pixels. The conversions to float64 are exact for images under 2^27 pixels
// (134 megapixels), and round at 1e-16 relative beyond.
type levelSums struct {
	count [256]uint64 // pixels with P8 = k
	g     [256]uint64 // Σ G8 over those pixels
	d     [256]uint64 // Σ D, D = |box31(G8) − 961·G8| (structure weights)
	gd    [256]uint64 // Σ G8·D

	// Odd columns go to a second set of counters, merged by results, so
	// that in a run of equal levels each addition waits only for the one
	// two pixels back.
	countOdd, gOdd, dOdd, gdOdd [256]uint64

	g2      uint64 // Σ G8² over the image
	absDiff uint64 // Σ |P8 − G8| over the image
}

// levelTables contains per-level values of the functions that the components
// apply to p = k/255, computed once in float64 the way BiRefNet computes
// them per pixel.
type levelTables struct {
	p        [256]float64 // k/255
	logP     [256]float64 // max(ln p, −100)
	log1mP   [256]float64 // max(ln(1 − p), −100)
	sigmoidP [256]float64 // σ(p), the structure loss applies σ to p
	softP    [256]float64 // ln(1 + e^(−p)), BCE-with-logits at x = p ≥ 0

	logit        [256]float64 // x = logit(clamp(p, 1/510, 509/510))
	reluLogit    [256]float64 // max(x, 0)
	softLogit    [256]float64 // ln(1 + e^(−|x|))
	sigmoidLogit [256]float64 // σ(x)
}

// logitEpsilon is half an 8-bit step: clamping p to [ε, 1 − ε] keeps the
// logit of levels 0 and 255 finite and keeps all 256 levels distinct.
const logitEpsilon = 1.0 / 510

var tables = newLevelTables()

func newLevelTables() *levelTables {
	t := new(levelTables)
	for k := range 256 {
		p := float64(k) / 255
		t.p[k] = p
		t.logP[k] = max(math.Log(p), -100)
		t.log1mP[k] = max(math.Log(1-p), -100)
		t.sigmoidP[k] = sigmoid(p)
		t.softP[k] = math.Log1p(math.Exp(-p))

		x := logitClamped(p)
		t.logit[k] = x
		t.reluLogit[k] = max(x, 0)
		t.softLogit[k] = math.Log1p(math.Exp(-math.Abs(x)))
		t.sigmoidLogit[k] = sigmoid(x)
	}
	return t
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// logitClamped returns ln(u/(1 − u)) with u = clamp(p, 1/510, 509/510).
func logitClamped(p float64) float64 {
	u := min(max(p, logitEpsilon), 1-logitEpsilon)
	return math.Log(u / (1 - u))
}

// levelPass fills ws.level (and ws.tiles when patch is set) from P8 and G8.
func (ws *Workspace) levelPass(in Input, patch, structure bool) {
	w, h := in.Width, in.Height
	ls := &ws.level
	*ls = levelSums{}
	if patch {
		ws.resetTiles(w, h)
	}
	if structure {
		ws.box.startInt(in.G8, w, h)
	}

	for i := range h {
		p8 := in.P8[i*w : (i+1)*w]
		g8 := in.G8[i*w : (i+1)*w]
		ls.addRow(p8, g8)
		if patch {
			ws.addTileRow8(i, p8, g8)
		}
		if structure {
			ls.addStructureRow(p8, g8, ws.box.nextInt(in.G8, w, h, i))
		}
	}
}

func (ls *levelSums) addRow(p8, g8 []uint8) {
	g8 = g8[:len(p8)]
	var g2, absDiff uint64
	for j, p := range p8 {
		g := g8[j]
		if j&1 == 0 {
			ls.count[p]++
			ls.g[p] += uint64(g)
		} else {
			ls.countOdd[p]++
			ls.gOdd[p] += uint64(g)
		}
		g2 += uint64(g) * uint64(g)
		if p >= g {
			absDiff += uint64(p - g)
		} else {
			absDiff += uint64(g - p)
		}
	}
	ls.g2 += g2
	ls.absDiff += absDiff
}

// addStructureRow adds D = |S − 961·G8| per pixel, where S is the 31×31 box
// sum of G8 around the pixel (zero padding), so that
// A(g) − g = (S − 961·G8)/(961·255).
func (ls *levelSums) addStructureRow(p8, g8 []uint8, boxSums []int32) {
	g8 = g8[:len(p8)]
	boxSums = boxSums[:len(p8)]
	for j, p := range p8 {
		g := g8[j]
		d := boxSums[j] - 961*int32(g)
		if d < 0 {
			d = -d
		}
		if j&1 == 0 {
			ls.d[p] += uint64(d)
			ls.gd[p] += uint64(g) * uint64(d)
		} else {
			ls.dOdd[p] += uint64(d)
			ls.gdOdd[p] += uint64(g) * uint64(d)
		}
	}
}

// mergeOdd adds the odd-column counters into the main ones.
func (ls *levelSums) mergeOdd() {
	for k := range 256 {
		ls.count[k] += ls.countOdd[k]
		ls.g[k] += ls.gOdd[k]
		ls.d[k] += ls.dOdd[k]
		ls.gd[k] += ls.gdOdd[k]
	}
}

// results turns the level sums of an n-pixel image into component values.
// The image-wide sums are exact integers, and only their conversion to
// float64 and the final divisions round.
func (ls *levelSums) results(n int, structure bool) pixelResults {
	ls.mergeOdd()
	var sumP, sumP2, sumG, sumPG uint64
	var bce float64
	for k := range 256 {
		c := ls.count[k]
		if c == 0 {
			continue
		}
		kk := uint64(k)
		sumP += kk * c
		sumP2 += kk * kk * c
		sumG += ls.g[k]
		sumPG += kk * ls.g[k]
		// Σ over the pixels at this level of g·ln p + (1 − g)·ln(1 − p),
		// times 255: Σ g8 = ls.g[k] and Σ (255 − g8) = 255·c − ls.g[k].
		bce += tables.logP[k]*float64(ls.g[k]) + tables.log1mP[k]*float64(255*c-ls.g[k])
	}
	nf := float64(n)

	var r pixelResults
	r.bce = -bce / (255 * nf)
	// I and U scaled by 255²: I = Σ P8·G8, U = 255·(Σ P8 + Σ G8) − I.
	r.iou = iouLoss(float64(sumPG), float64(255*(sumP+sumG)-sumPG))
	r.mae = float64(ls.absDiff) / (255 * nf)
	r.mse = float64(sumP2-2*sumPG+ls.g2) / (255 * 255 * nf)
	r.reg = 2 * float64(255*sumP-sumP2) / (255 * 255 * nf)
	// p(1 − g)² + (1 − p)g² = p − 2pg + g², scaled by 255³.
	r.region = float64(255*255*sumP-510*sumPG+255*ls.g2) / (255 * 255 * 255 * nf)
	if structure {
		r.structure, r.structureLogit = ls.structureLosses()
	}
	return r
}

// structureLosses evaluates the structure loss on x = p and on the clamped
// logit from the per-level sums. With c = 5/(961·255), the weights of the
// pixels at level k add up to Ω_k = count_k + c·Σ D and their g-weighted sum
// to GΩ_k = (Σ G8 + c·Σ G8·D)/255, and every term is x-dependent times one of
// those two sums.
func (ls *levelSums) structureLosses() (structure, structureLogit float64) {
	const c = 5.0 / (961 * 255)
	var omega, gOmega [256]float64
	var sumOmega, sumGOmega float64
	for k := range 256 {
		if ls.count[k] == 0 {
			continue
		}
		omega[k] = float64(ls.count[k]) + c*float64(ls.d[k])
		gOmega[k] = (float64(ls.g[k]) + c*float64(ls.gd[k])) / 255
		sumOmega += omega[k]
		sumGOmega += gOmega[k]
	}

	var bce, inter, sOmega float64
	var bceL, interL, sOmegaL float64
	for k := range 256 {
		if ls.count[k] == 0 {
			continue
		}
		x := tables.p[k]
		bce += (x+tables.softP[k])*omega[k] - x*gOmega[k]
		inter += tables.sigmoidP[k] * gOmega[k]
		sOmega += tables.sigmoidP[k] * omega[k]

		bceL += (tables.reluLogit[k]+tables.softLogit[k])*omega[k] - tables.logit[k]*gOmega[k]
		interL += tables.sigmoidLogit[k] * gOmega[k]
		sOmegaL += tables.sigmoidLogit[k] * omega[k]
	}
	structure = bce/sumOmega + weightedIoU(inter, sOmega+sumGOmega)
	structureLogit = bceL/sumOmega + weightedIoU(interL, sOmegaL+sumGOmega)
	return structure, structureLogit
}

// weightedIoU returns 1 − (I + 1)/(U − I + 1), the smoothed IoU term of the
// structure loss, with U = Σ (σ(x) + g)·ω.
func weightedIoU(inter, union float64) float64 {
	return 1 - (inter+1)/(union-inter+1)
}
