package metric

import (
	"math"
	"testing"
)

func scalarByKey(t *testing.T, d Dataset, key string) float64 {
	t.Helper()
	for _, s := range d.Scalars {
		if s.Key == key {
			return s.Value
		}
	}
	t.Fatalf("dataset has no scalar %q", key)
	return 0
}

func curveByKey(t *testing.T, d Dataset, key string) []float64 {
	t.Helper()
	for _, c := range d.Curves {
		if c.Key == key {
			return c.Values
		}
	}
	t.Fatalf("dataset has no curve %q", key)
	return nil
}

func TestAccumulatorMaxOfMeanCurve(t *testing.T) {
	// 4×4 GT with columns 0–1 foreground. Each prediction alone reaches
	// F = 1 at some threshold, at different thresholds. Expected values:
	// PySODMetrics 1.6.2 Fmeasure on these two pairs.
	gt := []uint8{
		255, 255, 0, 0,
		255, 255, 0, 0,
		255, 255, 0, 0,
		255, 255, 0, 0,
	}
	preds := [][]uint8{
		{
			255, 255, 0, 0,
			255, 255, 0, 0,
			255, 255, 150, 0,
			255, 255, 150, 0,
		},
		{
			90, 90, 0, 40,
			90, 90, 40, 40,
			90, 90, 40, 0,
			90, 255, 0, 0,
		},
	}

	s := DefaultSet()
	acc := NewAccumulator(s)
	var ws Workspace
	for _, p := range preds {
		img := ws.Compute(gt, toPred(p), 4, 4, s)
		checkValue(t, "image fm_max", img.Values(s)[indexOf(s.Keys(), "fm_max")], 1, 1e-15)
		acc.Add(img)
	}

	d := acc.Result()
	checkValue(t, "fm_max", scalarByKey(t, d, "fm_max"), 0.9193548387096775, 1e-15)
	checkValue(t, "fm_mean", scalarByKey(t, d, "fm_mean"), 0.730300801911169, 1e-15)
}

func TestKappaIsCohens(t *testing.T) {
	c := confusion{tp: 10, fp: 5, tn: 80, fn: 5}
	// Hand-computed: N = 100, OA = 0.9.
	// Cohen: pₑ = (15·15 + 85·85)/10⁴ = 0.745, κ = 0.155/0.255 = 0.6078431372549019.
	// PySODMetrics 1.6.2: pₑ = (15·15 + 85·90)/10⁴ = 0.7875, κ = 0.5294117647058825.
	checkValue(t, "cohenKappa", cohenKappa(c), 0.6078431372549019, 1e-15)
	checkValue(t, "libraryKappa", libraryKappa(c), 0.5294117647058825, 1e-15)

	// The same counts from pixels: 10×10, GT = pixels 0–14, prediction = 5–19.
	gt := make([]uint8, 100)
	pred := make([]uint8, 100)
	for i := range 15 {
		gt[i] = 255
		pred[i+5] = 255
	}
	s, err := ParseSet("kappa")
	if err != nil {
		t.Fatal(err)
	}
	var ws Workspace
	img := ws.Compute(gt, toPred(pred), 10, 10, s)
	checkValue(t, "kappa_bin", img.Values(s)[indexOf(s.Keys(), "kappa_bin")], 0.6078431372549019, 1e-15)
}

func TestAUC(t *testing.T) {
	// GT = first two pixels; prediction 255, 100, 200, 0 (q = P because the
	// map spans 0…255). Hand-computed:
	//   PR points (R, P) from t = 255 down: (0.5, 1), (0.5, 0.5), (1, 2/3), (1, 0.5);
	//   from the anchor (0, 1): 0.5 + 0.5·(0.5 + 2/3)/2 = 19/24.
	//   ROC: positives {255, 100}, negatives {200, 0}: 3 of 4 pairs ordered, 0.75.
	gt := []uint8{255, 255, 0, 0}
	pred := []uint8{255, 100, 200, 0}
	s, err := ParseSet("auc")
	if err != nil {
		t.Fatal(err)
	}
	var ws Workspace
	img := ws.Compute(gt, toPred(pred), 2, 2, s)
	values := img.Values(s)
	checkValue(t, "auc_pr", values[0], 19.0/24, 1e-15)
	checkValue(t, "auc_roc", values[1], 0.75, 1e-15)

	// The dataset values are the areas under the mean curves, not the
	// means of the per-image areas.
	acc := NewAccumulator(s)
	acc.Add(img)
	other := ws.Compute(gt, toPred([]uint8{0, 255, 255, 0}), 2, 2, s)
	acc.Add(other)
	d := acc.Result()
	var precision, recall, fpr [256]float64
	copy(precision[:], curveByKey(t, d, "precision"))
	copy(recall[:], curveByKey(t, d, "recall"))
	copy(fpr[:], curveByKey(t, d, "fpr"))
	checkValue(t, "dataset auc_pr", scalarByKey(t, d, "auc_pr"), aucPR(&precision, &recall), 0)
	checkValue(t, "dataset auc_roc", scalarByKey(t, d, "auc_roc"), aucROC(&fpr, &recall), 0)
	// Hand-computed: image 2 selects one GT and one background pixel for
	// every t ≥ 1. Mean ROC points (FPR, TPR) from t = 255 down: (0.25, 0.5),
	// (0.5, 0.5), (0.5, 0.75), (1, 1); area from (0, 0) to (1, 1):
	// 0.0625 + 0.125 + 0 + 0.4375 = 0.625.
	checkValue(t, "dataset auc_roc value", scalarByKey(t, d, "auc_roc"), 0.625, 1e-15)
}

func TestAccumulatorPooledBinary(t *testing.T) {
	// Two 2×2 images; binary counts (TP, FP, FN, TN): (1, 0, 1, 2) and (0, 1, 0, 3).
	// Sample-based IoU: (1/2 + 0/1)/2 = 0.25; pooled: 1/(1 + 1 + 1) = 1/3.
	s, err := ParseSet("iou")
	if err != nil {
		t.Fatal(err)
	}
	var ws Workspace
	acc := NewAccumulator(s)
	acc.Add(ws.Compute([]uint8{255, 255, 0, 0}, toPred([]uint8{255, 0, 0, 0}), 2, 2, s))
	acc.Add(ws.Compute([]uint8{0, 0, 0, 0}, toPred([]uint8{0, 0, 255, 0}), 2, 2, s))
	d := acc.Result()
	checkValue(t, "iou_bin", scalarByKey(t, d, "iou_bin"), 0.25, 1e-15)
	checkValue(t, "iou_bin_pooled", scalarByKey(t, d, "iou_bin_pooled"), 1.0/3, 1e-15)
}

func TestAccumulatorEmpty(t *testing.T) {
	d := NewAccumulator(DefaultSet()).Result()
	if len(d.Scalars) != len(DefaultSet().datasetKeys()) {
		t.Fatalf("got %d scalars, want %d", len(d.Scalars), len(DefaultSet().datasetKeys()))
	}
	for _, s := range d.Scalars {
		if !math.IsNaN(s.Value) {
			t.Errorf("%s = %v with no image, want NaN", s.Key, s.Value)
		}
	}
}

func TestDatasetKeysAndCurves(t *testing.T) {
	d := NewAccumulator(DefaultSet()).Result()
	var keys []string
	for _, s := range d.Scalars {
		keys = append(keys, s.Key)
	}
	want := DefaultSet().datasetKeys()
	for i := range want {
		if i >= len(keys) || keys[i] != want[i] {
			t.Fatalf("scalar keys = %v, want %v", keys, want)
		}
	}
	var curves []string
	for _, c := range d.Curves {
		curves = append(curves, c.Key)
		if len(c.Values) != 256 {
			t.Errorf("curve %s has %d points, want 256", c.Key, len(c.Values))
		}
	}
	wantCurves := []string{"precision", "recall", "fm", "em", "iou", "dice", "pre", "rec", "spec", "ber", "fpr", "oa", "kappa", "f1"}
	if len(curves) != len(wantCurves) {
		t.Fatalf("curves = %v, want %v", curves, wantCurves)
	}
	for i := range wantCurves {
		if curves[i] != wantCurves[i] {
			t.Fatalf("curves = %v, want %v", curves, wantCurves)
		}
	}
}

func TestValuesOfGroupNotComputed(t *testing.T) {
	computed, err := ParseSet("mae")
	if err != nil {
		t.Fatal(err)
	}
	var ws Workspace
	img := ws.Compute([]uint8{255, 0}, []float64{1, 0}, 2, 1, computed)
	values := img.Values(DefaultSet())
	for i, key := range DefaultSet().Keys() {
		switch {
		case key == "mae" && values[i] != 0:
			t.Errorf("mae = %v, want 0", values[i])
		case key != "mae" && !math.IsNaN(values[i]):
			t.Errorf("%s = %v for a group that was not computed, want NaN", key, values[i])
		}
	}
}
