package metric

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// nearestBruteForce returns the nearest GT pixel of (i, j) by exhaustive
// search: smallest squared distance, then smallest column, then smallest row.
func nearestBruteForce(gt []uint8, width, height, i, j int) (row, col, d2 int) {
	best := -1
	for c := range width {
		for r := range height {
			if gt[r*width+c] <= gtThreshold {
				continue
			}
			d := (i-r)*(i-r) + (j-c)*(j-c)
			if best < 0 || d < best {
				best, row, col = d, r, c
			}
		}
	}
	return row, col, best
}

// tieProneMasks returns GT masks with many equidistant GT pixels: random
// sparse points, regular grids, symmetric pairs and thin lines.
func tieProneMasks() []struct {
	name          string
	width, height int
	gt            []uint8
} {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(width, height int, density float64) []uint8 {
		m := make([]uint8, width*height)
		for i := range m {
			if rng.Float64() < density {
				m[i] = 255
			}
		}
		return m
	}
	pattern := func(width, height int, f func(i, j int) bool) []uint8 {
		m := make([]uint8, width*height)
		for i := range height {
			for j := range width {
				if f(i, j) {
					m[i*width+j] = 255
				}
			}
		}
		return m
	}
	type mask = struct {
		name          string
		width, height int
		gt            []uint8
	}
	masks := []mask{
		{"single pixel", 1, 1, []uint8{255}},
		{"row", 9, 1, []uint8{0, 0, 255, 0, 0, 0, 255, 0, 0}},
		{"column", 1, 9, []uint8{0, 0, 255, 0, 0, 0, 255, 0, 0}},
		{"grid", 23, 19, pattern(23, 19, func(i, j int) bool { return i%6 == 1 && j%6 == 2 })},
		{"symmetric pair", 21, 21, pattern(21, 21, func(i, j int) bool { return i == 10 && (j == 3 || j == 17) })},
		{"diamond", 25, 25, pattern(25, 25, func(i, j int) bool { return abs(i-12)+abs(j-12) == 7 })},
		{"thin lines", 30, 20, pattern(30, 20, func(i, j int) bool { return i == j || j == 25 })},
	}
	for k, density := range []float64{0.002, 0.01, 0.05, 0.3} {
		masks = append(masks, mask{"random " + string(rune('a'+k)), 37, 29, random(37, 29, density)})
	}
	return masks
}

func TestNearestGTPixelTieRule(t *testing.T) {
	for _, m := range tieProneMasks() {
		t.Run(m.name, func(t *testing.T) {
			var b wfmBuffers
			b.prepare(m.width, m.height)
			b.scanColumns(m.gt, m.width, m.height)
			for i := m.height - 1; i >= 0; i-- {
				b.advanceRow(m.gt, m.width, i)
				hull := b.rowEnvelope(m.width, i)
				k := 0
				for j := range m.width {
					for k+1 < hull && int(b.start[k+1]) <= j {
						k++
					}
					col := int(b.hull[k])
					row := int(b.nearest[col])
					wantRow, wantCol, _ := nearestBruteForce(m.gt, m.width, m.height, i, j)
					if row != wantRow || col != wantCol {
						t.Fatalf("nearest GT pixel of (%d, %d) = (%d, %d), want (%d, %d)", i, j, row, col, wantRow, wantCol)
					}
				}
			}
		})
	}
}

// weightedFBruteForce transcribes the weighted F-measure directly: exhaustive
// nearest GT pixel, full 7×7 convolution with zero padding.
func weightedFBruteForce(gt []uint8, pred []float64, width, height int) float64 {
	n := width * height

	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range pred {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	p := make([]float64, n)
	g := make([]float64, n)
	fg := 0
	for i := range n {
		p[i] = pred[i]
		if hi != lo {
			p[i] = (pred[i] - lo) / (hi - lo)
		}
		if gt[i] > gtThreshold {
			g[i] = 1
			fg++
		}
	}
	if fg == 0 {
		return 0
	}

	e := make([]float64, n)
	et := make([]float64, n)
	dst := make([]float64, n)
	for i := range n {
		e[i] = math.Abs(p[i] - g[i])
	}
	for i := range height {
		for j := range width {
			r, c, d2 := nearestBruteForce(gt, width, height, i, j)
			et[i*width+j] = e[r*width+c]
			dst[i*width+j] = math.Sqrt(float64(d2))
		}
	}

	var kernel [7][7]float64
	var ksum float64
	for u := range 7 {
		for v := range 7 {
			kernel[u][v] = math.Exp(-float64((u-3)*(u-3)+(v-3)*(v-3)) / 50)
			ksum += kernel[u][v]
		}
	}

	var sumFG, sumBG float64
	for i := range height {
		for j := range width {
			k := i*width + j
			if g[k] == 0 {
				sumBG += e[k] * (2 - math.Exp(math.Log(0.5)/5*dst[k]))
				continue
			}
			var ea float64
			for u := range 7 {
				for v := range 7 {
					r, c := i+u-3, j+v-3
					if r >= 0 && r < height && c >= 0 && c < width {
						ea += kernel[u][v] / ksum * et[r*width+c]
					}
				}
			}
			sumFG += math.Min(ea, e[k])
		}
	}

	recall := 1 - sumFG/float64(fg)
	tpw := float64(fg) - sumFG
	precision := tpw / (tpw + sumBG + eps)
	return 2 * recall * precision / (recall + precision + eps)
}

func TestWeightedFAgainstBruteForce(t *testing.T) {
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(3, 4))
	s, err := ParseSet("wfm")
	if err != nil {
		t.Fatal(err)
	}
	var ws Workspace // reused across sizes on purpose
	for _, m := range tieProneMasks() {
		// Dense predictions visit every pixel. Sparse ones, mostly zero,
		// leave whole rows without background error, which the transform
		// skips.
		for _, density := range []float64{1, 0.02} {
			t.Run(fmt.Sprintf("%s density %g", m.name, density), func(t *testing.T) {
				pred := make([]float64, len(m.gt))
				for i := range pred {
					if rng.Float64() < density {
						pred[i] = float64(rng.IntN(256)) / 255
					}
				}
				got := ws.Compute(m.gt, pred, m.width, m.height, s).Values(s)[0]
				want := weightedFBruteForce(m.gt, pred, m.width, m.height)
				checkValue(t, "wfm", got, want, tol)
			})
		}
	}
}
