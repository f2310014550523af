package report

import "testing"

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
		"precision": false, "recall": false, "fm": false, "em": false,
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
