package loss

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestPreset checks every task against BiRefNet's config.py (32c1dcd): all
// ten keys are present, and only bce, iou, mae and ssim are ever non-zero.
func TestPreset(t *testing.T) {
	base := Weights{"bce": 30, "iou": 0.5, "iou_patch": 0, "mae": 0, "mse": 0, "triplet": 0, "reg": 0, "ssim": 10, "cnt": 0, "structure": 0}
	general := maps.Clone(base)
	general["mae"] = 100
	matting := maps.Clone(general)
	matting["iou"] = 0
	want := map[string]Weights{
		"DIS5K": base, "COD": base, "HRSOD": base,
		"General": general, "General-2K": general,
		"Matting": matting,
	}
	if len(want) != len(Tasks) {
		t.Fatalf("test covers %d tasks, Tasks has %d", len(want), len(Tasks))
	}
	for _, task := range Tasks {
		got, err := Preset(task)
		if err != nil {
			t.Fatalf("Preset(%q): %v", task, err)
		}
		if !maps.Equal(got, want[task]) {
			t.Errorf("Preset(%q) = %v, want %v", task, got, want[task])
		}
	}
}

func TestPresetUnknownTask(t *testing.T) {
	for _, tt := range []struct{ task, wantIn string }{
		{"general", `did you mean "General"?`},
		{"DIS-VD", "valid tasks are DIS5K, COD, HRSOD, General, General-2K, Matting"},
		{"", "valid tasks are"},
	} {
		_, err := Preset(tt.task)
		if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
			t.Errorf("Preset(%q) error = %v, want it to contain %q", tt.task, err, tt.wantIn)
		}
	}
}

// TestWeightsTotal checks the preset totals on arbitrary values, the
// treatment of NaN in unweighted and weighted components, and that triplet
// and the informational components never count.
func TestWeightsTotal(t *testing.T) {
	var v Values
	for c := range v {
		v[c] = float64(c + 1) // bce 1, iou 2, iou_patch 3, ssim 4, mae 5, …
	}
	dis5k, _ := Preset("DIS5K")
	general, _ := Preset("General")
	matting, _ := Preset("Matting")
	tests := []struct {
		name string
		w    Weights
		want float64
	}{
		{"DIS5K", dis5k, 30*v[BCE] + 0.5*v[IoU] + 10*v[SSIM]},
		{"General", general, 30*v[BCE] + 0.5*v[IoU] + 100*v[MAE] + 10*v[SSIM]},
		{"Matting", matting, 30*v[BCE] + 100*v[MAE] + 10*v[SSIM]},
		{"triplet has no effect", Weights{"bce": 1, "triplet": 1000}, v[BCE]},
		{"informational never count", Weights{"bce": 1, "iou_patch_tiled": 1000, "structure_logit": 1000}, v[BCE]},
		{"every original component", Weights{"bce": 1, "iou": 1, "iou_patch": 1, "mae": 1, "mse": 1, "reg": 1, "ssim": 1, "cnt": 1, "structure": 1},
			v[BCE] + v[IoU] + v[IoUPatch] + v[MAE] + v[MSE] + v[Reg] + v[SSIM] + v[Cnt] + v[Structure]},
	}
	for _, tt := range tests {
		if got := tt.w.Total(v); got != tt.want {
			t.Errorf("%s: Total = %v, want %v", tt.name, got, tt.want)
		}
	}

	withNaN := v
	withNaN[Cnt] = math.NaN()
	withNaN[IoU] = math.NaN()
	if got, want := matting.Total(withNaN), 30*v[BCE]+100*v[MAE]+10*v[SSIM]; got != want {
		t.Errorf("Matting total with NaN iou and cnt = %v, want %v", got, want)
	}
	if got := dis5k.Total(withNaN); !math.IsNaN(got) {
		t.Errorf("DIS5K total with NaN iou = %v, want NaN", got)
	}
}

func TestParseWeights(t *testing.T) {
	tests := []struct {
		in   string
		want map[string]float64
	}{
		{"bce=30,iou=0.5", map[string]float64{"bce": 30, "iou": 0.5}},
		{" bce = 30 , mae=1e2 ", map[string]float64{"bce": 30, "mae": 100}},
		{"ssim=-1", map[string]float64{"ssim": -1}},
		{"", map[string]float64{}},
		{"  ", map[string]float64{}},
	}
	for _, tt := range tests {
		got, err := ParseWeights(tt.in)
		if err != nil {
			t.Errorf("ParseWeights(%q): %v", tt.in, err)
			continue
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("ParseWeights(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseWeightsErrors(t *testing.T) {
	tests := []struct{ in, wantIn string }{
		{"bce", `invalid weight "bce": want key=value`},
		{"=3", `invalid weight "=3"`},
		{"bce=abc", `invalid weight "bce=abc": value must be a finite number`},
		{"bce=", `invalid weight "bce="`},
		{"bce=NaN", `invalid weight "bce=NaN"`},
		{"bce=Inf", `invalid weight "bce=Inf"`},
		{"bce=1,,iou=2", `invalid weight ""`},
		{"bce=1,bce=2", `weight "bce" given twice`},
	}
	for _, tt := range tests {
		_, err := ParseWeights(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
			t.Errorf("ParseWeights(%q) error = %v, want it to contain %q", tt.in, err, tt.wantIn)
		}
	}
}

func TestWeightsApply(t *testing.T) {
	dis5k, _ := Preset("DIS5K")
	got, err := dis5k.Apply(map[string]float64{"bce": 1, "cnt": 5, "triplet": 3})
	if err != nil {
		t.Fatal(err)
	}
	want := maps.Clone(dis5k)
	want["bce"], want["cnt"], want["triplet"] = 1, 5, 3
	if !maps.Equal(got, want) {
		t.Errorf("Apply = %v, want %v", got, want)
	}
	if dis5k["bce"] != 30 || dis5k["cnt"] != 0 {
		t.Errorf("Apply changed its receiver: %v", dis5k)
	}
}

func TestWeightsApplyErrors(t *testing.T) {
	dis5k, _ := Preset("DIS5K")
	tests := []struct {
		overrides map[string]float64
		wantIn    string
	}{
		{map[string]float64{"BCE": 1}, `unknown weight "BCE": valid keys are bce, iou, iou_patch, mae, mse, triplet, reg, ssim, cnt, structure`},
		{map[string]float64{"iou_patch_tiled": 1}, "it is informational"},
		{map[string]float64{"structure_logit": 1}, "it is informational"},
		// The first bad key in sorted order is reported, whatever the map order.
		{map[string]float64{"zz": 1, "aa": 1, "bce": 2}, `unknown weight "aa"`},
	}
	for _, tt := range tests {
		_, err := dis5k.Apply(tt.overrides)
		if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
			t.Errorf("Apply(%v) error = %v, want it to contain %q", tt.overrides, err, tt.wantIn)
		}
	}
}

func TestWeightsMissing(t *testing.T) {
	general, _ := Preset("General")
	set, err := ParseSet("bce,ssim,cnt")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := general.Missing(set), []string{"iou", "mae"}; !slices.Equal(got, want) {
		t.Errorf("Missing = %v, want %v", got, want)
	}
	if got := general.Missing(AllComponents()); len(got) != 0 {
		t.Errorf("Missing(all) = %v, want none", got)
	}
	triplet := Weights{"triplet": 3}
	if got := triplet.Missing(Set{}); len(got) != 0 {
		t.Errorf("Missing with only triplet = %v, want none", got)
	}
}

// TestCrossEntropy checks the values of BiRefNet's ClsLoss (λ = 5,
// nn.CrossEntropyLoss averaged over the batch) on small logit vectors.
func TestCrossEntropy(t *testing.T) {
	const tol = 1e-14
	tests := []struct {
		logits []float64
		label  int
		want   float64 // λ·CE, as ClsLoss returns it
	}{
		{[]float64{2, 0.5, -1}, 0, 1.2065564832857851},
		{[]float64{2, 0.5, -1}, 2, 16.206556483285787},
	}
	for _, tt := range tests {
		ce, err := CrossEntropy(tt.logits, tt.label)
		if err != nil {
			t.Fatal(err)
		}
		if got := DefaultClsWeight * ce; !closeTo(got, tt.want, tol, 0) {
			t.Errorf("5·CE(%v, %d) = %.17g, want %.17g", tt.logits, tt.label, got, tt.want)
		}
	}

	// Batch [[0, 0, 0, 0], [1, 2, 3, 4]] with labels [1, 3]: ClsLoss gives
	// 5 times the batch mean.
	a, errA := CrossEntropy([]float64{0, 0, 0, 0}, 1)
	b, errB := CrossEntropy([]float64{1, 2, 3, 4}, 3)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if got, want := DefaultClsWeight*(a+b)/2, 4.566210149202715; !closeTo(got, want, tol, 0) {
		t.Errorf("batch 5·mean CE = %.17g, want %.17g", got, want)
	}

	// Large logits must not overflow: CE([1000, 0], 1) = 1000 + ln(1 + e^−1000).
	if got, err := CrossEntropy([]float64{1000, 0}, 1); err != nil || got != 1000 {
		t.Errorf("CE([1000, 0], 1) = %v, %v; want 1000", got, err)
	}
}

func TestCrossEntropyErrors(t *testing.T) {
	tests := []struct {
		logits []float64
		label  int
		wantIn string
	}{
		{nil, 0, "no class logits"},
		{[]float64{1, 2}, 2, "label 2 out of range [0, 2)"},
		{[]float64{1, 2}, -1, "label -1 out of range"},
		{[]float64{1, math.NaN()}, 0, "logit 1 is NaN"},
		{[]float64{math.Inf(1), 0}, 0, "logit 0 is +Inf"},
	}
	for _, tt := range tests {
		_, err := CrossEntropy(tt.logits, tt.label)
		if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
			t.Errorf("CrossEntropy(%v, %d) error = %v, want it to contain %q", tt.logits, tt.label, err, tt.wantIn)
		}
	}
}
