package metric

import "testing"

// Inputs of the hand-checkable cases: 48×64 masks built from formulas, as the
// reference values of PySODMetrics 1.6.2 were produced (float64, numpy 1.24.2,
// scipy 1.10.1). (i, j) is (row, column).

const handWidth, handHeight = 64, 48

func buildMask(width, height int, f func(i, j int) int) []uint8 {
	m := make([]uint8, width*height)
	for i := range height {
		for j := range width {
			m[i*width+j] = uint8(max(0, min(255, f(i, j))))
		}
	}
	return m
}

// diskGT is 255 inside the radius-12 disc centred at row 22, column 30.
func diskGT(i, j int) int {
	if (j-30)*(j-30)+(i-22)*(i-22) <= 144 {
		return 255
	}
	return 0
}

// blobPred is a radial ramp centred at row 24, column 32 plus a ±10 texture.
func blobPred(i, j int) int {
	d2 := (j-32)*(j-32) + (i-24)*(i-24)
	return max(255-255*d2/256, 0) + (7*j+13*i)%21 - 10
}

func constant(v int) func(i, j int) int {
	return func(i, j int) int { return v }
}

// toPred returns P/255 as float64 values.
func toPred(p []uint8) []float64 {
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = float64(v) / 255
	}
	return out
}

// valuesByKey computes one pair with the default set and maps keys to values.
func valuesByKey(t *testing.T, gt, pred []uint8, width, height int) map[string]float64 {
	t.Helper()
	var ws Workspace
	s := DefaultSet()
	img := ws.Compute(gt, toPred(pred), width, height, s)
	m := map[string]float64{}
	for i, k := range s.Keys() {
		m[k] = img.Values(s)[i]
	}
	return m
}

func TestHandValues(t *testing.T) {
	// Expected values: PySODMetrics 1.6.2 on these inputs.
	const tol = 1e-12
	tests := []struct {
		name   string
		width  int
		height int
		gt     func(i, j int) int
		pred   func(i, j int) int
		want   map[string]float64
	}{
		{
			name: "disc vs blob", gt: diskGT, pred: blobPred,
			want: map[string]float64{
				"sm": 0.8683940905595249, "wfm": 0.6794666209950236, "mae": 0.08252910539215687,
				"em_adp": 0.9186909954219898, "fm_adp": 0.7713248638838475,
				"iou_bin": 0.731006160164271, "dice_bin": 0.8446026097271648, "ber_bin": 0.10511380530927683,
				"iou_adp": 0.7083333333333334,
				// BiRefNet's evaluator MSE, same pre-processing.
				"mse": 0.03165072728437781,
			},
		},
		{
			name: "disc vs constant 128", gt: diskGT, pred: constant(128),
			want: map[string]float64{
				"sm": 0.39932633650952143, "wfm": 0.14978858602859257, "mae": 0.5013978247549019,
				"em_adp": 0.25008140670791273, "fm_adp": 0,
			},
		},
		{
			name: "disc vs constant 0", gt: diskGT, pred: constant(0),
			want: map[string]float64{
				"sm": 0.42822265625, "wfm": 0, "mae": 0.1435546875,
				"em_adp": 0.25008140670791273, "fm_adp": 0.1789158318509503,
			},
		},
		{
			name: "disc vs itself", gt: diskGT, pred: diskGT,
			want: map[string]float64{
				"sm": 0.9999999999999879, "wfm": 1, "mae": 0,
				"em_adp": 1.0003256268316463, "fm_adp": 1,
			},
		},
		{
			name: "disc vs inverse", gt: diskGT, pred: func(i, j int) int { return 255 - diskGT(i, j) },
			want: map[string]float64{
				"sm": 0, "wfm": 0, "mae": 1,
				"em_adp": 6.339047084403996e-30, "fm_adp": 0,
			},
		},
		{
			name: "disc vs low-contrast blob", gt: diskGT,
			pred: func(i, j int) int { return 40 + 160*max(0, min(255, blobPred(i, j)))/255 },
			want: map[string]float64{
				"sm": 0.8679149721355628, "wfm": 0.6828445743010485, "mae": 0.08160400390625,
				"em_adp": 0.9186909954219898, "fm_adp": 0.7713248638838475,
			},
		},
		{
			name: "empty GT vs constant 0", gt: constant(0), pred: constant(0),
			want: map[string]float64{
				"sm": 1, "wfm": 0, "mae": 0, "em_adp": 0, "fm_adp": 0,
				"em_max":  1.000325626831651, // 3072/3071
				"iou_adp": 0, "iou_bin": 0, "ber_adp": 1, "ber_bin": 0.5,
			},
		},
		{
			name: "empty GT vs blob", gt: constant(0), pred: blobPred,
			want: map[string]float64{
				"sm": 0.8609387765522876, "wfm": 0, "mae": 0.1390612234477124,
				"em_adp": 0.810159557147509, "fm_adp": 0,
			},
		},
		{
			name: "full GT vs column ramp", gt: constant(255), pred: func(i, j int) int { return 4 * j },
			want: map[string]float64{
				"sm": 0.5, "wfm": 0.6927140251350432, "mae": 0.5,
				"em_adp": 0.015630087919244546, "fm_adp": 0.06435643564356436,
			},
		},
		{
			name: "soft GT edge vs blob",
			gt: func(i, j int) int {
				d2 := (j-30)*(j-30) + (i-22)*(i-22)
				switch {
				case d2 <= 100:
					return 255
				case d2 <= 144 && (i+j)%2 == 0:
					return 129
				case d2 <= 144:
					return 128
				}
				return 0
			},
			pred: blobPred,
			want: map[string]float64{
				"sm": 0.8569583704186745, "wfm": 0.649266486035975, "mae": 0.0827844158496732,
				"em_adp": 0.8691946134597627, "fm_adp": 0.6906773593011599,
			},
		},
		{
			name: "one-pixel GT",
			gt: func(i, j int) int {
				if i == 7 && j == 10 {
					return 255
				}
				return 0
			},
			pred: func(i, j int) int {
				d2 := (j-10)*(j-10) + (i-7)*(i-7)
				return max(255-255*d2/16, 0)
			},
			want: map[string]float64{
				"sm": 0.4834219566789614, "wfm": 0.06188432518953588, "mae": 0.00784313725490196,
				"em_adp": 0.2727001528310913, "fm_adp": 0.028697571743929364,
			},
		},
		{
			name: "3x3 centre", width: 3, height: 3,
			gt: func(i, j int) int {
				if i == 1 && j == 1 {
					return 255
				}
				return 0
			},
			pred: func(i, j int) int {
				return [3][3]int{{0, 64, 0}, {64, 255, 64}, {0, 64, 0}}[i][j]
			},
			want: map[string]float64{
				"sm": 0.7156522789345524, "wfm": 0.638186804037353, "mae": 0.11154684095860566,
				"em_adp": 1.1249999999999911, "fm_adp": 1,
			},
		},
		{
			name: "2x2 corner", width: 2, height: 2,
			gt: func(i, j int) int {
				if i == 0 && j == 0 {
					return 255
				}
				return 0
			},
			pred: func(i, j int) int { return [2][2]int{{200, 10}, {30, 0}}[i][j] },
			want: map[string]float64{
				"sm": 0.984437503839514, "wfm": 0.8985170431720494, "mae": 0.05,
				"em_adp": 1.3333333333333315, "fm_adp": 1,
			},
		},
		{
			name: "centroid half-even rounding",
			gt: func(i, j int) int {
				if i >= 10 && i <= 19 && j >= 20 && j <= 33 {
					return 255
				}
				return 0
			},
			pred: func(i, j int) int {
				return 255 - 3*(abs(j-27)+abs(i-15)) + (7*j+13*i)%21 - 10
			},
			want: map[string]float64{"sm": 0.35547662176592204},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := tt.width, tt.height
			if w == 0 {
				w, h = handWidth, handHeight
			}
			got := valuesByKey(t, buildMask(w, h, tt.gt), buildMask(w, h, tt.pred), w, h)
			checkKeys(t, got, tt.want, tol)
		})
	}
}

// checkKeys compares every expected key with the computed values.
func checkKeys(t *testing.T, got, want map[string]float64, tol float64) {
	t.Helper()
	for key, w := range want {
		g, ok := got[key]
		if !ok {
			t.Errorf("no value for key %q", key)
			continue
		}
		checkValue(t, key, g, w, tol)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
