package metric

import (
	"fmt"
	"math"
	"testing"
)

// perfectEm is Em of a prediction equal to its GT: N/(N − 1 + ε).
func perfectEm(n int) float64 {
	return float64(n) / (float64(n) - 1 + eps)
}

func TestEdgeCases(t *testing.T) {
	const tol = 1e-12
	onePixel := func(i, j int) int {
		if i == 7 && j == 10 {
			return 255
		}
		return 0
	}
	diagonal := func(i, j int) int {
		if i == j {
			return 255
		}
		return 0
	}
	lastColumn := func(i, j int) int {
		if j == handWidth-1 {
			return 255
		}
		return 0
	}
	const disc = 441.0 / 3072 // GT fraction of diskGT
	tests := []struct {
		name   string
		width  int
		height int
		gt     func(i, j int) int
		pred   func(i, j int) int
		want   map[string]float64
	}{
		{
			// Nothing to find and nothing found: S-measure 1. The F family,
			// recall and IoU are 0 by the 0/0 = 0 convention. Adaptive E is 0
			// because thr = 0 selects every pixel.
			name: "empty GT constant 0", gt: constant(0), pred: constant(0),
			want: map[string]float64{
				"mae": 0, "mse": 0, "sm": 1, "wfm": 0, "em_adp": 0, "em_max": perfectEm(3072),
				"fm_adp": 0, "fm_max": 0, "rec_max": 0, "iou_max": 0, "spec_bin": 1, "oa_bin": 1,
				"fpr_adp": 1, "auc_roc": 0, "auc_pr": 0,
			},
		},
		{
			name: "full GT constant 255", gt: constant(255), pred: constant(255),
			want: map[string]float64{
				"mae": 0, "mse": 0, "sm": 1, "wfm": 1, "em_adp": perfectEm(3072), "em_max": perfectEm(3072),
				"fm_adp": 1, "fm_max": 1, "iou_bin": 1, "dice_adp": 1, "auc_pr": 1, "auc_roc": 1,
			},
		},
		{
			// A constant map is not stretched, so every threshold selects every
			// pixel or none.
			name: "disc constant 255", gt: diskGT, pred: constant(255),
			want: map[string]float64{
				"mae": 1 - disc, "mse": 1 - disc, "fm_adp": 1.3 * disc / (0.3*disc + 1),
				"pre_max": disc, "rec_mean": 1, "auc_roc": 0.5, "auc_pr": disc, "iou_bin": disc,
			},
		},
		{
			// thr = 0 selects every pixel adaptively. Only t = 0 selects on
			// the curve, so the PR curve starts at the (0, 0) point of the
			// thresholds that select nothing.
			name: "disc constant 0", gt: diskGT, pred: constant(0),
			want: map[string]float64{
				"mae": disc, "mse": disc, "iou_adp": disc, "iou_bin": 0, "auc_roc": 0.5, "auc_pr": disc / 2,
			},
		},
		{
			// 128/255 is not stretched: thr = min(2·0.502, 1) = 1 selects
			// nothing, and p > 0.5 selects everything.
			name: "disc constant 128", gt: diskGT, pred: constant(128),
			want: map[string]float64{
				"fm_adp": 0, "iou_adp": 0, "rec_bin": 1, "pre_bin": disc, "auc_roc": 0.5,
				"mse": disc*(1-128.0/255)*(1-128.0/255) + (1-disc)*(128.0/255)*(128.0/255),
			},
		},
		{
			name: "disc equal to prediction", gt: diskGT, pred: diskGT,
			want: map[string]float64{
				"mae": 0, "mse": 0, "wfm": 1, "em_max": perfectEm(3072), "fm_max": 1, "iou_max": 1,
				"kappa_bin": 1, "ber_bin": 0, "auc_pr": 1, "auc_roc": 1,
			},
		},
		{
			// Sm: the numpy transcription of PySODMetrics 1.6.2's formula
			// (numpy 1.24.2). wFm and F follow from E = 0 everywhere. Em is
			// left out: with μ_g = 1/3072 the ε in its alignment term moves it
			// 1e-9 below N/(N − 1).
			name: "one-pixel object equal to prediction", gt: onePixel, pred: onePixel,
			want: map[string]float64{
				"sm": 0.9999999999994582, "wfm": 1, "mae": 0, "fm_adp": 1,
				"iou_bin": 1, "auc_roc": 1,
			},
		},
		{
			name: "thin diagonal equal to prediction", gt: diagonal, pred: diagonal,
			want: map[string]float64{
				"sm": 0.9999999999994154, "wfm": 1, "mae": 0, "em_adp": perfectEm(3072), "fm_adp": 1,
				"iou_adp": 1, "auc_pr": 1,
			},
		},
		{
			// The centroid column rounds to the last column, so the right
			// quadrants are empty. PySODMetrics 1.6.2 returns NaN, birefloss
			// drops the empty quadrants. Expected Sm: the numpy transcription
			// of PySODMetrics' formula without the empty quadrants.
			name: "thin line on the last column", gt: lastColumn,
			pred: func(i, j int) int { return 255 - 40*(handWidth-1-j) + (7*j+13*i)%21 - 10 },
			want: map[string]float64{"sm": 0.6002568245578122},
		},
		{
			name: "thin line on the last column equal to prediction", gt: lastColumn, pred: lastColumn,
			want: map[string]float64{"sm": 0.9999999999926134, "wfm": 1},
		},
		{
			// Same rule for a line on the last row. Sm comes from the same numpy
			// transcription.
			name: "line on the last row",
			gt: func(i, j int) int {
				if i == handHeight-1 {
					return 255
				}
				return 0
			},
			pred: func(i, j int) int { return 255 - 6*(47-i) + (7*j+13*i)%21 - 10 },
			want: map[string]float64{
				"sm": 0.35572734145169743,
				// PySODMetrics 1.6.2 values.
				"wfm": 0.05240512441306102, "mae": 0.43282526552287576,
				"em_adp": 0.4865523500562048, "fm_adp": 0.26147077309868005,
			},
		},
		{
			// One foreground pixel, perfectly predicted: Em divides by ε.
			name: "1x1 foreground", width: 1, height: 1, gt: constant(255), pred: constant(255),
			want: map[string]float64{
				"mae": 0, "sm": 1, "em_adp": 1 / eps, "fm_adp": 1, "wfm": 1, "iou_bin": 1, "auc_roc": 1,
			},
		},
		{
			name: "1x1 background", width: 1, height: 1, gt: constant(0), pred: constant(0),
			want: map[string]float64{"mae": 0, "sm": 1, "em_adp": 0, "em_max": 1 / eps, "wfm": 0, "fm_adp": 0},
		},
		{
			// 2×2 with the GT on the last row: the centroid row rounds to
			// 1, +1 = 2 = H, so the bottom quadrants are empty.
			name: "2x2 bottom row", width: 2, height: 2,
			gt:   func(i, j int) int { return 255 * i },
			pred: func(i, j int) int { return 255 * i },
			want: map[string]float64{"mae": 0, "wfm": 1, "em_adp": perfectEm(4), "fm_adp": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h := tt.width, tt.height
			if w == 0 {
				w, h = handWidth, handHeight
			}
			got := valuesByKey(t, buildMask(w, h, tt.gt), buildMask(w, h, tt.pred), w, h)
			for key, v := range got {
				if math.IsNaN(v) {
					t.Errorf("%s is NaN", key)
				}
			}
			checkKeys(t, got, tt.want, tol)
		})
	}
}

func TestComputeNaNPrediction(t *testing.T) {
	// A NaN makes numpy's min and max NaN and so every stretched value. The
	// values that depend on p are NaN and nothing panics.
	gt := []uint8{255, 0, 0, 0}
	pred := []float64{1, math.NaN(), 0.5, 0}
	var ws Workspace
	s := DefaultSet()
	img := ws.Compute(gt, pred, 2, 2, s)
	values := img.Values(s)
	for _, key := range []string{"mae", "mse", "sm", "wfm"} {
		if v := values[indexOf(s.Keys(), key)]; !math.IsNaN(v) {
			t.Errorf("%s = %v, want NaN", key, v)
		}
	}
}

func TestSmeasureConstantQuadrants(t *testing.T) {
	// A constant prediction on a quadrant whose GT is constant scores 1 when
	// numpy's mean of the quadrant comes back exactly equal to the constant,
	// else 0. That depends on numpy's summation order (pairwise within buffers
	// of 8192 elements), so these cases pin it. GT: foreground rectangle at
	// the top-left corner; prediction: constant c. Expected: the numpy 1.24.2
	// transcription of PySODMetrics 1.6.2's S-measure.
	tests := []struct {
		width, height int
		rows, cols    int // foreground rectangle [0, rows) × [0, cols)
		c             int
		want          float64
	}{
		{64, 48, 5, 7, 5, 0.49442979297944673},
		{64, 48, 5, 7, 6, 0.49638434924793473},
		{64, 48, 5, 7, 7, 0.49442447981439486},
		{640, 480, 1, 1, 30, 0.49714937888250837},
		{640, 480, 1, 1, 31, 0.49582943280717767},
		{640, 480, 1, 1, 32, 0.49735836003565631},
		{640, 480, 1, 1, 33, 0.49523702537294462},
		{1024, 1024, 5, 7, 100, 0.44385402050678047},
		{1024, 1024, 5, 7, 101, 0.44252612788534035},
		{1024, 1024, 5, 7, 102, 0.44117325459725937},
		{1024, 1024, 5, 7, 103, 0.43980673520005953},
		// For c = 16 numpy's mean of the 1023×1023 quadrant is not exactly c
		// although one pairwise sum over the whole quadrant would be, and for
		// 71 and 75 the other way round.
		{1024, 1024, 1, 1, 16, 0.49992774317660554},
		{1024, 1024, 1, 1, 71, 0.97353394933733628},
		{1024, 1024, 1, 1, 75, 0.97113144857696332},
		{1024, 1024, 1, 1, 128, 0.40003220299142644},
		{1024, 1024, 1, 1, 129, 0.39812816580640281},
		{1024, 1024, 1, 1, 130, 0.39620238106173689},
		{1024, 1024, 1, 1, 131, 0.39425478879333575},
	}
	s, err := ParseSet("sm")
	if err != nil {
		t.Fatal(err)
	}
	var ws Workspace
	for _, tt := range tests {
		gt := buildMask(tt.width, tt.height, func(i, j int) int {
			if i < tt.rows && j < tt.cols {
				return 255
			}
			return 0
		})
		pred := toPred(buildMask(tt.width, tt.height, constant(tt.c)))
		got := ws.Compute(gt, pred, tt.width, tt.height, s).Values(s)[0]
		checkValue(t, fmt.Sprintf("%d×%d, %d×%d object, c = %d: sm", tt.width, tt.height, tt.rows, tt.cols, tt.c), got, tt.want, 1e-12)
	}
}
