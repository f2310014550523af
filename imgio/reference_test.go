package imgio

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
)

// The reference folders hold masks and the values that BiRefNet's loss code
// and PySODMetrics computed from them after reading them with OpenCV 4.6
// (testdata/reference/README explains the columns).
const (
	syntheticLoss    = "../testdata/reference/synthetic-loss"
	syntheticMetrics = "../testdata/reference/synthetic-metrics"
)

// TestDecodeStoredVariants checks the decoding cases of the synthetic loss
// set: its reference values show that OpenCV reads the RGB, palette,
// grey+alpha, RGBA (alpha 128) and 16-bit files as the same pixels as the
// 8-bit grey files of cases c07 and c01.
func TestDecodeStoredVariants(t *testing.T) {
	tests := []struct{ file, sameAs string }{
		{"gt/c13_gt_rgb_pred_palette.png", "gt/c07_odd_nonsquare_ramp.png"},
		{"pred/c13_gt_rgb_pred_palette.png", "pred/c07_odd_nonsquare_ramp.png"},
		{"gt/c14_gt_la_pred_rgba.png", "gt/c07_odd_nonsquare_ramp.png"},
		{"pred/c14_gt_la_pred_rgba.png", "pred/c07_odd_nonsquare_ramp.png"},
		{"gt/c15_gt_16bit.png", "gt/c01_perfect_square.png"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := readT(t, filepath.Join(syntheticLoss, tt.file), ReadOptions{})
			want := readT(t, filepath.Join(syntheticLoss, tt.sameAs), ReadOptions{})
			sameMask(t, got, want)
		})
	}
}

// TestDecodeMatchesLossReference recomputes the mae and mse columns of
// loss.csv from decoded masks. c12 has an RGB prediction with 3071 non-grey
// pixels: each pixel one level away from OpenCV's value moves mae by
// 1/(255·3072) ≈ 1.3e-6, far above the tolerance.
func TestDecodeMatchesLossReference(t *testing.T) {
	const tol = 1e-12
	for _, name := range []string{"c12_pred_rgb", "c13_pred_16bit", "c01_normal"} {
		t.Run(name, func(t *testing.T) {
			row := referenceRow(t, filepath.Join(syntheticMetrics, "loss.csv"), name)
			gt := readT(t, filepath.Join(syntheticMetrics, "gt", row["gt_file"]), ReadOptions{})
			pred := readT(t, filepath.Join(syntheticMetrics, "pred", row["pred_file"]), ReadOptions{})
			mae, mse := meanAbsSquared(pred, gt)
			if want := referenceFloat(t, row, "mae"); !closeTo(mae, want, tol) {
				t.Errorf("mae = %.17g, want %.17g", mae, want)
			}
			if want := referenceFloat(t, row, "mse"); !closeTo(mse, want, tol) {
				t.Errorf("mse = %.17g, want %.17g", mse, want)
			}
		})
	}
}

// TestDecodeRealOneBitGT reads the SOD 300 ground truth, stored as 1-bit
// PNGs, which must expand to 0 and 255.
func TestDecodeRealOneBitGT(t *testing.T) {
	files, err := filepath.Glob("../testdata/real/sod-300/gt/*.png")
	if err != nil || len(files) == 0 {
		t.Fatalf("no SOD 300 ground truth found: %v", err)
	}
	for _, path := range files {
		m, info, err := Read(path, ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if info.ZeroOne {
			t.Errorf("%s: ZeroOne is true for a 0/255 mask", path)
		}
		for i, v := range m.Pix {
			if v != 0 && v != 255 {
				t.Fatalf("%s: pixel %d = %d, want 0 or 255", path, i, v)
			}
		}
	}
}

// TestDecodeRealRGBGT reads the SOC ground truth, stored as RGB PNGs with
// grey pixels (R = G = B), and recomputes PySODMetrics' MAE of the ICON
// predictions: the prediction is
// divided by 255 and min-max stretched unless constant, the ground truth is
// binarised with > 128.
func TestDecodeRealRGBGT(t *testing.T) {
	const (
		dir = "../testdata/real/soc-ac"
		tol = 1e-12
	)
	rows := referenceRows(t, "../testdata/reference/real/soc-ac/ICON/metrics.csv")
	if len(rows) == 0 {
		t.Fatal("no reference rows")
	}
	for _, row := range rows {
		gt := readT(t, filepath.Join(dir, "gt", row["name"]+".png"), ReadOptions{})
		pred := readT(t, filepath.Join(dir, "pred-ICON", row["name"]+".png"), ReadOptions{})
		got := stretchedMAE(pred, gt)
		if want := referenceFloat(t, row, "MAE"); !closeTo(got, want, tol) {
			t.Errorf("%s: MAE = %.17g, want %.17g", row["name"], got, want)
		}
	}
}

func stretchedMAE(pred, gt *Mask) float64 {
	lo, hi := slices.Min(pred.Pix), slices.Max(pred.Pix)
	sum := 0.0
	for i, v := range pred.Pix {
		p := float64(v) / 255
		if lo != hi {
			l, h := float64(lo)/255, float64(hi)/255
			p = (p - l) / (h - l)
		}
		g := 0.0
		if gt.Pix[i] > 128 {
			g = 1
		}
		sum += math.Abs(p - g)
	}
	return sum / float64(len(pred.Pix))
}
