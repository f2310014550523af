package report

import (
	"testing"

	"github.com/birefloss/birefloss/metric"
)

func TestDirectionLossKeys(t *testing.T) {
	keys := []string{
		"loss_bce", "loss_iou", "loss_iou_patch", "loss_ssim", "loss_mae", "loss_mse", "loss_reg",
		"loss_cnt", "loss_structure", "loss_iou_patch_tiled", "loss_structure_logit", "loss_cls", "loss_total",
	}
	for _, key := range keys {
		lower, known := Direction(key)
		if !known || !lower {
			t.Errorf("Direction(%q) = %v, %v; want lower is better, known", key, lower, known)
		}
	}
}

func TestDirectionMetricKeys(t *testing.T) {
	want := map[string]bool{ // true: lower is better
		"mae": true, "mse": true, "hce": true,
		"sm": false, "wfm": false,
		"em_adp": false, "em_mean": false, "em_max": false,
		"fm_adp": false, "fm_mean": false, "fm_max": false,
		"auc_pr": false, "auc_roc": false,
		"mba": false, "biou_bin": false, "biou_mean": false, "biou_max": false,
		"precision": false, "recall": false, "fm": false, "em": false, "biou": false,
	}
	handlerLower := map[string]bool{
		"iou": false, "dice": false, "pre": false, "rec": false, "spec": false,
		"ber": true, "fpr": true, "oa": false, "kappa": false, "f1": false,
	}
	for h, lower := range handlerLower {
		want[h] = lower // the curve key
		for _, suffix := range []string{"_adp", "_mean", "_max", "_bin", "_bin_pooled"} {
			want[h+suffix] = lower
		}
	}
	for key, wantLower := range want {
		lower, known := Direction(key)
		if !known {
			t.Errorf("Direction(%q) is unknown", key)
			continue
		}
		if lower != wantLower {
			t.Errorf("Direction(%q) lowerIsBetter = %v, want %v", key, lower, wantLower)
		}
	}
}

func TestDirectionUnknownKeys(t *testing.T) {
	for _, key := range []string{"", "loss_", "name", "iou_min", "ber_", "xyz_adp", "em_min", "MAE"} {
		lower, known := Direction(key)
		if known || lower {
			t.Errorf("Direction(%q) = %v, %v; want false, false", key, lower, known)
		}
	}
}

// TestDirectionCoversMetricPackage checks that every per-image key, dataset
// scalar and curve that the metric package can produce has a direction, so
// that compare can gate it.
func TestDirectionCoversMetricPackage(t *testing.T) {
	set, err := metric.ParseSet("all")
	if err != nil {
		t.Fatal(err)
	}
	keys := set.Keys()
	acc := metric.NewAccumulator(set)
	var ws metric.Workspace
	acc.Add(ws.Compute([]uint8{0, 255, 255, 0}, []float64{0.1, 0.9, 0.6, 0.2}, 2, 2, set))
	ds := acc.Result()
	for _, s := range ds.Scalars {
		keys = append(keys, s.Key)
	}
	for _, c := range ds.Curves {
		keys = append(keys, c.Key)
	}
	for _, key := range keys {
		if _, known := Direction(key); !known {
			t.Errorf("Direction(%q) is unknown", key)
		}
	}
}
