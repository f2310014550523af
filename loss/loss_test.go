package loss

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// levelsInput builds a w×h pair from functions that give the 8-bit level of
// the prediction and of the GT at row i, column j.
func levelsInput(w, h int, pred, gt func(i, j int) uint8) Input {
	p8 := make([]uint8, w*h)
	g8 := make([]uint8, w*h)
	for i := range h {
		for j := range w {
			p8[i*w+j] = pred(i, j)
			g8[i*w+j] = gt(i, j)
		}
	}
	return inputFromLevels(w, h, p8, g8)
}

func constant(v uint8) func(i, j int) uint8 { return func(int, int) uint8 { return v } }

// square is 255 on rows 8–23 × columns 8–23 of a 32×32 image.
func square(i, j int) uint8 {
	if i >= 8 && i <= 23 && j >= 8 && j <= 23 {
		return 255
	}
	return 0
}

// byRow gives every pixel of row i the level rows[i].
func byRow(rows ...uint8) func(i, j int) uint8 {
	return func(i, _ int) uint8 { return rows[i] }
}

// byTable gives pixel (i, j) the level rows[i][j].
func byTable(rows ...[]uint8) func(i, j int) uint8 {
	return func(i, j int) uint8 { return rows[i][j] }
}

func nan() float64 { return math.NaN() }

// TestHandValues checks the reference values that BiRefNet's loss.py
// (25cb930, PyTorch 1.13, float64) gives on small inputs built in code. Where
// the original gives NaN for the IoU of an empty pair, the expected value is
// this package's 0 and the DIS5K total follows from it.
func TestHandValues(t *testing.T) {
	const tol = 1e-9
	const ssimTol = 1e-8 // see refSSIMTol
	ellipse := func(i, j int) uint8 {
		if 400*(i-18)*(i-18)+144*(j-26)*(j-26) <= 57600 {
			return 255
		}
		return 0
	}
	ramp := func(_, j int) uint8 { return uint8(255 * j / 52) }
	softRows := byRow(0, 0, 64, 128, 191, 255, 255, 255)

	tests := []struct {
		name string
		in   Input
		want map[Component]float64
		dis  float64 // DIS5K total
	}{
		{
			name: "square p=g",
			in:   levelsInput(32, 32, square, square),
			want: map[Component]float64{BCE: 0, IoU: 0, SSIM: 0, MAE: 0, Cnt: 0.705532376398985, Structure: 1.0633282469572825},
			dis:  0,
		},
		{
			name: "empty pair 16x16",
			in:   levelsInput(16, 16, constant(0), constant(0)),
			// The original gives NaN for iou and for the total.
			want: map[Component]float64{BCE: 0, IoU: 0, SSIM: 0, MAE: 0, Cnt: 0.0010000000000000002, Structure: 1.6853952425754493},
			dis:  0,
		},
		{
			name: "p=128 on empty GT",
			in:   levelsInput(16, 16, constant(128), constant(0)),
			want: map[Component]float64{BCE: 0.6970764586998347, IoU: 1, SSIM: 0.49994161236255996, MAE: 0.5019607843137255,
				Cnt: 0.5029607843137255, Structure: 1.9690661537687926},
			dis: 26.41170988462064,
		},
		{
			name: "p=0 on full GT",
			in:   levelsInput(16, 16, constant(0), constant(255)),
			want: map[Component]float64{BCE: 100, IoU: 1, SSIM: 0.4999894991441868, MAE: 1, Cnt: 1.001, Structure: 1.1927291279975574},
			dis:  3005.499894991442,
		},
		{
			name: "square inverted",
			in:   levelsInput(32, 32, func(i, j int) uint8 { return 255 - square(i, j) }, square),
			want: map[Component]float64{BCE: 100, IoU: 1, SSIM: 0.5783739719287118, MAE: 1, Cnt: 1.7055323763989851, Structure: 1.7647746797385544},
			dis:  3006.283739719287,
		},
		{
			name: "soft GT p=g",
			in:   levelsInput(8, 8, softRows, softRows),
			want: map[Component]float64{BCE: 0.2274948500492124, IoU: 0.24414294454241203, SSIM: 0, MAE: 0,
				Cnt: 1.74524696148255, Structure: 0.8494907368910898},
			dis: 6.946916973747578,
		},
		{
			name: "soft GT hard p",
			in:   levelsInput(8, 8, byRow(0, 0, 0, 255, 255, 255, 255, 255), softRows),
			want: map[Component]float64{BCE: 12.5, IoU: 0.19044062733383127, SSIM: 0.08025979991232146, MAE: 0.125,
				Cnt: 1.7142531801903114, Structure: 0.8439504595798567},
			dis: 375.89781831279015,
		},
		{
			name: "thin 2x5",
			in: levelsInput(5, 2,
				byTable([]uint8{0, 200, 180, 30, 0}, []uint8{10, 220, 255, 128, 0}),
				byTable([]uint8{0, 255, 255, 0, 0}, []uint8{0, 255, 255, 255, 0})),
			want: map[Component]float64{BCE: 0.1593290630491184, IoU: 0.25247148288973376, SSIM: 0.04201445551037253,
				MAE: 0.13019607843137254, Cnt: nan(), Structure: 0.7919538905519645},
			dis: 5.326252188022144,
		},
		{
			name: "ramp on ellipse 37x53",
			in:   levelsInput(53, 37, ramp, ellipse),
			want: map[Component]float64{BCE: 2.8104930068877305, IoU: 0.7242459907930286, SSIM: 0.4560029005581293,
				MAE: 0.4996110427852936, Cnt: 0.6926163340400604, Structure: 1.3503216801445204,
				MSE: 0.33624687950992055, Reg: 0.3267283265507461, IoUPatch: 0.7242459907930286,
				StructureLogit: 1.6264732605134502},
			dis: 89.23694220760973,
		},
		{
			name: "checkerboard 96x130",
			in: levelsInput(130, 96,
				func(i, j int) uint8 {
					fg := (i/8+j/8)%2 == 0
					switch {
					case i < 64 && j < 64 && fg:
						return 200
					case i < 64 && j < 64:
						return 40
					case fg:
						return 55
					}
					return 215
				},
				func(i, j int) uint8 {
					if (i/8+j/8)%2 == 0 {
						return 255
					}
					return 0
				}),
			want: map[Component]float64{IoU: 0.7513362336855189, IoUPatch: 0.32203389830508367, IoUPatchTiled: 4.73692751532636},
			dis:  nan(), // not given
		},
	}

	dis5k, err := Preset("DIS5K")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, route := range []Input{tt.in, withoutLevels(tt.in)} {
				got := Compute(route, AllComponents())
				for c, want := range tt.want {
					rel := tol
					if c == SSIM {
						rel = ssimTol
					}
					if !closeTo(got[c], want, rel, 1e-15) {
						t.Errorf("levels=%v: %s = %.17g, want %.17g", route.P8 != nil, c, got[c], want)
					}
				}
				if !math.IsNaN(tt.dis) {
					if total := dis5k.Total(got); !closeTo(total, tt.dis, ssimTol, 1e-15) {
						t.Errorf("levels=%v: DIS5K total = %.17g, want %.17g", route.P8 != nil, total, tt.dis)
					}
				}
			}
		})
	}
}

// TestPresetTotalsOnRamp checks the General and Matting totals that
// BiRefNet's PixLoss gives on the 37×53 ramp-on-ellipse pair.
func TestPresetTotalsOnRamp(t *testing.T) {
	in := levelsInput(53, 37,
		func(_, j int) uint8 { return uint8(255 * j / 52) },
		func(i, j int) uint8 {
			if 400*(i-18)*(i-18)+144*(j-26)*(j-26) <= 57600 {
				return 255
			}
			return 0
		})
	v := Compute(in, AllComponents())
	for _, tt := range []struct {
		task string
		want float64
	}{
		{"DIS5K", 89.23694220760973},
		{"General", 139.1980464861391},
		{"Matting", 138.83592349074257},
	} {
		w, err := Preset(tt.task)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Total(v); !closeTo(got, tt.want, 1e-9, 0) {
			t.Errorf("%s total = %.17g, want %.17g", tt.task, got, tt.want)
		}
	}
}

// TestStructureEmptyPairFormula checks the closed form of the structure loss
// of an all-zero prediction on an all-zero GT: with x = p = 0 every pixel
// costs ln 2 in BCE, σ(0) = 1/2 and ω = 1, so the loss is
// ln 2 + 1 − 1/(N/2 + 1).
func TestStructureEmptyPairFormula(t *testing.T) {
	for _, size := range []int{16, 1024} {
		in := levelsInput(size, size, constant(0), constant(0))
		n := float64(size * size)
		want := math.Ln2 + 1 - 1/(n/2+1)
		for _, route := range []Input{in, withoutLevels(in)} {
			got := Compute(route, AllComponents())[Structure]
			if !closeTo(got, want, 1e-13, 0) {
				t.Errorf("%dx%d levels=%v: structure = %.17g, want %.17g", size, size, route.P8 != nil, got, want)
			}
		}
	}
}

// TestStructureLogitValues checks structure_logit (ε = 1/510) against the
// values of BiRefNet's StructureLoss fed logit(clamp(p, ε, 1 − ε)), which
// are given to the digits shown.
func TestStructureLogitValues(t *testing.T) {
	tests := []struct {
		name string
		in   Input
		want float64
		tol  float64
	}{
		{"empty pair 16x16", levelsInput(16, 16, constant(0), constant(0)), 0.3361663645203291, 1e-12},
		{"empty pair 1024x1024", levelsInput(1024, 1024, constant(0), constant(0)), 1.0015, 5e-5},
		{"square p=g", levelsInput(32, 32, square, square), 0.006263174237464589, 1e-12},
		{"p=0 on full GT 16x16", levelsInput(16, 16, constant(0), constant(255)), 7.23, 5e-3},
	}
	for _, tt := range tests {
		got := Compute(tt.in, AllComponents())[StructureLogit]
		if !closeTo(got, tt.want, tt.tol, 0) {
			t.Errorf("%s: structure_logit = %.17g, want %.6g", tt.name, got, tt.want)
		}
	}
}

// TestEdgeCases checks the edge-case rules of BiRefNet's loss.py, and this
// package's empty-pair IoU.
func TestEdgeCases(t *testing.T) {
	t.Run("empty pair IoU is 0", func(t *testing.T) {
		v := Compute(levelsInput(70, 90, constant(0), constant(0)), AllComponents())
		for _, c := range []Component{IoU, IoUPatch, IoUPatchTiled} {
			if v[c] != 0 {
				t.Errorf("%s = %v, want 0", c, v[c])
			}
		}
	})
	t.Run("empty corner gives iou_patch 0", func(t *testing.T) {
		// Foreground only at rows and columns ≥ 64: the top-left crop is
		// empty, iou itself is defined.
		far := func(i, j int) uint8 {
			if i >= 64 && j >= 64 {
				return 255
			}
			return 0
		}
		v := Compute(levelsInput(100, 100, far, far), AllComponents())
		if v[IoUPatch] != 0 {
			t.Errorf("iou_patch = %v, want 0", v[IoUPatch])
		}
		if v[IoU] != 0 {
			t.Errorf("iou = %v, want 0", v[IoU])
		}
	})
	t.Run("cnt NaN below 3 pixels", func(t *testing.T) {
		for _, size := range [][2]int{{2, 10}, {10, 2}, {1, 1}, {2, 2}} {
			v := Compute(levelsInput(size[0], size[1], constant(100), constant(255)), AllComponents())
			for c := range NumComponents {
				if isNaN := math.IsNaN(v[c]); isNaN != (c == Cnt) {
					t.Errorf("%dx%d: %s = %v, want NaN for cnt only", size[0], size[1], c, v[c])
				}
			}
		}
	})
	t.Run("cnt 3x3 defined", func(t *testing.T) {
		// One position: r = c = 0, so cnt = 10·1e-4 + region, region = 0
		// for a constant prediction that matches a binary GT.
		got := Compute(levelsInput(3, 3, constant(255), constant(255)), AllComponents())[Cnt]
		if !closeTo(got, 0.001, 1e-15, 0) {
			t.Errorf("cnt = %.17g, want 0.001", got)
		}
	})
	t.Run("bce clamps log at -100", func(t *testing.T) {
		// p ∈ {0, 1} on soft g costs 100·g or 100·(1 − g).
		v := Compute(levelsInput(4, 4, constant(0), constant(128)), AllComponents())
		if want := 100 * 128.0 / 255; !closeTo(v[BCE], want, 1e-15, 0) {
			t.Errorf("p=0: bce = %.17g, want %.17g", v[BCE], want)
		}
		v = Compute(levelsInput(4, 4, constant(255), constant(64)), AllComponents())
		if want := 100 * (1 - 64.0/255); !closeTo(v[BCE], want, 1e-15, 0) {
			t.Errorf("p=1: bce = %.17g, want %.17g", v[BCE], want)
		}
	})
	t.Run("soft p=g", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		soft := func(int, int) uint8 { return uint8(rng.IntN(256)) }
		in := levelsInput(23, 17, soft, soft)
		in.P8, in.P = in.G8, in.G
		v := Compute(in, AllComponents())
		if v[SSIM] != 0 {
			t.Errorf("ssim = %v, want exactly 0", v[SSIM])
		}
		var sumG, sumG2, region float64
		for _, g := range in.G {
			sumG += g
			sumG2 += g * g
			region += g * (1 - g)
		}
		if want := 1 - sumG2/(2*sumG-sumG2); !closeTo(v[IoU], want, 1e-13, 0) {
			t.Errorf("iou = %.17g, want 1 − Σg²/(2Σg − Σg²) = %.17g", v[IoU], want)
		}
		// With p = g the region term of cnt is ⟨g(1 − g)⟩.
		length := contourLength(in)
		if want := 10*length + region/float64(len(in.G)); !closeTo(v[Cnt], want, 1e-13, 0) {
			t.Errorf("cnt = %.17g, want %.17g", v[Cnt], want)
		}
	})
	t.Run("reg at p=0.5", func(t *testing.T) {
		in := Input{Width: 2, Height: 2, P: []float64{0.5, 0.5, 0.5, 0.5}, G: []float64{0, 1, 0, 1}}
		if got := Compute(in, AllComponents())[Reg]; got != 0.5 {
			t.Errorf("reg = %v, want 0.5", got)
		}
	})
	t.Run("image without pixels", func(t *testing.T) {
		v := Compute(Input{}, AllComponents())
		for c := range NumComponents {
			if !math.IsNaN(v[c]) {
				t.Errorf("%s = %v, want NaN", c, v[c])
			}
		}
	})
}

// TestComputeSetSelects checks that exactly the components in the set are
// computed, and that each matches its value in a full computation.
func TestComputeSetSelects(t *testing.T) {
	in := levelsInput(53, 37, func(_, j int) uint8 { return uint8(5 * j) }, square)
	all := Compute(in, AllComponents())
	for _, route := range []Input{in, withoutLevels(in)} {
		for c := range NumComponents {
			var set Set
			set[c] = true
			got := Compute(route, set)
			for other := range NumComponents {
				switch {
				case other == c && !closeTo(got[c], all[c], 1e-12, 1e-15):
					t.Errorf("only %s, levels=%v: got %v, want %v", c, route.P8 != nil, got[c], all[c])
				case other != c && !math.IsNaN(got[other]):
					t.Errorf("only %s, levels=%v: %s = %v, want NaN", c, route.P8 != nil, other, got[other])
				}
			}
		}
	}
	for c, v := range Compute(in, Set{}) {
		if !math.IsNaN(v) {
			t.Errorf("empty set: %s = %v, want NaN", Component(c), v)
		}
	}
}

// TestRoutesAgree checks that the exact 8-bit route and the per-pixel float64
// route agree on random masks of many shapes, including sizes below the SSIM,
// box and patch windows.
func TestRoutesAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	sizes := [][2]int{{1, 1}, {1, 7}, {7, 1}, {2, 2}, {3, 3}, {5, 40}, {31, 31}, {64, 64}, {65, 129}, {130, 70}}
	for _, size := range sizes {
		w, h := size[0], size[1]
		for _, kind := range []string{"noise", "blocks", "binary"} {
			level := func(i, j int) uint8 {
				switch kind {
				case "blocks":
					return uint8(((i/9)*7 + (j/13)*31) % 256)
				case "binary":
					return uint8(255 * rng.IntN(2))
				}
				return uint8(rng.IntN(256))
			}
			in := levelsInput(w, h, level, level)
			// Fresh prediction, independent of the GT.
			for i := range in.P8 {
				in.P8[i] = level(i/w, i%w)
				in.P[i] = float64(in.P8[i]) / 255
			}
			exact := Compute(in, AllComponents())
			float := Compute(withoutLevels(in), AllComponents())
			gtLevels := in // a prediction resized in float, with an 8-bit GT
			gtLevels.P8 = nil
			mixed := Compute(gtLevels, AllComponents())
			for c := range NumComponents {
				if !closeTo(exact[c], float[c], 1e-12, 1e-14) {
					t.Errorf("%dx%d %s: %s levels %.17g, float %.17g", w, h, kind, c, exact[c], float[c])
				}
				if !closeTo(exact[c], mixed[c], 1e-12, 1e-14) {
					t.Errorf("%dx%d %s: %s levels %.17g, GT levels only %.17g", w, h, kind, c, exact[c], mixed[c])
				}
			}
		}
	}
}

// TestWorkspaceReuse checks that a Workspace used on a large image, then a
// small one, then the large one again gives the same values as fresh ones:
// no scratch buffer carries data from one call to the next.
func TestWorkspaceReuse(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	noise := func(int, int) uint8 { return uint8(rng.IntN(256)) }
	large := levelsInput(150, 90, noise, noise)
	small := levelsInput(40, 20, noise, square)
	var ws Workspace
	for _, in := range []Input{large, small, large, withoutLevels(small), small} {
		got := ws.Compute(in, AllComponents())
		want := Compute(in, AllComponents())
		for c := range NumComponents {
			if math.Float64bits(got[c]) != math.Float64bits(want[c]) {
				t.Errorf("%dx%d: %s = %.17g after reuse, %.17g fresh", in.Width, in.Height, c, got[c], want[c])
			}
		}
	}
}

// TestComputeNoAllocs checks that a warm Workspace allocates nothing.
func TestComputeNoAllocs(t *testing.T) {
	in := levelsInput(97, 83, func(i, j int) uint8 { return uint8(i * j) }, square)
	gtLevels := in
	gtLevels.P8 = nil
	for name, route := range map[string]Input{"levels": in, "float": withoutLevels(in), "GT levels only": gtLevels} {
		var ws Workspace
		ws.Compute(route, AllComponents())
		allocs := testing.AllocsPerRun(5, func() { ws.Compute(route, AllComponents()) })
		if allocs != 0 {
			t.Errorf("%s: %v allocations per call, want 0", name, allocs)
		}
	}
}

// TestComputePanicsOnBadLengths checks that inconsistent slice lengths, a
// programming error, panic with a message that names the package.
func TestComputePanicsOnBadLengths(t *testing.T) {
	good := levelsInput(4, 3, constant(1), constant(2))
	tests := map[string]Input{
		"short P":  {Width: 4, Height: 3, P: good.P[:11], G: good.G},
		"short G":  {Width: 4, Height: 3, P: good.P, G: good.G[:5]},
		"short P8": {Width: 4, Height: 3, P: good.P, G: good.G, P8: good.P8[:3]},
		"short G8": {Width: 4, Height: 3, P: good.P, G: good.G, G8: good.G8[:3]},
		"negative": {Width: -1, Height: 3},
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "loss: ") {
					t.Errorf("panic %q, want a message starting with %q", msg, "loss: ")
				}
			}()
			Compute(in, AllComponents())
		})
	}
}
